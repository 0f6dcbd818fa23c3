"""D9 over real Kafka and Redis beyond the golden comparison: the worker's view of the hot-event list."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from golden import GOLDEN_DIR
from pipeline_run import metric_value, run_pipeline

from streams.bus.recording import RecordedRecord, read_recording

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


def test_a_poison_registry_record_is_dead_lettered_and_the_follower_survives_restarts(
        kafka_bootstrap: str, redis_url: str, run_dir: Path) -> None:
    """A hot event whose expiry has no UTC equivalent raised OverflowError in the registry follower; the topic
    is compacted and read from offset 0, so it killed the follower at every start and profile events waited
    for a catch-up that never came. It is dead-lettered, the records after it apply, and a restarted worker
    (which reads the poison again) still catches up and enforces."""
    poison = {"schema_version": 1, "hot_event_id": "he:poison", "title": "某地事件", "parties": ["某某"],
              "figures": [], "active_from": "2026-03-01T00:00:00Z", "expires_at": "9999-12-31T23:59:59-01:00"}
    golden = list(read_recording(GOLDEN_DIR / "hot_events" / "recording.jsonl"))
    stamp = golden[0].timestamp_ms
    records = [RecordedRecord("registry.hot_event", b"he:poison", orjson.dumps(poison), stamp), *golden]
    later = {"schema_version": 1, "event_id": "hot-after-restart", "type": "profile.created", "account_id": "h:9",
             "occurred_at": "2026-03-04T00:00:00Z", "name": "周小雨家属", "identity_hash": "owner-h:9"}
    phase = [RecordedRecord("account.profile", b"h:9", orjson.dumps(later), 1772582400000)]  # 2026-03-04
    run = run_pipeline(records, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                       then=[phase], restart_between_phases=True)
    letters = run.outputs["qinglang.deadletter"]
    poisoned = [d for d in letters if d["source"]["key"] == "he:poison"]
    assert poisoned and {d["error"]["code"] for d in poisoned} == {"bad_timestamp"}
    assert all(d["source"]["topic"] == "registry.hot_event" for d in poisoned)
    violations = run.outputs["qinglang.violations"]
    assert any(v["account_id"] == "h:9" and v["requirement"] == "D9" for v in violations)
    assert sum(1 for p in run.outputs["qinglang.processed"] if p["event_id"] == "hot-after-restart") == 1
