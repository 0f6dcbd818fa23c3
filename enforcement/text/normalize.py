"""Normalisation that sees through evasion (D1, D3): every step is recorded for the evidence.

NFKC (full-width, Kangxi radicals) → invisibles → Latin confusables → casefold → traditional to
simplified (opencc) → drop symbols, spaces and emoji. Views on top: `shape` (look-alikes folded),
`sound` (toneless pinyin per character) and `latin` (the ASCII letters and digits).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import opencc
from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

from enforcement.text.confusables import CONFUSABLES
from enforcement.text.invisibles import strip_invisibles
from enforcement.text.lookalike import LOOKALIKES

_T2S = opencc.OpenCC("t2s")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """One text under every view the matcher searches, and the steps that changed it."""

    original: str
    canonical: str
    shape: str
    sound: tuple[str, ...]
    latin: str
    steps: tuple[str, ...]


def is_kept(ch: str) -> bool:
    """CJK ideographs and ASCII letters/digits survive normalisation; everything else is a symbol."""
    code = ord(ch)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
        or ("a" <= ch <= "z")
        or ("0" <= ch <= "9")
    )


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


@lru_cache(maxsize=200_000)
def normalize(text: str) -> NormalizedText:
    """All views of `text`; cached because the same names recur across events."""
    steps: list[str] = []
    current = unicodedata.normalize("NFKC", text)
    if current != text:
        steps.append("nfkc")
    for name, step in (
        ("invisible", strip_invisibles),
        ("confusable", lambda t: t.translate(CONFUSABLES)),
        ("casefold", str.casefold),
        ("t2s", _T2S.convert),
        ("symbol", lambda t: "".join(ch for ch in t if is_kept(ch))),
    ):
        after = step(current)
        if after != current:
            steps.append(name)
            current = after
    shape = current.translate(LOOKALIKES)
    if shape != current:
        steps.append("lookalike")
    sound = tuple(syllable(ch) for ch in current)
    latin = "".join(ch for ch in current if ch < "\u0080")
    return NormalizedText(text, current, shape, sound, latin, tuple(steps))


def pinyin_key(canonical: str) -> str:
    """"人民日报" → "renminribao"."""
    return "".join(syllable(ch) for ch in canonical)


def initials_key(canonical: str) -> str:
    """"人民日报" → "rmrb"."""
    return "".join(initial(ch) for ch in canonical)


_SEGMENT_END = frozenset("省市县区州旗盟")


_TONELESS = str.maketrans({
    **dict.fromkeys("āáǎà", "a"), **dict.fromkeys("ēéěè", "e"), **dict.fromkeys("īíǐì", "i"),
    **dict.fromkeys("ōóǒò", "o"), **dict.fromkeys("ūúǔù", "u"), **dict.fromkeys("ǖǘǚǜü", "v"),
    **dict.fromkeys("ńňǹ", "n"), **dict.fromkeys("ḿ", "m"),
})
_LONGEST_PHRASE = 6


@lru_cache(maxsize=200_000)
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


def phrase_pinyin(canonical: str) -> str:
    return "".join(phrase_syllables(canonical))


def phrase_initials(canonical: str) -> str:
    return "".join(s[0] for s in phrase_syllables(canonical) if s)
