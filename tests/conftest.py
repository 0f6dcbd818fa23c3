"""Session fixtures: one real Kafka broker and one real Redis per test session (decision
"End-to-end tests").

`QINGLANG_KAFKA_BOOTSTRAP` / `QINGLANG_REDIS_URL` point the suite at external services instead.
A service that fails to start fails every test that needs it, loudly: nothing is skipped.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from secure_redis import SecureRedis
from twins import BACKENDS, Twin

from streams.local.services import RedisClusterNodes, start_kafka, start_redis, start_redis_cluster, start_secure_redis
from streams.local.services.process import CACHE_DIR
from streams.redis_connection import acl_rule

# Hypothesis profiles, chosen with HYPOTHESIS_PROFILE. "default" is what CI runs: Hypothesis's own defaults
# (its "ci" profile where it detects CI), the fuzz tests taking their fixed, derandomised counts from
# tests/support/fuzzing.py. "long" is the longer fuzz search (docs/security.md, "Hostile input"): 5,000 fresh
# random examples per fuzz test, steered towards slow records.
settings.register_profile("default", settings.get_profile("default"))
settings.register_profile("long", max_examples=5000, derandomize=False, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

# `make test` spreads the suite over pytest-xdist workers, and each worker starts its own services. The
# workers inherit the run's stamp from the process that started them; each keeps its services' files
# (logs, data, start times) in a directory of its own, named after the stamp and the worker.
RUN_STAMP = os.environ.setdefault("QINGLANG_TEST_RUN", time.strftime("%Y%m%dT%H%M%S"))
RUN_DIR = CACHE_DIR / "test-runs" / "-".join(filter(None, (RUN_STAMP, os.environ.get("PYTEST_XDIST_WORKER"))))
TIMINGS_FILE = "service-starts.json"
_TIMINGS: dict[str, float] = {}


def _record_start(name: str, seconds: float) -> None:
    _TIMINGS[name] = seconds
    (RUN_DIR / TIMINGS_FILE).write_text(json.dumps(_TIMINGS))


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
    _record_start("kafka start (s)", broker.started_in_s)
    yield broker.bootstrap
    broker.stop()


@pytest.fixture(scope="session")
def redis_url(run_dir: Path) -> Iterator[str]:
    external = os.environ.get("QINGLANG_REDIS_URL")
    if external:
        yield external
        return
    server = start_redis(run_dir / "redis")
    _record_start("redis start (s)", server.started_in_s)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def redis_cluster(run_dir: Path) -> Iterator[RedisClusterNodes]:
    """A local Redis Cluster of three masters with a replica each; its `url` is a `redis+cluster://` URL.
    A test that fails a master over leaves the cluster ok (with the old master as a replica) for the next."""
    cluster = start_redis_cluster(run_dir / "redis-cluster")
    _record_start("redis cluster start (s)", cluster.started_in_s)
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
    _record_start("secure redis start (s)", server.started_in_s)
    password_file = run_dir / "redis-secure" / "password"
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    yield SecureRedis(server, password, password_file)
    server.stop()


@pytest.fixture(params=BACKENDS)
def twin(request: pytest.FixtureRequest) -> Twin:
    """A test taking `twin` runs twice: over the in-memory stores and over the Redis ones on the session's
    server (tests/support/twins.py). The parameter stays "memory" / "redis" for the `services` mark below."""
    return Twin.of(str(request.param), request)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """How long each service took to start, per directory of this run (one per xdist worker)."""
    runs = sorted(path for path in (CACHE_DIR / "test-runs").glob(f"{RUN_STAMP}*") if (path / TIMINGS_FILE).exists())
    if not runs:
        return
    terminalreporter.section("qinglang services")
    for path in runs:
        starts = json.loads((path / TIMINGS_FILE).read_text())
        shown = ", ".join(f"{name} {seconds:.2f}" for name, seconds in starts.items())
        terminalreporter.write_line(f"{path}: {shown}")


BENCH_TESTS = Path(__file__).parent / "bench"
SERVICE_FIXTURES = frozenset({"kafka_bootstrap", "redis_url", "secure_redis", "redis_cluster"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `services` every test that starts Kafka or Redis: through its fixtures, or as the Redis leg of a
    test run once per store (a parameter, of the test or of a fixture, whose value is "redis" or "cluster").
    Mark `scripts` the tests that start the bench scripts (a second or more each, for Python's start).
    `make check` leaves both out; `make test` runs them all."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        backends = {value for value in params.values() if isinstance(value, str)} & {"redis", "cluster"}
        if SERVICE_FIXTURES & set(getattr(item, "fixturenames", ())) or backends:
            item.add_marker(pytest.mark.services)
        if BENCH_TESTS in item.path.parents:
            item.add_marker(pytest.mark.scripts)
