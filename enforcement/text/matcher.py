"""NameMatcher: every protected name found in a text under any evasion view (D1, D3).

Views, and why each has the confidence it has:
- canonical (1.0): the protected name itself once invisibles, symbols, width and script are undone;
- shape (0.9): the same after folding rare look-alike characters (形近字);
- near (0.8): the same after also folding standard characters drawn like an official name's (申国, 国冢,
  亲华社; `lookalike.NEAR`) — under the sound view's length rule, since these are everyday characters;
- sound (0.8): the same syllables (谐音) — at least 4 characters anywhere, or a 3-character name
  that is the whole display name but for the marks around it (外焦部发布), so short homophones do not
  flood false positives;
- pinyin (0.8): the name typed as pinyin ("renminribao"), same length rule;
- initials (0.6): the initials ("RMRB") as a whole Latin word, names of 4+ characters only;
- pinyin_mix (0.9): some characters written as their pinyin (国家安全bu, guo家安全部; `mixed.py`) — a
  deliberate spelling nobody types by accident; initials_mix (0.75): some as initials (国家安全B).

The canonical, shape and sound views share one Aho-Corasick automaton: its strings are the union of
the three views' strings, each knowing its owners per view, and one overlapping scan of
"canonical \\0 shape \\0 sound_code" finds all three (no string contains NUL; syllable codes are
private-use characters no name contains, so a hit lies inside one segment, and its segment says its
view). Hits come ordered by where they end, longest first at the same end, so each view's hits come
in the order a separate automaton over that view's strings alone would give. One automaton instead of
three (the canonical and shape strings are nearly all the same), and one scan per text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import ahocorasick_rs

from enforcement.text.confusables import CONFUSABLES
from enforcement.text.invisibles import strip_invisibles
from enforcement.text.lookalike import NEAR_TABLE
from enforcement.text.mixed import MIXED_MIN_LEN, MixedScriptView, latin_next_to_han
from enforcement.text.normalize import (
    _TONELESS,
    NormalizedText,
    initials_key,
    nasal_variants,
    normalize,
    normalize_uncached,
    phrase_sound_code,
    phrase_syllables,
    pinyin_key,
    retroflex_variants,
    settled_code,
    settled_sound_code,
    unsettled_class,
)

CONFIDENCE = {"canonical": 1.0, "shape": 0.9, "near": 0.8, "sound": 0.8, "pinyin": 0.8, "initials": 0.6,
              "pinyin_mix": 0.9, "initials_mix": 0.75}
_LATIN_WORD = re.compile(r"[a-z]+")
# Ends the syllable codes in what the screen scans, so a tag can ask for a sound at the end of a text (a news word
# heard: news_word.py); no text holds it (normalisation drops control characters, and syllable codes are private-use
# characters)
SOUND_END = "\x01"
_HAS_NEAR = re.compile("[" + re.escape("".join(map(chr, NEAR_TABLE))) + "]")
_NEAR_OR_LATIN = re.compile("[a-z" + re.escape("".join(map(chr, NEAR_TABLE))) + "]")
# Any character that makes `scan_raw` do more than scan the text and its syllable codes: one a normalising step
# could change, a Latin letter, a look-alike of NEAR. Most names have none, and one search tells.
_MORE_THAN_PLAIN = unsettled_class({*range(ord("a"), ord("z") + 1), *NEAR_TABLE})


def near_fold(text: str) -> str | None:
    """`text` with the standard look-alike characters of `lookalike.NEAR` folded, or None when it has none."""
    return text.translate(NEAR_TABLE) if _HAS_NEAR.search(text) is not None else None


@dataclass(frozen=True, slots=True)
class Pattern:
    """A protected surface name and the id of what it protects."""

    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Match:
    """Where and how a protected name was found; spans index `canonical` (for pinyin/initials: `latin`)."""

    key: str
    name: str
    view: str
    start: int
    end: int
    matched_text: str
    confidence: float
    steps: tuple[str, ...]


class _View:
    """One automaton over one view's pattern strings; a string may protect several (key, name)."""

    def __init__(self, entries: dict[str, list[Pattern]]) -> None:
        self.strings = list(entries)
        self.owners = [entries[s] for s in self.strings]
        self.automaton = ahocorasick_rs.AhoCorasick(self.strings) if self.strings else None

    def find(self, haystack: str) -> list[tuple[list[Pattern], int, int]]:
        if self.automaton is None or not haystack:
            return []
        owners = self.owners
        return [(owners[i], s, e) for i, s, e in self.automaton.find_matches_as_indexes(haystack, overlapping=True)]

    def any(self, haystack: str) -> bool:
        """Whether some pattern occurs in `haystack`."""
        return self.automaton is not None and bool(haystack) and bool(self.automaton.find_matches_as_indexes(haystack))


