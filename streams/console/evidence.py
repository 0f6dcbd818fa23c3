"""How a violation's evidence reads on the item page: the text with the matched part marked, the
normalisation steps, the identity matched, and every other evidence field as it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from enforcement.rules import RULES_BY_ID

# Evidence fields shown in their own places on the page; the rest go to the "other evidence" table.
_SHOWN = frozenset({"text", "matched", "steps", "protected_name", "canonical", "view", "field"})
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


def highlight(text: str, matched: str) -> tuple[tuple[Segment, ...], bool]:
    """`text` split so every occurrence of `matched` is marked; (whole text unmarked, False) when the
    matched part does not occur as written (it was found only in a normalised view of the text)."""
    if not text or not matched or matched not in text:
        return (Segment(text, False),) if text else (), False
    segments: list[Segment] = []
    start = 0
    while (at := text.find(matched, start)) >= 0:
        if at > start:
            segments.append(Segment(text[start:at], False))
        segments.append(Segment(matched, True))
        start = at + len(matched)
    if start < len(text):
        segments.append(Segment(text[start:], False))
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
    matched = str(evidence.get("matched") or "")
    segments, located = highlight(text, matched)
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
