"""The fault matrix (docs/reliability.md, "Fault matrix"): each row injects one fault into a real
`qinglang worker` half-way through a recording and ends with outputs equal, by id and by body, to an
uninterrupted run of the same recording.

The recording is profile events only: every account's events are on one topic, so each account's events
reach the worker in one partition's order however batches, restarts and redeliveries fall, and the
decisions — bodies included — must be exactly the uninterrupted run's. (Kafka orders nothing across topics;
with several topics the ladder still decides by event time, but which sanctions were sent first and then
reversed as `reordered` can differ, so such rows compare the standing actions only.)
"""

from __future__ import annotations

import asyncio
import secrets
import shutil
import signal
import time
from pathlib import Path

import pytest
from faults import (
    Outputs,
    assert_commits_only_applied,
    assert_same_outputs,
    committed_offsets,
    outputs_of,
    processed_so_far,
    reset_group_to_earliest,
    wait_until_processed,
)
from pipeline_run import PipelineRun, metric_value, read_run_outputs, run_pipeline

from streams.bus.topics import TopicNames
from streams.local.harness import WorkerProcess, start_worker, wait_for_group
from streams.local.services import RedisServer, restart_kafka, start_kafka, start_redis
from streams.simulate import SimulationOptions, simulate

pytestmark = pytest.mark.e2e

RECORDS = [r for r in simulate(SimulationOptions(events=3000, accounts=80, seed=12)) if r.topic == "account.profile"]
# small batches and a short commit interval: the recording takes several seconds to work through, so
# every fault lands in the middle of it, with batches in flight and offsets both committed and not
ENV = {"QINGLANG_BATCH_MAX": "50", "QINGLANG_COMMIT_INTERVAL": "0.2", "QINGLANG_RETRY_MAX_BACKOFF": "1"}
HALF_WAY = len(RECORDS) // 3


@pytest.fixture(scope="module")
def uninterrupted(kafka_bootstrap: str, redis_url: str, run_dir: Path) -> Outputs:
    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV)
    found = outputs_of(run)
    # the recording sanctions, refuses and applies something, or the comparisons below prove little
    assert found.actions and found.violations and found.deadletters and found.processed
    return found


def _alive(worker: WorkerProcess) -> None:
    if worker.process.poll() is not None:
        raise AssertionError(f"worker exited with {worker.process.returncode}; log: {worker.log_path}")


def _dedicated_redis(run_dir: Path, name: str) -> RedisServer:
    return start_redis(run_dir / f"redis-{name}-{secrets.token_hex(3)}")


def test_sigkill_mid_replay_then_restart(kafka_bootstrap: str, redis_url: str, run_dir: Path,
                                         uninterrupted: Outputs) -> None:
    """SIGKILL: no shutdown at all, batches cut anywhere (between Redis and Kafka too); the restarted worker
    consumes the uncommitted records again and the ledger's stored outcomes make the repeats re-send."""
    def kill_and_restart(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        wait_until_processed(kafka_bootstrap, run, HALF_WAY, alive=lambda: _alive(worker))
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=30)
        assert processed_so_far(kafka_bootstrap, run) < len(RECORDS)  # killed before the end
        return start_worker(env, run_dir / f"worker-{run.app_id}-after-kill.log")

    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV,
                       during=kill_and_restart)
    assert_same_outputs(outputs_of(run), uninterrupted)


BROKER_DOWN_S = 15.0  # long enough for every connection of the worker to the broker to fail
RESUME_WITHIN_S = 60.0  # the functional bound: resume within a minute of the broker's return


