"""NameMatcher: every protected name found in a text under any evasion view (D1, D3).

One Aho-Corasick automaton per view. Views, and why each has the confidence it has:
- canonical (1.0): the protected name itself once invisibles, symbols, width and script are undone;
- shape (0.9): the same after folding rare look-alike characters (形近字);
- sound (0.8): the same syllables (谐音) — at least 4 characters anywhere, or a 3-character name
  that is the whole display name, so short homophones do not flood false positives;
- pinyin (0.8): the name typed as pinyin ("renminribao"), same length rule;
- initials (0.6): the initials ("RMRB") as a whole Latin word, names of 4+ characters only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick_rs

from enforcement.text.confusables import CONFUSABLES
from enforcement.text.invisibles import strip_invisibles
from enforcement.text.normalize import (
    NormalizedText,
    initials_key,
    normalize,
    phrase_initials,
    phrase_pinyin,
    pinyin_key,
)

CONFIDENCE = {"canonical": 1.0, "shape": 0.9, "sound": 0.8, "pinyin": 0.8, "initials": 0.6}
_SEP = "|"
_LATIN_WORD = re.compile(r"[a-z]+")


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
        found = self.automaton.find_matches_as_indexes(haystack, overlapping=True)
        return [(self.owners[i], s, e) for i, s, e in found]


def _sound_string(tokens: Iterable[str]) -> tuple[str, list[int]]:
    """"|ren|min|ri|bao|" and the offset of each token's leading separator."""
    parts, offsets, position = [], [], 0
    for token in tokens:
        offsets.append(position)
        parts.append(_SEP + token)
        position += len(token) + 1
    return "".join(parts) + _SEP, offsets


def latin_words(original: str) -> list[str]:
    """Maximal runs of Latin letters in the text as displayed (separated by anything else)."""
    folded = strip_invisibles(unicodedata.normalize("NFKC", original)).translate(CONFUSABLES).casefold()
    return _LATIN_WORD.findall(folded)


class NameMatcher:
    """Finds protected names in normalised text; build once per registry snapshot."""

    def __init__(self, views: dict[str, _View], initials: dict[str, list[Pattern]], min_sound_len: int) -> None:
        self._views = views
        self._initials = initials
        self._min_sound = min_sound_len

    @classmethod
    def build(cls, patterns: Iterable[Pattern], *, min_sound_len: int = 3, min_initials_len: int = 4) -> NameMatcher:
        canonical: dict[str, list[Pattern]] = {}
        shape: dict[str, list[Pattern]] = {}
        sound: dict[str, list[Pattern]] = {}
        pinyin: dict[str, list[Pattern]] = {}
        initials: dict[str, list[Pattern]] = {}
        for pattern in patterns:
            text = normalize(pattern.name)
            if not text.canonical:
                continue
            canonical.setdefault(text.canonical, []).append(pattern)
            shape.setdefault(text.shape, []).append(pattern)
            hanzi = not text.latin
            if hanzi and len(text.canonical) >= min_sound_len:
                sound.setdefault(_sound_string(text.sound)[0], []).append(pattern)
                for key in {pinyin_key(text.canonical), phrase_pinyin(text.canonical)}:
                    pinyin.setdefault(key, []).append(pattern)
            if hanzi and len(text.canonical) >= min_initials_len:
                for key in {initials_key(text.canonical), phrase_initials(text.canonical)}:
                    initials.setdefault(key, []).append(pattern)
        views = {"canonical": _View(canonical), "shape": _View(shape), "sound": _View(sound), "pinyin": _View(pinyin)}
        return cls(views, initials, min_sound_len)

    def find(self, text: NormalizedText) -> list[Match]:
        """Every protected name in `text`, one Match per (key, name), best view first."""
        best: dict[tuple[str, str], Match] = {}

        def offer(owners: list[Pattern], view: str, start: int, end: int, matched: str) -> None:
            for owner in owners:
                candidate = Match(owner.key, owner.name, view, start, end, matched, CONFIDENCE[view],
                                  (*text.steps, view))
                current = best.get((owner.key, owner.name))
                if current is None or candidate.confidence > current.confidence:
                    best[(owner.key, owner.name)] = candidate

        canonical = text.canonical
        for owners, s, e in self._views["canonical"].find(canonical):
            offer(owners, "canonical", s, e, canonical[s:e])
        if text.shape != canonical:
            for owners, s, e in self._views["shape"].find(text.shape):
                offer(owners, "shape", s, e, canonical[s:e])
        if len(text.sound) >= self._min_sound:
            haystack, offsets = _sound_string(text.sound)
            starts = {offset: i for i, offset in enumerate(offsets)}
            for owners, s, e in self._views["sound"].find(haystack):
                first = starts[s]
                last = first + haystack[s:e].count(_SEP) - 1
                if last - first < 4 and (first, last) != (0, len(text.sound)):
                    continue  # a 3-syllable homophone must be the whole name
                offer(owners, "sound", first, last, canonical[first:last])
        if text.latin:
            words = latin_words(text.original)
            for word in words:
                if len(word) < 6:
                    continue
                for owners, s, e in self._views["pinyin"].find(word):
                    if e - s == len(word) or len(owners[0].name) >= 4:
                        offer(owners, "pinyin", s, e, word[s:e])
            for word in words:
                for owner in self._initials.get(word, ()):
                    offer([owner], "initials", 0, len(word), word)
        return sorted(best.values(), key=lambda m: (-m.confidence, -(m.end - m.start), m.key))
