"""Names partly written in pinyin or initials (国家安全bu, guo家安全部, ren-min-ri-bao, 国家安全B) — D1, D3.

The canonical text is read as tokens: a Han character, a pinyin syllable (tone digit allowed after it),
or a single Latin letter standing for a character's initial. Latin runs are split by one regular
expression built as a trie of the pinyin syllables, matched greedily left to right: one pass, no
backtracking across syllables, so the time is linear in the name's length whatever ASCII it holds
(no segmentation that long input can make explode). The tokens' initials are searched for the
protected names' initials in one Aho-Corasick pass, and each hit is checked position by position:
a Han token must be the name's character or sound like it, a syllable must be its reading, a letter
its initial.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import ahocorasick_rs

from enforcement.text.normalize import (
    _CODE_TABLE,
    char_code,
    initial,
    initials_key,
    phrase_initials,
    phrase_pinyin,
    phrase_syllables,
    syllable,
)
from enforcement.text.syllables import SYLLABLES

MIXED_MIN_LEN = 3  # shorter names in mixed script are everyday abbreviations, not evasion
_HAS_ASCII = re.compile("[\x00-\x7f]")
_LATIN_RUN = re.compile("[a-z0-9]+")
_LONGEST_TOKEN = max(map(len, SYLLABLES)) + 1  # a syllable and its tone digit


_Trie = dict[str, "_Trie"]  # a character to the rest of the words that continue with it ("" ends a word)


def _trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching the longest of `words` at a position, written as a trie so the
    engine tests one branch per character instead of every word."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: _Trie) -> str:
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return render(trie)


# a syllable (tone digit allowed), else a single letter, else any other kept character. No syllable begins
# with i, u or ü (they are written yi, wu, yu), and one beginning with a, e or o is written after another only
# behind an apostrophe (xi'an, which the canonical form drops), so the longest syllable is taken only where what
# follows can begin the next one: jianguan is jian|guan, not jiang|uan; henan is he|nan, not hen|an (the engine
# tries the shorter syllables of the trie at that one position, so the time stays linear); where no syllable
# there can, the longest is taken (gongan is gong|an: no shorter syllable fits).
_SYLLABLE = _trie_pattern(SYLLABLES)
_TOKEN = re.compile(f"(?:({_SYLLABLE})(?![iuvaeo])|({_SYLLABLE}))[1-5]?|([a-z])|([0-9])|(.)", re.DOTALL)
HAN, SYLLABLE, LETTER, OTHER = range(4)


def latin_next_to_han(canonical: str, han_latin: frozenset[str], latin_han: frozenset[str]) -> bool:
    """Some Han character next to a Latin run is, in a protected name, a neighbour of a character with that
    run's adjacent initial (`han_latin`: Han code + the Latin letter after it; `latin_han`: a Latin letter +
    the Han code after it). Before a Han character the Latin token could start anywhere in the run's last
    _LONGEST_TOKEN letters (zhuang2)."""
    for run in _LATIN_RUN.finditer(canonical):
        start, end = run.span()
        if (start > 0 and canonical[start - 1] >= "\u3400"
                and _CODE_TABLE[ord(canonical[start - 1])] + canonical[start] in han_latin):
            return True
        if end < len(canonical) and canonical[end] >= "\u3400":
            code = _CODE_TABLE[ord(canonical[end])]
            for letter in canonical[max(start, end - _LONGEST_TOKEN): end]:
                if letter + code in latin_han:
                    return True
    return False


def _initials_keys(word: str) -> set[str]:
    """The keys a word is searched by: its characters' initials, and its phrase reading's (长沙 in 长沙市 reads
    chang, not zhang), each kept only with one letter per character."""
    return {key for key in (initials_key(word), phrase_initials(word)) if len(key) == len(word)}


@dataclass(frozen=True, slots=True)
class Token:
    kind: int
    value: str
    start: int
    end: int


def tokens(canonical: str) -> list[Token]:
    """`canonical` as Han characters, pinyin syllables, initials and other characters, with spans."""
    out: list[Token] = []
    for found in _TOKEN.finditer(canonical):
        before_a_syllable, syl, letter, digit, other = found.groups()
        syl = before_a_syllable or syl
        if syl:
            out.append(Token(SYLLABLE, syl, found.start(), found.end()))
        elif letter:
            out.append(Token(LETTER, letter, found.start(), found.end()))
        elif digit:
            out.append(Token(OTHER, digit, found.start(), found.end()))
        else:
            out.append(Token(HAN if other >= "\u3400" else OTHER, other, found.start(), found.end()))
    return out


_SHORT_SYLLABLE = 3  # a syllable token this short may be initials that spell one (ga|j for 公安局)
_SPELLED_SYLLABLE = 3  # read so, the organ word's initials must be at least this many
_LEVEL_ENDS = frozenset("省市县区州旗盟镇乡")  # the level character ending a division's full name
# a run of this many initials or more ending a name, after its opening (or a place) written in characters, is read
# whatever the ratio of initials to characters: 中国jyb, 德阳wjw, 中华人民ghgyjglb. Three letters after a place
# are as often a person's initials (北京wjj: 王俊杰 from Beijing, or 卫健局?), but every match with initials in it
# goes to review (its confidence), where a person tells the two apart; two letters are left out (北京ga)
_SPELLED_OUT = 3
_INITIALS_ONLY = range(6, 17)  # letters of a name read as a division's full name and an organ word in initials


def _short_syllable(token: Token) -> bool:
    return token.kind == SYLLABLE and len(token.value) <= _SHORT_SYLLABLE


def spelled_tail(toks: list[Token]) -> int | None:
    """Where the Latin run that ends the name begins, when that run holds a short syllable (杭州市|ga j), else None."""
    first = len(toks)
    while first > 0 and toks[first - 1].kind in (SYLLABLE, LETTER):
        first -= 1
    return first if any(map(_short_syllable, toks[first:])) else None


def as_letters(toks: list[Token]) -> list[Token] | None:
    """The tokens with every short syllable of the Latin run that ends the name read as its letters (杭州市ga|j →
    g, a, j), or None when the name does not end in such a run: the initials of an organ word must end it."""
    first = spelled_tail(toks)
    if first is None:
        return None
    return toks[:first] + short_syllables_as_letters(toks[first:])


def short_syllables_as_letters(toks: list[Token]) -> list[Token]:
    """The tokens with every short syllable read as its letters, wherever it stands (上海ga|局 → g, a, 局): for a
    name whose letters are written in capitals, as initials are."""
    out: list[Token] = []
    for t in toks:
        if _short_syllable(t):
            out.extend(Token(LETTER, ch, t.start + i, t.start + i + 1) for i, ch in enumerate(t.value))
        else:
            out.append(t)
    return out


def _ends_inside_initials(toks: list[Token], last: int) -> bool:
    """A match read up to `last` ends on an initial that more Latin letters follow: its initials are part of some
    other run of letters (德阳jjt, 印台区wj), not a word's end."""
    return 0 < last < len(toks) and toks[last - 1].kind == LETTER and toks[last].kind in (SYLLABLE, LETTER)


