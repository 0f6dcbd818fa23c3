"""The batch processor over the real Redis stores: batch size changes no output, and a batch costs a
fixed number of Redis round trips and one wait for the broker."""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
from arrival_scenarios import recorded_event
from batch_rig import ListSink, as_consumed

import enforcement.policy
from streams.bus.messages import OutputRecord, SourceRecord
from streams.bus.topics import INPUT_TOPICS
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.simulate import SimulationOptions, simulate
from streams.worker import redis_client
from streams.worker.app import build_enforcement
from streams.worker.processor import RecordProcessor
from streams.worker.redis_client import InstrumentedRedis, connect

pytestmark = pytest.mark.e2e


def _source_records() -> list[SourceRecord]:
    """A simulated recording (every input topic, violations, malformed records) as consumed records."""
    return as_consumed(r for r in simulate(SimulationOptions(events=1500, accounts=60, seed=11))
                       if r.topic in INPUT_TOPICS)


def _processor(redis_url: str, **settings: object) -> tuple[RecordProcessor, ListSink, InstrumentedRedis]:
    """The worker's processor over fresh Redis keys, with a sink that keeps what it is given."""
    chosen = replace(Settings(), redis_url=redis_url, topic_prefix=f"b{secrets.token_hex(4)}.", **settings)
    redis = connect(Settings(redis_url=redis_url), None, autopipeline=True)
    built = build_enforcement(chosen, redis, Metrics("test"))
    built.index.caught_up.set()
    built.hot_events.caught_up.set()
    sink = ListSink()
    return RecordProcessor(chosen, built.enforcement, sink, Metrics("test")), sink, redis


async def _run(redis_url: str, records: Sequence[SourceRecord], batch: int, policy: str = "") -> list[OutputRecord]:
    processor, sink, redis = _processor(redis_url, emit_processed=True, policy=policy)
    for start in range(0, len(records), batch):
        await processor.process_batch(records[start:start + batch])
    await redis.aclose()
    return sink.records


def test_the_worker_runs_every_rule_family_and_fetches_avatars_from_allowed_hosts(redis_url: str) -> None:
    redis = connect(Settings(redis_url=redis_url), None, autopipeline=True)
    for hosts, fetching in (("", False), ("img.example.com", True)):
        settings = Settings(redis_url=redis_url, avatar_hosts=hosts)
        families = build_enforcement(settings, redis, Metrics("test")).enforcement.families
        assert families == {**dict.fromkeys(families, True), "avatar_fetching": fetching}
    asyncio.run(redis.aclose())


def test_outputs_are_the_same_for_batch_sizes_1_7_and_500(redis_url: str) -> None:
    records = _source_records()
    runs = {size: asyncio.run(_run(redis_url, records, size)) for size in (1, 7, 500)}
    one = [(r.topic, r.key, r.value) for r in runs[1]]
    assert any(topic == "qinglang.actions" for topic, _, _ in one)  # the recording sanctions something
    assert any(topic == "qinglang.deadletter" for topic, _, _ in one)
    for size in (7, 500):
        assert [(r.topic, r.key, r.value) for r in runs[size]] == one, f"batch size {size} differs"


def test_brakes_trip_on_the_same_violations_for_every_batch_size(redis_url: str, tmp_path: Path) -> None:
    """Breakers and the closure cap count across accounts: with brakes that trip, batch order still holds."""
    default = Path(enforcement.policy.__file__).with_name("default_policy.toml").read_text()
    tight = default.replace("breaker_min_per_hour = 100", "breaker_min_per_hour = 3")
    tight = tight.replace("closures_per_hour = 200", "closures_per_hour = 4")
    assert tight.count(" = 3\n") + tight.count(" = 4\n") >= 2
    policy = tmp_path / "tight.toml"
    policy.write_text(tight)
    records = _source_records()
    runs = {size: asyncio.run(_run(redis_url, records, size, str(policy))) for size in (1, 500)}
    reasons = {orjson.loads(r.value)["reason"] for r in runs[1] if r.topic == "qinglang.review"}
    assert {"breaker", "closure_cap"} <= reasons
    assert [(r.topic, r.key, r.value) for r in runs[500]] == [(r.topic, r.key, r.value) for r in runs[1]]


