"""A display name written backwards (局安公县阳沭 for 沭阳县公安局, 警交泽菏 for 菏泽交警), or with its organ word
before its place (公安局·广州市 官方, 交警之商丘) — D1, D4.

Written backwards or turned around, a place's organ keeps every character and any reader sees it ("倒着念懂的都懂"). A
name is read backwards only when, so read, a place's name stands before an organ word (a cheap test over two automata
that most names fail), and turned around only when it is an organ word, perhaps 之 or 的, and a place's name, with
nothing after but padding; only the name readings count there (the body's name, the place's organ), and what they find
is pointed back at the name as sent, one step less sure than a reading of the name as written.
"""

from __future__ import annotations

import dataclasses

from enforcement.detectors.evidence import as_read_from
from enforcement.detectors.profile import NAME_FIELDS, ProfileView, read_another_way
from enforcement.identity import IdentityIndex
from enforcement.identity.index import DIVISION, ORGAN
from enforcement.text import is_han, normalize
from enforcement.violations import Violation

STEP = "reversed"
TURNED_STEP = "turned_around"
_NAME_RULES = frozenset({"official_name_exact", "official_name_similar", "division_official_function"})
_DISGUISE = 0.9  # how much less sure a reading backwards is than one of the name as written
_SHORTEST = 4  # a place of two characters and an organ word of two


def may_read_backwards(index: IdentityIndex, field: str, value: str) -> bool:
    """A cheap necessary test for `reversed_view`: a name opening with an organ word's last character and ending with a
    place's first two backwards, whose reversal the screen finds a place's name and an organ word in (two set look-ups
    for nearly every name)."""
    return (field in NAME_FIELDS and value[:1] in index.organ_endings and value[:-3:-1] in index.place_openings
            and index.names.scan_raw(value[::-1]) & _PLACE_AND_ORGAN == _PLACE_AND_ORGAN)


_PLACE_AND_ORGAN = DIVISION | ORGAN


def reversed_view(index: IdentityIndex, profile: ProfileView) -> tuple[ProfileView, dict[str, str]] | None:
    """The profile with each name that reads backwards as a place and an organ word written backwards, and per field
    the name as sent; None when no name does."""
    def backwards(field: str, value: str) -> tuple[str, str] | None:
        read = value[::-1]
        if may_read_backwards(index, field, value) and _a_place_before_an_organ(index, normalize(read).canonical):
            return read, value
        return None

    return read_another_way(profile, backwards)


def swapped_view(index: IdentityIndex, profile: ProfileView) -> tuple[ProfileView, dict[str, str]] | None:
    """The profile with each name that is an organ word and then a place's name (and padding) read with the place
    first, and per field the name as sent; None when no name is so."""
    def turned_around(field: str, value: str) -> tuple[str, str] | None:
        turned = _turned_around(index, value) if field in NAME_FIELDS else None
        return None if turned is None else (turned, value)

    return read_another_way(profile, turned_around)


_JOINING = ("之", "的")  # what may join the organ word to the place turned after it (交警之商丘)


def _turned_around(index: IdentityIndex, value: str) -> str | None:
    if value[:1] not in index.organ_openings:  # as sent: most names open with no organ word's first character
        return None
    canonical = normalize(value).canonical
    core = index.before_padding(canonical)
    organ = max((h for h in index.organ_words.find(core) if h.start == 0), key=lambda h: h.end, default=None)
    if organ is None:
        return None
    at = organ.end + len(next((word for word in _JOINING if core.startswith(word, organ.end)), ""))
    place = next((h for h in index.division_finder.find(core) if h.start == at and h.end == len(core)), None)
    if place is None or not all(map(is_han, core)):
        return None
    return core[at:] + core[:organ.end] + canonical[len(core):]


def _a_place_before_an_organ(index: IdentityIndex, canonical: str) -> bool:
    if len(canonical) < _SHORTEST or not all(map(is_han, canonical)):
        return False
    organs = index.organ_words.find(canonical)
    if not organs:
        return False
    return any(place.end <= organ.start for place in index.division_finder.find(canonical) for organ in organs)


def as_sent(violation: Violation, sent: dict[str, str]) -> Violation | None:
    """A name reading's finding in the name read backwards, pointed back at the name as sent (`_pointed_back`)."""
    return _pointed_back(violation, sent, STEP)


def turned_as_sent(violation: Violation, sent: dict[str, str]) -> Violation | None:
    """A name reading's finding in the name turned around, pointed back at the name as sent (`_pointed_back`)."""
    return _pointed_back(violation, sent, TURNED_STEP)


def _pointed_back(violation: Violation, sent: dict[str, str], step: str) -> Violation | None:
    """A name reading's finding in the name read another way round, pointed back at the name as sent (its span the
    whole name), one step less sure; None for any other finding. A body's exact name so read is a similar name: it
    is not written so."""
    original = sent.get(violation.field)
    if original is None or violation.rule not in _NAME_RULES:
        return None
    evidence = as_read_from(violation.evidence, original, step)
    if evidence.get("span") is not None:
        evidence["span"] = [0, len(original)]  # the characters read are spread over the name as sent
    rule = "official_name_similar" if violation.rule == "official_name_exact" else violation.rule  # not as written
    return dataclasses.replace(violation, rule=rule, confidence=round(violation.confidence * _DISGUISE, 4),
                               evidence=evidence)
