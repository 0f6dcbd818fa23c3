"""`qinglang watermark show | repair`: a watermark pushed into the future by one event can be brought back,
with every worker stopped, and the command says what it changed."""

from __future__ import annotations

import secrets
import sys
from datetime import UTC, datetime

import pytest
import redis
from click.testing import CliRunner, Result

from streams.cli import main

watermark_cli = sys.modules["streams.cli.watermark"]  # the package's `watermark` attribute is the command group

FUTURE_MS = int(datetime(2099, 12, 31, 23, 54, 59, tzinfo=UTC).timestamp() * 1000)
REPAIRED_MS = int(datetime(2026, 11, 30, tzinfo=UTC).timestamp() * 1000)


@pytest.fixture
def env(redis_url: str) -> dict[str, str]:
    return {"QINGLANG_REDIS_URL": redis_url, "QINGLANG_TOPIC_PREFIX": f"w{secrets.token_hex(4)}.",
            "QINGLANG_APP_ID": f"qinglang-w{secrets.token_hex(4)}"}


def key(env: dict[str, str]) -> str:
    return f"ql:{env['QINGLANG_TOPIC_PREFIX']}watermark"


def invoke(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(main, ["watermark", *args], env=env)


def stored(redis_url: str, env: dict[str, str]) -> int | None:
    raw = redis.Redis.from_url(redis_url).get(key(env))
    return None if raw is None else int(raw)


def workers(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    async def members(bootstrap: str, group: str) -> int:
        return count

    monkeypatch.setattr(watermark_cli, "active_members", members)


def test_show_says_when_the_watermark_is_ahead_of_the_clock(env: dict[str, str], redis_url: str) -> None:
    result = invoke(env, "show")
    assert result.exit_code == 0, result.output
    assert "none yet" in result.output
    redis.Redis.from_url(redis_url).set(key(env), FUTURE_MS)
    result = invoke(env, "show")
    assert result.exit_code == 0, result.output
    assert "2099-12-31T23:54:59.000Z" in result.output
    assert "WARNING" in result.output and "years ahead of the wall clock" in result.output
    assert "scheduled mute lifts: 0" in result.output


def test_show_names_the_partition_that_holds_the_watermark_back(env: dict[str, str], redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.set(key(env), REPAIRED_MS)
    client.hset(f"{key(env)}:holds", mapping={"account.profile:4": REPAIRED_MS + 3_600_000,
                                              "content.label:1": REPAIRED_MS + 60_000})
    result = invoke(env, "show")
    assert result.exit_code == 0, result.output
    assert ("held back:  2 input partition(s) behind; what fires waits for the slowest, content.label:1, "
            "at 2026-11-30T00:01:00.000Z in event time") in result.output


def test_repair_lowers_the_watermark_and_says_what_it_changed(env: dict[str, str], redis_url: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    redis.Redis.from_url(redis_url).set(key(env), FUTURE_MS)
    workers(monkeypatch, 0)
    dry = invoke(env, "repair", "--to", "2026-11-30T08:00:00+08:00", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "dry run" in dry.output and stored(redis_url, env) == FUTURE_MS
    result = invoke(env, "repair", "--to", "2026-11-30T08:00:00+08:00")
    assert result.exit_code == 0, result.output
    assert stored(redis_url, env) == REPAIRED_MS
    assert f"2099-12-31T23:54:59.000Z -> 2026-11-30T00:00:00.000Z ({FUTURE_MS} -> {REPAIRED_MS} ms)" in result.output
    assert "stay sent" in result.output
    again = invoke(env, "repair", "--to", "2026-11-30T08:00:00+08:00")  # not earlier any more
    assert again.exit_code == 1 and "nothing to repair" in again.output
    assert stored(redis_url, env) == REPAIRED_MS


def test_repair_refuses_while_a_worker_runs(env: dict[str, str], redis_url: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    redis.Redis.from_url(redis_url).set(key(env), FUTURE_MS)
    workers(monkeypatch, 2)
    result = invoke(env, "repair", "--to", "2026-11-30T00:00:00Z")
    assert result.exit_code == 1 and "2 active member(s)" in result.output and "stop every worker" in result.output
    assert stored(redis_url, env) == FUTURE_MS
    forced = invoke(env, "repair", "--to", "2026-11-30T00:00:00Z", "--force")
    assert forced.exit_code == 0, forced.output
    assert stored(redis_url, env) == REPAIRED_MS


@pytest.mark.parametrize(("to", "message"), [
    ("yesterday", "not a date-time"),
    ("2026-11-30T00:00:00", "not a date-time"),  # no offset
    ("2199-01-01T00:00:00Z", "later than the wall clock"),
])
def test_repair_refuses_a_bad_target_and_changes_nothing(env: dict[str, str], redis_url: str,
                                                         monkeypatch: pytest.MonkeyPatch, to: str,
                                                         message: str) -> None:
    redis.Redis.from_url(redis_url).set(key(env), FUTURE_MS)
    workers(monkeypatch, 0)
    result = invoke(env, "repair", "--to", to)
    assert result.exit_code == 2 and message in result.output, result.output
    assert "Traceback" not in result.output
    assert stored(redis_url, env) == FUTURE_MS


def test_repair_without_a_stored_watermark_is_a_clear_error(env: dict[str, str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    workers(monkeypatch, 0)
    result = invoke(env, "repair", "--to", "now")
    assert result.exit_code == 1 and "no watermark is stored" in result.output


@pytest.mark.e2e
def test_the_worker_check_asks_kafka(env: dict[str, str], redis_url: str, kafka_bootstrap: str) -> None:
    """With no worker of the group running, Kafka reports no member and the repair goes ahead."""
    redis.Redis.from_url(redis_url).set(key(env), FUTURE_MS)
    result = invoke({**env, "QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap}, "repair", "--to", "2026-11-30T00:00:00Z")
    assert result.exit_code == 0, result.output
    assert stored(redis_url, env) == REPAIRED_MS
