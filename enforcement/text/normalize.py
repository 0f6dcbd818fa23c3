"""Normalisation that sees through evasion (D1, D3): every step is recorded for the evidence.

NFKC (full-width, Kangxi radicals) → CJK radical forms NFKC leaves alone (radicals.py) → invisibles →
Latin confusables → casefold → pinyin tone marks → traditional to simplified (opencc) → drop symbols, spaces and emoji.
Views on top: `shape` (look-alikes folded, lookalike.py), `sound` (toneless pinyin per character, and
the same as one code character per syllable for the automata), `latin` (the ASCII letters and digits) and
`words` (the Latin words as displayed).

Each step is guarded by a regular expression or a C string method so that the common case (plain
Chinese and ASCII) costs no per-character Python work; the guards only skip steps that would leave
the text unchanged, so the result is the same as running every step.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import opencc
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from enforcement.text.confusables import CONFUSABLES
from enforcement.text.english import from_english
from enforcement.text.invisibles import strip_invisibles
from enforcement.text.lookalike import LOOKALIKES
from enforcement.text.radicals import RADICALS
from enforcement.text.t2s_guard import triggers

_T2S = opencc.OpenCC("t2s")
_T2S_TRIGGERS = triggers(_T2S)  # t2s leaves a text with none of these as it is (None: always run it)

# Strokes that display names use as dividers and dots (小王丨摄影, 成都市公丨安局), never as words: symbols.
DIVIDER_STROKES = "\u4e28\u4e36\u4e3f"  # 丨 丶 丿
# the unified ideographs without the divider strokes, as a regular-expression class body
_IDEOGRAPHS = "\u4e00-\u4e27\u4e29-\u4e35\u4e37-\u4e3e\u4e40-\u9fff"
_KEPT_CLASS = f"0-9a-z\u3400-\u4dbf{_IDEOGRAPHS}\uf900-\ufaff\U00020000-\U0002fa1f"
_DROPPED = re.compile(f"[^{_KEPT_CLASS}]+")
_NOT_LATIN = re.compile("[^0-9a-z]+")
_LATIN_WORD = re.compile("[a-z]+")
_HAS_LATIN_LETTER = re.compile("[a-z]")
_HAS_TONE = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]")
_PLAIN = re.compile(f"[0-9a-z\u3400-\u4dbf{_IDEOGRAPHS}]*")  # no decomposition, no case, not Cf, no divider


def _char_class(codes: Iterable[int]) -> re.Pattern[str]:
    """A pattern matching any one of `codes`, and possibly other characters outside the BMP: it guards a
    translate whose result is compared with its input, so a superset is as good as the exact set.

    `re` compiles a class of BMP characters to a bitmap (one test per character) but a class with any
    character beyond U+FFFF to a list it walks for every character (4 µs on a ten-character name for
    the look-alike table); so the class holds the BMP codes and one range for everything beyond.
    """
    codes = sorted(set(codes))
    bmp = "".join(chr(code) for code in codes if code <= 0xFFFF)
    alternatives = [f"[{re.escape(bmp)}]"] if bmp else []
    if codes and codes[-1] > 0xFFFF:
        alternatives.append("[\U00010000-\U0010FFFF]")
    return re.compile("|".join(alternatives) if alternatives else "(?!)")  # an empty table matches nothing


_HAS_CONFUSABLE = _char_class(CONFUSABLES)
_HAS_LOOKALIKE = _char_class(LOOKALIKES)
_HAS_RADICAL = _char_class(RADICALS)


def unsettled_class(also: Iterable[int] = ()) -> re.Pattern[str]:
    """A pattern matching any character that some step could change, or any of `also`: a text without one is
    its own canonical and shape form (no step applies). The settled characters are those `_PLAIN` accepts
    that neither t2s (`_T2S_TRIGGERS`) nor the look-alike table (`LOOKALIKES`) touches; when the t2s
    triggers are unknown, no CJK character is settled. 97 % of the simulated names are settled: one
    search instead of three guards, and no NormalizedText at all for the screen (`settled_sound_code`)."""
    unsettled = (set(LOOKALIKES) | {ord(ch) for ch in _T2S_TRIGGERS or ()} | set(map(ord, DIVIDER_STROKES))
                 | set(also))
    cjk = (0x3400, 0x4DBF), (0x4E00, 0x9FFF)
    ranges = [(ord("0"), ord("9")), (ord("a"), ord("z"))] + ([] if _T2S_TRIGGERS is None else list(cjk))
    settled: list[str] = []
    for low, high in ranges:
        run_start = None
        for code in range(low, high + 2):
            inside = code <= high and code not in unsettled
            if inside and run_start is None:
                run_start = code
            elif not inside and run_start is not None:
                settled.append(f"{re.escape(chr(run_start))}-{re.escape(chr(code - 1))}")
                run_start = None
    return re.compile(f"[^{''.join(settled)}]")


_UNSETTLED = unsettled_class()


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """One text under every view the matcher searches, and the steps that changed it.

    `sound_code` has one character per character of `canonical`: the code of its syllable (see
    `syllable_code`), so a run of syllables is searched as a plain substring; `sound` spells the
    syllables out. `words` are the Latin words of the text as displayed (before symbols are dropped:
    "cctv" in "CC·TV" is two words); `latin` is every ASCII letter and digit of `canonical`.
    """

    original: str
    canonical: str
    shape: str
    steps: tuple[str, ...]
    sound_code: str
    words: tuple[str, ...]

    @property
    def sound(self) -> tuple[str, ...]:
        """Toneless pinyin per character of `canonical` (ASCII characters stand for themselves)."""
        return tuple(map(syllable, self.canonical))

    @property
    def latin(self) -> str:
        """The ASCII letters and digits of `canonical`, in order."""
        return self.canonical if self.canonical.isascii() else _NOT_LATIN.sub("", self.canonical)


def is_kept(ch: str) -> bool:
    """CJK ideographs and ASCII letters/digits survive normalisation; everything else is a symbol."""
    code = ord(ch)
    return (
        (0x4E00 <= code <= 0x9FFF and ch not in DIVIDER_STROKES)
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
        or ("a" <= ch <= "z")
        or ("0" <= ch <= "9")
    )


# Distinct names and phrases kept normalised: names recur across events and one event's texts are read
# again by later steps, but a worker runs for weeks, so the caches are bounded (least recently used go).
# Ten-minute soaks of `make bench` at ~1,500 records/s: with 200,000 entries the worker grew from 292 to 381 MB
# (+9.6 % in the second half); with 50,000, from 293 to 336 MB (+3.9 % in the second half); with 20,000, from
# 318 to 329 MB (+0.4 % in the second half).
NAME_CACHE_SIZE = 20_000


@lru_cache(maxsize=65536)
def syllable(ch: str) -> str:
    """Toneless pinyin of one character (first reading); ASCII stays as it is."""
    if ch < "\u0080":
        return ch
    return lazy_pinyin(ch)[0]


@lru_cache(maxsize=65536)
def initial(ch: str) -> str:
    if ch < "\u0080":
        return ch
    return lazy_pinyin(ch, style=Style.FIRST_LETTER)[0]


# Syllable codes: every distinct syllable gets one private-use character, so "|ren|min|ri|bao|"
# becomes a four-character string and a homophone search is a substring search. The first 6,400 go
# to the BMP's private use area (three UTF-8 bytes; the 410 toneless pinyin syllables fit there
# whichever text comes first), the rest to planes 15 and 16 (131,072 more). A syllable is one kept
# character's reading, or the character itself when it has none, so there are fewer distinct
# syllables than kept characters (~92,000; 50,976 with pypinyin 0.55): the codes cannot run out.
# No code is a kept character, so codes never collide with text. Codes are handed out in first-seen
# order under a lock (an index may be rebuilt in a thread while another checks names); the order
# differs between processes, but only equality of codes is ever used, never their values.
_BMP_PRIVATE = (0xE000, 0xF8FF)
_SUPPLEMENTARY_PRIVATE = (0xF0000, 0x10FFFF)
_codes: dict[str, str] = {}
_codes_lock = threading.Lock()


def _code_point(n: int) -> int:
    """The n-th syllable code (0-based)."""
    bmp = _BMP_PRIVATE[1] - _BMP_PRIVATE[0] + 1
    if n < bmp:
        return _BMP_PRIVATE[0] + n
    value = _SUPPLEMENTARY_PRIVATE[0] + n - bmp
    if value > _SUPPLEMENTARY_PRIVATE[1]:  # pragma: no cover - more syllables than kept characters exist
        raise OverflowError("syllable codes exhausted")
    return value


def syllable_code(token: str) -> str:
    """The one-character code of a syllable; equal syllables, and only they, have equal codes."""
    code = _codes.get(token)
    if code is None:
        with _codes_lock:
            code = _codes.get(token)
            if code is None:
                code = _codes[token] = chr(_code_point(len(_codes)))
    return code


# Nasal endings people confuse when they write by sound (and input methods' fuzzy pinyin merges): -n and
# -ng after the same vowel.
_NASAL_PAIRS = {"an": "ang", "en": "eng", "in": "ing", "ian": "iang", "uan": "uang"}
_NASAL_SWAPS = {**_NASAL_PAIRS, **{back: front for front, back in _NASAL_PAIRS.items()}}
_NASAL_ENDINGS = sorted(_NASAL_SWAPS, key=len, reverse=True)  # the longest first: jian ends in ian, not an


def _one_syllable_swapped(term: str, swap: Callable[[str], str | None]) -> list[str]:
    """The syllable codes of `term` with one syllable replaced by `swap` of it, one variant per syllable it
    swaps (None: that syllable has no swap). A swap that spells no syllable is never heard, so it matches
    nothing."""
    syllables = [syllable(ch) for ch in term]
    variants = []
    for i, spoken in enumerate(syllables):
        swapped = swap(spoken)
        if swapped is not None:
            variants.append("".join(syllable_code(swapped if j == i else s) for j, s in enumerate(syllables)))
    return variants


def _nasal_swap(spoken: str) -> str | None:
    ending = next((e for e in _NASAL_ENDINGS if spoken.endswith(e)), None)
    return None if ending is None else spoken[:-len(ending)] + _NASAL_SWAPS[ending]


def nasal_variants(term: str) -> list[str]:
    """The syllable codes of `term` with one syllable's nasal ending swapped (ren|min → ren|ming, ren|min
    → reng|min): how 人民法院 sounds written as 人名法院."""
    return _one_syllable_swapped(term, _nasal_swap)


# Initials confused the same way (southern speech, and the input methods' fuzzy pinyin merges them): the
# retroflex zh, ch, sh and the flat z, c, s.
_FLAT_OF_RETROFLEX = {"zh": "z", "ch": "c", "sh": "s"}


def _retroflex_swap(spoken: str) -> str | None:
    if spoken[:2] in _FLAT_OF_RETROFLEX:
        return _FLAT_OF_RETROFLEX[spoken[:2]] + spoken[2:]
    return spoken[0] + "h" + spoken[1:] if spoken[:1] in ("z", "c", "s") else None


def retroflex_variants(term: str) -> list[str]:
    """The syllable codes of `term` with one syllable's initial swapped between zh/ch/sh and z/c/s (jian|cha|
    yuan → jian|ca|yuan): how 检察院 sounds written as 检擦院."""
    return _one_syllable_swapped(term, _retroflex_swap)


def is_han(char: str) -> bool:
    """A CJK unified ideograph of the basic block (U+4E00–U+9FFF): a Chinese character as names write them."""
    return "\u4e00" <= char <= "\u9fff"


@cache
def char_code(ch: str) -> str:
    """`syllable_code(syllable(ch))`, cached per character (kept characters only: bounded)."""
    return syllable_code(syllable(ch))


class _CodeTable(dict[int, str]):
    """`str.translate` table from a character to its syllable code, filled on first sight."""

    def __missing__(self, key: int) -> str:
        code = self[key] = char_code(chr(key))
        return code


_CODE_TABLE = _CodeTable()


def normalize_uncached(text: str) -> NormalizedText:
    """All views of `text` (`normalize` without the cache, for texts that do not recur: registry builds)."""
    code = settled_sound_code(text)
    if code is not None:  # no step would change it (the common case, see unsettled_class)
        words = tuple(_LATIN_WORD.findall(text)) if _HAS_LATIN_LETTER.search(text) else ()
        return NormalizedText(text, text, text, (), code, words)
    return _normalize_stepwise(text)


def settled_sound_code(text: str) -> str | None:
    """The `sound_code` of a settled text (one no step changes: its canonical and shape forms are itself,
    see `unsettled_class`), or None when `text` is not settled; no NormalizedText is built. Settled
    characters can still spell an English title the English step writes in Chinese (drwang, officer王): such
    a text is not settled."""
    if _UNSETTLED.search(text) is not None:
        return None
    if _HAS_LATIN_LETTER.search(text) is not None and from_english(text) != text:
        return None
    return settled_code(text)


def settled_code(text: str) -> str:
    """The `sound_code` of a text known to be settled (`unsettled_class` finds nothing in it)."""
    return text.translate(_CODE_TABLE)


def _normalize_stepwise(text: str) -> NormalizedText:
    """`normalize_uncached` without the settled-text shortcut: every step's guard is tested."""
    steps: list[str] = []
    plain = _PLAIN.fullmatch(text) is not None
    if plain:
        # CJK unified ideographs and ASCII lower-case letters and digits only: NFKC, invisibles,
        # confusables, casefold and the symbol filter would each leave the text as it is.
        current = text
        words = tuple(_LATIN_WORD.findall(text)) if _HAS_LATIN_LETTER.search(text) else ()
    else:
        current = unicodedata.normalize("NFKC", text)
        if current != text:
            steps.append("nfkc")
        if _HAS_RADICAL.search(current):
            after = current.translate(RADICALS)
            if after != current:
                steps.append("radical")
                current = after
        after = strip_invisibles(current)
        if after != current:
            steps.append("invisible")
            current = after
        if _HAS_CONFUSABLE.search(current):
            after = current.translate(CONFUSABLES)
            if after != current:
                steps.append("confusable")
                current = after
        after = current.casefold()
        if after != current:
            steps.append("casefold")
            current = after
        if _HAS_TONE.search(current):  # pinyin typed with tone marks (guó) keeps its letters (guo)
            current = current.translate(_TONELESS)
            steps.append("tone")
        words = tuple(_LATIN_WORD.findall(current))  # the Latin words as displayed, before symbols go
    if words:  # Guangzhou Public Security Bureau: guangzhou 公安局; Dr Wang: wang医生
        after = from_english(current)
        if after != current:
            steps.append("english")
            current = after
    if not current.isascii() and (_T2S_TRIGGERS is None or not _T2S_TRIGGERS.isdisjoint(current)):
        # opencc leaves ASCII, and text without a character its dictionaries change, alone (t2s_guard.py)
        after = _T2S.convert(current)
        if after != current:
            steps.append("t2s")
            current = after
    if not plain or current is not text:  # a plain text t2s left alone has no symbol to drop
        after = _DROPPED.sub("", current)
        if after != current:
            steps.append("symbol")
            current = after
    shape = current
    if _HAS_LOOKALIKE.search(current):
        shape = current.translate(LOOKALIKES)
        if shape != current:
            steps.append("lookalike")
    return NormalizedText(text, current, shape, tuple(steps), current.translate(_CODE_TABLE), words)


