"""Decision "Order-independent decisions", as a property over the real Redis stores.

Kafka keeps each partition's order and nothing across topics. Hypothesis draws arrival orders of each
golden recording (and of the reported arrival-order scenarios below): every record may arrive up to 90 % of the
allowed lateness after its event time, each topic-partition keeps its order, and the phases of a case
stay in sequence. Each order goes through the worker's batch processor one record at a time, over fresh
Redis keys. What stands at the end must be the same for every order: the violations (less those
withdrawn), the actions (less those a later arrival reversed — reasons `reordered` and
`credential_rechecked`, `sanction_rechecked`, `profile_rechecked`), the review items, and every account's
strike total.

Registry records are applied at the start of their phase, before its account events (the registry
follower runs beside the agent; its order against account events is not what this property is about).
The avatars case is left out: it needs its HTTP server.
"""

from __future__ import annotations

import asyncio
import random
import secrets
from collections import defaultdict
from dataclasses import replace
from typing import Any

import orjson
import pytest
from arrival_scenarios import arrival_scenarios, early_record_scenarios, rename_after_sanction_scenarios
from batch_rig import ListSink, as_consumed
from golden import GOLDEN_DIR, case_env, case_phases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement.hotevents import parse_hot_event_record
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.registry import InvalidRegistryRecord, parse_registry_record
from enforcement.registry_recheck import RegistryRecord
from streams.bus.messages import SourceRecord
from streams.bus.recording import RecordedRecord, read_recording
from streams.bus.topics import ACTIONS, INPUT_TOPICS, REGISTRY_HOT_EVENT, REGISTRY_OFFICIAL, REVIEW, VIOLATIONS
from streams.observability.metrics import Metrics
from streams.offline.standing import standing
from streams.settings import Settings
from streams.worker.app import build_enforcement
from streams.worker.processor import RecordProcessor
from streams.worker.redis_client import connect

pytestmark = pytest.mark.e2e

CASES = sorted(p.parent.name for p in GOLDEN_DIR.glob("*/recording.jsonl") if not (p.parent / "served").exists())


def _arrival(records: list[SourceRecord], rng: random.Random, lateness_ms: int) -> list[SourceRecord]:
    """One arrival order: each record late by up to 90 % of the lateness, each partition's order kept."""
    last: dict[tuple[str, int], float] = {}
    keyed = []
    for n, record in enumerate(records):
        tp = (record.topic, record.partition)
        arrives = max((record.timestamp_ms or 0) + rng.uniform(0, 0.9 * lateness_ms), last.get(tp, float("-inf")))
        last[tp] = arrives
        keyed.append((arrives, n, record))
    return [record for _, _, record in sorted(keyed, key=lambda item: (item[0], item[1]))]


async def _run(redis_url: str, env: dict[str, str], phases: list[list[RecordedRecord]],
               order: random.Random | None) -> dict[str, Any]:
    chosen = replace(Settings.from_env(env), redis_url=redis_url, topic_prefix=f"o{secrets.token_hex(4)}.")
    redis = connect(Settings(redis_url=redis_url), None, autopipeline=True)
    built = build_enforcement(chosen, redis, Metrics("test"))
    built.index.caught_up.set()
    built.hot_events.caught_up.set()
    sink = ListSink()
    processor = RecordProcessor(chosen, built.enforcement, sink, Metrics("test"))
    extra: list[tuple[str, dict[str, Any]]] = []
    accounts: set[str] = set()
    try:
        for phase in phases:
            for record in phase:
                if record.topic == REGISTRY_OFFICIAL:
                    try:
                        update = parse_registry_record(record.key, record.value)
                    except InvalidRegistryRecord:
                        continue  # dead-lettered by the follower; a case may carry one on purpose
                    before = built.index.current.registry
                    await built.index.apply([update])
                    outcome = await built.enforcement.registry_changed(
                        before, [RegistryRecord.of(update, record.value, record.timestamp_ms)])
                    extra += [("qinglang.violations", v) for v in outcome.violations]
                    extra += [("qinglang.actions", a) for a in outcome.actions]
                    extra += [("qinglang.review", r) for r in outcome.reviews]
                elif record.topic == REGISTRY_HOT_EVENT:
                    try:
                        await built.hot_events.apply([parse_hot_event_record(record.key, record.value)])
                    except InvalidRegistryRecord:
                        continue
            events = as_consumed(r for r in phase if r.topic in INPUT_TOPICS)
            accounts |= {r.key.decode() for r in events if r.key}
            lateness = chosen.allowed_lateness_s * 1000
            for record in events if order is None else _arrival(events, order, lateness):
                await processor.process_batch([record])
        ledger = RedisLedger(redis, load_policy(chosen.policy or None), key_prefix=f"ql:{chosen.topic_prefix}")
        totals = {account: (await ledger.account_state(account)).points for account in sorted(accounts)}
    finally:
        await redis.aclose()
    outputs = [(r.topic, orjson.loads(r.value)) for r in sink.records] + extra
    return {**_standing(outputs), "strike_totals": totals}


