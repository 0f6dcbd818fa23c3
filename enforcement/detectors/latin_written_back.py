"""Words written partly in pinyin (医保ju, 交jing队小李, 协和医yuan官方号, 退役军人事务部guan方) written back in
Chinese, and the profile read again — D1, D3, D4, D5, D6, D8.

The detectors read a title, a role or a news word partly in pinyin where it stands (beside a name: 爱你yi生 is no
doctor), and a protected name partly in pinyin by its initials; an organ word, a unit, an institution's kind or an
official mark partly in pinyin inside a longer name hides the word the other readings look for (交jing队 holds no
交警队 for the staff reading, 医yuan no 医院 for the hospital's). Each of those found partly in pinyin (each character
left is the word's own, each Latin token a whole syllable of it: `MixedWordView`) is written back in Chinese, and the
profile is read again for what the text as sent did not break already; what is found is pointed back at the text as
sent, one step less sure.
"""

from __future__ import annotations

import dataclasses
import re

from enforcement.detectors.evidence import as_read_from
from enforcement.detectors.profile import ProfileView, read_another_way
from enforcement.identity import IdentityIndex
from enforcement.text import normalize
from enforcement.text.trace import trace
from enforcement.violations import Violation

STEP = "pinyin_written_back"
_DISGUISE = 0.9  # how much less sure a reading of the words written back is than one of the text as written
_LATIN_BY_HAN = re.compile("[A-Za-z][\u4e00-\u9fff]|[\u4e00-\u9fff][A-Za-z]")

# per field: the text as sent, and for each character of the text written back where it came from in it
Origins = dict[str, tuple[str, list[tuple[int, int]]]]


def written_back_view(index: IdentityIndex, profile: ProfileView) -> tuple[ProfileView, Origins] | None:
    """The profile with the vocabulary words partly in pinyin written back in Chinese; None when no text holds one
    (the common case: a text with no Latin letter beside a Chinese character is not read)."""
    def written_back(_field: str, value: str) -> tuple[str, tuple[str, list[tuple[int, int]]]] | None:
        written = _written_back(index, value) if _LATIN_BY_HAN.search(value) else None
        return None if written is None else (written[0], (value, written[1]))

    return read_another_way(profile, written_back)


def _written_back(index: IdentityIndex, value: str) -> tuple[str, list[tuple[int, int]]] | None:
    """`value` with its vocabulary words partly in pinyin written in Chinese (the longest first, none overlapping),
    and for each of its characters where in `value` it came from; None when it holds none."""
    canonical = normalize(value).canonical
    hits = index.words_in_latin.find(canonical)
    if not hits:
        return None
    chosen: list[tuple[str, int, int]] = []
    for word, start, end in sorted(hits, key=lambda hit: (hit[1] - hit[2], hit[1])):  # the longest first
        if all(end <= other_start or start >= other_end for _, other_start, other_end in chosen):
            chosen.append((word, start, end))
    found = trace(value)
    pieces: list[str] = []
    origins: list[tuple[int, int]] = []
    at = 0
    for word, start, end in sorted(chosen, key=lambda hit: hit[1]):
        first, last = found.span(start, end)
        if first < at:
            continue
        pieces.append(value[at:first])
        origins.extend((i, i + 1) for i in range(at, first))
        pieces.append(word)
        origins.extend([(first, last)] * len(word))
        at = last
    pieces.append(value[at:])
    origins.extend((i, i + 1) for i in range(at, len(value)))
    return "".join(pieces), origins


def as_sent(violation: Violation, origins: Origins) -> Violation:
    """A violation found in the text written back, pointed back at the text as sent: its span over the characters
    it came from, the text written back as the first step, one step less sure."""
    sent = origins.get(violation.field)
    if sent is None:
        return violation
    original, where = sent
    evidence = as_read_from(violation.evidence, original, STEP)
    span = evidence.get("span")
    if span is not None and 0 <= span[0] < span[1] <= len(where):
        evidence["span"] = [where[span[0]][0], where[span[1] - 1][1]]
    return dataclasses.replace(violation, confidence=round(violation.confidence * _DISGUISE, 4), evidence=evidence)
