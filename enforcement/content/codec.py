"""A Violation stored whole (trigger id included), so a review decision or a relabelled post can
rebuild exactly the violation it refers to, with the same `violation_id` (decisions "Deterministic ids", "Review")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from enforcement.violations import Violation


def violation_blob(violation: Violation, **extra: Any) -> bytes:
    """JSON of every field of `violation` (plus `extra` keys beside it)."""
    body = {
        "account_id": violation.account_id, "rule": violation.rule, "confidence": violation.confidence,
        "source_event_id": violation.source_event_id, "occurred_at": violation.occurred_at.isoformat(),
        "field": violation.field, "identity": violation.identity, "evidence": dict(violation.evidence),
        "trigger_id": violation.trigger_id,
    }
    return orjson.dumps({"violation": body, **extra}, option=orjson.OPT_SORT_KEYS)


def from_blob(blob: bytes) -> tuple[Violation, dict[str, Any]]:
    """The violation stored by `violation_blob` and the extra keys stored beside it."""
    data = orjson.loads(blob)
    body = data.pop("violation")
    violation = Violation(
        account_id=body["account_id"], rule=body["rule"], confidence=float(body["confidence"]),
        source_event_id=body["source_event_id"], occurred_at=datetime.fromisoformat(body["occurred_at"]),
        field=body["field"], identity=body["identity"], evidence=body["evidence"], trigger_id=body["trigger_id"],
    )
    return violation, data
