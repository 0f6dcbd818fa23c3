"""How a violation's evidence reads on the item page: the text with the matched part marked, the
normalisation steps, the identity matched, and every other evidence field as it is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from enforcement.rules import RULES_BY_ID

# Evidence fields shown in their own places on the page; the rest go to the "other evidence" table.
_SHOWN = frozenset({"text", "matched", "steps", "protected_name", "canonical", "view", "field"})
# Evidence fields that name the part of the text that matched, by rule family (D1-D3, D4, D5).
_NEEDLES = ("matched", "place_text", "function_word", "role")
# Owner identity hashes never reach a page (nor do reporter ids: they are personal data of the reporters).
_HIDDEN = frozenset({"identity_hash", "owner", "owner_identity", "reporter_ids", "reporters"})


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    matched: bool


@dataclass(frozen=True, slots=True)
class ViolationView:
    violation_id: str
    requirement: str
    rule: str
    rule_summary: str
    severity: str
    confidence: float
    field: str
    identity: str
    protected_name: str
    segments: tuple[Segment, ...]
    located: bool  # the matched part was found in the text as written (else it matched only after normalising)
    matched: str
    steps: tuple[str, ...]
    canonical: str
    view: str
    other: tuple[tuple[str, str], ...]
    occurred_at: str


def highlight(text: str, needles: Sequence[str]) -> tuple[tuple[Segment, ...], bool]:
    """`text` split so every occurrence of each needle (the matched part, or a D4 place name and function
    word, or a D5 staff role) is marked, longest first; (whole text unmarked, False) when none occurs as
    written (it was found only in a normalised view of the text)."""
    wanted = sorted({n for n in needles if n and n in text}, key=len, reverse=True)
    if not text or not wanted:
        return ((Segment(text, False),) if text else ()), False
    marked = [False] * len(text)
    for needle in wanted:
        start = 0
        while (at := text.find(needle, start)) >= 0:
            if not any(marked[at:at + len(needle)]):  # a longer needle already covers this place
                marked[at:at + len(needle)] = [True] * len(needle)
            start = at + 1
    segments: list[Segment] = []
    for char, flag in zip(text, marked, strict=True):
        if segments and segments[-1].matched == flag:
            segments[-1] = Segment(segments[-1].text + char, flag)
        else:
            segments.append(Segment(char, flag))
    return tuple(segments), True


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items() if k not in _HIDDEN)
    return str(value)


def violation_view(record: dict[str, Any]) -> ViolationView:
    """One violation record of a review item, ready for the page."""
    evidence = record.get("evidence") or {}
    text = str(evidence.get("text") or "")
    needles = [str(evidence[k]) for k in _NEEDLES if evidence.get(k)]
    matched = " + ".join(needles)
    segments, located = highlight(text, needles)
    rule = str(record.get("rule", ""))
    known = RULES_BY_ID.get(rule)
    return ViolationView(
        violation_id=str(record.get("violation_id", "")),
        requirement=str(record.get("requirement", "")),
        rule=rule,
        rule_summary=known.summary if known else "",
        severity=str(record.get("severity", "")),
        confidence=float(record.get("confidence", 0.0)),
        field=str(record.get("field") or evidence.get("field") or ""),
        identity=str(record.get("identity", "")),
        protected_name=str(evidence.get("protected_name") or ""),
        segments=segments,
        located=located,
        matched=matched,
        steps=tuple(str(s) for s in evidence.get("steps") or ()),
        canonical=str(evidence.get("canonical") or ""),
        view=str(evidence.get("view") or ""),
        other=tuple((k, _plain(v)) for k, v in sorted(evidence.items()) if k not in _SHOWN and k not in _HIDDEN),
        occurred_at=str(record.get("occurred_at", "")),
    )
