"""Words written partly in pinyin (医保ju, 交jing队小李, 协和医yuan官方号, 退役军人事务部guan方) written back in
Chinese, and the profile read again — D1, D3, D4, D5, D6, D8.

The detectors read a title, a role or a news word partly in pinyin where it stands (beside a name: 爱你yi生 is no
doctor), and a protected name partly in pinyin by its initials; an organ word, a unit, an institution's kind or an
official mark partly in pinyin inside a longer name hides the word the other readings look for (交jing队 holds no
交警队 for the staff reading, 医yuan no 医院 for the hospital's). Each of those found partly in pinyin (each character
left is the word's own, each Latin token a whole syllable of it: `MixedWordView`) is written back in Chinese, and the
profile is read again for what the text as sent did not break already; what is found is pointed back at the text as
sent, one step less sure. A two-character role or title written as its first character and the second's initial
alone (民J老王, 辅j一枚, 律S王磊) is written back too: whether it labels its holder, the readings decide.
"""

from __future__ import annotations

import re
from functools import lru_cache

from enforcement.detectors.evidence import Origins, pointed_back_over
from enforcement.detectors.profile import ProfileView, read_another_way
from enforcement.identity import IdentityIndex
from enforcement.identity.index import TermFinder
from enforcement.text import is_han, normalize
from enforcement.text.normalize import initial
from enforcement.text.trace import trace
from enforcement.violations import Violation

STEP = "pinyin_written_back"
_DISGUISE = 0.9  # how much less sure a reading of the words written back is than one of the text as written
_LATIN_BY_HAN = re.compile("[A-Za-z][\u4e00-\u9fff]|[\u4e00-\u9fff][A-Za-z]")



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
    hits = [*index.words_in_latin.find(canonical),
            *_half_in_initials(canonical, _by_first_and_initial(index.staff_roles, index.titles))]
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


# A two-character role or title written as its first character and the second's initial, alone between a Chinese
# character and what is not a letter (民J, 辅j一枚, 律S王): the letter is a whole word's initial only there
_HALF_IN_INITIALS = re.compile("(?<=[\u4e00-\u9fff])[a-z](?![a-z])")


# First characters that end a place's name or begin everyday words, before which a letter is anyone's (上海市z, 中Y):
# 市长, 县长, 中医 … are not read from them
_EVERYONES_FIRST = frozenset("省市县区州镇乡村中大小老")


@lru_cache(maxsize=4)
def _by_first_and_initial(roles: TermFinder, titles: TermFinder) -> dict[str, str]:
    """The two-character roles and titles by their first character and their second's initial (民j → 民警), the keys
    two words share left out (医s is 医生 and 医师 — both a doctor, but the reading would have to choose)."""
    found: dict[str, set[str]] = {}
    for word in (*roles.terms, *titles.terms):
        if len(word) == 2 and is_han(word[0]) and is_han(word[1]) and word[0] not in _EVERYONES_FIRST:
            found.setdefault(word[0] + initial(word[1]), set()).add(word)
    return {key: next(iter(words)) for key, words in found.items() if len(words) == 1}


def _half_in_initials(canonical: str, words: dict[str, str]) -> list[tuple[str, int, int]]:
    """(word, start, end) for each role or title written as its first character and the second's initial."""
    return [(words[key], m.start() - 1, m.end()) for m in _HALF_IN_INITIALS.finditer(canonical)
            if (key := canonical[m.start() - 1] + m[0]) in words]


def as_sent(violation: Violation, origins: Origins) -> Violation:
    """A violation found in the text written back, pointed back at the text as sent: its span over the characters
    it came from, the text written back as the first step, one step less sure."""
    return pointed_back_over(violation, origins, STEP, _DISGUISE)
