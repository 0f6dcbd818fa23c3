"""The toneless pinyin syllables, spelled as typed (ü as v): what a Latin run may be read as."""

from __future__ import annotations

from pypinyin.pinyin_dict import pinyin_dict

_TONED = str.maketrans({
    **dict.fromkeys("āáǎà", "a"), **dict.fromkeys("ēéěè", "e"), **dict.fromkeys("īíǐì", "i"),
    **dict.fromkeys("ōóǒò", "o"), **dict.fromkeys("ūúǔù", "u"), **dict.fromkeys("ǖǘǚǜü", "v"),
    **dict.fromkeys("ńňǹ", "n"), **dict.fromkeys("ḿ", "m"),
})


def _syllables() -> frozenset[str]:
    """Every toneless reading pypinyin knows (about 410)."""
    out: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            plain = reading.translate(_TONED)
            if plain.isascii() and plain.isalpha():
                out.add(plain)
    return frozenset(out)


SYLLABLES = _syllables()
_LONGEST = max(map(len, SYLLABLES))


def syllable_count(word: str) -> int:
    """How few whole syllables spell `word` (guangzhou: 2), 0 when none do (the, police). Linear in the
    word's length: each position is reached from at most the longest syllable's length before it."""
    best = [0] + [-1] * len(word)
    for end in range(1, len(word) + 1):
        for size in range(1, min(_LONGEST, end) + 1):
            before = best[end - size]
            if before >= 0 and word[end - size:end] in SYLLABLES and (best[end] < 0 or before + 1 < best[end]):
                best[end] = before + 1
    return max(best[-1], 0)