_Owners = list[Pattern] | None
NAME_TAG = 1  # NameMatcher.scan: a protected name could be in the text


class _SharedViews:
    """The canonical, shape and sound views in one automaton (see the module docstring), plus any
    tagged strings a caller wants found in the same scan (`NameMatcher.scan`)."""

    def __init__(self, canonical: dict[str, list[Pattern]], shape: dict[str, list[Pattern]],
                 sound: dict[str, list[Pattern]], tags: Mapping[str, int],
                 near: dict[str, list[Pattern]] | None = None) -> None:
        # `near`: the shape strings with the NEAR characters folded too (the same string for nearly all)
        near = near if near is not None else shape
        strings = list(dict.fromkeys([*canonical, *shape, *near, *sound, *(t for t in tags if t)]))
        self.canonical: list[_Owners] = [canonical.get(s) for s in strings]
        self.shape: list[_Owners] = [shape.get(s) for s in strings]
        self.near: list[_Owners] = [near.get(s) for s in strings]
        self.sound: list[_Owners] = [sound.get(s) for s in strings]
        self.tags = [
            tags.get(s, 0) | (NAME_TAG if s in canonical or s in shape or s in near or s in sound else 0)
            for s in strings
        ]
        self.count = len(strings)
        self.automaton = ahocorasick_rs.AhoCorasick(strings) if strings else None

    def find(self, haystack: str) -> list[tuple[int, int, int]]:
        if self.automaton is None:
            return []
        return self.automaton.find_matches_as_indexes(haystack, overlapping=True)


def latin_words(original: str) -> list[str]:
    """Maximal runs of Latin letters in the text as displayed (separated by anything else).

    `normalize(original).words` holds the same, computed once with the other views.
    """
    folded = strip_invisibles(unicodedata.normalize("NFKC", original)).translate(CONFUSABLES).casefold()
    folded = folded.translate(_TONELESS)
    return _LATIN_WORD.findall(folded)


def _with_joined(words: Sequence[str], canonical: str) -> Sequence[str]:
    """The Latin words, plus all of them joined when only dropped separators split them (ren-min-ri-bao):
    a name spelled in pinyin syllable by syllable is the same name."""
    if len(words) < 2:
        return words
    joined = "".join(words)
    return (*words, joined) if joined in canonical else words

# views that read the characters of `canonical` as something else: a homophone, a near or look-alike glyph
_READ_OTHERWISE = frozenset({"shape", "sound", "near"})


def _read_as_written(matches: Iterable[Match]) -> list[Match]:
    """Drops a name heard or seen in characters that already write another protected name exactly.

    苏州市公安局 names Suzhou's police as written; its sound is also that of 宿州市公安局, but the text
    writes 苏州, so claiming 宿州 too would put a second, wrong body in the evidence and a review item in
    front of a person. A homophone that reaches beyond the exact name (a longer name heard in it) stays."""
    found = list(matches)
    written = [(m.start, m.end, m.name) for m in found if m.view == "canonical"]
    if not written:
        return found
    return [m for m in found if m.view not in _READ_OTHERWISE
            or not any(s <= m.start and m.end <= e and name != m.name for s, e, name in written)]


class MayHoldLatin(Protocol):
    """A view of words partly in Latin letters, with its cheap necessary test and the pairs it tests for."""

    @property
    def pairs(self) -> tuple[frozenset[str], frozenset[str]]: ...

    @property
    def wholes(self) -> frozenset[str]: ...  # words it finds spelled whole in pinyin beside Han (lvshi张)

    def may_hold_spelled(self, canonical: str) -> bool: ...  # in a name all in Latin letters

    def may_hold(self, canonical: str) -> bool: ...


