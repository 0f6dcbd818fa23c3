"""Characters written apart with spaces (社 保 局 官 方 服 务，…; 网 格 员 小 芳) read with the spaces taken out — every
requirement the text as sent did not break already.

A space parts a bio's clauses and a name's parts, so a word written a character at a time, a space after each, is no
word to the readings that look for a claim in a clause or a holder in a part. A run of three or more single Chinese
characters each parted from the next by spaces is joined, the profile is read again, and what is found is pointed back
at the text as sent.
"""

from __future__ import annotations

import re

from enforcement.detectors.evidence import Origins, pointed_back_over
from enforcement.detectors.profile import ProfileView, read_another_way
from enforcement.violations import Violation

STEP = "spaces_removed"
# three or more single Chinese characters, each parted from the next by spaces alone (村 委 会 主 任)
_SPACED = re.compile("(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?:[ \u3000]+[\u4e00-\u9fff](?![\u4e00-\u9fff])){2,}")
_SPACES = re.compile("[ \u3000]+")



def joined_view(profile: ProfileView) -> tuple[ProfileView, Origins] | None:
    """The profile with each run of spaced characters joined; None when no text holds one (the common case: a text
    with fewer than two spaces is not searched)."""
    def joined(_field: str, value: str) -> tuple[str, tuple[str, list[tuple[int, int]]]] | None:
        if value.count(" ") + value.count("\u3000") < 2:
            return None
        runs = list(_SPACED.finditer(value))
        if not runs:
            return None
        spaces = {at for run in runs for space in _SPACES.finditer(value, run.start(), run.end())
                  for at in range(space.start(), space.end())}
        kept = [at for at in range(len(value)) if at not in spaces]
        return "".join(value[at] for at in kept), (value, [(at, at + 1) for at in kept])

    return read_another_way(profile, joined)


def as_sent(violation: Violation, origins: Origins) -> Violation:
    """A violation found in the text joined, pointed back at the text as sent: its span over the characters it came
    from, the joined text as the first step."""
    return pointed_back_over(violation, origins, STEP)