@lru_cache(maxsize=NAME_CACHE_SIZE)
def normalize(text: str) -> NormalizedText:
    """All views of `text`; cached because the same names recur across events."""
    return normalize_uncached(text)


class _LazyTable(dict[int, str]):
    """`str.translate` table from a character to `of(character)`, filled on first sight (no per-character
    Python loop once a character has been seen: the registry build reads 51,000 names this way)."""

    def __init__(self, of: Callable[[str], str]) -> None:
        super().__init__()
        self._of = of

    def __missing__(self, key: int) -> str:
        value = self[key] = self._of(chr(key))
        return value


_SYLLABLE_TABLE = _LazyTable(syllable)
_INITIAL_TABLE = _LazyTable(initial)


def pinyin_key(canonical: str) -> str:
    """"人民日报" → "renminribao" (`syllable` of each character, joined)."""
    return canonical.translate(_SYLLABLE_TABLE)


def initials_key(canonical: str) -> str:
    """"人民日报" → "rmrb" (`initial` of each character, joined)."""
    return canonical.translate(_INITIAL_TABLE)


_SEGMENT_END = frozenset("省市县区州旗盟")


_TONELESS = str.maketrans({
    **dict.fromkeys("āáǎà", "a"), **dict.fromkeys("ēéěè", "e"), **dict.fromkeys("īíǐì", "i"),
    **dict.fromkeys("ōóǒò", "o"), **dict.fromkeys("ūúǔù", "u"), **dict.fromkeys("ǖǘǚǜü", "v"),
    **dict.fromkeys("ńňǹ", "n"), **dict.fromkeys("ḿ", "m"),
})
_LONGEST_PHRASE = 6


