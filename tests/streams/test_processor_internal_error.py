"""A bug on one event (an exception that is neither bad input nor a Redis or Kafka failure) dead-letters that
record as `internal_error`, with its source position and bytes, and the rest of its batch is enforced as
usual: the same account's and the same partition's later records included, so nothing is lost or blocked."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from batch_rig import ListSink
from factories import encode, make_event
from stateful_events import make_world, vocabulary_registry

from enforcement.detectors import detect_profile
from enforcement.watermark import to_millis
from streams.bus.byte_codec import encode_bytes
from streams.bus.messages import SourceRecord
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.worker.processor import RecordProcessor

STAMP = to_millis(datetime(2026, 11, 22, 8, tzinfo=UTC))  # the record timestamp of second 0
BUGGY_EVENT = "e-bug"


def _record(partition: int, offset: int, event_type: str, account: str, event_id: str, second: int,
            **fields: Any) -> SourceRecord:
    body = make_event(event_type, account_id=account, event_id=event_id,
                      occurred_at=f"2026-11-22T08:00:{second:02d}Z", **fields)
    return SourceRecord("account.profile", partition, offset, account.encode(), encode(body),
                        (("trace", b"t-" + event_id.encode()),), STAMP + second * 1000)


def test_a_bug_on_one_event_dead_letters_it_as_internal_error_and_the_batch_goes_on(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def detect_with_a_bug(index: Any, view: Any, *rest: Any) -> Any:
        # the profile detectors (D1–D6, D8) fail on one event only, as a code bug on an unusual input would
        if view.event_id == BUGGY_EVENT:
            raise ValueError("unexpected input the detector does not handle")
        return detect_profile(index, view, *rest)

    monkeypatch.setattr("enforcement.pipeline.detect_profile", detect_with_a_bug)
    records = [
        _record(0, 3, "profile.created", "u:doctor", "e-doctor", 1, name="刘医生讲健康"),  # D6: a strike
        _record(1, 7, "profile.renamed", "u:bug", BUGGY_EVENT, 2),
        _record(1, 8, "profile.bio_changed", "u:bug", "e-bug-later", 3),  # the same account, after the bug
        _record(1, 9, "profile.renamed", "u:other", "e-other", 4),  # the same partition, after the bug
    ]

    async def main() -> tuple[ListSink, Metrics]:
        world = make_world(vocabulary_registry())
        sink, metrics = ListSink(), Metrics("test")
        processor = RecordProcessor(replace(Settings(), emit_processed=True), world.enforcement, sink, metrics)
        await processor.process_batch(records)
        return sink, metrics

    sink, metrics = asyncio.run(main())
    dead = [orjson.loads(r.value) for r in sink.records if r.topic == "qinglang.deadletter"]
    assert len(dead) == 1
    letter, buggy = dead[0], records[1]
    assert letter["error"]["code"] == "internal_error"
    assert letter["error"]["message"] == "ValueError: unexpected input the detector does not handle"
    assert letter["error"]["field"] is None
    source = letter["source"]
    assert (source["topic"], source["partition"], source["offset"]) == ("account.profile", 1, 7)
    assert (source["key"], source["timestamp_ms"], source["headers"]) == ("u:bug", STAMP + 2000, [["trace", "t-e-bug"]])
    assert buggy.value is not None
    assert letter["raw"]["sha256"] == hashlib.sha256(buggy.value).hexdigest()
    assert letter["raw"]["prefix"] == encode_bytes(buggy.value) and not letter["raw"]["truncated"]
    assert [r.key for r in sink.records if r.topic == "qinglang.deadletter"] == [b"u:bug"]

    # every other record of the batch is enforced and reported processed, the buggy one is not
    processed = sorted(orjson.loads(r.value)["event_id"] for r in sink.records if r.topic == "qinglang.processed")
    assert processed == ["e-bug-later", "e-doctor", "e-other"]
    sanctions = [(a["account_id"], a["sanction"]) for a in
                 (orjson.loads(r.value) for r in sink.records if r.topic == "qinglang.actions")]
    assert sanctions == [("u:doctor", "warning")]
    assert sink.flushes == 1  # dead letter and outputs go out together, in the batch's one wait for the broker
    assert metrics.registry.get_sample_value(
        "qinglang_deadletters_total", {"topic": "account.profile", "code": "internal_error"}) == 1.0