class NameMatcher:
    """Finds protected names in normalised text; build once per registry snapshot."""

    def __init__(self, shared: _SharedViews, pinyin: _View, initials: dict[str, list[Pattern]],
                 min_sound_len: int, mixed: MixedScriptView | None = None,
                 latin_views: Sequence[tuple[MayHoldLatin, int]] = (), marks: Iterable[str] = ()) -> None:
        self._shared = shared
        self._marks = tuple(sorted(set(marks), key=len, reverse=True))
        self._latin_views = tuple(latin_views)
        # every view's neighbour pairs together: one pass rules out most names for all of them at once
        self._latin_pairs = (frozenset().union(*(v.pairs[0] for v, _ in latin_views)),
                             frozenset().union(*(v.pairs[1] for v, _ in latin_views)))
        self._latin_wholes: frozenset[str] = frozenset().union(*(v.wholes for v, _ in latin_views))
        self._mixed = mixed if mixed is not None else MixedScriptView({})
        self._pinyin = pinyin
        self._initials = initials
        self._min_sound = min_sound_len

    @classmethod
    def build(cls, patterns: Iterable[Pattern], *, min_sound_len: int = 3, min_initials_len: int = 4,
              tags: Mapping[str, int] | None = None,
              latin_views: Sequence[tuple[MayHoldLatin, int]] = (),
              heard_near: Callable[[Pattern], bool] | None = None, marks: Iterable[str] = ()) -> NameMatcher:
        """The matcher over `patterns`. `tags` are extra strings (normalised text or syllable codes) that
        `scan` reports with their bits; `find` ignores them. Bit 0 (`NAME_TAG`) is the matcher's own.
        `latin_views`: views of words partly in Latin (place + organ word, titles and roles), each with the
        bits `scan` sets when the view may hold one (its `may_hold`). `heard_near`: the patterns of four or
        more characters also heard with one nasal ending swapped (`nasal_variants`: 最高人名法院), by the
        sound view's rules. `marks`: the words an account puts around a name to call it official (官方, 发布): a
        short name heard or drawn near with only these around it is still the whole name (外焦部发布)."""
        tags = dict(tags or {})
        if any(bits & NAME_TAG for bits in tags.values()):
            raise ValueError("tag bit 0 is reserved for protected names (NAME_TAG)")
        canonical: dict[str, list[Pattern]] = {}
        shape: dict[str, list[Pattern]] = {}
        near: dict[str, list[Pattern]] = {}
        sound: dict[str, list[Pattern]] = {}
        pinyin: dict[str, list[Pattern]] = {}
        initials: dict[str, list[Pattern]] = {}
        mixed: dict[str, list[tuple[str, Pattern]]] = {}
        for pattern in patterns:
            text = normalize_uncached(pattern.name)  # registry names would only crowd out the traffic's
            if not text.canonical:
                continue
            canonical.setdefault(text.canonical, []).append(pattern)
            shape.setdefault(text.shape, []).append(pattern)
            near.setdefault(near_fold(text.shape) or text.shape, []).append(pattern)
            if text.latin:
                # sound, pinyin, initials and mixed views are for names written in characters; a name with
                # digits among them (21世纪经济报道) is still heard, its digits as written (21世纪经济报倒)
                if text.latin.isdigit() and len(text.canonical) - len(text.latin) >= min_sound_len:
                    sound.setdefault(text.sound_code, []).append(pattern)
                continue
            length = len(text.canonical)
            if length < min(min_sound_len, min_initials_len, MIXED_MIN_LEN):
                continue
            # the phrase reading and both initials keys are computed once here and shared by the pinyin,
            # initials and mixed-script views: reading 50,000 names twice was a third of the index build
            phrase = phrase_syllables(text.canonical)
            keys = {initials_key(text.canonical), "".join(s[0] for s in phrase if s)}  # + phrase_initials
            if length >= min_sound_len:
                sound.setdefault(text.sound_code, []).append(pattern)
                spoken = phrase_sound_code(text.canonical, phrase)  # and as said (中国人民银航: yin|hang)
                if spoken is not None:
                    sound.setdefault(spoken, []).append(pattern)
                if heard_near is not None and length >= 4 and text.canonical.isalpha() and heard_near(pattern):
                    for variant in (*nasal_variants(text.canonical), *retroflex_variants(text.canonical)):
                        sound.setdefault(variant, []).append(pattern)
                for key in {pinyin_key(text.canonical), "".join(phrase)}:  # phrase_pinyin
                    pinyin.setdefault(key, []).append(pattern)
            if length >= min_initials_len:
                for key in keys:
                    initials.setdefault(key, []).append(pattern)
            if length >= MIXED_MIN_LEN and text.canonical.isalpha():
                for key in keys:
                    if len(key) == length:
                        mixed.setdefault(key, []).append((text.canonical, pattern))
        return cls(_SharedViews(canonical, shape, sound, tags, near), _View(pinyin), initials, min_sound_len,
                   MixedScriptView(mixed), latin_views, marks)

    def _bare(self, canonical: str) -> tuple[int, int]:
        """The span of `canonical` inside the marks that open and end it (【官方】外焦部发布 → 外焦部)."""
        start, end = 0, len(canonical)
        if not canonical.startswith(self._marks) and not canonical.endswith(self._marks):
            return start, end  # no mark at either end: the name is all there is
        while (mark := next((m for m in self._marks if canonical.startswith(m, start, end)
                             and len(m) < end - start), None)) is not None:
            start += len(mark)
        while (mark := next((m for m in self._marks if canonical.endswith(m, start, end)
                             and len(m) < end - start), None)) is not None:
            end -= len(mark)
        return start, end

    def __len__(self) -> int:
        """How many distinct strings the shared automaton holds (the three views' and the tags)."""
        return self._shared.count

    def scan(self, text: NormalizedText) -> int:
        """The OR of the tags of every string in `text` under the canonical, shape or sound view;
        `NAME_TAG` is set when `find(text)` could find anything (a cheap necessary test: one scan,
        overlapping, no matches built, plus the pinyin/initials test on Latin words)."""
        tags = 0
        if text.canonical:
            if text.shape == text.canonical:  # the shape segment would find what canonical finds
                tags = self._tags_in(f"{text.canonical}\0{text.sound_code}{SOUND_END}")
            else:
                tags = self._tags_in(f"{text.canonical}\0{text.shape}\0{text.sound_code}{SOUND_END}")
            near = near_fold(text.shape)
            if near is not None:  # every term under the near view too (D4 reads it: 郫都区氏政局)
                tags |= self._tags_in(near)
        if text.words and not tags & NAME_TAG and (
                self._latin_candidate(_with_joined(text.words, text.canonical))
                or (not text.canonical.isascii() and self._mixed.find(text.canonical))):
            tags |= NAME_TAG
        if text.words and not text.canonical.isascii() and self._latin_near_han(text.words, text.canonical):
            tags |= self._latin_tags(text.canonical)
        elif text.words and text.canonical.isascii():
            tags |= self._spelled_tags(text.canonical)
        return tags

    def scan_raw(self, raw: str) -> int:
        """`scan(normalize(raw))`. A settled text (most names) is its own canonical and shape form, so it
        is scanned as it is, next to its syllable codes, and no NormalizedText is built for it."""
        if _MORE_THAN_PLAIN.search(raw) is None:  # most names: settled, no Latin letter, no look-alike of NEAR
            return self._tags_in(f"{raw}\0{settled_code(raw)}{SOUND_END}") if raw else 0
        code = settled_sound_code(raw)
        if code is None:
            return self.scan(normalize(raw))
        tags = self._tags_in(f"{raw}\0{code}{SOUND_END}") if raw else 0
        if _NEAR_OR_LATIN.search(raw) is None:
            return tags  # most names: no look-alike of NEAR, no Latin letter
        near = near_fold(raw)
        if near is not None:
            tags |= self._tags_in(near)
        words = _LATIN_WORD.findall(raw)  # a settled text's Latin words as displayed are its own
        if not words:
            return tags
        if not tags & NAME_TAG and (self._latin_candidate(_with_joined(words, raw))
                                    or (not raw.isascii() and self._mixed.find(raw))):
            tags |= NAME_TAG
        if not raw.isascii() and self._latin_near_han(words, raw):
            tags |= self._latin_tags(raw)
        elif raw.isascii():
            tags |= self._spelled_tags(raw)
        return tags

    def _latin_near_han(self, words: Sequence[str], canonical: str) -> bool:
        """Some view of words partly in Latin may hold one in `canonical`: a Han character and a Latin letter
        are neighbours in one of their words, or a Latin word spells one of them whole."""
        return latin_next_to_han(canonical, *self._latin_pairs) or (
            bool(self._latin_wholes) and any(w in self._latin_wholes for w in _with_joined(words, canonical)))

    def _spelled_tags(self, canonical: str) -> int:
        """The bits of the views that may find a word in `canonical`, a name all in Latin letters."""
        tags = 0
        for view, bits in self._latin_views:
            if view.may_hold_spelled(canonical):
                tags |= bits
        return tags

    def _latin_tags(self, canonical: str) -> int:
        """The bits of the views of words partly in Latin that may hold one in `canonical` (which some view's
        neighbour pairs are in: the caller has tested their union)."""
        tags = 0
        for view, bits in self._latin_views:
            if tags & bits != bits and view.may_hold(canonical):
                tags |= bits
        return tags

    def _tags_in(self, haystack: str) -> int:
        """The OR of the tags of every shared string in `haystack` (one overlapping scan)."""
        tags = 0
        automaton = self._shared.automaton
        if automaton is not None:
            bits = self._shared.tags
            for index, _, _ in automaton.find_matches_as_indexes(haystack, overlapping=True):
                tags |= bits[index]
        return tags

    def could_match(self, text: NormalizedText) -> bool:
        """A cheap necessary test for `find(text)` finding anything."""
        return bool(self.scan(text) & NAME_TAG)

    def latin_candidate(self, text: NormalizedText) -> bool:
        """Whether the pinyin or initials view could find anything in `text` (they search its words)."""
        return self._latin_candidate(text.words)

    def _latin_candidate(self, words: Iterable[str]) -> bool:
        pinyin = self._pinyin
        return any(word in self._initials or (len(word) >= 6 and pinyin.any(word)) for word in words)

    def find(self, text: NormalizedText) -> list[Match]:
        """Every protected name in `text`, one Match per (key, name), best view first."""
        best: dict[tuple[str, str], Match] = {}
        steps = text.steps

        def offer(owners: list[Pattern], view: str, start: int, end: int, matched: str) -> None:
            confidence = CONFIDENCE[view]
            for owner in owners:
                current = best.get((owner.key, owner.name))
                if current is None or confidence > current.confidence:
                    best[(owner.key, owner.name)] = Match(owner.key, owner.name, view, start, end, matched,
                                                          confidence, (*steps, view))

        canonical = text.canonical
        if canonical:
            size = len(canonical)
            haystack = canonical
            shape_at = sound_at = -1
            if text.shape != canonical:
                shape_at = size + 1
                haystack += "\0" + text.shape
            length = size  # one syllable per character
            if length >= self._min_sound:
                sound_at = len(haystack) + 1
                haystack += "\0" + text.sound_code
            shared = self._shared
            bare: list[tuple[int, int]] = []  # the span inside the marks, found when a short match first asks

            def whole(span: tuple[int, int]) -> bool:
                """`span` is the whole name, or all of it inside the marks that open and end it."""
                if span == (0, size):
                    return True
                if not bare:
                    bare.append(self._bare(canonical) if self._marks else (0, size))
                return span == bare[0]

            for index, s, e in shared.find(haystack):
                if e <= size:
                    owners = shared.canonical[index]
                    if owners is not None:
                        offer(owners, "canonical", s, e, canonical[s:e])
                elif 0 < shape_at <= s and e <= shape_at + size:
                    owners = shared.shape[index]
                    if owners is not None:
                        offer(owners, "shape", s - shape_at, e - shape_at, canonical[s - shape_at:e - shape_at])
                elif sound_at > 0 and s >= sound_at:
                    owners = shared.sound[index]
                    # one code character per syllable: a match's span is its span in `canonical`
                    first, last = s - sound_at, e - sound_at
                    if owners is None or (last - first < 4 and not whole((first, last))):
                        continue  # a 3-syllable homophone must be the whole name, but for its marks
                    offer(owners, "sound", first, last, canonical[first:last])
            near = near_fold(text.shape)
            if near is not None:
                # the same length rule as the sound view: these characters are everyday ones
                for index, s, e in shared.find(near):
                    owners = shared.near[index]
                    if owners is not None and (e - s >= 4 or whole((s, e))) and near[s:e] != text.shape[s:e]:
                        offer(owners, "near", s, e, canonical[s:e])
        words: Sequence[str] = text.words  # a Latin word implies Latin letters in `canonical` (`latin`)
        if words:
            words = _with_joined(words, canonical)
            for word in words:
                if len(word) < 6:
                    continue
                for owners, s, e in self._pinyin.find(word):
                    if e - s == len(word) or len(owners[0].name) >= 4:
                        offer(owners, "pinyin", s, e, word[s:e])
            for word in words:
                for owner in self._initials.get(word, ()):
                    offer([owner], "initials", 0, len(word), word)
            if not canonical.isascii():
                for hit in self._mixed.find(canonical):
                    offer(hit.owners, "initials_mix" if hit.letters else "pinyin_mix", hit.start, hit.end,
                          canonical[hit.start:hit.end])
        return sorted(_read_as_written(best.values()), key=lambda m: (-m.confidence, -(m.end - m.start), m.key))
