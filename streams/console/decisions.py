"""Review decisions and appeal resolutions as input events (pinned "People act through events").

A decision's event id is derived from what it decides (the review item; the appealed violation), and the
record is kept in the console's outbox before it is sent: submitting twice sends one record, and a send
that failed half-way is retried with the very same record.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from enforcement.events.spec import APPEAL_OUTCOMES, REVIEW_DECISIONS
from enforcement.ids import derive_id
from streams.console.store import ConsoleStore

Record = dict[str, Any]
Produce = Callable[[str, str, Record], Awaitable[None]]  # (logical topic, key, record)
MAX_NOTE = 4096  # the review.decision schema's limit on `note`


class DecisionError(ValueError):
    """A decision the console refuses, with the reason shown to the reviewer."""


def iso_now(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def review_decided(item: Record, decision: str, reviewer_id: str, note: str, now: datetime | None = None) -> Record:
    """The `review.decided` input record; the reviewer id is the signed-in user's, never the form's."""
    if decision not in REVIEW_DECISIONS:
        raise DecisionError(f"decision must be one of {', '.join(REVIEW_DECISIONS)}")
    if len(note) > MAX_NOTE:
        raise DecisionError(f"the note is longer than {MAX_NOTE} characters")
    return {
        "schema_version": 1,
        # one decision per review item: the pipeline keeps the first decision on an item, so does the console
        "event_id": derive_id("console.review.decided", item["review_id"]),
        "type": "review.decided",
        "account_id": item["account_id"],
        "occurred_at": iso_now(now),
        "review_id": item["review_id"],
        "decision": decision,
        "reviewer_id": reviewer_id,
        "note": note or None,
    }


def appeal_resolved(account_id: str, violation_id: str, outcome: str, now: datetime | None = None, *,
                    resolved_by: str, appeal_id: str | None = None) -> Record:
    """The `appeal.resolved` input record for one violation of one account; `resolved_by` is the signed-in
    supervisor's id, never the form's.

    Its event id is derived from what it resolves: the account and violation (the account page's form), or
    the filed appeal (`appeal_id`, the appeals queue), so submitting twice gives one record."""
    if outcome not in APPEAL_OUTCOMES:
        raise DecisionError(f"outcome must be one of {', '.join(APPEAL_OUTCOMES)}")
    event_id = (derive_id("console.appeal.resolved", account_id, violation_id) if appeal_id is None
                else derive_id("console.appeal.filed.resolved", appeal_id))
    return {
        "schema_version": 1,
        "event_id": event_id,
        "type": "appeal.resolved",
        "account_id": account_id,
        "occurred_at": iso_now(now),
        "violation_id": violation_id,
        "outcome": outcome,
        "resolved_by": resolved_by,
    }


@dataclass(frozen=True, slots=True)
class Sent:
    record: Record
    fresh: bool  # False: this decision had been sent before; the stored record is returned, nothing is sent


class Outbox:
    """Sends each decision once: reserve the record, send it, mark it sent."""

    def __init__(self, store: ConsoleStore, produce: Produce) -> None:
        self._store = store
        self._produce = produce

    async def send(self, key: str, topic: str, record: Record) -> Sent:
        standing = await self._store.reserve(key, record)
        if await self._store.sent(key):
            return Sent(standing, fresh=False)
        if not await self._store.lock_send(key):
            raise DecisionError("this decision is being sent right now; reload the page in a moment")
        try:
            await self._produce(topic, standing["account_id"], standing)
        except BaseException:
            await self._store.unlock_send(key)  # the next submission retries with the same record
            raise
        await self._store.mark_sent(key)
        return Sent(standing, fresh=True)
