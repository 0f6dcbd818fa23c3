"""Profile events whose D6/D8 decision read the account's credentials, kept for the allowed lateness.

Kafka orders nothing across topics: a `credential.verified` at 07:00 can arrive after the profile event at
08:00 that shows the title it covers. That event was judged with the credentials known then, so it raised
a D6 that event-time order would never have raised. Each such event is remembered here (its texts, the
domains it was judged with, the violations it gave) until the watermark passes it; a credential event
then re-judges the ones at or after its own time (decision "Order-independent decisions": re-evaluate
when a late, earlier event arrives, and send the reversals).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

import orjson

from enforcement.ledger import to_epoch_ms
from enforcement.violations import Violation

# The rules whose verdict on a profile event depends on the credentials valid at its time.
CREDENTIAL_RULES = frozenset({"professional_title_uncredentialed", "professional_title_domain_mismatch",
                              "news_word_unlicensed"})


def violation_to_json(violation: Violation) -> dict[str, Any]:
    """Everything a Violation is built from (its id follows from these)."""
    return {"account_id": violation.account_id, "rule": violation.rule, "confidence": violation.confidence,
            "source_event_id": violation.source_event_id, "occurred_at": violation.occurred_at.isoformat(),
            "field": violation.field, "identity": violation.identity, "evidence": dict(violation.evidence),
            "trigger_id": violation.trigger_id}


def violation_from_json(data: Mapping[str, Any]) -> Violation:
    return Violation(account_id=data["account_id"], rule=data["rule"], confidence=float(data["confidence"]),
                     source_event_id=data["source_event_id"], occurred_at=datetime.fromisoformat(data["occurred_at"]),
                     field=data["field"], identity=data["identity"], evidence=data["evidence"],
                     trigger_id=data["trigger_id"])


@dataclass(frozen=True, slots=True)
class CheckedProfile:
    """One profile event as it was judged: its texts, the credential domains valid then, its violations."""

    event_id: str
    occurred_at: datetime  # exactly as the event had it: re-judged violations must be the same records
    fields: tuple[tuple[str, str], ...]
    domains: frozenset[str]
    violations: tuple[Violation, ...] = field(default=())

    @property
    def at_ms(self) -> int:
        return to_epoch_ms(self.occurred_at)

    def to_json(self) -> bytes:
        return orjson.dumps({"event_id": self.event_id, "occurred_at": self.occurred_at.isoformat(),
                             "fields": [list(f) for f in self.fields], "domains": sorted(self.domains),
                             "violations": [violation_to_json(v) for v in self.violations]})

    @classmethod
    def from_json(cls, raw: bytes | str) -> CheckedProfile:
        data = orjson.loads(raw)
        return cls(data["event_id"], datetime.fromisoformat(data["occurred_at"]),
                   tuple((f, v) for f, v in data["fields"]), frozenset(data["domains"]),
                   tuple(violation_from_json(v) for v in data["violations"]))


class CredentialChecks(Protocol):
    """The account's recently judged credential-dependent profile events, and re-check results."""

    async def remember(self, account_id: str, checked: CheckedProfile, *, keep_from_ms: int) -> None:
        """Keep `checked` (replacing one of the same event), and forget entries older than `keep_from_ms`."""
        ...

    async def since(self, account_id: str, at_ms: int) -> list[CheckedProfile]:
        """Entries at or after `at_ms`, in event-time order (then event id)."""
        ...

    async def result_of(self, account_id: str, credential_event_id: str) -> bytes | None:
        """What a credential event's re-check sent, if it ran (a redelivery sends the same again)."""
        ...

    async def save_result(self, account_id: str, credential_event_id: str, at_ms: int, result: bytes,
                          rechecked: Sequence[CheckedProfile]) -> None:
        """Record a re-check's outputs and the entries as re-judged, in one step."""
        ...


@dataclass
class InMemoryCredentialChecks:
    """Single-process CredentialChecks."""

    entries: dict[str, dict[str, CheckedProfile]] = field(default_factory=dict)
    results: dict[tuple[str, str], tuple[int, bytes]] = field(default_factory=dict)

    async def remember(self, account_id: str, checked: CheckedProfile, *, keep_from_ms: int) -> None:
        held = self.entries.setdefault(account_id, {})
        held[checked.event_id] = checked
        for event_id in [e for e, c in held.items() if c.at_ms < keep_from_ms]:
            del held[event_id]
        for key in [k for k, (at, _) in self.results.items() if k[0] == account_id and at < keep_from_ms]:
            del self.results[key]

    async def since(self, account_id: str, at_ms: int) -> list[CheckedProfile]:
        held = self.entries.get(account_id, {}).values()
        return sorted((c for c in held if c.at_ms >= at_ms), key=lambda c: (c.at_ms, c.event_id))

    async def result_of(self, account_id: str, credential_event_id: str) -> bytes | None:
        found = self.results.get((account_id, credential_event_id))
        return None if found is None else found[1]

    async def save_result(self, account_id: str, credential_event_id: str, at_ms: int, result: bytes,
                          rechecked: Sequence[CheckedProfile]) -> None:
        held = self.entries.setdefault(account_id, {})
        for checked in rechecked:
            held[checked.event_id] = checked
        self.results[(account_id, credential_event_id)] = (at_ms, result)
