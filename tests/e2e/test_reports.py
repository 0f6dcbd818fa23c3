"""Reports, labels and review decisions over the wire: metrics and the Redis state behind them."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from golden import GOLDEN_DIR
from pipeline_run import metric_value, run_pipeline
from redis.asyncio import Redis

from streams.bus.recording import read_recording

pytestmark = pytest.mark.e2e


def test_report_and_decision_metrics_and_reporter_state(kafka_bootstrap: str, redis_url: str, run_dir: Path) -> None:
    case = GOLDEN_DIR / "reports"
    first = list(read_recording(case / "recording.jsonl"))
    second = list(read_recording(case / "then.1.jsonl"))
    run = run_pipeline(first, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, then=[second])
    # g:1: six report records (one redelivered) in phase one, g:2: four in phase two — all impersonation
    assert metric_value(run.metrics_text, "qinglang_reports_total", category="impersonation") == 10
    assert metric_value(run.metrics_text, "qinglang_review_decisions_total", decision="confirm") == 1
    assert metric_value(run.metrics_text, "qinglang_review_items_total", reason="mass_report") == 1
    assert metric_value(run.metrics_text, "qinglang_review_items_total", reason="referral") == 1
    assert metric_value(run.metrics_text, "qinglang_actions_total", sanction="tipping_restored") == 1

    async def overturned() -> dict[str, int]:
        client = Redis.from_url(redis_url)
        try:  # the appeal of g:1's reports_threshold violation counted once against each of its reporters
            keys = {r: f"ql:{run.prefix}{{{r}}}:overturned" for r in ("r:1", "r:2", "r:3", "r:4")}
            return {r: int(await client.scard(key)) for r, key in keys.items()}
        finally:
            await client.aclose()

    assert asyncio.run(overturned()) == {"r:1": 1, "r:2": 1, "r:3": 1, "r:4": 0}
