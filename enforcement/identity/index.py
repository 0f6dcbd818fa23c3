"""IdentityIndex: one immutable snapshot built from a Registry, swapped whole on updates
(decision "Registry topics are read in full").

It holds the NameMatcher over every protected name (D1, D3), the division names for D4, and the
vocabularies for D4, D5, D6, D8 and D9 as Aho-Corasick automata over normalised text. `screen` tells
in one scan which detectors could fire on a text at all (detect_profile skips the others; for most
names, all of them).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from enforcement.avatar import LogoBank
from enforcement.registry import Division, Registry, load_default_registry
from enforcement.text import NameMatcher, NormalizedText, Pattern, is_han, normalize
from enforcement.text.matcher import NAME_TAG, SOUND_END, near_fold
from enforcement.text.mixed import MixedJoinView, MixedWordView
from enforcement.text.normalize import nasal_variants, phrase_sound_code, retroflex_variants


@dataclass(frozen=True, slots=True)
class TermHit:
    """A vocabulary term found in text: which term (canonical form), where, and in which view."""

    term: str
    start: int
    end: int
    view: str = "canonical"


# Internet slang for a title, read only as written: it is itself the title's homophone (叫兽 for 教授), so its sound
# is the title's and would hide the title's own readings by sound (李教受); and 班主任, which sounds as 办主任 does,
# an office's head (党政办主任, 摸鱼办主任)
TITLES_READ_AS_WRITTEN = frozenset({"叫兽", "班主任"})
# Units that are a place's own office only with an official mark after them: a street (街道) names the place alone,
# its office's account with the mark (粤海街道发布: official_name.py)
UNITS_WITH_A_MARK = ("街道",)
# Titles and roles written in pinyin initials by their holders before their own name (ys郑, LS刘, jc蔡sir: D5, D6).
# Not in the screen's automaton — two letters stand inside countless Latin words (boys, days) and would open the
# detectors for them; `initials_opening` asks only of a text that opens with them or has them after a department.
TITLE_INITIALS = {"ys": "医生", "ls": "律师", "xlzxs": "心理咨询师", "hs": "护士", "fxs": "分析师"}
ROLE_INITIALS = {"jc": "警察", "fg": "法官", "jcg": "检察官", "xfy": "消防员", "mj": "民警", "gwy": "公务员"}
# What may stand before initials as before the title or role itself: a licence or a hospital's grade (执业LS王,
# 三甲YS小李), where or how the holder serves (体制内jcg一枚, 一线mj老李), or the unit its holder serves in, by the
# unit's last character (派出所jc小王, 交警大队MJ老李)
QUALIFIERS_BEFORE_INITIALS = ("执业", "三甲", "体制内", "一线", "基层", "在编", "在职", "资深")
UNITS_BEFORE_INITIALS = "所局院队"
_INITIALS = '|'.join(sorted((*TITLE_INITIALS, *ROLE_INITIALS), key=len, reverse=True))
_INITIALS_READ = re.compile(f"^(?:{_INITIALS})[^a-z]|科ys(?![a-z])"
                            f"|(?:{'|'.join(QUALIFIERS_BEFORE_INITIALS)}|[{UNITS_BEFORE_INITIALS}])(?:{_INITIALS})[^a-z]",
                            re.IGNORECASE)
_BEFORE_INITIALS = frozenset("科" + UNITS_BEFORE_INITIALS + "".join(q[-1] for q in QUALIFIERS_BEFORE_INITIALS))


def initials_opening(value: str) -> bool:
    """`value`, as sent, may write a title or role in initials where `person_words.in_initials` reads them: it
    opens with Latin letters, or holds a department (科), a unit, a licence or a grade right before Latin letters
    — asked first, as most texts do neither."""
    return (value[:1].isascii() or not _BEFORE_INITIALS.isdisjoint(value)) and _INITIALS_READ.search(value) is not None
# A public service line's number long enough to name its own account (12315, 12333, 96110: organ_alone.py); the
# three-digit emergency numbers (110, 119) are everyday digits
SERVICE_LINE_DIGITS = 5
# Padding words that are also a body's own last word (急救中心, 服务平台): around a short name they may be part of
# another one, so a short homophone before them is not the whole name
_NOT_MARKS_AROUND_A_NAME = frozenset({"中心", "平台"})


class TermFinder:
    """All occurrences of a fixed set of terms in normalised text, overlapping.

    `find` searches one string; `find_views` also searches the look-alike-folded text and, when asked,
    the syllables (谐音) — each hit says which view found it.
    """

    def __init__(self, terms: Iterable[str], *, unheard: Iterable[str] = (), heard_near: bool = False) -> None:
        """`unheard`: terms read as written or by look-alikes only, never by sound (their sounds are everyday
        words: 人社 sounds like 人设, 信访 like 新房). `heard_near`: terms of three or more syllables are also heard
        with one syllable's nasal ending swapped (`nasal_variants`: 人名法院 for 人民法院) or its initial swapped
        between zh/ch/sh and z/c/s (`retroflex_variants`: 检擦院 for 检察院)."""
        canonical = sorted({normalize(t).canonical for t in terms} - {""})
        self._terms = canonical
        self._known = frozenset(canonical)
        self._automaton = ahocorasick_rs.AhoCorasick(canonical) if canonical else None
        # one code character per syllable (NormalizedText.sound_code): spans are character spans
        silent = {normalize(t).canonical for t in unheard}
        heard = [i for i, term in enumerate(canonical) if term not in silent]
        sounds = [normalize(canonical[i]).sound_code for i in heard]
        self._sound_terms = sounds
        self._near_sound_terms: list[str] = []
        owners = list(heard)  # the term each sound pattern stands for
        known = set(sounds)
        # a term read as a phrase differently from its characters' first readings is heard that way too
        # (银行 yin|hang, not yin|xing: 银航), as it is said and as the pinyin view reads it
        self._phrase_sounds: dict[str, str] = {}
        for i in heard:
            spoken = phrase_sound_code(canonical[i])
            if spoken is not None and spoken not in known:
                known.add(spoken)
                self._phrase_sounds[canonical[i]] = spoken
                owners.append(i)
        if heard_near:
            for i in heard:
                if len(canonical[i]) >= 3 and all(is_han(ch) for ch in canonical[i]):
                    for variant in (*nasal_variants(canonical[i]), *retroflex_variants(canonical[i])):
                        if variant not in known:
                            known.add(variant)
                            self._near_sound_terms.append(variant)
                            owners.append(i)
        self._heard = owners
        patterns = sounds + list(self._phrase_sounds.values()) + self._near_sound_terms
        self._sound = ahocorasick_rs.AhoCorasick(patterns) if patterns else None
        self._heard_by_code: dict[str, tuple[str, ...]] = {}
        for code, i in zip(patterns, owners, strict=True):
            self._heard_by_code[code] = (*self._heard_by_code.get(code, ()), canonical[i])

    @property
    def heard_codes(self) -> tuple[str, ...]:
        """Every syllable code the sound view hears a term in (`heard_as` answers for each)."""
        return tuple(self._heard_by_code)

    def heard_as(self, code: str) -> tuple[str, ...]:
        """The terms the sound view hears in exactly the syllable code `code` (a span of a text's sound_code):
        one lookup, for a detector that knows where a term must stand."""
        return self._heard_by_code.get(code, ())

    @property
    def terms(self) -> tuple[str, ...]:
        """The terms, normalised (what `find` and the shape view search for)."""
        return tuple(self._terms)

    def __contains__(self, term: object) -> bool:
        """Whether `term` (normalised) is one of the terms."""
        return term in self._known

    @property
    def sound_terms(self) -> tuple[str, ...]:
        """The syllable codes of the terms heard, in `terms` order (what the sound view searches for)."""
        return tuple(self._sound_terms)

    @property
    def phrase_sounds(self) -> dict[str, str]:
        """The syllable codes of the terms whose reading as a phrase is not their characters' first readings
        (the sound view finds these too), by term."""
        return dict(self._phrase_sounds)

    @property
    def near_sound_terms(self) -> tuple[str, ...]:
        """The syllable codes of the terms heard with one nasal ending swapped (the sound view finds these
        too)."""
        return tuple(self._near_sound_terms)

    def find(self, text: str) -> list[TermHit]:
        if self._automaton is None or not text:
            return []
        terms = self._terms
        return [
            TermHit(terms[index], start, end)
            for index, start, end in self._automaton.find_matches_as_indexes(text, overlapping=True)
        ]

    def find_views(self, text: NormalizedText, *, sound: bool = False, near: bool = False) -> list[TermHit]:
        """Canonical hits, then look-alike and (optionally) near look-alike and homophone hits at places not
        already found. A near hit (`lookalike.NEAR`: everyday characters drawn like another, 律帅 for 律师)
        keeps at least one of the term's characters as written."""
        hits = self.find(text.canonical)
        spans = {(h.start, h.end) for h in hits}
        if text.shape != text.canonical:
            hits += [TermHit(h.term, h.start, h.end, "shape") for h in self.find(text.shape)
                     if (h.start, h.end) not in spans]
            spans = {(h.start, h.end) for h in hits}
        folded = near_fold(text.shape) if near else None
        if folded is not None:
            for h in self.find(folded):
                written = text.shape[h.start:h.end]
                if (h.start, h.end) not in spans and keeps_a_character(written, h.term):
                    hits.append(TermHit(h.term, h.start, h.end, "near"))
                    spans.add((h.start, h.end))
        if sound and self._sound is not None and text.sound_code:
            for index, first, last in self._sound.find_matches_as_indexes(text.sound_code, overlapping=True):
                if (first, last) not in spans:
                    hits.append(TermHit(self._terms[self._heard[index]], first, last, "sound"))
                    spans.add((first, last))
        return hits


def keeps_a_character(written: str, term: str) -> bool:
    """`written` (as long as `term`) has one of `term`'s characters at its place: a look-alike or homophone that
    keeps something of the word (律帅 for 律师, 芯闻 for 新闻) — the sign of a disguise rather than another word."""
    return len(written) == len(term) and any(a == b for a, b in zip(written, term, strict=True))


# What may follow a disguised news word (D8): nothing, or a word or two for the outlet it pretends to be (城市芯闻社,
# 武汉薪闻社君). Here because the screen asks for a heard news word before them (`heard_at_the_end`).
OUTLET_WORDS = ("社", "网", "站", "台", "号", "君", "频道", "速递", "播报", "官方")


def heard_at_the_end(finder: TermFinder, after: Iterable[str]) -> list[str]:
    """The screen's strings for `finder`'s terms heard at the end of a text, or before one or two of `after`
    ending it: each heard syllable code, then the codes of what may follow, then the end of the sound segment."""
    endings = [normalize(word).sound_code for word in after]
    follows = ["", *endings, *(a + b for a in endings for b in endings)]
    return [code + tail + SOUND_END for code in finder.heard_codes for tail in follows]


# What a text may contain, by `IdentityIndex.screen`: one bit per kind of term some detector needs.
NAME = NAME_TAG
DIVISION, ORGAN, BRAND, STAFF, TITLE, NEWS, JOINED, CONTEXT, UNIT, INSTITUTION = (1 << i for i in range(1, 11))


@dataclass(frozen=True)
class IdentityIndex:
    """Everything the identity detectors search, built once per registry snapshot."""

    registry: Registry
    names: NameMatcher
    divisions_by_name: Mapping[str, tuple[Division, ...]]
    division_finder: TermFinder
    organ_words: TermFinder
    organ_words_at_end: frozenset[str]  # canonical; read only ending the name or before padding (北京高院, D4)
    # the first and last characters of the organ words, and the first two of the divisions' names: how a name written
    # backwards or turned around (局安公县阳沭, 公安局·广州市) begins and ends, tested before it is read so
    organ_openings: frozenset[str]
    organ_endings: frozenset[str]
    place_openings: frozenset[str]
    brand_prefixes: frozenset[str]
    staff_roles: TermFinder
    titles: TermFinder
    title_domains: Mapping[str, str]
    title_fields: Mapping[str, tuple[str, ...]]  # vocab.json's (canonical): a generic title's own fields
    other_trades: Mapping[str, tuple[str, ...]]  # vocab.json's (canonical): words before a title naming another trade
    news_words: TermFinder
    claim_words: TermFinder
    padding_words: frozenset[str]
    padding_first: tuple[str, ...]  # the padding words, longest first: for startswith
    joined: MixedJoinView
    titles_in_latin: MixedWordView  # professional titles partly in pinyin (律shi, yi生)
    roles_in_latin: MixedWordView  # staff roles partly in pinyin (jiao警, 法guan)
    news_in_latin: MixedWordView  # news words partly in pinyin (xin闻, 快xun)
    # organ words, units, institutions' kinds and official marks partly in pinyin, to write back in Chinese (医保ju,
    # 医yuan, guan方)
    words_in_latin: MixedWordView
    context_names: Mapping[str, str]  # a body's short form that is also an everyday word (央视) → its identity
    logos: LogoBank
    verified_accounts: frozenset[str]

    @staticmethod
    def in_latin(view: MixedWordView, text: NormalizedText) -> list[TermHit]:
        """The titles, roles or news words of `view` written partly in pinyin in `text` (律shi黄磊), as
        `pinyin_mix` hits."""
        if not text.words or text.canonical.isascii():
            return []
        return [TermHit(word, start, end, "pinyin_mix") for word, start, end in view.find(text.canonical)]

    def padding_at(self, canonical: str, at: int) -> bool:
        """A padding word (官方, 官微, 发布…) begins at `at`: a term whose last character is there straddles it
        (林静|官方 holds no 警官), and a short form followed by one ends the name's own words (北京高院发布)."""
        return canonical.startswith(self.padding_first, at)

    def before_padding(self, canonical: str) -> str:
        """`canonical` without the padding words that end it (张敏静官方 → 张敏静): what a name says before it
        calls itself official."""
        if not canonical.endswith(self.padding_first):
            return canonical  # most names end in no padding word
        *_, shortest = self.padding_stripped(canonical)
        return shortest

    def padding_stripped(self, canonical: str) -> Iterator[str]:
        """`canonical`, then without the padding word that ends it, and so on while one does (急救中心官方 → 急救中心
        → 急救): a name's own last word may be a padding word too."""
        yield canonical
        while canonical.endswith(self.padding_first) and (word := next(
                (p for p in self.padding_first if canonical.endswith(p) and len(p) < len(canonical)), None)):
            canonical = canonical[: -len(word)]
            yield canonical

    def screen(self, text: NormalizedText) -> int:
        """Which kinds of term `text` contains, as bits (NAME, DIVISION, ORGAN, BRAND, STAFF, TITLE, NEWS,
        CONTEXT, UNIT; JOINED when a place and an organ word partly in pinyin or initials may be in it).

        One scan of the name matcher's automaton, which also holds every vocabulary term a detector
        searches for (division names, organ words, brand prefixes, staff roles and their syllables,
        professional titles, news words), each tagged with the bits of the lists it is on. The scan
        covers the canonical, look-alike and syllable views of the text, overlapping, so every term
        present under any view sets its bits: a detector whose bits are absent cannot fire (each
        detector finds its terms with searches this one covers). Most names have no bit at all.
        """
        return self.names.scan(text)

    @classmethod
    def build(cls, registry: Registry) -> IdentityIndex:
        """The index of `registry`. The cyclic garbage collector is paused meanwhile: the build creates
        about a million objects that all live on (none is garbage), and the collections they would
        trigger each walk the whole growing heap — a third of the build time, for nothing."""
        with _collector_paused():
            return cls._build(registry)

    @classmethod
    def _build(cls, registry: Registry) -> IdentityIndex:
        vocab = registry.vocabulary
        by_name: dict[str, list[Division]] = {}
        for division in registry.divisions:
            for surface in (division.name, division.short_name, division.marked_name, *division.usual_names):
                if surface:
                    by_name.setdefault(normalize(surface).canonical, []).append(division)
        division_finder = TermFinder(by_name)
        organ_words = TermFinder(vocab.organ_words, unheard=vocab.organ_words_unheard, heard_near=True)
        brand_prefixes = frozenset(normalize(p).canonical for p in vocab.brand_prefixes)
        staff_roles = TermFinder(vocab.staff_roles)
        titles = TermFinder(vocab.professional_titles, unheard=TITLES_READ_AS_WRITTEN)
        news_words = TermFinder(vocab.news_words)
        # short forms that are everyday words, each of one body only (D1 reads them with official marks alone)
        owners: dict[str, set[str]] = {}
        for identity in registry.identities.values():
            for alias in identity.context_aliases:
                owners.setdefault(normalize(alias).canonical, set()).add(identity.identity_id)
        context_names = {alias: next(iter(ids)) for alias, ids in owners.items() if len(ids) == 1 and alias}
        tags: dict[str, int] = {}
        for bit, strings in (
            (DIVISION, division_finder.terms), (ORGAN, organ_words.terms), (BRAND, brand_prefixes),
            (BRAND, ("官方", "官微", "官号", "official", "之声")),  # a place marked official (珙县官微, 宁乡之声: D4)
            (STAFF, staff_roles.terms), (STAFF, staff_roles.sound_terms), (TITLE, titles.terms),
            (STAFF, staff_roles.phrase_sounds.values()), (TITLE, titles.phrase_sounds.values()),
            (ORGAN, organ_words.phrase_sounds.values()),  # each term also heard as said (快计师 for 会计师)
            (ORGAN, [n for n in vocab.hotline_numbers if len(n) >= SERVICE_LINE_DIGITS]),  # 12315投诉举报 (D1)
            (STAFF, vocab.staff_posts), (STAFF, vocab.employment_claims),  # a post in a body named (D5)
            (TITLE, titles.sound_terms),  # D6 hears titles (of two syllables, only a disguise after a surname)
            (TITLE, ("主任",)),  # and reads a department's head by surname (皮肤科王主任)
            (TITLE, ("律",)),  # and a lawyer by surname and 律 before what a channel says (张律说法)
            (TITLE, ("老师",)),  # and a subject's teacher by surname (数学王老师)
            (ORGAN, organ_words.sound_terms),  # D4 hears organ words (成都公按局)
            (ORGAN, organ_words.near_sound_terms),  # and near them (南山区人名法院)
            (DIVISION, full_division_sounds(registry, division_finder)),  # and full division names (常州事)
            (NEWS, news_words.terms),
            # D8 hears news words only as a disguise, ending the name or before outlet words (今日心闻, 城市芯闻社:
            # news_word.py), so the screen asks for their sounds there only
            (NEWS, heard_at_the_end(news_words, OUTLET_WORDS)),
            (CONTEXT, context_names),  # a body's everyday short form (央视官方: D1)
            (UNIT, UNITS_WITH_A_MARK),
            (UNIT, vocab.local_units),  # a unit that is always official, after a place's name (中关村派出所: D1)
            (UNIT, ("部队",)),  # a troop's numbered designation (66389部队: D1)
            (INSTITUTION, vocab.institution_kinds),  # a public institution's kind (北京协和医院: D3 reads its claims)
            (ORGAN, vocab.hotline_numbers),  # a public service line after a place (福州110, 三明119消防: D4)
            (ORGAN, vocab.service_offices),  # the office of a service only the state provides (退税办理中心: D1)
        ):
            for string in strings:
                tags[string] = tags.get(string, 0) | bit
        joined = MixedJoinView(by_name, organ_words.terms)
        titles_in_latin = MixedWordView(titles.terms, whole=True)
        roles_in_latin = MixedWordView(staff_roles.terms, whole=True)
        news_in_latin = MixedWordView(news_words.terms)
        # the screen asks one view of the three lists: a name with Latin letters is tested once, not thrice
        any_in_latin = MixedWordView((*titles.terms, *staff_roles.terms, *news_words.terms), whole=True)
        # (titles, roles and news words partly in pinyin are read where they stand, beside a name: 爱你yi生 is no
        # doctor)
        words_in_latin = MixedWordView((*organ_words.terms, *(normalize(w).canonical for w in (
            *vocab.local_units, *vocab.institution_kinds, *vocab.padding_words))))
        # the bodies listed one by one are heard near too (最高人名法院); the generated local organs are D4's,
        # which hears their organ words near (南山区人名法院)
        names = NameMatcher.build((Pattern(key, name) for key, name in registry.protected_names()), tags=tags,
                                  latin_views=((joined, JOINED), (any_in_latin, TITLE | STAFF | NEWS),
                                               (words_in_latin, ORGAN)),
                                  heard_near=lambda pattern: registry.identities[pattern.key].kind != "local_organ",
                                  marks=[normalize(m).canonical for m in vocab.padding_words
                                         if len(m) >= 2 and m not in _NOT_MARKS_AROUND_A_NAME])
        return cls(
            registry=registry,
            names=names,
            divisions_by_name={k: tuple(v) for k, v in by_name.items()},
            division_finder=division_finder,
            organ_words=organ_words,
            organ_words_at_end=frozenset(normalize(w).canonical for w in vocab.organ_words_at_end),
            organ_openings=frozenset(word[0] for word in organ_words.terms),
            organ_endings=frozenset(word[-1] for word in organ_words.terms),
            place_openings=frozenset(name[:2] for name in by_name if len(name) >= 2),
            brand_prefixes=brand_prefixes,
            staff_roles=staff_roles,
            titles=titles,
            title_domains={normalize(t).canonical: d for t, d in vocab.professional_titles.items()},
            title_fields=_canonical_lists(vocab.title_fields),
            other_trades=_canonical_lists(vocab.other_trades),
            news_words=news_words,
            claim_words=TermFinder(CLAIM_WORDS),
            padding_words=frozenset(normalize(p).canonical for p in vocab.padding_words),
            padding_first=tuple(sorted({normalize(p).canonical for p in vocab.padding_words}, key=len, reverse=True)),
            joined=joined,
            titles_in_latin=titles_in_latin,
            roles_in_latin=roles_in_latin,
            news_in_latin=news_in_latin,
            words_in_latin=words_in_latin,
            context_names=context_names,
            verified_accounts=frozenset(
                account for identity in registry.identities.values() for account in identity.verified_account_ids
            ),
            logos=LogoBank.build(
                (identity.identity_id, logo)
                for identity in registry.identities.values()
                for logo in identity.logo_hashes
            ),
        )


def _canonical_lists(lists: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """A vocabulary's title → words map as the detectors read text: canonical forms, longest word first."""
    return {normalize(title).canonical: tuple(sorted({normalize(w).canonical for w in words}, key=len, reverse=True))
            for title, words in lists.items()}


@lru_cache(maxsize=1)
def shipped_index() -> IdentityIndex:
    """The index of the registry as shipped, built once per process (a second or two): an index never
    changes, a registry update builds a new one, so every caller in the process can share this one."""
    return IdentityIndex.build(load_default_registry())


def full_division_sounds(registry: Registry, finder: TermFinder) -> list[str]:
    """The syllable codes of the full division names of 3+ characters (what D4 hears, 海淀曲 for 海淀区)."""
    full = {normalize(d.name).canonical for d in registry.divisions}
    heard = [*zip(finder.terms, finder.sound_terms, strict=True), *finder.phrase_sounds.items()]
    return [code for term, code in heard if len(term) >= 3 and term in full]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector for the block, then restore it as it was (reference counting
    still frees everything that becomes garbage; cycles made meanwhile are collected afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# Words by which a bio or name presents itself as an account of a body or a practitioner (D3, D6).
CLAIM_WORDS = ("官方", "官微", "官方账号", "官方帐号", "官号", "认证", "发布平台", "本号", "本人系", "本人是", "我是",
               "执业", "持证", "系", "法人微博", "法人账号",  # a body's own Weibo is its 法人微博
               "official")  # in English after the name (隆子县人民政府 official)
