"""Sanctions over real Kafka and Redis beyond the golden cases (issue 4 "Done when")."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from golden import GOLDEN_DIR
from pipeline_run import metric_value, run_pipeline
from redis.asyncio import Redis

from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from streams.recording import read_recording

pytestmark = pytest.mark.e2e
CASE = GOLDEN_DIR / "sanctions"


def test_replayed_recording_adds_nothing(kafka_bootstrap: str, redis_url: str, run_dir: Path) -> None:
    """P2: the same recording replayed twice through the same state re-sends the same actions (same
    ids, pinned 9) and leaves every strike total as one replay left it."""
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