def _starts_after_a_letter(toks: list[Token], first: int) -> bool:
    """A match read from `first` begins with Latin right after a lone letter that is not part of it: inside some
    Latin word (excel: e|x|ce|l holds no 策勒 written as ce + l), not where a name spelt out begins."""
    return 0 < first < len(toks) and toks[first - 1].kind == LETTER and toks[first].kind in (SYLLABLE, LETTER)


def _initial_of(token: Token) -> str:
    if token.kind == HAN:
        return initial(token.value)
    if token.kind == OTHER:
        return "#"  # never in a key: breaks a match
    return token.value[0]


@lru_cache(maxsize=4096)
def _readings(name: str) -> tuple[frozenset[str], ...]:
    """Per character of `name`, the syllables it may be typed as (its own and its reading in a phrase)."""
    phrase = phrase_syllables(name)
    if len(phrase) != len(name):
        phrase = tuple(syllable(ch) for ch in name)
    return tuple(frozenset((syllable(ch), p)) for ch, p in zip(name, phrase, strict=True))


@dataclass(frozen=True, slots=True)
class MixedHit:
    """A protected name found with some characters in pinyin or initials; span in `canonical`."""

    owners: list[Any]
    start: int
    end: int
    latin_syllables: int
    letters: int


class MixedScriptView:
    """The protected names (3+ characters) by their initials, for mixed-script names."""

    def __init__(self, entries: Mapping[str, Sequence[tuple[str, object]]]) -> None:
        self._keys = list(entries)
        self._owners = [entries[k] for k in self._keys]
        self._automaton = ahocorasick_rs.AhoCorasick(self._keys) if self._keys else None
        # Every hit has a Han token next to a Latin one (a span of only one script is left to the other
        # views), and a Han token stands for its name's character by sound code: so a text can hold a
        # hit only where a Han character and the initial of the Latin token beside it are neighbours in
        # some name. These pairs let `find` skip tokenising the many names with Latin that hold none
        # (长沙健身vlog) — most of the cost of mixed text in the worker.
        han_latin: set[str] = set()
        latin_han: set[str] = set()
        for key, named in entries.items():
            for name in {name for name, _ in named}:
                codes = name.translate(_CODE_TABLE)
                for i in range(len(name) - 1):
                    han_latin.add(codes[i] + key[i + 1])
                    latin_han.add(key[i] + codes[i + 1])
        self._han_latin = frozenset(han_latin)
        self._latin_han = frozenset(latin_han)

    @property
    def pairs(self) -> tuple[frozenset[str], frozenset[str]]:
        """The (Han code + Latin letter, Latin letter + Han code) neighbour pairs `may_hold` looks for."""
        return self._han_latin, self._latin_han

    def may_hold(self, canonical: str) -> bool:
        """A cheap necessary test for `find`: some Han character next to a Latin run is a neighbour, in
        a protected name, of a character with that run's adjacent initial. Before a Han character the
        Latin token could start anywhere in the run's last _LONGEST_TOKEN letters (zhuang2)."""
        return latin_next_to_han(canonical, self._han_latin, self._latin_han)

    @classmethod
    def build(cls, named: Iterable[tuple[str, object]]) -> MixedScriptView:
        """`named`: (canonical name, owner) pairs; names under 3 characters or with Latin are left out.
        (`NameMatcher.build` fills the entries itself, from the initials it computes for its other views.)"""
        entries: dict[str, list[tuple[str, object]]] = {}
        for name, owner in named:
            if len(name) < MIXED_MIN_LEN or not name.isalpha() or _HAS_ASCII.search(name):
                continue
            for key in _initials_keys(name):
                entries.setdefault(key, []).append((name, owner))
        return cls(entries)

    def find(self, canonical: str) -> list[MixedHit]:
        """Protected names in `canonical` with at least one character in Latin letters."""
        if self._automaton is None or not self.may_hold(canonical):
            return []
        toks = tokens(canonical)
        if not any(t.kind in (SYLLABLE, LETTER) for t in toks):
            return []
        hits = self._hits(toks)
        if not hits and self._may_end_in_letters(toks):
            # initials that happen to spell a syllable (国家haqj: h|a|q|j for 核安全局, not ha|q|j) read letter by
            # letter, three letters or more: two that spell a syllable are the syllable (云浮ga is no 云浮公安)
            letters = as_letters(toks)
            if letters is not None:
                hits = [hit for hit in self._hits(letters) if hit.letters >= _SPELLED_SYLLABLE]
        return hits

    def _may_end_in_letters(self, toks: list[Token]) -> bool:
        """A cheap necessary test for the letter-by-letter reading: the Latin run ending the text holds a short
        syllable, and some name's initials end where the text ends when the run is read letter by letter (one
        string and one automaton pass, no tokens built)."""
        first = spelled_tail(toks)
        if first is None:
            return False
        key = "".join(map(_initial_of, toks[:first])) + "".join(
            t.value if _short_syllable(t) else t.value[0] for t in toks[first:])
        return any(last == len(key) for _, _, last in self._automaton.find_matches_as_indexes(  # type: ignore[union-attr]
            key, overlapping=True))

    def _hits(self, toks: list[Token]) -> list[MixedHit]:
        """`find`'s hits over one reading of the text's tokens."""
        key = "".join(map(_initial_of, toks))
        hits: list[MixedHit] = []
        for index, first, last in self._automaton.find_matches_as_indexes(key, overlapping=True):  # type: ignore[union-attr]
            span = toks[first:last]
            han = sum(1 for t in span if t.kind == HAN)
            if han == 0 or han == len(span) or _ends_inside_initials(toks, last) or _starts_after_a_letter(toks, first):
                continue  # all Latin: the pinyin and initials views; all Han: the other views
            whole = first == 0 and last == len(toks)
            for name, owner in self._owners[index]:
                checked = _check(name, span)
                if checked is None:
                    continue
                syllables, letters = checked
                readable = len(name) - letters  # characters written as themselves or as full pinyin
                # a run of initials ending the text after the name's opening written out is one run a reader
                # spells out (中国jyb, 中华人民ghgyjglb, 环球rwzz), as for organ words after a place
                spelled_out = (letters >= _SPELLED_OUT and last == len(toks)
                               and all(t.kind != HAN and len(t.value) == 1 for t in span[readable:]))
                if readable < 2 or (readable * 2 < len(name) and not spelled_out) or (
                        len(name) < 4 and letters and not whole):
                    continue  # mostly initials, or a short name with an initial inside a longer text: too weak
                hits.append(MixedHit([owner], span[0].start, span[-1].end, syllables, letters))
        return hits