@lru_cache(maxsize=NAME_CACHE_SIZE)
def _phrase_syllables(segment: str) -> tuple[str, ...]:
    """Greedy longest match against pypinyin's phrase dictionary; single characters otherwise."""
    out: list[str] = []
    i = 0
    while i < len(segment):
        for size in range(min(_LONGEST_PHRASE, len(segment) - i), 1, -1):
            readings = PHRASES_DICT.get(segment[i:i + size])
            if readings:
                out += [r[0].translate(_TONELESS) for r in readings]
                i += size
                break
        else:
            out.append(syllable(segment[i]))
            i += 1
    return tuple(out)


def phrase_syllables(canonical: str) -> tuple[str, ...]:
    """Pinyin read as phrases, so 成都 is "chengdu" (how attackers type it), not "chengdou".

    Names are read in segments ending at a division level character (成都市|公安局): phrases never span
    that boundary in official names, and the segments recur, so each is read once (build speed).
    """
    syllables: list[str] = []
    start = 0
    for end, ch in enumerate(canonical, start=1):
        if ch in _SEGMENT_END and end - start >= 2:
            syllables += _phrase_syllables(canonical[start:end])
            start = end
    if start < len(canonical):
        syllables += _phrase_syllables(canonical[start:])
    return tuple(syllables)


