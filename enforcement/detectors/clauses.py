"""Where a bio's clauses end as written: at punctuation, spaces and dashes, which the canonical text drops."""

from __future__ import annotations

import re

CLAUSE_END = re.compile(r"[\s，,。.;；:：!！?？|｜/、~—–·•-]")


def opening_clause(original: str) -> str:
    """The clause a bio opens with, as written: up to its first punctuation, space or dash."""
    return CLAUSE_END.split(original.strip(), maxsplit=1)[0]
