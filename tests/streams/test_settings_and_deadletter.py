"""Settings come from QINGLANG_* with clear errors; dead letters keep a bounded prefix, so an oversized
input can always be dead-lettered."""

from __future__ import annotations

import asyncio
import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from enforcement.events import ErrorCode
from enforcement.events.bounds import EventTimeBounds
from streams.bus.deadletter import deadletter_record
from streams.bus.messages import SourceRecord
from streams.settings import Settings, SettingsError
from streams.worker.run import use_event_loop


def test_defaults_and_overrides() -> None:
    settings = Settings.from_env({"QINGLANG_PARTITIONS": "12", "QINGLANG_EMIT_PROCESSED": "yes",
                                  "QINGLANG_COMMIT_INTERVAL": "0.5", "QINGLANG_TOPIC_PREFIX": "p."})
    assert (settings.partitions, settings.emit_processed, settings.commit_interval_s) == (12, True, 0.5)
    assert settings.topic_prefix == "p."
    assert Settings.from_env({}).kafka_bootstrap == "127.0.0.1:9092"


def test_event_time_alignment_waits_a_second_by_default_and_can_be_turned_off() -> None:
    assert Settings.from_env({}).align_wait_s == 1.0
    assert Settings.from_env({"QINGLANG_ALIGN_WAIT": "0"}).align_wait_s == 0.0


