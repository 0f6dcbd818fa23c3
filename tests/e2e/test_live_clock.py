"""Live running (decision "Event time and the watermark"): with QINGLANG_LIVE_CLOCK the wall clock advances the shared
watermark, so a credential lapses on time although no event ever arrives after it — over a real worker,
Kafka and Redis. Without it (replays), nothing fires until event time passes."""

from __future__ import annotations

import asyncio
import secrets
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from factories import encode

from streams.bus import topics
from streams.bus.reader import read_topic
from streams.bus.recording import RecordedRecord
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.harness import start_worker, wait_for_group

pytestmark = pytest.mark.e2e


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _records(now: datetime, valid_for: timedelta) -> list[RecordedRecord]:
    verified = {"schema_version": 1, "event_id": "live-1", "type": "credential.verified", "account_id": "l:1",
                "occurred_at": _iso(now - timedelta(seconds=2)), "credential_id": "cred-l:1", "domain": "medical",
                "valid_until": _iso(now + valid_for)}
    created = {"schema_version": 1, "event_id": "live-2", "type": "profile.created", "account_id": "l:1",
               "occurred_at": _iso(now - timedelta(seconds=1)), "name": "张医生讲健康", "identity_hash": "owner-l:1"}
    stamp = int(now.timestamp() * 1000)
    return [RecordedRecord("account.credential", b"l:1", encode(verified), stamp),
            RecordedRecord("account.profile", b"l:1", encode(created), stamp)]


def _run(kafka_bootstrap: str, redis_url: str, run_dir: Path, *, live: bool, valid_for: timedelta,
         watch_s: float) -> list[dict]:
    """Replay the two events, then watch qinglang.violations for `watch_s` seconds of wall time."""
    run_id = secrets.token_hex(4)
    names = TopicNames(f"t{run_id}.")
    app_id = f"qinglang-test-{run_id}"
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=1, replication=1))
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": names.prefix, "QINGLANG_APP_ID": app_id, "QINGLANG_PARTITIONS": "1",
           "QINGLANG_COMMIT_INTERVAL": "0.3", "QINGLANG_ALLOWED_LATENESS": "0",
           "QINGLANG_SCHEDULE_INTERVAL": "0.5", "QINGLANG_LIVE_CLOCK": "1" if live else "0"}
    worker = start_worker(env, run_dir / f"worker-{run_id}.log")
    try:
        records = _records(datetime.now(UTC), valid_for)
        asyncio.run(replay_records(records, bootstrap=kafka_bootstrap, names=names))
        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=120, at_least=len(records)))
        deadline = time.monotonic() + watch_s
        while True:
            found = [orjson.loads(v) for _, v, _ in asyncio.run(read_topic(kafka_bootstrap,
                                                                           names.physical(topics.VIOLATIONS)))]
            lapses = [v for v in found if v["rule"] == "credential_lapsed_in_use"]
            if lapses or time.monotonic() > deadline:
                return lapses
            time.sleep(0.5)  # polling the topic for a decision the clock is due to make, not a fixed wait
    finally:
        worker.stop()


def test_the_clock_lapses_a_credential_when_no_event_arrives(kafka_bootstrap: str, redis_url: str,
                                                             run_dir: Path) -> None:
    (lapse,) = _run(kafka_bootstrap, redis_url, run_dir, live=True, valid_for=timedelta(seconds=3), watch_s=60)
    assert lapse["account_id"] == "l:1" and lapse["requirement"] == "D7"
    valid_until = datetime.fromisoformat(lapse["occurred_at"].replace("Z", "+00:00"))
    assert valid_until > datetime.now(UTC) - timedelta(minutes=2)  # stamped with valid_until, not a replay time


def test_without_the_live_clock_event_time_alone_decides(kafka_bootstrap: str, redis_url: str,
                                                        run_dir: Path) -> None:
    """The same story with the clock off: valid_until passes on the wall clock, but no event carries the
    watermark past it, so nothing fires (a replay must not depend on when it runs)."""
    assert _run(kafka_bootstrap, redis_url, run_dir, live=False, valid_for=timedelta(seconds=1), watch_s=6) == []