def _standing(outputs: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    stands = standing(outputs)
    return {"violations": stands[VIOLATIONS], "actions": stands[ACTIONS], "reviews": stands[REVIEW]}


def _phases(case: str) -> list[list[RecordedRecord]]:
    return [list(read_recording(path)) for path in case_phases(case)]


_BASELINES: dict[str, dict[str, Any]] = defaultdict(dict)


def _check(redis_url: str, name: str, env: dict[str, str], phases: list[list[RecordedRecord]], seed: int) -> None:
    if "in_order" not in _BASELINES[name]:
        _BASELINES[name]["in_order"] = asyncio.run(_run(redis_url, env, phases, None))
    expected = _BASELINES[name]["in_order"]
    got = asyncio.run(_run(redis_url, env, phases, random.Random(seed)))
    for part in ("violations", "actions", "reviews", "strike_totals"):
        assert got[part] == expected[part], f"{name}: {part} differ for arrival seed {seed}"


@pytest.mark.parametrize("case", CASES)
@settings(max_examples=3, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_arrival_order_of_a_golden_recording_leaves_the_same(case: str, redis_url: str, seed: int) -> None:
    _check(redis_url, case, case_env(case), _phases(case), seed)


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_arrival_order_of_the_reorder_scenarios_leaves_the_same(redis_url: str, seed: int) -> None:
    _check(redis_url, "scenarios", {}, [arrival_scenarios()], seed)


def test_the_scenarios_decide_something(redis_url: str) -> None:
    """The property above is only worth something if the scenarios strike and sanction."""
    result = asyncio.run(_run(redis_url, {}, [arrival_scenarios()], None))
    rules = {v["rule"] for v in result["violations"].values()}
    assert {"professional_title_uncredentialed"} <= rules
    assert any(a["sanction"] == "mute" for a in result["actions"].values())
    assert any(points > 0 for points in result["strike_totals"].values())


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_arrival_order_of_a_rename_and_a_sanction_leaves_the_same(redis_url: str, seed: int) -> None:
    """D10 `rename_after_sanction` reads the sanctions standing at the rename's event time."""
    _check(redis_url, "after_sanction", {}, [rename_after_sanction_scenarios()], seed)


def test_the_rename_scenarios_decide_something(redis_url: str) -> None:
    """In event-time order s:n answers its mute, t:n answers nothing, u:n the first mute, w:n the reports'."""
    result = asyncio.run(_run(redis_url, {}, [rename_after_sanction_scenarios()], None))
    answered = {v["account_id"]: v["evidence"]["sanction_at_ms"] for v in result["violations"].values()
                if v["rule"] == "rename_after_sanction"}
    assert sorted(answered) == sorted(f"{p}:{n}" for p in "suw" for n in range(6))
    assert all(answered[f"u:{n}"] < answered[f"s:{n}"] == answered[f"w:{n}"] for n in range(6))
    assert {v["rule"] for v in result["violations"].values() if v["account_id"] == "w:0"} >= {"reports_threshold"}


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_arrival_order_of_an_appeal_or_a_decision_leaves_the_same(redis_url: str, seed: int) -> None:
    """An appeal or a review decision that arrives before what it names is kept and answered when that comes."""
    _check(redis_url, "early_records", {}, [early_record_scenarios()], seed)


def test_appeals_and_decisions_before_what_they_name_are_answered(redis_url: str) -> None:
    """The appeal and decision topics read in full before the others (a lateness that covers the whole
    recording): every overturned mute is still reversed and every confirmed referral closes, as in
    event-time order."""
    records = early_record_scenarios()
    ahead = ("account.appeal", "review.decision")
    first = [r for r in records if r.topic in ahead] + [r for r in records if r.topic not in ahead]
    env = {"QINGLANG_ALLOWED_LATENESS": str(30 * 86400)}
    result = asyncio.run(_run(redis_url, env, [first], None))
    expected = asyncio.run(_run(redis_url, env, [records], None))
    assert result["actions"] == expected["actions"]
    assert result["strike_totals"] == expected["strike_totals"]
    mutes = {a["account_id"] for a in expected["actions"].values() if a["sanction"] == "mute"}
    unmutes = {a["account_id"] for a in expected["actions"].values() if a["sanction"] == "unmute"}
    assert mutes == {f"{p}:{n}" for p in "ef" for n in range(6)}
    assert unmutes == {f"e:{n}" for n in range(6)}
    closed = {a["account_id"] for a in expected["actions"].values() if a["sanction"] == "close"}
    assert closed == {f"d:{n}" for n in range(6)}
