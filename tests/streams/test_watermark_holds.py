"""A backlog read faster on one partition than another must not let time run ahead of the slower one: a
mute lift the fast partition's event times make due waits until the slow partition has caught up to it,
so a later, longer mute there still replaces the short one — as in event-time order."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import orjson
import pytest
from arrival_scenarios import recorded_event
from batch_rig import ListSink, as_consumed

from enforcement.watermark.holds import InMemoryLaneHolds
from streams.bus.messages import SourceRecord
from streams.bus.recording import RecordedRecord
from streams.bus.topics import ACTIONS
from streams.observability.metrics import Metrics
from streams.offline.standing import standing
from streams.settings import Settings
from streams.worker.app import build_enforcement
from streams.worker.processor import Lane, LaneState, RecordProcessor
from streams.worker.redis_client import connect

pytestmark = pytest.mark.e2e


def _rumour(account: str, n: int, at: str, **repost: Any) -> RecordedRecord:
    body = {"event_id": f"{account}-l{n}", "type": "content.labelled", "post_id": f"{account}-p{n}",
            "label": "rumour", "first_post": not repost, "repost_count": 0, "occurred_at": at, **repost}
    return recorded_event("content.label", account, body)


def _recording() -> list[SourceRecord]:
    """Account m: a first-post rumour (a 7-day mute), then half an hour later a repost of a debunked one (a
    30-day mute that replaces it); account q, on another topic: a profile renamed every day for nine days."""
    records = [_rumour("m:1", 1, "2026-03-01T08:00:00Z"),
               _rumour("m:1", 2, "2026-03-01T08:30:00Z", repost_count=3, debunked_at="2026-02-20T00:00:00Z")]
    records.append(recorded_event("account.profile", "q:1", {
        "event_id": "q:1-c", "type": "profile.created", "name": "晨光读书", "identity_hash": "owner-q1",
        "occurred_at": "2026-03-01T07:00:00Z"}))
    for day in range(2, 11):
        records.append(recorded_event("account.profile", "q:1", {
            "event_id": f"q:1-r{day}", "type": "profile.renamed", "old_name": f"晨光读书{day - 1}",
            "new_name": f"晨光读书{day}", "occurred_at": f"2026-03-{day:02d}T09:00:00Z"}))
    return as_consumed(records)


def _view(records: Sequence[SourceRecord]) -> Any:
    """Every partition of the recording assigned, and behind while some of its records are not processed."""
    ends: dict[Lane, int] = {}
    for record in records:
        lane = (record.topic, record.partition)
        ends[lane] = max(ends.get(lane, 0), record.offset + 1)

    def view(done: Mapping[Lane, int]) -> LaneState:
        return LaneState(frozenset(ends), frozenset(lane for lane, end in ends.items() if done.get(lane, 0) < end))

    return view


Outputs = list[tuple[str, dict[str, Any]]]


async def _run_counting(redis_url: str, batches: list[list[SourceRecord]], *, held: bool) -> tuple[Outputs, list[int]]:
    """The processor over `batches` (holds on or off): what it sent, and the holding-partitions gauge after
    each batch."""
    settings = replace(Settings(), redis_url=redis_url, topic_prefix=f"wh{secrets.token_hex(4)}.")
    redis = connect(Settings(redis_url=redis_url), None, autopipeline=True)
    metrics = Metrics("test")
    built = build_enforcement(settings, redis, metrics)
    built.index.caught_up.set()
    built.hot_events.caught_up.set()
    sink = ListSink()
    everything = [record for batch in batches for record in batch]
    processor = RecordProcessor(settings, built.enforcement, sink, metrics,
                                **({"holds": InMemoryLaneHolds(), "lanes": _view(everything)} if held else {}))
    holding = []
    for batch in batches:
        await processor.process_batch(batch)
        holding.append(int(metrics.watermark_holds._value.get()))
    await processor.fire_due()
    await redis.aclose()
    return [(record.topic, orjson.loads(record.value)) for record in sink.records], holding


async def _run(redis_url: str, batches: list[list[SourceRecord]], *, held: bool) -> Outputs:
    return (await _run_counting(redis_url, batches, held=held))[0]


def _sanctions(outputs: Outputs, account: str) -> list[str]:
    return [body["sanction"] for topic, body in outputs if topic == ACTIONS and body["account_id"] == account]


def test_a_partition_behind_holds_back_the_lift_a_faster_one_made_due(redis_url: str) -> None:
    records = _recording()
    in_order = asyncio.run(_run(redis_url, [sorted(records, key=lambda r: r.timestamp_ms or 0)], held=True))
    assert _sanctions(in_order, "m:1") == ["mute", "mute"]  # the 30-day mute replaced the 7-day one: no lift

    # the backlog as read: the label partition gives one record, the profile partition all nine days
    second = next(r for r in records if r.topic == "content.label" and r.offset == 1)
    first = [r for r in records if r is not second]
    unheld = asyncio.run(_run(redis_url, [first, [second]], held=False))
    assert "unmute" in _sanctions(unheld, "m:1")  # what happened before: time ran ahead of the label partition

    held, holding = asyncio.run(_run_counting(redis_url, [first, [second]], held=True))
    assert _sanctions(held, "m:1") == ["mute", "mute"]
    assert holding == [1, 0]  # the label partition held while behind, nothing once done
    assert standing(held) == standing(in_order)


def _credential_recording() -> list[SourceRecord]:
    """Account p: a medical credential verified at 07:00, at 07:02 a profile that shows a doctor's title, and
    nine days later a rename that keeps it (all valid, in event-time order)."""
    verified = {"event_id": "p:1-v", "type": "credential.verified", "credential_id": "c1", "domain": "medical",
                "valid_until": "2027-01-01T00:00:00Z", "occurred_at": "2026-03-01T07:00:00Z"}
    created = {"event_id": "p:1-c", "type": "profile.created", "name": "张医生讲健康", "identity_hash": "owner-p1",
               "occurred_at": "2026-03-01T07:02:00Z"}
    renamed = {"event_id": "p:1-r", "type": "profile.renamed", "old_name": "张医生讲健康", "new_name": "张医生说健康",
               "occurred_at": "2026-03-10T09:00:00Z"}
    return as_consumed([recorded_event("account.credential", "p:1", verified),
                        recorded_event("account.profile", "p:1", created),
                        recorded_event("account.profile", "p:1", renamed)])


def test_a_partition_behind_still_re_judges_what_a_faster_one_decided(redis_url: str) -> None:
    """The profile partition runs nine days ahead before the credential partition gives its first record:
    the profile judged without the credential is still remembered (the watermark is held at the credential
    partition, so the rename nine days later does not forget it), and the credential, earlier in event
    time, re-judges it."""
    records = _credential_recording()
    in_order = asyncio.run(_run(redis_url, [sorted(records, key=lambda r: r.timestamp_ms or 0)], held=True))
    credential = [r for r in records if r.topic == "account.credential"]
    profiles = [r for r in records if r.topic != "account.credential"]
    unheld = asyncio.run(_run(redis_url, [profiles, credential], held=False))
    held = asyncio.run(_run(redis_url, [profiles, credential], held=True))
    assert standing(in_order)["qinglang.violations"] == {}
    assert standing(unheld)["qinglang.violations"] != {}  # before: decided without the credential, for good
    assert standing(held) == standing(in_order)
