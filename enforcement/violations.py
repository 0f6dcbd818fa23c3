"""What a detector finds: a frozen Violation, never an action (detectors produce data; they never act)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from enforcement.ids import derive_id
from enforcement.rules import requirement_of


@lru_cache(maxsize=16_384)  # a violation's id is asked for several times on its way to the ledger
def violation_id(trigger_id: str, requirement: str, rule: str, field_name: str, identity: str) -> str:
    """hash(trigger id, requirement, rule, field, matched identity): a replay gives the same id
    (decision "Deterministic ids")."""
    return derive_id("violation", trigger_id, requirement, rule, field_name, identity)


@dataclass(frozen=True, slots=True)
class Violation:
    """One rule broken by one account, with the evidence a reviewer needs to check it."""

    account_id: str
    rule: str
    confidence: float
    source_event_id: str
    occurred_at: datetime
    field: str = ""
    identity: str = ""
    evidence: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    trigger_id: str = ""

    @property
    def requirement(self) -> str:
        return requirement_of(self.rule)

    @property
    def violation_id(self) -> str:
        trigger = self.trigger_id or self.source_event_id
        return violation_id(trigger, self.requirement, self.rule, self.field, self.identity)

    def to_record(self, severity: str | None = None) -> dict[str, Any]:
        """The `qinglang.violations` record; severity comes from the policy, its only owner."""
        record: dict[str, Any] = {
            "violation_id": self.violation_id,
            "account_id": self.account_id,
            "requirement": self.requirement,
            "rule": self.rule,
            "confidence": round(self.confidence, 4),
            "field": self.field,
            "identity": self.identity,
            "evidence": dict(self.evidence),
            "source_event_id": self.source_event_id,
            "occurred_at": self.occurred_at.isoformat().replace("+00:00", "Z"),
        }
        if severity is not None:
            record["severity"] = severity
        return record