def _check(name: str, span: list[Token]) -> tuple[int, int] | None:
    """(syllables, letters) when every token stands for the name's character at its place, else None."""
    readings = _readings(name)
    syllables = letters = 0
    for token, ch, heard in zip(span, name, readings, strict=True):
        if token.kind == HAN:
            if token.value != ch and char_code(token.value) != char_code(ch):
                return None
        elif token.kind == SYLLABLE and token.value in heard:
            syllables += 1
        elif token.value == initial(ch) or any(token.value == reading[:1] for reading in heard):
            letters += 1  # a letter, or a one-letter syllable (a, e, o), read as an initial — also of the
            # character's reading in the name (中国人民yh: 银行 is yin|hang, though 行 alone reads xing)
        else:
            return None
    return syllables, letters


def _spellings(word: str) -> set[str]:
    """How `word` is typed in full pinyin without tones: its phrase reading and its characters' own (ü as v:
    lvshi; as u it is too often another word, lushi 炉石)."""
    return {pinyin for pinyin in (phrase_pinyin(word), "".join(map(syllable, word))) if pinyin}


class MixedWordView:
    """Words of two or more characters (titles and roles: 律师, 医生, 交警) with some characters written as
    their full pinyin: 律shi, yi生, jiao警. Stricter than for protected names, because a two-syllable word is
    short enough for chance: every character left is the word's own (not one that sounds like it), every
    Latin token is a whole syllable (no initials), and the two scripts meet inside the word. A view built
    `whole` also finds a word spelled entirely in pinyin, as one Latin run beside a Han character (the
    person it labels: lvshi张): the detectors then decide whether the Han side names a person.
    """

    def __init__(self, words: Iterable[str], *, whole: bool = False) -> None:
        entries: dict[str, list[tuple[str, object]]] = {}
        spelled: dict[str, list[str]] = {}
        for word in dict.fromkeys(words):
            if len(word) < 2 or not word.isalpha() or _HAS_ASCII.search(word):
                continue
            for key in _initials_keys(word):
                entries.setdefault(key, []).append((word, word))
            if whole:
                for pinyin in _spellings(word):
                    spelled.setdefault(pinyin, []).append(word)
        self._view = MixedScriptView(entries)
        self._whole = {pinyin: tuple(found) for pinyin, found in spelled.items()}
        self.wholes = frozenset(self._whole)

    @property
    def pairs(self) -> tuple[frozenset[str], frozenset[str]]:
        """As `MixedScriptView.pairs`."""
        return self._view.pairs

    def may_hold(self, canonical: str) -> bool:
        """A cheap necessary test for `find` (as `MixedScriptView.may_hold`, or a Latin run spelling a word
        whole)."""
        return self._view.may_hold(canonical) or bool(self._whole and self._spelled_whole(canonical))

    def may_hold_spelled(self, canonical: str) -> bool:
        """False: a word all in pinyin is read only beside Han characters (`_spelled_whole`)."""
        return False

    def _spelled_whole(self, canonical: str) -> list[tuple[str, int, int]]:
        """(word, start, end) for every Latin run of `canonical` that spells a word in full pinyin, syllable by
        syllable, and stands beside a Han character (lvshi张, 王jiaoshou, jiaojing老王). A run alone, or
        one that only begins or ends with the word's spelling, is some other word (lushi, yisheng)."""
        found: list[tuple[str, int, int]] = []
        size = len(canonical)
        for run in _LATIN_RUN.finditer(canonical):
            start, end = run.span()
            if not ((start > 0 and canonical[start - 1] >= "\u3400") or (end < size and canonical[end] >= "\u3400")):
                continue
            words = self._whole.get(run.group())
            if words and all(t.kind == SYLLABLE for t in tokens(run.group())):
                found.extend((word, start, end) for word in words)
        return found

    def find(self, canonical: str) -> list[tuple[str, int, int]]:
        """(word, start, end) for every word in `canonical` written partly in pinyin, by the rules above, and,
        when the view was built `whole`, every word spelled in full pinyin beside Han characters."""
        found: list[tuple[str, int, int]] = self._spelled_whole(canonical) if self._whole else []
        for hit in self._view.find(canonical):
            if hit.letters:
                continue
            span = tokens(canonical[hit.start:hit.end])
            for word in hit.owners:
                assert isinstance(word, str)
                if len(span) == len(word) and all(t.kind != HAN or t.value == ch
                                                  for t, ch in zip(span, word, strict=True)):
                    found.append((word, hit.start, hit.end))
        return found