def phrase_sound_code(canonical: str, syllables: tuple[str, ...] | None = None) -> str | None:
    """The syllable codes of `canonical` (all characters) read as phrases — 重庆 chong|qing, 厦门 xia|men,
    银行 yin|hang — when that differs from `sound_code`, which reads each character by its first reading
    (zhong|qing, sha|men, yin|xing); None when it is the same or not one syllable a character. A homophone is
    written by how the name is said (崇庆, 下门, 银航), so a name is heard both ways. `syllables`: its
    `phrase_syllables`, when the caller has them."""
    syllables = phrase_syllables(canonical) if syllables is None else syllables
    if len(syllables) != len(canonical) or not all(is_han(ch) for ch in canonical):
        return None
    code = "".join(syllable_code(s) for s in syllables)
    return None if code == canonical.translate(_CODE_TABLE) else code


@cache
def _second_syllables() -> frozenset[tuple[str, str]]:
    """(first character, toneless second syllable) of pypinyin's two-character phrases (built on first use)."""
    return frozenset((word[0], readings[1][0].translate(_TONELESS)) for word, readings in PHRASES_DICT.items()
                     if len(word) == 2 and len(readings) == 2)


def completes_a_word(han: str, spoken: str) -> bool:
    """Whether `spoken`, typed after the character `han`, is the second half of a two-character word
    (中 + guo is 中国): a syllable in pinyin glued to the character before it reads with it."""
    return (han, spoken) in _second_syllables()


def phrase_pinyin(canonical: str) -> str:
    return "".join(phrase_syllables(canonical))


def phrase_initials(canonical: str) -> str:
    return "".join(s[0] for s in phrase_syllables(canonical) if s)
