"""Evidence shared by the identity detectors: what matched, where, and how it was found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from enforcement.identity import TermHit
from enforcement.text import Match, NormalizedText
from enforcement.text.trace import evidence_location


def as_read_from(evidence: Mapping[str, Any], original: str, step: str) -> dict[str, Any]:
    """`evidence` of a finding in a text derived from the text as sent (`original`) by `step` — padding removed,
    read backwards, pinyin written back …: the text as sent, and the derived text as the first step."""
    derived = dict(evidence)
    read = derived.get("text", "")
    derived["text"] = original
    derived["steps"] = [step, *derived.get("steps", [])]
    derived["step_texts"] = [{"step": step, "text": read}, *derived.get("step_texts", [])]
    return derived


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
