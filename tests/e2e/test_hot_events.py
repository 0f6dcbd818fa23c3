"""D9 over real Kafka and Redis beyond the golden comparison: the worker's view of the hot-event list."""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import GOLDEN_DIR
from pipeline_run import metric_value, run_pipeline

from streams.bus.recording import read_recording

pytestmark = pytest.mark.e2e


def test_hot_event_list_size_and_bad_records_are_measured(kafka_bootstrap: str, redis_url: str,
                                                          run_dir: Path) -> None:
    """he:1 stays, he:2 is tombstoned, he:bad is dead-lettered: one hot event; D9 counted per rule."""
    records = list(read_recording(GOLDEN_DIR / "hot_events" / "recording.jsonl"))
    run = run_pipeline(records, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir)
    assert metric_value(run.metrics_text, "qinglang_hot_events") == 1
    assert metric_value(run.metrics_text, "qinglang_deadletters_total", topic="registry.hot_event",
                        code="bad_value") == 1
    assert metric_value(run.metrics_text, "qinglang_violations_total", requirement="D9",
                        rule="hot_event_party") == 3
    (dead,) = run.outputs["qinglang.deadletter"]
    assert dead["error"]["code"] == "bad_value" and "expires_at" in dead["error"]["message"]
