"""The worker says which rule families it runs: `qinglang_rule_family_on` per family, and one "rule families
off" log line naming those it runs without. The gauge and the line are set inside `create_worker` itself
(no smaller function does it), so these tests build a whole worker; building one contacts neither Kafka nor
Redis (the Faust app and the Redis client connect when the worker starts), so the addresses below lead
nowhere. The only family a worker can run without is avatar fetching: every store is wired, and avatars are
fetched only from the hosts QINGLANG_AVATAR_HOSTS allows."""

from __future__ import annotations

import asyncio
import logging

import pytest

from streams.settings import Settings
from streams.worker.app import Worker, create_worker

FAMILIES = ("sanctions", "credentials", "registry_recheck", "content", "churn", "hot_events", "early_records",
            "avatar_fetching")


def _built(avatar_hosts: str) -> Worker:
    # port 1: nothing listens there, and nothing is asked to
    worker = create_worker(Settings(avatar_hosts=avatar_hosts, redis_url="redis://127.0.0.1:1/0",
                                    kafka_bootstrap="127.0.0.1:1"))
    asyncio.run(worker.redis.aclose())  # never used: closed so no connection pool is left behind
    return worker


def _gauge(worker: Worker) -> dict[str, float]:
    """Every sample of the gauge, by family: the labels it has are exactly the families the worker knows."""
    return {sample.labels["family"]: sample.value
            for metric in worker.metrics.registry.collect() if metric.name == "qinglang_rule_family_on"
            for sample in metric.samples}


def _lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "streams.worker.app" and "rule families" in r.getMessage()]


def test_a_worker_without_avatar_hosts_says_avatar_fetching_is_off(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="streams.worker.app")
    worker = _built("")
    assert _gauge(worker) == {**dict.fromkeys(FAMILIES[:-1], 1.0), "avatar_fetching": 0.0}
    [line] = _lines(caplog)
    assert (line.levelno, line.getMessage()) == (logging.INFO, "rule families off: avatar_fetching")
    assert line.__dict__["families_off"] == ["avatar_fetching"]  # the structured field beside the message


def test_a_worker_with_avatar_hosts_runs_every_family_and_logs_nothing_about_them(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="streams.worker.app")
    worker = _built("img.example.com")
    assert _gauge(worker) == dict.fromkeys(FAMILIES, 1.0)
    assert _lines(caplog) == []