def test_event_time_bounds_come_from_settings() -> None:
    assert Settings.from_env({}).event_time_bounds() == EventTimeBounds(
        earliest=datetime(2000, 1, 1, tzinfo=UTC), latest=datetime(2100, 1, 1, tzinfo=UTC),
        max_skew=timedelta(minutes=5))
    settings = Settings.from_env({"QINGLANG_MAX_EVENT_SKEW": "60",
                                  "QINGLANG_EARLIEST_EVENT_TIME": "2026-01-01T08:00:00+08:00",
                                  "QINGLANG_LATEST_EVENT_TIME": "2030-01-01T00:00:00Z",
                                  "QINGLANG_MAX_TIMESTAMP_AHEAD": "90"})
    assert settings.event_time_bounds() == EventTimeBounds(
        earliest=datetime(2026, 1, 1, tzinfo=UTC), latest=datetime(2030, 1, 1, tzinfo=UTC),
        max_skew=timedelta(seconds=60))
    assert settings.max_timestamp_ahead_s == 90


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"QINGLANG_PARTITIONS": "many"}, "QINGLANG_PARTITIONS"),
        ({"QINGLANG_PARTITIONS": "0"}, "QINGLANG_PARTITIONS"),
        ({"QINGLANG_EMIT_PROCESSED": "perhaps"}, "QINGLANG_EMIT_PROCESSED"),
        ({"QINGLANG_REDIS_URL": "localhost:6379"}, "QINGLANG_REDIS_URL"),
        ({"QINGLANG_DEADLETTER_PREFIX_BYTES": "999999"}, "QINGLANG_DEADLETTER_PREFIX_BYTES"),
        ({"QINGLANG_LOG_LEVEL": "loud"}, "QINGLANG_LOG_LEVEL"),
        ({"QINGLANG_EVENT_LOOP": "trio"}, "QINGLANG_EVENT_LOOP"),
        ({"QINGLANG_MAX_EVENT_SKEW": "-1"}, "QINGLANG_MAX_EVENT_SKEW"),
        ({"QINGLANG_MAX_EVENT_SKEW": "soon"}, "QINGLANG_MAX_EVENT_SKEW"),
        ({"QINGLANG_MAX_TIMESTAMP_AHEAD": "0"}, "QINGLANG_MAX_TIMESTAMP_AHEAD"),
        ({"QINGLANG_ALIGN_WAIT": "-0.5"}, "QINGLANG_ALIGN_WAIT"),
        ({"QINGLANG_ALIGN_WAIT": "forever"}, "QINGLANG_ALIGN_WAIT"),
        ({"QINGLANG_EARLIEST_EVENT_TIME": "2020-01-01"}, "QINGLANG_EARLIEST_EVENT_TIME"),
        ({"QINGLANG_LATEST_EVENT_TIME": "9999-12-31T23:59:59-01:00"}, "QINGLANG_LATEST_EVENT_TIME"),
        ({"QINGLANG_LATEST_EVENT_TIME": "2200-01-01T00:00:00Z"}, "QINGLANG_LATEST_EVENT_TIME"),
        ({"QINGLANG_EARLIEST_EVENT_TIME": "2030-01-01T00:00:00Z", "QINGLANG_LATEST_EVENT_TIME": "2030-01-01T00:00:00Z"},
         "QINGLANG_EARLIEST_EVENT_TIME"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


@pytest.mark.parametrize(("name", "loop_module"), [("uvloop", "uvloop"), ("asyncio", "asyncio")])
def test_the_worker_runs_on_the_event_loop_it_is_given(name: str, loop_module: str) -> None:
    before = asyncio.get_event_loop_policy()
    try:
        use_event_loop(Settings.from_env({"QINGLANG_EVENT_LOOP": name}).event_loop)
        loop = asyncio.new_event_loop()
        assert type(loop).__module__.split(".")[0] == loop_module
        loop.close()
    finally:
        asyncio.set_event_loop_policy(before)


def test_deadletter_keeps_prefix_length_and_digest() -> None:
    raw = b"\xe4\xba\xba" * 100  # 300 bytes of 人
    source = SourceRecord("account.profile", 2, 41, b"u:1", raw, (("h", b"\xff"),), 1795000000000)
    body = deadletter_record(source, ErrorCode.OVERSIZED, "too big", None, prefix_bytes=10)
    assert body["raw"]["length"] == 300
    assert body["raw"]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert body["raw"]["truncated"] is True
    assert body["raw"]["prefix"] == {"b64": "5Lq65Lq65Lq65A=="}  # cut inside a character: base64
    assert body["source"] == {"topic": "account.profile", "partition": 2, "offset": 41,
                              "timestamp_ms": 1795000000000, "key": "u:1", "key_length": 3, "key_truncated": False,
                              "headers": [["h", {"b64": "/w=="}]], "headers_count": 1, "headers_bytes": 2,
                              "headers_truncated": False}
    assert body["error"] == {"code": "oversized", "message": "too big", "field": None}
    same = deadletter_record(source, ErrorCode.OVERSIZED, "too big", None, prefix_bytes=10)
    assert same["deadletter_id"] == body["deadletter_id"]  # derived from the source position


def test_a_redis_password_never_appears_in_what_the_worker_says() -> None:
    import subprocess
    import sys

    from streams.settings import shown_url

    assert shown_url("redis://:s3cret@redis:6379/0") == "redis://:***@redis:6379/0"
    assert shown_url("rediss://qinglang:s3cret@h:6380/1") == "rediss://qinglang:***@h:6380/1"
    assert shown_url("redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    env = {"PATH": "/usr/bin:/bin", "QINGLANG_REDIS_URL": "redis://qinglang:t0p-s3cret@127.0.0.1:1/0",
           "QINGLANG_KAFKA_BOOTSTRAP": "127.0.0.1:1"}
    done = subprocess.run([sys.executable, "-m", "streams", "worker"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "is not reachable" in done.stderr
    assert "t0p-s3cret" not in done.stderr + done.stdout and "qinglang:***@127.0.0.1:1" in done.stderr


def test_the_worker_keeps_the_log_level_it_was_given() -> None:
    """Faust's terminal spinner set the root logger to DEBUG, so every library's debug call built a record
    (one per message aiokafka sent) that nothing printed; the worker runs without it."""
    import logging
    import logging.config

    import faust

    from streams.observability.logs import logging_config
    from streams.worker.run import faust_worker

    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    settings = Settings(log_level="warn")
    try:
        logging.config.dictConfig(logging_config(settings.log_level, settings.log_format))
        faust_worker(settings, faust.App("qinglang-log-level-test"))._setup_logging()
        assert root.level == logging.WARNING
        assert not logging.getLogger("aiokafka.producer.producer").isEnabledFor(logging.DEBUG)
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]
