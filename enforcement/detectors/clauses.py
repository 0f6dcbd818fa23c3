"""Where a bio's clauses end as written (at punctuation, spaces and dashes, which the canonical text drops), and
what book-title marks enclose."""

from __future__ import annotations

import re

from enforcement.text import normalize

CLAUSE_END = re.compile(r"[\s，,。.;；:：!！?？|｜/、~—–·•-]")


def opening_clause(original: str) -> str:
    """The clause a bio opens with, as written: up to its first punctuation, space or dash."""
    return CLAUSE_END.split(original.strip(), maxsplit=1)[0]


WORKS_TITLE = re.compile("《([^《》]*)》")  # a work's title in book-title marks


def only_in_works_titles(original: str, written: str) -> bool:
    """`written` (canonical) stands in the text as sent only inside book-title marks: the name of a book, a series
    or a film (《精英律师》罗槟粉, 在写《重生之我是大律师》), not the author's own title."""
    if "《" not in original:
        return False  # most texts
    inside = [normalize(found.group(1)).canonical for found in WORKS_TITLE.finditer(original)]
    return any(written in title for title in inside) and written not in normalize(
        WORKS_TITLE.sub("|", original)).canonical
