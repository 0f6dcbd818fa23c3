"""Only input errors are dead-lettered: when Redis is down, valid events are retried, never dead-lettered,
never committed."""

from __future__ import annotations

import asyncio
import secrets
import time
from pathlib import Path

import pytest
from factories import encode, make_event
from faults import committed_offsets
from pipeline_run import metric_value

from streams.bus import topics
from streams.bus.reader import end_offsets, read_topic
from streams.bus.recording import RecordedRecord
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.harness import start_worker, wait_for_group
from streams.local.services import start_redis

pytestmark = pytest.mark.e2e


def _committed_total(bootstrap: str, group: str) -> int:
    return sum(committed_offsets(bootstrap, group).values())


def test_redis_outage_retries_without_dead_letters_and_resumes(kafka_bootstrap: str, run_dir: Path) -> None:
    server = start_redis(run_dir / f"redis-outage-{secrets.token_hex(3)}")
    port = server.port
    run_id = secrets.token_hex(4)
    names, app_id = TopicNames(f"o{run_id}."), f"qinglang-outage-{run_id}"
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=1, replication=1))
    env = {
        "QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": server.url,
        "QINGLANG_TOPIC_PREFIX": names.prefix, "QINGLANG_APP_ID": app_id, "QINGLANG_PARTITIONS": "1",
        "QINGLANG_EMIT_PROCESSED": "1", "QINGLANG_COMMIT_INTERVAL": "0.3", "QINGLANG_RETRY_MAX_BACKOFF": "0.5",
    }
    worker = start_worker(env, run_dir / f"worker-outage-{run_id}.log")
    try:
        first = [RecordedRecord("account.profile", b"u:1", encode(make_event(event_id="before")), None)]
        asyncio.run(replay_records(first, bootstrap=kafka_bootstrap, names=names))
        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=60))
        committed_before = _committed_total(kafka_bootstrap, app_id)

        server.stop()  # Redis goes away
        later = [
            RecordedRecord("account.profile", b"u:1",
                           encode(make_event(event_id=f"during-{i}", occurred_at=f"2026-11-23T0{i}:00:00Z")), None)
            for i in range(3)
        ]
        asyncio.run(replay_records(later, bootstrap=kafka_bootstrap, names=names))
        deadline = time.monotonic() + 60
        while metric_value(worker.metrics_text(), "qinglang_dependency_retries_total", dependency="redis") < 3:
            assert time.monotonic() < deadline, "worker never retried against the stopped Redis"
            time.sleep(0.2)
        assert worker.process.poll() is None, "the worker must keep running while Redis is down"
        assert _committed_total(kafka_bootstrap, app_id) == committed_before, "offsets advanced without Redis"

        restarted = start_redis(server.workdir, port=port)  # Redis comes back on the same address
        try:
            asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=90))
        finally:
            restarted.stop()
        ends = asyncio.run(end_offsets(kafka_bootstrap, [names.physical("account.profile")]))
        assert sum(ends.values()) == 4
    finally:
        worker.stop()
    dead = asyncio.run(read_topic(kafka_bootstrap, names.physical(topics.DEADLETTER)))
    processed = asyncio.run(read_topic(kafka_bootstrap, names.physical(topics.PROCESSED)))
    assert dead == []
    import orjson

    assert sorted(orjson.loads(v)["event_id"] for _, v, _ in processed) == [
        "before", "during-0", "during-1", "during-2"
    ]