def _low_rungs(tmp_path: Path) -> str:
    """The default policy with rung thresholds 1, 2, 3 …: one impersonation strike blacklists the owner."""
    default = Path(enforcement.policy.__file__).with_name("default_policy.toml").read_text()
    thresholds = iter(range(1, 100))
    policy = tmp_path / "low.toml"
    policy.write_text(re.sub(r"^threshold = \d+$", lambda _: f"threshold = {next(thresholds)}", default, flags=re.M))
    return str(policy)


def _created(n: int, account: str, owner: str, name: str) -> SourceRecord:
    body = {"event_id": f"c{n}", "type": "profile.created", "account_id": account, "schema_version": 1,
            "occurred_at": f"2026-11-22T08:00:{n:02d}Z", "name": name, "identity_hash": owner}
    return SourceRecord("account.profile", 0, n, account.encode(), orjson.dumps(body), None)


def test_an_owner_blacklisted_in_a_batch_meets_its_accounts_in_batch_order(redis_url: str, tmp_path: Path) -> None:
    """S4 across accounts inside one batch: an owner blacklisted by its new account's strike refuses the
    owner's account created after it, and sends the one created before it to review — as one event at a
    time would. The striking creation registers and blacklists in one owner step; were the step let go
    between the two, the later creation would slip in between (neither refused nor reviewed correctly)."""
    policy = _low_rungs(tmp_path)
    records = [_created(0, "u:before", "owner-y", "爱吃火锅的小王"),
               _created(1, "u:striker-x", "owner-x", "人民日报"),
               _created(2, "u:after", "owner-x", "周末去钓鱼"),
               _created(3, "u:striker-y", "owner-y", "新华社")]
    runs = {size: asyncio.run(_run(redis_url, records, size, policy)) for size in (1, 4)}
    actions = [orjson.loads(r.value) for r in runs[1] if r.topic == "qinglang.actions"]
    reviews = [orjson.loads(r.value) for r in runs[1] if r.topic == "qinglang.review"]
    assert {(a["account_id"], a["sanction"]) for a in actions} >= {
        ("u:striker-x", "blacklist"), ("u:after", "registration_blocked"), ("u:striker-y", "blacklist")}
    assert [(r["account_id"], r["reason"]) for r in reviews] == [("u:before", "owner_blacklisted")]
    assert [(r.topic, r.key, r.value) for r in runs[4]] == [(r.topic, r.key, r.value) for r in runs[1]]


def test_blacklisting_and_registrations_of_one_owner_follow_batch_order(redis_url: str, tmp_path: Path) -> None:
    """S4 across accounts over a simulated recording whose owners share identities, with rungs low enough
    that owners get blacklisted: the same outputs for a batch of one and a batch of 500."""
    policy = _low_rungs(tmp_path)
    records = _source_records()
    runs = {size: asyncio.run(_run(redis_url, records, size, policy)) for size in (1, 500)}
    sanctions = [orjson.loads(r.value)["sanction"] for r in runs[1] if r.topic == "qinglang.actions"]
    reasons = [orjson.loads(r.value)["reason"] for r in runs[1] if r.topic == "qinglang.review"]
    assert "registration_blocked" in sanctions and "blacklist" in sanctions
    assert "owner_blacklisted" in reasons
    assert [(r.topic, r.key, r.value) for r in runs[500]] == [(r.topic, r.key, r.value) for r in runs[1]]


def _clean_renames(count: int) -> list[SourceRecord]:
    out = []
    for n in range(count):
        body = {"event_id": f"e{n}", "type": "profile.renamed", "account_id": f"u:{n}", "schema_version": 1,
                "occurred_at": f"2026-11-22T08:{n // 60:02d}:{n % 60:02d}Z",
                "old_name": f"小王{n}", "new_name": f"爱吃火锅的小王{n}"}
        out.append(SourceRecord("account.profile", 0, n, f"u:{n}".encode(), orjson.dumps(body), None))
    return out


def _batch_cost(redis_url: str, records: list[SourceRecord]) -> tuple[int, int]:
    """Round trips and broker waits of the batch `records[1:]` (the first record warms the scripts)."""
    async def measure() -> tuple[int, int]:
        processor, sink, redis = _processor(redis_url)
        await processor.process_batch(records[:1])  # warm: scripts loaded, schedule hints read
        before, flushes = redis.round_trips, sink.flushes
        await processor.process_batch(records[1:])
        trips = redis.round_trips - before
        await redis.aclose()
        return trips, sink.flushes - flushes

    return asyncio.run(measure())


