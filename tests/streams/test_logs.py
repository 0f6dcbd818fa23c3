"""Structured logs (P3, P8): JSON lines with a level flag, and no personal data in them."""

from __future__ import annotations

import logging
import logging.config
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner
from factories import encode, make_event, topic_of
from pipeline_run import run_pipeline

from streams.bus.recording import RecordedRecord
from streams.cli import main
from streams.observability.logs import JsonFormatter, RepeatLimit, logging_config
from streams.settings import Settings, SettingsError

SECRETS = {
    "identity_hash": "idhash-4f1e9a-secret",
    "reporter_id": "reporter-77-secret",
    "bio": "私人简介-秘密内容",
    "name": "某某的真实姓名",
}


def _record(message: str, *args: object, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("qinglang.test", logging.WARNING, __file__, 1, message, args, None)
    record.__dict__.update(extra)
    return record


def test_a_line_is_one_json_object_with_time_level_logger_and_message() -> None:
    line = JsonFormatter().format(_record("redis unavailable (%s)", "ConnectionError", topic="account.profile",
                                          offset=7))
    body = orjson.loads(line)
    assert body["level"] == "warning" and body["logger"] == "qinglang.test"
    assert body["message"] == "redis unavailable (ConnectionError)"
    assert body["topic"] == "account.profile" and body["offset"] == 7
    assert body["ts"].endswith("Z") and "\n" not in line


def test_extras_outside_the_whitelist_are_dropped() -> None:
    body = orjson.loads(JsonFormatter().format(_record("x", identity_hash=SECRETS["identity_hash"], partition=2)))
    assert "identity_hash" not in body and body["partition"] == 2


def test_exceptions_are_kept_in_one_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("q", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    body = orjson.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in body["exc"]


def test_logging_config_refuses_unknown_levels_and_formats() -> None:
    with pytest.raises(ValueError, match="log level"):
        logging_config("verbose", "json")
    with pytest.raises(ValueError, match="log format"):
        logging_config("info", "xml")
    with pytest.raises(SettingsError, match="QINGLANG_LOG_FORMAT"):
        Settings.from_env({"QINGLANG_LOG_FORMAT": "xml"})


def test_text_format_is_plain(capsys: pytest.CaptureFixture[str]) -> None:
    logging.config.dictConfig(logging_config("info", "text"))
    try:
        logging.getLogger("qinglang.test").info("hello %d", 3)
        assert "INFO qinglang.test: hello 3" in capsys.readouterr().err
    finally:
        logging.config.dictConfig({"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}})


def test_worker_has_level_and_format_flags() -> None:
    result = CliRunner().invoke(main, ["worker", "--help"])
    assert result.exit_code == 0 and "--log-level" in result.output and "--log-format" in result.output
    bad = CliRunner().invoke(main, ["worker", "--log-level", "loud"])
    assert bad.exit_code == 2 and "loud" in bad.output


@pytest.mark.e2e
def test_a_worker_at_info_logs_json_and_no_personal_data(kafka_bootstrap: str, redis_url: str,
                                                         run_dir: Path) -> None:
    """A worker handles events full of personal data (and a bad record) at info level: every line it
    writes is a JSON object, its own lines are there, and none of the personal data is."""
    bodies = [
        make_event("profile.created", event_id="log-1", account_id="u:log", name=SECRETS["name"],
                   identity_hash=SECRETS["identity_hash"], bio=SECRETS["bio"]),
        make_event("profile.bio_changed", event_id="log-2", account_id="u:log", bio="某市公安局官方 " + SECRETS["bio"]),
        make_event("report.filed", event_id="log-3", account_id="u:log", reporter_id=SECRETS["reporter_id"]),
    ]
    stamp = 1795334400000  # 2026-11-22T08:00:00Z, the events' time: event time may not pass its record's
    records = [RecordedRecord(topic_of(b["type"]), b"u:log", encode(b), stamp + i) for i, b in enumerate(bodies)]
    bad = {**bodies[1], "event_id": "log-bad", "bio": 42, "note": SECRETS["bio"]}
    records.append(RecordedRecord(topic_of("profile.bio_changed"), b"u:log", encode(bad), stamp + 9))
    before = set(run_dir.glob("worker-*.log"))
    run = run_pipeline(records, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                       env={"QINGLANG_LOG_LEVEL": "info"})
    assert len(run.outputs["qinglang.deadletter"]) == 1
    (log_path,) = set(run_dir.glob("worker-*.log")) - before
    text = log_path.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    parsed = [orjson.loads(line) for line in lines]  # raises on any line that is not JSON
    assert all({"ts", "level", "logger", "message"} <= set(p) for p in parsed)
    messages = [p["message"] for p in parsed]
    assert "worker starting" in messages
    assert any(p.get("error_code") for p in parsed), "the dead letter is logged with its error code"
    for secret in SECRETS.values():
        assert secret not in text


def test_a_repeating_message_is_held_to_a_few_lines_per_window() -> None:
    """The broker down: the Kafka client repeats one error thousands of times a second."""
    now = [0.0]
    limit = RepeatLimit(burst=3, window_s=10, clock=lambda: now[0])

    def record(msg: str, *args: object) -> logging.LogRecord:
        return logging.LogRecord("aiokafka", logging.ERROR, __file__, 1, msg, args, None)

    passed = [limit.filter(record("Unable connect to node with id %s", n)) for n in range(100)]
    assert passed == [True, True, True] + [False] * 97
    assert limit.filter(record("another message"))  # other templates are counted apart
    now[0] = 10.0
    after = record("Unable connect to node with id %s", 1)
    assert limit.filter(after)
    assert after.getMessage() == "Unable connect to node with id 1 (97 more like this held back in the last 10 s)"
    assert limit.filter(record("Unable connect to node with id %s", 2))  # a fresh window, counted from 1
