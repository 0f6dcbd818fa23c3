"""Sanctions over real Kafka and Redis beyond the golden cases."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from golden import GOLDEN_DIR
from pipeline_run import metric_value, run_pipeline
from redis.asyncio import Redis

from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.policy.load import DEFAULT_POLICY_PATH
from streams.bus.recording import RecordedRecord, read_recording
from streams.cli import main

pytestmark = pytest.mark.e2e
CASE = GOLDEN_DIR / "sanctions"


def test_replayed_recording_adds_nothing(kafka_bootstrap: str, redis_url: str, run_dir: Path) -> None:
    """P2: the same recording replayed twice through the same state re-sends the same actions (same
    ids: a crash between Redis and the producer must not lose one) and leaves every strike total as one
    replay left it."""
    first = list(read_recording(CASE / "recording.jsonl"))
    run = run_pipeline(first, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, then=[first])
    actions = run.outputs["qinglang.actions"]
    by_id: dict[str, dict[str, object]] = {}
    for action in actions:
        assert by_id.setdefault(action["action_id"], action) == action
    summary = sorted((a["account_id"], a["sanction"], a["rung"], a["occurred_at"]) for a in by_id.values())
    assert len(by_id) == 8 and len(actions) > len(by_id), summary
    assert sorted(a["rung"] for a in by_id.values() if a["account_id"] == "s:1") == [
        "long_mute", "short_mute", "warning"]

    async def totals() -> dict[str, int]:
        client = Redis.from_url(redis_url)
        try:
            ledger = RedisLedger(client, load_policy(), key_prefix=f"ql:{run.prefix}")
            return {a: (await ledger.account_state(a)).points for a in ("s:1", "s:2", "s:3", "s:4")}
        finally:
            await client.aclose()

    assert asyncio.run(totals()) == {"s:1": 13, "s:2": 3, "s:3": 8, "s:4": 25}
    assert metric_value(run.metrics_text, "qinglang_actions_total", sanction="close") == 1


def test_appeal_metrics_and_shadow_keeps_real_state_clean(kafka_bootstrap: str, redis_url: str,
                                                          run_dir: Path) -> None:
    """Appeal results are counted; a shadow policy beside the enforcing one writes only its own keys."""
    phases = [list(read_recording(CASE / name)) for name in ("recording.jsonl", "then.1.jsonl")]
    shadow = GOLDEN_DIR / "shadow" / "policy.toml"
    run = run_pipeline(phases[0], kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                       then=phases[1:], env={"QINGLANG_SHADOW_POLICY": str(shadow)})
    real = {a["action_id"] for a in run.outputs["qinglang.actions"]}
    shadowed = {a["action_id"] for a in run.outputs["qinglang.actions.shadow"]}
    assert real and shadowed == real  # same ladder, same ids: the shadow ran beside, on its own keys
    assert {a["policy_version"] for a in run.outputs["qinglang.actions.shadow"]} == {"2026-11-22.2-shadow"}
    for result in ("overturned", "upheld", "unknown_violation"):
        assert metric_value(run.metrics_text, "qinglang_appeals_total", result=result) == 1, result
    assert metric_value(run.metrics_text, "qinglang_shadow_actions_total", sanction="unmute") == 1

    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": run.prefix}
    report = CliRunner().invoke(main, ["report", "--format", "json", "--until", "2026-01-07"], env=env)
    assert report.exit_code == 0, report.output
    stats = orjson.loads(report.stdout)
    # D10: renames after sanctions; s:9 (created as 人民日报 on day 5) adds a D1, a D8 and a close
    assert stats["violations_by_requirement"] == {"D1": 3, "D6": 6, "D8": 2, "D10": 2}
    # s:3's re-attributed warning restates a sanction: not counted again
    assert stats["sanctions_by_rung"] == {"blacklist": 1, "close": 2, "long_mute": 1, "short_mute": 2, "warning": 3}
    assert stats["sanctions_reversed_on_appeal"] == 1 and stats["registrations_blocked"] == 1
    account = CliRunner().invoke(main, ["account", "s:3", "--json"], env=env)
    assert account.exit_code == 0, account.output
    ledger = orjson.loads(account.stdout)
    assert ledger["points"] == 3 and ledger["rung"] == "warning" and len(ledger["strikes"]) == 1
    # the appeal's actions: the mute's reversal, then the warning re-attributed to the remaining strike
    assert [e["kind"] for e in ledger["audit"]] == ["strike", "action", "strike", "action", "appeal", "action",
                                                    "action"]


def test_brakes_hold_back_closures_and_a_sudden_rule(kafka_bootstrap: str, redis_url: str, run_dir: Path,
                                                     tmp_path: Path) -> None:
    """Brakes over the wire: cap 1 closure an hour, breaker floor 2. One partition, so the order
    of the four impersonators is the recording's."""
    policy = tmp_path / "tight.toml"
    policy.write_text(DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
                      .replace("breaker_min_per_hour = 100", "breaker_min_per_hour = 2")
                      .replace("closures_per_hour = 200", "closures_per_hour = 1"), encoding="utf-8")
    records = []
    for n in range(4):
        body = {"schema_version": 1, "event_id": f"brk-{n}", "type": "profile.created", "account_id": f"b:{n}",
                "occurred_at": f"2026-03-01T10:0{n}:00Z", "name": "人民日报", "identity_hash": f"o{n}"}
        records.append(RecordedRecord("account.profile", f"b:{n}".encode(), orjson.dumps(body), None))
    run = run_pipeline(records, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                       partitions=1, env={"QINGLANG_POLICY": str(policy)})
    assert [(a["account_id"], a["sanction"]) for a in run.outputs["qinglang.actions"]] == [("b:0", "close")]
    assert [(r["account_id"], r["reason"]) for r in run.outputs["qinglang.review"]] == [
        ("b:1", "closure_cap"), ("b:2", "breaker"), ("b:3", "breaker")]
    text = run.metrics_text
    assert metric_value(text, "qinglang_closures_capped_total") == 1
    assert metric_value(text, "qinglang_breaker_trips_total", rule="official_name_exact") == 1
    assert metric_value(text, "qinglang_breaker_open", rule="official_name_exact") == 1
