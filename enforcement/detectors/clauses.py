"""Where a bio's clauses end as written (at punctuation, spaces and dashes, which the canonical text drops), and
what book-title marks enclose."""

from __future__ import annotations

import re

from enforcement.text import normalize
from enforcement.text.trace import trace

# punctuation, spaces, dashes, brackets, the stroke 丨 bios use as a bar, and pictographs (辽宁省公安厅📍守护一方平安) —
# not the ASCII symbols (#, *, +) and invisible characters written inside words as evasion (医#生, 公\u200b安局), nor
# a hyphen between two Latin letters or digits, which is part of a name (CCTV-9, COVID-19)
CLAUSE_END = re.compile("[\\s，,。.;；:：!！?？|｜/、~—–·•丨【】（）()]"
                        "|(?<![A-Za-z0-9])-|-(?![A-Za-z0-9])"
                        "|[\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff]")


def opening_clause(original: str) -> str:
    """The clause a bio opens with, as written: up to its first punctuation, space or dash — after the brackets,
    marks and pictographs it may begin with (【宽甸县公安局】平安宽甸 opens with 宽甸县公安局)."""
    for clause in CLAUSE_END.split(original.strip()):
        if clause:
            return clause
    return ""


# The word a notice calls itself by, after the name of who gives it (税务局通知：…, 【农业农村局公告】…)
NOTICE_WORDS = ("紧急通知", "重要通知", "温馨提示", "通知", "公告", "通告", "提醒", "提示", "传票")

SENTENCE_END = re.compile("[，,。;；!！?？]")  # what ends a clause of a sentence: not a space, a bar or a dash


def sentence_ends_between(original: str, canonical_end: int, canonical_start: int) -> bool:
    """The text as sent has a comma, a full stop, a semicolon, an exclamation or a question mark between where its
    canonical characters [.., canonical_end) and [canonical_start, ..) came from: they belong to two clauses
    (…以中央气象台为准，本号只做科普)."""
    if SENTENCE_END.search(original) is None:
        return False  # most texts
    return SENTENCE_END.search(written_between(original, canonical_end, canonical_start)) is not None


def opening_canonical(original: str) -> str:
    """The canonical text of the clause a bio opens with (`opening_clause`): what most readings compare the bio's own
    canonical text against."""
    return normalize(opening_clause(original)).canonical


def sentence_ends_inside(original: str, start: int, end: int) -> bool:
    """A sentence's punctuation (`SENTENCE_END`) stands inside the canonical span [start, end) as the text was
    sent: a word read across it joins two clauses (研究生，导师是… holds no 研究生导师)."""
    if SENTENCE_END.search(original) is None:
        return False  # most texts
    return any(sentence_ends_between(original, at, at) for at in range(start + 1, end))


def written_between(original: str, canonical_end: int, canonical_start: int) -> str:
    """What the text as sent holds between where its canonical characters [.., canonical_end) and
    [canonical_start, ..) came from: the punctuation, spaces and symbols the canonical text dropped there."""
    if canonical_end <= 0:
        return ""
    written = trace(original)
    return original[written.span(canonical_end - 1, canonical_end)[1]:
                    written.span(canonical_start, canonical_start + 1)[0]]


WORKS_TITLE = re.compile("《([^《》]*)》")  # a work's title in book-title marks
QUOTED = re.compile("“([^“”]*)”|「([^「」]*)」|\"([^\"]*)\"")  # words quoted


def only_in_marks(original: str, written: str, marks: re.Pattern[str]) -> bool:
    """`written` (canonical) stands in the text as sent only inside what `marks` enclose."""
    if marks.search(original) is None:
        return False  # most texts
    inside = [normalize("".join(part or "" for part in found.groups())).canonical for found in marks.finditer(original)]
    return any(written in part for part in inside) and written not in normalize(marks.sub("|", original)).canonical


def only_in_works_titles(original: str, written: str) -> bool:
    """`written` (canonical) stands in the text as sent only inside book-title marks: the name of a book, a series
    or a film (《精英律师》罗槟粉, 在写《重生之我是大律师》), not the author's own title."""
    return "《" in original and only_in_marks(original, written, WORKS_TITLE)
