"""A padding word put inside a protected name (杭州市（官方）公安局, 人民【官方】日报): the name is read again
without it. Padding around a name (官方人民日报, 人民日报官方) is each detector's own business; inside, it
splits the name so that no detector sees it whole."""

from __future__ import annotations

import dataclasses
import re

from enforcement.detectors.evidence import as_read_from
from enforcement.detectors.profile import NAME_FIELDS, ProfileView, read_another_way
from enforcement.violations import Violation

# 官方 or 官微 with the brackets, marks and spaces around it, between kept characters (letters, digits, Han)
_INSIDE = re.compile(r"(?<=\w)[\W_]*(?:官方|官微)[\W_]*(?=\w)")
STEP = "padding_inside"


def may_be_padded(value: str) -> bool:
    """Whether `value` may hold a padding word inside it: both begin with 官 (the cheap test before the regex)."""
    return "官" in value


def without_inner_padding(value: str, padding: tuple[str, ...]) -> tuple[str, int, int] | None:
    """`value` with the first padding word inside it removed, and the removed part's [start, end) in `value`;
    None when there is none. A padding word next to another (人民日报官方账号, 官方发布) pads the name's end
    or start, and stays: only one between two parts of a name is inside it."""
    for found in _INSIDE.finditer(value):
        # the match took the symbols around the word: a kept character stands on either side of it
        if not value.startswith(padding, found.end()) and not value.endswith(padding, 0, found.start()):
            return value[:found.start()] + value[found.end():], found.start(), found.end()
    return None


def unpadded_view(profile: ProfileView, padding: tuple[str, ...],
                  ) -> tuple[ProfileView, dict[str, tuple[str, int, int]]] | None:
    """The profile with each name's inner padding removed (`padding`: the padding words, normalised), and per
    field what was removed (the text as sent, and where); None when no name holds any."""
    if not any(may_be_padded(value) for _, value in profile.fields):
        return None  # the common case, without a regular expression

    def unpadded(field: str, value: str) -> tuple[str, tuple[str, int, int]] | None:
        cut = without_inner_padding(value, padding) if field in NAME_FIELDS else None
        return None if cut is None else (cut[0], (value, cut[1], cut[2]))

    return read_another_way(profile, unpadded)


def as_sent(violation: Violation, removed: dict[str, tuple[str, int, int]]) -> Violation:
    """A violation found in the unpadded name, its evidence pointed back at the name as sent: the span widened
    over the removed padding, the unpadded text as the first step."""
    return shifted_back(violation, removed, STEP)


def shifted_back(violation: Violation, removed: dict[str, tuple[str, int, int]], step: str) -> Violation:
    """A violation found in a field with [start, end) of it removed (`removed`: per field, the text as sent and
    where), its evidence pointed back at the text as sent: the span moved or widened over what was removed, the
    shorter text as the first step, `step`."""
    cut = removed.get(violation.field)
    if cut is None:
        return violation
    original, start, end = cut
    evidence = as_read_from(violation.evidence, original, step)
    span = evidence.get("span")
    if span is not None:
        width = end - start
        evidence["span"] = [span[0] if span[0] < start else span[0] + width,
                            span[1] if span[1] <= start else span[1] + width]
    return dataclasses.replace(violation, evidence=evidence)
