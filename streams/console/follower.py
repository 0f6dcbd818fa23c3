"""Follows `qinglang.review` (the items), `review.decision` (what was decided, by anyone) and
`account.appeal` (appeals filed and resolved) into the console's index, and the last hour of
`qinglang.violations` and `qinglang.actions` into the overview's counts, resuming from the offsets it
saved in Redis."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import orjson
from aiokafka import TopicPartition

from enforcement.events.bounds import DEFAULT_BOUNDS, EventTimeBounds
from enforcement.events.decode import DEFAULT_MAX_RECORD_BYTES, decode_event
from enforcement.events.errors import InvalidEvent
from enforcement.events.models import AppealFiled, AppealResolved, Event
from enforcement.ids import derive_id
from streams.bus import topics
from streams.bus.connection import Kafka, consumer_of, running
from streams.bus.topics import TopicNames, topic_partitions
from streams.console.store import ConsoleStore

log = logging.getLogger("qinglang.console")
DECISIONS = "review.decision"
APPEALS = "account.appeal"
FOLLOWED = (topics.REVIEW, DECISIONS, APPEALS, topics.VIOLATIONS, topics.ACTIONS)
# The overview counts the last hour of these: a first start reads them from an hour ago, not from the start.
RECENT_ONLY = (topics.VIOLATIONS, topics.ACTIONS)


def _item(value: bytes) -> dict[str, Any] | None:
    """A review item with the fields the index needs, or None (the topic is the pipeline's, but a
    console must survive a record it cannot read)."""
    try:
        record = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    needed = ("review_id", "account_id", "reason", "occurred_at", "violations")
    return record if isinstance(record, dict) and all(k in record for k in needed) else None


def filed_appeal_id(account_id: str, event_id: str) -> str:
    """The queue's id of an appeal.filed record (32 hex digits, safe in a URL): a redelivered record is the
    same appeal, and another account's event id is another one."""
    return derive_id("console.appeal.filed", account_id, event_id)


def _iso(event: Event) -> str:
    return event.occurred_at.isoformat().replace("+00:00", "Z")