@dataclass(frozen=True, slots=True)
class JoinedHit:
    """A place name joined to an organ word with some characters in pinyin or initials (D4: 长sha市气象局,
    YC市人社局); spans in `canonical`, `letters` and `syllables` counted over both words."""

    place: str
    organ: str
    start: int
    organ_start: int
    end: int
    syllables: int
    letters: int


class MixedJoinView:
    """Place names and organ words by their initials, for D4 names partly in pinyin or initials.

    The same token reading as `MixedScriptView`, over two term lists; a hit is a place immediately followed
    by an organ word, with at least one Latin token, at least two tokens written as characters or full
    syllables, and no more initials than those; an organ word written only in initials must end the name
    (`find`). Linear in the name: one tokenisation, one
    Aho-Corasick pass, and each hit checked once per term it may be.
    """

    def __init__(self, places: Iterable[str], organs: Iterable[str]) -> None:
        entries: dict[str, list[tuple[bool, str]]] = {}
        han_latin: set[str] = set()
        latin_han: set[str] = set()
        ends: set[tuple[str, str]] = set()
        starts: set[tuple[str, str]] = set()
        for is_place, terms in ((True, places), (False, organs)):
            for term in dict.fromkeys(terms):
                if len(term) < 2 or not term.isalpha() or _HAS_ASCII.search(term):
                    continue
                codes = term.translate(_CODE_TABLE)
                for key in _initials_keys(term):
                    entries.setdefault(key, []).append((is_place, term))
                    for i in range(len(term) - 1):
                        han_latin.add(codes[i] + key[i + 1])
                        latin_han.add(key[i] + codes[i + 1])
                    (ends if is_place else starts).add((codes[-1], key[-1]) if is_place else (key[0], codes[0]))
        # a place ends and an organ word begins: the place's last character (or initial) next to the
        # organ's first initial (or character) — 宜宾市FB, xa市司法局
        for code, letter in ends:
            for first_letter, first_code in starts:
                han_latin.add(code + first_letter)
                latin_han.add(letter + first_code)
        self._keys = list(entries)
        self._owners = [entries[k] for k in self._keys]
        self._automaton = ahocorasick_rs.AhoCorasick(self._keys) if self._keys else None
        self._han_latin = frozenset(han_latin)
        self._latin_han = frozenset(latin_han)
        # the organ words in full pinyin: a name all in pinyin can hold a place and an organ word only if one
        # of these is in it after something (haidian|jingfang)
        spelled = {phrase_pinyin(term) for is_place, term in (o for named in entries.values() for o in named)
                   if not is_place}
        self._organs_spelled = ahocorasick_rs.AhoCorasick(sorted(s for s in spelled if s)) if spelled else None

    @property
    def wholes(self) -> frozenset[str]:
        """None: words spelled whole beside Han are `MixedWordView`'s; a place and an organ word all in pinyin
        are found by `may_hold_spelled`."""
        return frozenset()

    def may_hold_spelled(self, canonical: str) -> bool:
        """A cheap necessary test for `find` on a name all in Latin letters: an organ word spelled in full
        pinyin stands after something that could be a place (haidianjingfang, wuhouqu jingfang), or the name is
        the initials of a division's full name and an organ word (CSSWJW)."""
        return self._organ_spelled(canonical) or bool(self._all_initials(canonical))

    def _organ_spelled(self, canonical: str) -> bool:
        """An organ word spelled in full pinyin stands after something that could be a place."""
        if self._organs_spelled is None or len(canonical) < 6 or not canonical.isascii():
            return False
        return any(start >= 4 for _, start, _ in self._organs_spelled.find_matches_as_indexes(
            canonical, overlapping=True))

    def _all_initials(self, canonical: str) -> list[JoinedHit]:
        """A name that is one word of initials, six letters or more: a division's full name, level character
        included, then an organ word of two characters or more, exactly (CSSWJW: 长沙市卫健委, KMSRMFY: 昆明市人民法院).
        Fewer letters are any handle's (HDJF); even six or more a random handle spells now and then (jmqzrzyj:
        集美区自然资源局, one of 5,981 clean handles), so D4 reads them only written in capitals, as initialisms are."""
        if len(canonical) not in _INITIALS_ONLY or not canonical.isalpha() or not canonical.isascii():
            return []
        size = len(canonical)
        spans = [(index, first, last) for index, first, last in self._automaton.find_matches_as_indexes(  # type: ignore[union-attr]
            canonical, overlapping=True) if first == 0 or last == size]
        if not any(first == 0 for _, first, _ in spans) or not any(last == size for _, _, last in spans):
            return []  # most handles: no place's initials open them, or no organ word's end them
        toks = [Token(LETTER, ch, i, i + 1) for i, ch in enumerate(canonical)]
        places: list[tuple[str, int]] = []
        organs: dict[int, list[str]] = {}
        for index, first, last in spans:
            for is_place, term in self._owners[index]:
                if _check(term, toks[first:last]) is None:
                    continue
                if is_place and first == 0 and len(term) >= 3 and term[-1] in _LEVEL_ENDS:
                    places.append((term, last))
                elif not is_place and last == len(canonical) and len(term) >= 2:
                    organs.setdefault(first, []).append(term)
        return [JoinedHit(place, organ, 0, middle, len(canonical), 0, len(canonical))
                for place, middle in places for organ in organs.get(middle, ())]

    @property
    def pairs(self) -> tuple[frozenset[str], frozenset[str]]:
        """As `MixedScriptView.pairs`."""
        return self._han_latin, self._latin_han

    def may_hold(self, canonical: str) -> bool:
        """A cheap necessary test for `find` (as `MixedScriptView.may_hold`)."""
        if self._automaton is None:
            return False
        return latin_next_to_han(canonical, self._han_latin, self._latin_han)

    def find(self, canonical: str, capitals: bool = False) -> list[JoinedHit]:
        """Every place + organ word pair in `canonical` with Latin in it, by the rules in the class doc; in a
        name all in Latin letters, only a place and an organ word both in whole syllables (haidianjingfang:
        海淀警方), since initials alone are too short for chance (HDJF), or a name that is the initials of a
        division's full name and an organ word, six letters or more (CSSWJW: `_all_initials`). `capitals`: the
        text as sent wrote its letters in capitals, as initials are (上海GA局), so two of them that spell a syllable
        may still be an organ word's initials."""
        initialism = self._all_initials(canonical)  # (once: `may_hold_spelled` would work it out again)
        spelled = self._organ_spelled(canonical) or bool(initialism)
        if not spelled and not self.may_hold(canonical):
            return []
        toks = tokens(canonical)
        if not any(t.kind in (SYLLABLE, LETTER) for t in toks):
            return []
        hits = self._pairs(toks, spelled)
        if not hits:
            # initials that happen to spell a syllable (杭州市gaj: ga|j, not g|a|j for 公安局) read letter by letter
            # — only for the organ word after a place written in characters: a place read from such letters
            # is chance (gab发布 is no 阿坝发布)
            letters = as_letters(toks)
            if letters is None and capitals:
                letters = short_syllables_as_letters(toks)
            if letters is not None:
                hits = self._pairs(letters, spelled, place_written=True, capitals=capitals)
        return hits or initialism

    def _pairs(self, toks: list[Token], spelled: bool, place_written: bool = False,
               capitals: bool = False) -> list[JoinedHit]:
        """`find`'s place + organ word pairs over one reading of the name's tokens; with `place_written`, only
        those whose place is written in characters."""
        key = "".join(map(_initial_of, toks))
        places: list[tuple[str, int, int, int, int]] = []
        organs: dict[int, list[tuple[str, int, int, int]]] = {}
        for index, first, last in self._automaton.find_matches_as_indexes(key, overlapping=True):  # type: ignore[union-attr]
            span = toks[first:last]
            for is_place, term in self._owners[index]:
                checked = _check(term, span)
                if checked is None:
                    continue
                if is_place:
                    if _starts_after_a_letter(toks, first):
                        continue  # excel日报: e|x|ce|l holds no 策勒
                    places.append((term, first, last, *checked))
                else:
                    organs.setdefault(first, []).append((term, last, *checked))
        hits: list[JoinedHit] = []
        for place, first, middle, place_syllables, place_letters in places:
            # the place's level character written as its initial (陇南s|yjglj for 陇南市应急管理局)
            level_spelled = (place_letters == 1 and place_syllables == 0 and place[-1] in _LEVEL_ENDS
                             and toks[middle - 1].kind == LETTER)
            if place_written and place_syllables + place_letters and not level_spelled:
                continue
            for organ, last, organ_syllables, organ_letters in organs.get(middle, ()):
                if place_written and organ_letters < _SPELLED_SYLLABLE and not (capitals and organ_letters > 1):
                    continue  # two letters that spell a syllable are the syllable (北京ga is no 北京公安)
                syllables, letters = place_syllables + organ_syllables, place_letters + organ_letters
                size = last - first
                # an organ word of three or more initials ending the name after a place written in characters
                # (德阳wjw, 上海市scjgj, 北京rmfy) is one run a reader spells out, and so is one after the place's
                # level character written as its initial (陇南s|yjglj, 富平x|jyj); elsewhere initials must not
                # outnumber the rest
                spelled_out = (organ_letters == last - middle and last == len(toks)
                               and middle - first - place_letters >= 2
                               and organ_letters >= _SPELLED_OUT
                               and (place_letters + place_syllables == 0 or level_spelled))
                if syllables + letters == 0 or size - letters < 2 or (letters * 2 > size and not spelled_out):
                    continue  # all characters (the other views), or mostly initials: too weak
                full_place = place[-1] in _LEVEL_ENDS and place_syllables + place_letters == 0  # 宜宾市, written
                if organ_letters == last - middle and (last < len(toks) or (organ_letters < _SPELLED_OUT
                                                                             and not full_place)):
                    # an organ word all in initials only ending the name (成都jj的小店 is not 交警), and in two letters
                    # only after a division's full name (宜宾市FB): after a short one they are any pair of letters a
                    # seventh of the time (淳安jj, 襄汾BB)
                    continue
                if spelled and letters:
                    continue
                if _ends_inside_initials(toks, last):
                    continue
                written = {t.value for t in toks[middle:last] if t.kind == HAN}
                if 0 < organ_letters < _SPELLED_OUT and written and written <= _LEVEL_ENDS:
                    continue  # a level character and initials: 蛟河市jj is no 蛟河 + 市监局, 印台区w is no 印台 + 区委
                hits.append(JoinedHit(place, organ, toks[first].start, toks[middle].start, toks[last - 1].end,
                                      syllables, letters))
        return hits
