"""Appeals and review decisions that arrive before what they name (decision "Order-independent decisions").

An appeal names a violation and a review decision names a review item; both exist only once the record
that raised them has been handled. Topics are read side by side, so during a backlog the appeal topic can
run ahead of the profile topic: the appeal meets no violation. Dropping it (`unknown_violation`) would make
the outcome depend on which topic the consumer happened to read first.

So such a record is kept here, per account, and answered when what it names appears: the handling of any
later event of the account that emits the violation (or the review item) applies the kept appeal (or
decision) right after it, as if it had arrived in event-time order. It is kept until the watermark passes
its own event time: whatever it names was raised by an event earlier than it, and an event later than the
allowed lateness is decided in arrival order anyway. The effects are idempotent (an appeal and a decision
are keyed by their own ids in the ledger and the review store), so an entry is read, not consumed: a
redelivered event answers it again with the same records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any, Protocol

import orjson

from enforcement.events.models import AppealResolved, ReviewDecided
from enforcement.watermark import to_millis

Early = AppealResolved | ReviewDecided


def target_of(event: Early) -> str:
    """What the record names: a violation id (appeal) or a review id (decision)."""
    return event.violation_id if isinstance(event, AppealResolved) else event.review_id


def to_blob(event: Early) -> bytes:
    body: dict[str, Any] = {spec.name: getattr(event, spec.name) for spec in fields(event)}
    body["occurred_at"] = event.occurred_at.isoformat()
    return orjson.dumps(body)


def from_blob(raw: bytes | str) -> Early:
    body: dict[str, Any] = orjson.loads(raw)
    body["occurred_at"] = datetime.fromisoformat(body["occurred_at"])
    kind = AppealResolved if body["type"] == "appeal.resolved" else ReviewDecided
    return kind(**body)


def field_of(event: Early) -> str:
    """One entry per record: two appeals of one violation are both kept."""
    return f"{target_of(event)} {event.event_id}"


class EarlyRecords(Protocol):
    """Per account: the early records kept, by `field_of`."""

    async def keep(self, event: Early) -> None:
        """Keep `event` (again: the same record twice is one entry)."""

    async def kept(self, account_id: str) -> dict[str, bytes]:
        """Every entry kept for the account (field -> blob); usually none."""

    async def forget(self, account_id: str, fields: Sequence[str]) -> None:
        """Drop entries the watermark has passed."""


@dataclass
class InMemoryEarlyRecords:
    entries: dict[str, dict[str, bytes]] = field(default_factory=dict)

    async def keep(self, event: Early) -> None:
        self.entries.setdefault(event.account_id, {})[field_of(event)] = to_blob(event)

    async def kept(self, account_id: str) -> dict[str, bytes]:
        return dict(self.entries.get(account_id, {}))

    async def forget(self, account_id: str, fields: Sequence[str]) -> None:
        held = self.entries.get(account_id, {})
        for name in fields:
            held.pop(name, None)
        if not held:
            self.entries.pop(account_id, None)


async def answerable(store: EarlyRecords, account_id: str, targets: set[str], watermark_ms: int) -> list[Early]:
    """The kept records of `account_id` naming one of `targets`, in event-time order (then by id); entries
    the watermark has passed are dropped on the way."""
    if not targets:
        return []
    kept = await store.kept(account_id)
    if not kept:
        return []
    found: list[Early] = []
    stale: list[str] = []
    for name, blob in kept.items():
        event = from_blob(blob)
        if to_millis(event.occurred_at) < watermark_ms:
            stale.append(name)
        elif target_of(event) in targets:
            found.append(event)
    if stale:
        await store.forget(account_id, stale)
    return sorted(found, key=lambda e: (e.occurred_at, e.event_id))
