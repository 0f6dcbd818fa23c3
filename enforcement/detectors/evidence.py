"""Evidence shared by the identity detectors: what matched, where, and how it was found."""

from __future__ import annotations

from typing import Any

from enforcement.text import Match, NormalizedText


def match_evidence(field: str, text: NormalizedText, match: Match, **extra: Any) -> dict[str, Any]:
    """The reviewer-facing account of a name match (D1, D3): original text, canonical form, view, steps."""
    return {
        "field": field,
        "text": text.original,
        "canonical": text.canonical,
        "matched": match.matched_text,
        "protected_name": match.name,
        "view": match.view,
        "steps": list(match.steps),
        **extra,
    }
