"""Evidence shared by the identity detectors: what matched, where, and how it was found."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from enforcement.identity import TermHit
from enforcement.text import Match, NormalizedText
from enforcement.text.trace import evidence_location
from enforcement.violations import Violation

# per field: the text as sent, and for each character of a text derived from it the span it came from there
Origins = dict[str, tuple[str, list[tuple[int, int]]]]


def as_read_from(evidence: Mapping[str, Any], original: str, step: str) -> dict[str, Any]:
    """`evidence` of a finding in a text derived from the text as sent (`original`) by `step` — padding removed,
    read backwards, pinyin written back …: the text as sent, and the derived text as the first step."""
    derived = dict(evidence)
    read = derived.get("text", "")
    derived["text"] = original
    derived["steps"] = [step, *derived.get("steps", [])]
    derived["step_texts"] = [{"step": step, "text": read}, *derived.get("step_texts", [])]
    return derived


def pointed_back_over(violation: Violation, origins: Origins, step: str, sure: float = 1.0) -> Violation:
    """A violation found in a text derived character by character from the text as sent (pinyin written back, spaces
    taken out), pointed back at the text as sent: its span over the characters it came from, the derived text as the
    first step (`step`), its confidence times `sure`."""
    sent = origins.get(violation.field)
    if sent is None:
        return violation
    original, where = sent
    evidence = as_read_from(violation.evidence, original, step)
    span = evidence.get("span")
    if span is not None and 0 <= span[0] < span[1] <= len(where):
        evidence["span"] = [where[span[0]][0], where[span[1] - 1][1]]
    confidence = violation.confidence if sure == 1.0 else round(violation.confidence * sure, 4)
    return dataclasses.replace(violation, confidence=confidence, evidence=evidence)


def location(text: NormalizedText, start: int, end: int, view: str = "canonical", matched: str = "",
             read_as: str = "") -> dict[str, Any]:
    """`span` (where [start, end) of the canonical text lies in the text as sent) and `step_texts` (each step
    that changed that part, with the text after it): a reviewer sees the match in place (docs/identity.md)."""
    return evidence_location(text.original, start, end, view, matched, read_as)


def read_as(hit: TermHit) -> str:
    """What a word partly in pinyin reads as (律shi: 律师), for the evidence; empty for the other views."""
    return hit.term if hit.view == "pinyin_mix" else ""


def match_evidence(field: str, text: NormalizedText, match: Match, **extra: Any) -> dict[str, Any]:
    """The reviewer-facing account of a name match (D1, D3): original text, canonical form, view, steps,
    and where the match lies in the original text."""
    return {
        "field": field,
        "text": text.original,
        "canonical": text.canonical,
        "matched": match.matched_text,
        "protected_name": match.name,
        "view": match.view,
        "steps": list(match.steps),
        **extra,
        **location(text, match.start, match.end, match.view, match.matched_text, match.name),
    }
