"""Session fixtures: one real Kafka broker and one real Redis per test session (decision
"End-to-end tests").

`QINGLANG_KAFKA_BOOTSTRAP` / `QINGLANG_REDIS_URL` point the suite at external services instead.
A service that fails to start fails every test that needs it, loudly: nothing is skipped.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from secure_redis import SecureRedis

from streams.local.services import RedisClusterNodes, start_kafka, start_redis, start_redis_cluster, start_secure_redis
from streams.local.services.process import CACHE_DIR
from streams.redis_connection import acl_rule

RUN_DIR = CACHE_DIR / "test-runs" / time.strftime("%Y%m%dT%H%M%S")
_TIMINGS: dict[str, float] = {}


@pytest.fixture(scope="session")
def run_dir() -> Path:
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    return RUN_DIR


@pytest.fixture(scope="session")
def kafka_bootstrap(run_dir: Path) -> Iterator[str]:
    external = os.environ.get("QINGLANG_KAFKA_BOOTSTRAP")
    if external:
        yield external
        return
    broker = start_kafka(run_dir / "kafka")
    _TIMINGS["kafka start (s)"] = broker.started_in_s
    yield broker.bootstrap
    broker.stop()


@pytest.fixture(scope="session")
def redis_url(run_dir: Path) -> Iterator[str]:
    external = os.environ.get("QINGLANG_REDIS_URL")
    if external:
        yield external
        return
    server = start_redis(run_dir / "redis")
    _TIMINGS["redis start (s)"] = server.started_in_s
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def redis_cluster(run_dir: Path) -> Iterator[RedisClusterNodes]:
    """A local Redis Cluster of three masters with a replica each; its `url` is a `redis+cluster://` URL.
    A test that fails a master over leaves the cluster ok (with the old master as a replica) for the next."""
    cluster = start_redis_cluster(run_dir / "redis-cluster")
    _TIMINGS["redis cluster start (s)"] = cluster.started_in_s
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def secure_redis(run_dir: Path) -> Iterator[SecureRedis]:
    """A TLS-only redis-server (certificates made for the run) whose users are the shipped ACL rule's
    `qinglang` and two narrower ones: `qinglang-noeval` lacks EVALSHA, `qinglang-nodryrun` may not ask
    ACL DRYRUN and lacks ZADD. All three share one password, kept in a file."""
    password = "qltest-" + secrets.token_hex(16)  # distinctive: tests grep output for it
    rule = acl_rule()
    server = start_secure_redis(run_dir / "redis-secure", admin_password=secrets.token_hex(16), users={
        "qinglang": (password, rule), "qinglang-noeval": (password, rule + " -evalsha"),
        "qinglang-nodryrun": (password, rule + " -acl|dryrun -zadd")})
    _TIMINGS["secure redis start (s)"] = server.started_in_s
    password_file = run_dir / "redis-secure" / "password"
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    yield SecureRedis(server, password, password_file)
    server.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _TIMINGS:
        terminalreporter.section("qinglang services")
        for name, seconds in _TIMINGS.items():
            terminalreporter.write_line(f"{name}: {seconds:.2f}")
        terminalreporter.write_line(f"logs: {RUN_DIR}")


SERVICE_FIXTURES = frozenset({"kafka_bootstrap", "redis_url", "secure_redis", "redis_cluster"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `services` every test that starts Kafka or Redis: through its fixtures, or as the Redis leg of a
    test run once per store (a `backend` parameter). `make check` leaves them out (`-m "not services"`);
    `make test` runs them all."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        if SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())) or params.get("backend") in ("redis", "cluster"):
            item.add_marker(pytest.mark.services)