class Follower:
    """Reads both topics from the saved offsets (or the beginning) and indexes every record."""

    def __init__(self, store: ConsoleStore, bootstrap: Kafka, names: TopicNames, *,
                 bounds: EventTimeBounds = DEFAULT_BOUNDS, max_bytes: int = DEFAULT_MAX_RECORD_BYTES) -> None:
        self._store = store
        self._bootstrap = bootstrap
        self._names = names
        self._bounds = bounds
        self._max_bytes = max_bytes
        self.caught_up = asyncio.Event()  # every partition read up to its end offset at least once
        self.error: str | None = None  # the last failure, shown on the pages until the next success
        self.skipped = 0  # records that were not review items, decisions or appeals

    async def run(self) -> None:
        """Until cancelled; a failure is shown on the pages and retried with backoff."""
        backoff = 1.0
        while True:
            try:
                await self._follow()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Kafka down, topic missing: keep trying, tell the reviewers
                self.error = f"{type(exc).__name__}: {exc}"
                log.warning("console follower: %s; retrying in %.0fs", self.error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def _follow(self) -> None:
        physical = [self._names.physical(t) for t in FOLLOWED]
        partitions = await topic_partitions(self._bootstrap, physical)
        async with running(consumer_of(self._bootstrap)) as consumer:
            consumer.assign(partitions)
            saved = await self._store.offsets()
            starts = await consumer.beginning_offsets(partitions)
            hour_ago = int(time.time() * 1000) - 3_600_000
            recent = [tp for tp in partitions if self._names.logical(tp.topic) in RECENT_ONLY
                      and f"{tp.topic}:{tp.partition}" not in saved]
            since = await consumer.offsets_for_times(dict.fromkeys(recent, hour_ago)) if recent else {}
            for tp in partitions:
                found = since.get(tp)
                first = starts[tp] if tp not in since else (found.offset if found is not None else None)
                position = saved.get(f"{tp.topic}:{tp.partition}", first)
                if position is None:  # nothing in the last hour: start at the end
                    await consumer.seek_to_end(tp)
                else:
                    consumer.seek(tp, max(position, starts[tp]))
            ends = await consumer.end_offsets(partitions)
            behind = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
            if not behind:
                self.caught_up.set()
            self.error = None
            while True:
                batch = await consumer.getmany(timeout_ms=500, max_records=500)
                await self._index(batch)
                behind = {tp for tp in behind if await consumer.position(tp) < ends[tp]}
                if not behind:
                    self.caught_up.set()

    async def _index(self, batch: dict[TopicPartition, list[Any]]) -> None:
        offsets: dict[str, int] = {}
        for tp, messages in batch.items():
            logical = self._names.logical(tp.topic)
            for message in messages:
                value = message.value
                if logical in RECENT_ONLY:
                    await self._count(logical, value, message.timestamp)
                    offsets[f"{tp.topic}:{tp.partition}"] = message.offset + 1
                    continue
                if logical == APPEALS:
                    await self._appeal(value, message.key, message.timestamp, tp.partition, message.offset)
                    offsets[f"{tp.topic}:{tp.partition}"] = message.offset + 1
                    continue
                if logical == topics.REVIEW:
                    parsed = None if value is None else _item(value)
                else:
                    parsed = self._decision(value, message.key, message.timestamp)
                if parsed is None:
                    self.skipped += 1
                elif logical == topics.REVIEW:
                    await self._store.index_item(parsed)
                else:
                    await self._store.index_decision(parsed)
                offsets[f"{tp.topic}:{tp.partition}"] = message.offset + 1
        await self._store.save_offsets(offsets)  # after indexing: a crash re-reads, and indexing is idempotent

    def _decoded(self, topic: str, value: bytes | None, key: bytes | None, timestamp_ms: int) -> Event | None:
        """The event exactly as the worker decodes it, or None for a record the pipeline dead-letters."""
        try:
            return decode_event(value, topic=topic, key=key, max_bytes=self._max_bytes, timestamp_ms=timestamp_ms,
                                bounds=self._bounds)
        except InvalidEvent:
            return None

    def _decision(self, value: bytes | None, key: bytes | None, timestamp_ms: int) -> dict[str, Any] | None:
        """A decision exactly as the worker decodes it: one the pipeline dead-letters does not close an item."""
        if self._decoded(DECISIONS, value, key, timestamp_ms) is None:
            return None
        return orjson.loads(value) if value is not None else None

    async def _appeal(self, value: bytes | None, key: bytes | None, timestamp_ms: int, partition: int,
                      offset: int) -> None:
        """An appeal filed joins the queue; a resolution closes the appeals of its violation filed before it.
        Decoded as the worker decodes them, so an appeal the pipeline dead-letters never appears."""
        event = self._decoded(APPEALS, value, key, timestamp_ms)
        if isinstance(event, AppealFiled):
            await self._store.index_appeal({
                "appeal_id": filed_appeal_id(event.account_id, event.event_id), "event_id": event.event_id,
                "account_id": event.account_id, "violation_id": event.violation_id, "statement": event.statement,
                "occurred_at": _iso(event)}, partition=partition, offset=offset)
        elif isinstance(event, AppealResolved):
            await self._store.index_appeal_resolution({
                "event_id": event.event_id, "account_id": event.account_id, "violation_id": event.violation_id,
                "outcome": event.outcome, "resolved_by": event.resolved_by, "occurred_at": _iso(event)},
                partition=partition, offset=offset)
        else:
            self.skipped += 1

    async def _count(self, logical: str, value: bytes | None, timestamp_ms: int) -> None:
        """One violation (by requirement) or action (by sanction) for the overview, at the time the pipeline
        wrote it (output topics carry the broker's append time)."""
        try:
            record = orjson.loads(value) if value is not None else None
        except orjson.JSONDecodeError:
            record = None
        if not isinstance(record, dict):
            self.skipped += 1
            return
        if logical == topics.VIOLATIONS and isinstance(record.get("violation_id"), str):
            await self._store.count_output("violations", str(record.get("requirement", "?")),
                                           record["violation_id"], timestamp_ms)
        elif logical == topics.ACTIONS and isinstance(record.get("action_id"), str):
            await self._store.count_output("actions", str(record.get("sanction", "?")), record["action_id"],
                                           timestamp_ms)
        else:
            self.skipped += 1