def test_broker_restarted_mid_stream(redis_url: str, run_dir: Path, uninterrupted: Outputs) -> None:
    """The broker (a dedicated one: the session's stays up for the other tests) is stopped half-way and
    started again on its own data and address."""
    broker = start_kafka(run_dir / f"kafka-restart-{secrets.token_hex(3)}")
    seen: dict[str, float] = {}

    def restart_broker(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        wait_until_processed(broker.bootstrap, run, HALF_WAY, alive=lambda: _alive(worker))
        broker.stop()
        down = time.monotonic()
        while time.monotonic() - down < BROKER_DOWN_S:  # the outage itself: nothing to wait on
            _alive(worker)
            time.sleep(0.5)
        restart_kafka(broker)
        back = time.monotonic()
        seen["down_s"] = back - down
        before = processed_so_far(broker.bootstrap, run)
        while processed_so_far(broker.bootstrap, run) <= before:
            # the worker rides the outage out (aiokafka reconnects; sends and the batch are retried): it must
            # not exit, and must apply records again within the bound
            _alive(worker)
            assert time.monotonic() - back < RESUME_WITHIN_S, \
                f"no progress {RESUME_WITHIN_S:.0f}s after the broker returned; log: {worker.log_path}"
            time.sleep(0.2)
        seen["resumed_after_s"] = time.monotonic() - back
        return worker

    try:
        run = run_pipeline(RECORDS, kafka_bootstrap=broker.bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV,
                           during=restart_broker)
    finally:
        broker.stop()
    assert seen["resumed_after_s"] < RESUME_WITHIN_S
    assert_same_outputs(outputs_of(run), uninterrupted)


def _worker_waits_for_redis(worker: WorkerProcess, kafka_bootstrap: str, run: PipelineRun, *, hold_s: float) -> None:
    """With Redis gone, the worker retries (the metric counts it), stays up, applies and commits nothing
    more for `hold_s`, and every offset it did commit was applied (dependency failures leave
    the offset uncommitted)."""
    retries = metric_value(worker.metrics_text(), "qinglang_dependency_retries_total", dependency="redis")
    deadline = time.monotonic() + 60
    while metric_value(worker.metrics_text(), "qinglang_dependency_retries_total", dependency="redis") < retries + 2:
        _alive(worker)
        assert time.monotonic() < deadline, "the worker never retried against the missing Redis"
        time.sleep(0.2)
    # the batch in flight is stuck in its retries now; what was applied before may still commit once
    settled = assert_commits_only_applied(kafka_bootstrap, run)
    applied = processed_so_far(kafka_bootstrap, run)
    down = time.monotonic()
    while time.monotonic() - down < hold_s:  # the outage itself: nothing to wait on
        _alive(worker)
        time.sleep(1.0)
        committed = assert_commits_only_applied(kafka_bootstrap, run)
        assert processed_so_far(kafka_bootstrap, run) == applied, "records applied without Redis"
    assert committed <= len(RECORDS) and settled <= committed
    assert committed == assert_commits_only_applied(kafka_bootstrap, run)


def test_redis_restarted_mid_stream_with_aof(kafka_bootstrap: str, run_dir: Path, uninterrupted: Outputs) -> None:
    """Redis shut down cleanly (SHUTDOWN writes the AOF) half-way and started again on its AOF at the same
    address: the worker retries the batch in flight, commits nothing it has not applied, catches up."""
    server = _dedicated_redis(run_dir, "restart")
    servers = [server]

    def restart_redis(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        wait_until_processed(kafka_bootstrap, run, HALF_WAY, alive=lambda: _alive(worker))
        server.stop()
        _worker_waits_for_redis(worker, kafka_bootstrap, run, hold_s=2.0)
        servers.append(start_redis(server.workdir, port=server.port))
        return worker

    try:
        run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=server.url, workdir=run_dir, env=ENV,
                           during=restart_redis)
    finally:
        servers[-1].stop()
    assert_same_outputs(outputs_of(run), uninterrupted)


REDIS_OUTAGE_S = 30.0


def test_redis_unreachable_for_30_seconds(kafka_bootstrap: str, run_dir: Path, uninterrupted: Outputs) -> None:
    """Redis gone for 30 s half-way (the process stopped, so connections are refused): the worker keeps
    running, applies and commits nothing for the whole outage, and catches up once Redis is back.
    tests/e2e/test_dependency_outage.py holds the short outage over a handful of records."""
    server = _dedicated_redis(run_dir, "outage")
    servers = [server]

    def outage(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        wait_until_processed(kafka_bootstrap, run, HALF_WAY, alive=lambda: _alive(worker))
        server.stop()
        _worker_waits_for_redis(worker, kafka_bootstrap, run, hold_s=REDIS_OUTAGE_S)
        servers.append(start_redis(server.workdir, port=server.port))
        return worker

    try:
        run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=server.url, workdir=run_dir, env=ENV,
                           during=outage)
    finally:
        servers[-1].stop()
    assert_same_outputs(outputs_of(run), uninterrupted)


def _replay_from_earliest(kafka_bootstrap: str, run: PipelineRun, workdir: Path, *, after_loss: bool = False,
                          redis_url: str | None = None) -> Outputs:
    """The recovery runbook's repair: with the group's workers stopped, reset its offsets to the earliest and
    let a worker consume every input record again. Every effect is idempotent (a strike is keyed by its
    violation id, the ledger returns a stored outcome on a repeat, a late strike takes its event-time place),
    so records already applied re-send what they decided and lost ones are applied now."""
    names = TopicNames(run.prefix)
    reset_group_to_earliest(kafka_bootstrap, run.app_id, names)
    assert sum(committed_offsets(kafka_bootstrap, run.app_id).values()) == 0
    env = {**run.env, "QINGLANG_REDIS_URL": redis_url or run.env["QINGLANG_REDIS_URL"]}
    worker = start_worker(env, workdir / f"worker-{run.app_id}-replay.log")
    try:
        asyncio.run(wait_for_group(kafka_bootstrap, run.app_id, names, timeout=180,
                                   alive=lambda: _alive(worker), at_least=len(RECORDS)))
    finally:
        worker.stop()
    return outputs_of(read_run_outputs(kafka_bootstrap, run), last_body_stands=after_loss)


def _aof_files(server: RedisServer) -> Path:
    return server.workdir / "appendonlydir"  # Redis 7's multi-part AOF: a manifest, a base and increments


def test_redis_kill9_under_appendfsync_everysec(kafka_bootstrap: str, run_dir: Path, uninterrupted: Outputs) -> None:
    """Redis SIGKILLed half-way under the deployed policy (`appendfsync everysec`, deploy/redis/redis.conf)
    and started again on its AOF. A killed process loses only what it had not yet written to its AOF file
    (the kernel keeps what was written; `everysec` bounds what a machine crash loses to about a second);
    the worker retries the batch in flight and catches up. What a lost write would cost is repaired by
    replaying from the earliest offsets, which this row also runs: afterwards the standing outputs are the
    uninterrupted run's, by id and by body."""
    server = _dedicated_redis(run_dir, "kill9")
    servers = [server]
    config = server.client().config_get("appendfsync")
    assert config == {"appendfsync": "everysec"}

    def kill_redis(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        wait_until_processed(kafka_bootstrap, run, HALF_WAY, alive=lambda: _alive(worker))
        server.kill()
        _worker_waits_for_redis(worker, kafka_bootstrap, run, hold_s=1.0)
        servers.append(start_redis(server.workdir, port=server.port))
        return worker

    try:
        run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=server.url, workdir=run_dir, env=ENV,
                           during=kill_redis)
        # a killed process loses nothing it had written to the AOF file: the run is the uninterrupted one
        assert_same_outputs(outputs_of(run), uninterrupted)
        # and replaying everything over the intact state is idempotent: it only re-sends the same outputs
        repaired = _replay_from_earliest(kafka_bootstrap, run, run_dir)
    finally:
        servers[-1].stop()
    assert_same_outputs(repaired, uninterrupted)


def test_lost_redis_writes_are_repaired_by_a_rebuild_from_the_earliest_offsets(
        kafka_bootstrap: str, run_dir: Path, uninterrupted: Outputs) -> None:
    """The loss `everysec` allows on a machine crash, made certain and larger: Redis is SIGKILLed half-way
    and started on a copy of its AOF taken earlier, so every write since that copy is gone while the worker
    had committed the offsets of the records behind them (their outputs are on Kafka). The worker catches
    up on the older state, and decides some records differently from the uninterrupted run.

    Replaying from the earliest offsets over that partial state does not repair it (rules that count over a
    window, such as D10's churn, then count later events the state already holds). The repair is the
    rebuild: a fresh Redis and the group reset to the earliest offsets. Afterwards every output of the
    uninterrupted run has been sent again, and the last body sent for each id is the uninterrupted run's;
    what the worker decided on the partial state stays on the output topics (it cannot be unsent)."""
    server = _dedicated_redis(run_dir, "lost")
    servers = [server]
    snapshot = server.workdir.parent / f"{server.workdir.name}-earlier"
    lost: dict[str, int] = {}

    def lose_writes(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        wait_until_processed(kafka_bootstrap, run, HALF_WAY // 2, alive=lambda: _alive(worker))
        shutil.copytree(_aof_files(server), snapshot)  # Redis tolerates a torn last command (aof-load-truncated)
        lost["applied_at_copy"] = processed_so_far(kafka_bootstrap, run)
        wait_until_processed(kafka_bootstrap, run, HALF_WAY, alive=lambda: _alive(worker))
        server.kill()
        lost["applied_at_kill"] = processed_so_far(kafka_bootstrap, run)
        shutil.rmtree(_aof_files(server))
        shutil.copytree(snapshot, _aof_files(server))
        servers.append(start_redis(server.workdir, port=server.port))
        return worker

    fresh = _dedicated_redis(run_dir, "rebuild")
    try:
        run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=server.url, workdir=run_dir, env=ENV,
                           during=lose_writes)
        assert lost["applied_at_kill"] > lost["applied_at_copy"]  # writes were really lost
        assert outputs_of(run, last_body_stands=True).processed == uninterrupted.processed  # caught up
        rebuilt = _replay_from_earliest(kafka_bootstrap, run, run_dir, after_loss=True, redis_url=fresh.url)
    finally:
        servers[-1].stop()
        fresh.stop()
    for name in ("violations", "actions", "reviews", "deadletters"):
        got, want = getattr(rebuilt, name), getattr(uninterrupted, name)
        assert {i: got.get(i) for i in want} == want, f"{name}: the rebuild did not re-send the uninterrupted run's"
    assert rebuilt.processed == uninterrupted.processed