def test_a_batch_costs_a_fixed_number_of_steps_and_one_broker_wait(redis_url: str, monkeypatch: pytest.MonkeyPatch,
                                                                   ) -> None:
    # requests not split (each step goes out whole): ten accounts or four hundred, the same steps, each
    # one pipelined round trip for all accounts — the schedules' earliest due times (once per batch), the
    # profile store, the credentials, the name history with the D10 after-sanction log (read together),
    # the rename's D10 entry, and the shared watermark once at the end
    monkeypatch.setattr(redis_client, "_WRITE_AT", 10**9)
    assert _batch_cost(redis_url, _clean_renames(11)) == _batch_cost(redis_url, _clean_renames(401)) == (6, 1)


def test_a_step_of_many_accounts_goes_out_in_parts_with_the_same_outputs(redis_url: str,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """As the worker runs: a step's commands leave in requests of `_WRITE_AT` as they are queued (Redis
    works through one part while the accounts of the next still run), so the requests grow with the
    accounts while the waits do not — and the outputs are those of steps sent whole."""
    trips, flushes = _batch_cost(redis_url, _clean_renames(401))
    # the four steps that touch each of the 400 accounts go out in parts of at most _WRITE_AT commands
    assert trips >= 2 + 4 * 400 // redis_client._WRITE_AT and flushes == 1
    records = _source_records()
    split = asyncio.run(_run(redis_url, records, 500))
    monkeypatch.setattr(redis_client, "_WRITE_AT", 10**9)
    whole = asyncio.run(_run(redis_url, records, 500))
    assert [(r.topic, r.key, r.value) for r in split] == [(r.topic, r.key, r.value) for r in whole]


def test_an_appeal_filed_is_processed_without_a_dead_letter_or_a_sanction(redis_url: str) -> None:
    """appeal.filed is a no-op event for the pipeline: one processed record, nothing else (no strike changes)."""
    def record(topic: str, offset: int, body: dict[str, object]) -> SourceRecord:
        return SourceRecord(topic, 0, offset, b"u:1", orjson.dumps(body), (), 1_795_000_000_000)

    envelope = {"schema_version": 1, "account_id": "u:1", "occurred_at": "2026-11-18T08:00:00Z"}
    created = record("account.profile", 0, {**envelope, "event_id": "e1", "type": "profile.created",
                                            "name": "人民日报", "identity_hash": "o:1"})
    filed = record("account.appeal", 0, {**envelope, "event_id": "e2", "type": "appeal.filed",
                                         "occurred_at": "2026-11-18T09:00:00Z", "violation_id": "v" * 32,
                                         "statement": "这是我本人的账号，请复核。"})
    without = asyncio.run(_run(redis_url, [created], 1))
    with_filed = asyncio.run(_run(redis_url, [created, filed], 1))
    assert any(r.topic == "qinglang.actions" for r in without)  # the impersonation is sanctioned
    added = [r for r in with_filed if r not in without]
    assert [r.topic for r in added] == ["qinglang.processed"]
    assert orjson.loads(added[0].value)["type"] == "appeal.filed"


def test_events_at_the_same_time_on_two_topics_are_taken_in_one_order_whichever_partition_came_first(
        redis_url: str) -> None:
    """Ties in event time across topics break by topic and partition, not by which partition the batch
    happened to list first: a rumour label and a rename to a doctor's title at the same second give the
    same outputs, ids included, in either arrival order."""
    created = recorded_event("account.profile", "u:tie", {
        "event_id": "tie-c", "type": "profile.created", "name": "晨光读书", "identity_hash": "owner-tie",
        "occurred_at": "2026-03-01T07:00:00Z"})
    label = recorded_event("content.label", "u:tie", {
        "event_id": "tie-l", "type": "content.labelled", "post_id": "tie-p", "label": "rumour",
        "first_post": True, "repost_count": 0, "occurred_at": "2026-03-01T08:00:00Z"})
    renamed = recorded_event("account.profile", "u:tie", {
        "event_id": "tie-r", "type": "profile.renamed", "old_name": "晨光读书", "new_name": "王医生",
        "occurred_at": "2026-03-01T08:00:00Z"})
    label_first = as_consumed([label, created, renamed])
    profile_first = as_consumed([created, renamed, label])
    one = asyncio.run(_run(redis_url, label_first, 500))
    other = asyncio.run(_run(redis_url, profile_first, 500))
    assert [r.topic for r in one].count("qinglang.actions") >= 2  # both events are sanctioned
    assert [(r.topic, r.key, r.value) for r in one] == [(r.topic, r.key, r.value) for r in other]
