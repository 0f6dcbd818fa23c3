"""The batch processor refuses event times it cannot trust (P6): a time with no UTC equivalent, or one later
than its record's timestamp plus the skew, is dead-lettered as bad_timestamp and moves no watermark; the
rest of the batch is enforced as usual."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

import orjson
from batch_rig import ListSink
from factories import encode, make_event
from stateful_events import make_world, vocabulary_registry

from enforcement.watermark import to_millis
from streams.bus.messages import SourceRecord
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.worker.processor import RecordProcessor

AT = datetime(2026, 11, 22, 8, tzinfo=UTC)
STAMP = to_millis(AT)


def _record(offset: int, occurred_at: str, stamp: int | None = STAMP) -> SourceRecord:
    body = make_event(event_id=f"e{offset}", occurred_at=occurred_at)
    return SourceRecord("account.profile", 0, offset, b"u:1", encode(body), (), stamp)


def test_poison_and_future_event_times_are_dead_lettered_and_the_batch_goes_on() -> None:
    async def main() -> None:
        world = make_world(vocabulary_registry())
        sink = ListSink()
        settings = replace(Settings(), emit_processed=True, max_event_skew_s=300)
        processor = RecordProcessor(settings, world.enforcement, sink, Metrics("test"))
        records = [
            _record(0, "2026-11-22T08:00:00Z"),
            _record(1, "9999-12-31T23:59:59-01:00"),  # OverflowError in astimezone before
            _record(2, "0001-01-01T00:00:00+01:00"),
            _record(3, "2099-12-31T23:59:59Z"),  # a valid time, 73 years after its record was written
            _record(4, "2026-11-22T08:05:01Z"),  # 5 min 1 s after its record: past the skew
            _record(5, "2026-11-22T08:05:00Z"),  # exactly the skew: accepted
            _record(6, "2026-11-22T08:01:00Z", None),  # no record timestamp: the horizon only
        ]
        await processor.process_batch(records)
        dead = [orjson.loads(r.value) for r in sink.records if r.topic == "qinglang.deadletter"]
        assert sorted((d["source"]["offset"], d["error"]["code"], d["error"]["field"]) for d in dead) == [
            (1, "bad_timestamp", "occurred_at"), (2, "bad_timestamp", "occurred_at"),
            (3, "bad_timestamp", "occurred_at"), (4, "bad_timestamp", "occurred_at")]
        processed = sorted(orjson.loads(r.value)["event_id"] for r in sink.records if r.topic == "qinglang.processed")
        assert processed == ["e0", "e5", "e6"]
        # the watermark (the world's allows no lateness) follows the accepted events only
        assert await world.enforcement._watermark.current() == STAMP + 300_000

    asyncio.run(main())
