"""Redis answering with its server state — OOM under `noeviction`, READONLY after a failover — is a
dependency failure, not the event's: a real worker retries with backoff, commits nothing it has not
applied, dead-letters no valid event, catches up once Redis accepts writes again, and its outputs equal
an uninterrupted run's by id. A Redis that refuses the worker for good (an ACL denying a command) stops
the processor loudly instead: the batch is held, nothing is dead-lettered, the stopped gauge is set."""

from __future__ import annotations

import asyncio
import secrets
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import orjson
import pytest
import redis
from batch_rig import ListSink
from faults import committed_offsets
from pipeline_run import _keep_old_records, metric_value, run_pipeline

from streams.bus import topics
from streams.bus.messages import SourceRecord
from streams.bus.reader import read_topic
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.harness import start_worker, wait_for_group
from streams.local.services import start_redis
from streams.local.services.redis import RedisServer
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.simulate import SimulationOptions, simulate
from streams.worker.app import build_enforcement
from streams.worker.processor import RecordProcessor
from streams.worker.redis_client import connect

pytestmark = pytest.mark.e2e

# Profile events on three partitions. Which partition's backlog a worker reads first after a fault is timing,
# and the owner rule (S4) joins accounts across partitions (two blacklistings of one owner met in the other
# order would send the later one's review items and withdraw them); the worker's event-time alignment takes
# the partitions in event-time order whatever their fetches' order, so outputs still equal by id.
RECORDS = [r for r in simulate(SimulationOptions(events=3000, accounts=80, seed=21)) if r.topic == "account.profile"]
PARTITIONS = 3
SPLIT = len(RECORDS) // 3  # applied before the fault; the rest arrives while Redis refuses writes
ENV = {"QINGLANG_BATCH_MAX": "50", "QINGLANG_COMMIT_INTERVAL": "0.2", "QINGLANG_RETRY_MAX_BACKOFF": "0.5"}
Ids = dict[str, set[str]]


def _ids(outputs: dict[str, list[dict]]) -> Ids:
    def ids(topic: str, field: str) -> set[str]:
        return {record[field] for record in outputs[topic]}
    return {"violations": ids(topics.VIOLATIONS, "violation_id"), "actions": ids(topics.ACTIONS, "action_id"),
            "reviews": ids(topics.REVIEW, "review_id"), "deadletters": ids(topics.DEADLETTER, "deadletter_id"),
            "processed": {f"{r['source']['topic']}:{r['source']['partition']}:{r['source']['offset']}"
                          for r in outputs[topics.PROCESSED]}}


@pytest.fixture(scope="module")
def server(run_dir: Path) -> Iterator[RedisServer]:
    """A Redis of this module's own: the tests change its memory limit and its role."""
    own = start_redis(run_dir / f"redis-state-{secrets.token_hex(3)}")
    yield own
    own.stop()


@pytest.fixture(scope="module")
def uninterrupted(kafka_bootstrap: str, server: RedisServer, run_dir: Path) -> Ids:
    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=server.url, workdir=run_dir, env=ENV,
                       partitions=PARTITIONS)
    found = _ids(run.outputs)
    assert found["actions"] and found["deadletters"]  # the recording sanctions and refuses something
    return found


def _committed_total(bootstrap: str, group: str) -> int:
    return sum(committed_offsets(bootstrap, group).values())


def _outputs(bootstrap: str, names: TopicNames) -> dict[str, list[dict]]:
    return {logical: [orjson.loads(v) for _, v, _ in asyncio.run(read_topic(bootstrap, names.physical(logical)))
                      if v is not None]
            for logical in topics.OUTPUT_TOPICS}


def _run_with_fault(bootstrap: str, server: RedisServer, run_dir: Path, name: str,
                    fault_on: Callable[[], None], fault_off: Callable[[], None]) -> Ids:
    """A third of the records applied, then the fault; the rest produced while it lasts; then the fault lifted."""
    run_id = secrets.token_hex(4)
    names, app_id = TopicNames(f"s{run_id}."), f"qinglang-{name}-{run_id}"
    asyncio.run(ensure_topics(bootstrap, names, partitions=PARTITIONS, replication=1))
    asyncio.run(_keep_old_records(bootstrap, names))
    env = {"QINGLANG_KAFKA_BOOTSTRAP": bootstrap, "QINGLANG_REDIS_URL": server.url,
           "QINGLANG_TOPIC_PREFIX": names.prefix, "QINGLANG_APP_ID": app_id,
           "QINGLANG_PARTITIONS": str(PARTITIONS), "QINGLANG_EMIT_PROCESSED": "1", "QINGLANG_LOG_LEVEL": "warn", **ENV}
    worker = start_worker(env, run_dir / f"worker-{name}-{run_id}.log")
    try:
        asyncio.run(replay_records(RECORDS[:SPLIT], bootstrap=bootstrap, names=names))
        asyncio.run(wait_for_group(bootstrap, app_id, names, timeout=120, at_least=SPLIT))
        committed = _committed_total(bootstrap, app_id)
        retries = metric_value(worker.metrics_text(), "qinglang_dependency_retries_total", dependency="redis")
        fault_on()
        try:
            asyncio.run(replay_records(RECORDS[SPLIT:], bootstrap=bootstrap, names=names))
            deadline = time.monotonic() + 60
            while metric_value(worker.metrics_text(), "qinglang_dependency_retries_total",
                               dependency="redis") < retries + 3:
                assert worker.process.poll() is None, f"the worker died; log: {worker.log_path}"
                assert time.monotonic() < deadline, "the worker never retried against the refusing Redis"
                time.sleep(0.2)
            assert _committed_total(bootstrap, app_id) == committed, "offsets advanced while Redis refused writes"
        finally:
            fault_off()
        asyncio.run(wait_for_group(bootstrap, app_id, names, timeout=180, at_least=len(RECORDS)))
        assert worker.process.poll() is None
    finally:
        worker.stop()
    outputs = _outputs(bootstrap, names)
    assert not [d for d in outputs[topics.DEADLETTER] if d["error"]["code"] == "internal_error"]
    return _ids(outputs)


def test_redis_out_of_memory_is_retried_and_loses_nothing(kafka_bootstrap: str, server: RedisServer,
                                                         run_dir: Path, uninterrupted: Ids) -> None:
    admin = redis.Redis(port=server.port)
    assert admin.config_get("maxmemory-policy")["maxmemory-policy"] == "noeviction"

    def full() -> None:  # every write now answers "OOM command not allowed when used memory > 'maxmemory'"
        admin.config_set("maxmemory", "1mb")
        with pytest.raises(redis.exceptions.OutOfMemoryError):
            admin.set("oom-probe", "x")

    def raised() -> None:
        admin.config_set("maxmemory", "0")

    assert _run_with_fault(kafka_bootstrap, server, run_dir, "oom", full, raised) == uninterrupted


def test_redis_readonly_after_a_failover_is_retried_and_loses_nothing(kafka_bootstrap: str, server: RedisServer,
                                                                      run_dir: Path, uninterrupted: Ids) -> None:
    """FAILOVER hands the primary role to a replica and turns the worker's Redis into a replica of it (writes
    paused meanwhile, so nothing is lost): the worker's writes answer READONLY until it is promoted back."""
    primary = redis.Redis(port=server.port)
    replica_server = start_redis(run_dir / f"redis-replica-{secrets.token_hex(3)}")
    replica = redis.Redis(port=replica_server.port)

    def wait(condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 30
        while not condition():
            assert time.monotonic() < deadline, what
            time.sleep(0.05)

    def failover() -> None:
        replica.replicaof("127.0.0.1", server.port)
        wait(lambda: replica.info("replication").get("master_link_status") == "up", "the replica never synced")
        primary.execute_command("FAILOVER")
        wait(lambda: primary.info("replication")["role"] == "slave", "the failover did not happen")
        with pytest.raises(redis.exceptions.ReadOnlyError):
            primary.set("readonly-probe", "x")

    def promote_back() -> None:
        primary.replicaof("NO", "ONE")  # it holds the new primary's data, and that took no writes
        replica_server.stop()

    try:
        assert _run_with_fault(kafka_bootstrap, server, run_dir, "readonly", failover, promote_back) == uninterrupted
    finally:
        replica_server.stop()
        primary.replicaof("NO", "ONE")


def test_a_redis_acl_refusing_the_ledger_stops_the_processor_loudly(server: RedisServer) -> None:
    """NOPERM cannot change by retrying and is not the event's fault: the batch is held (nothing sent, nothing
    dead-lettered), the stop is counted and the batch's partition is marked stopped."""
    admin = redis.Redis(port=server.port)
    user, password = f"noeval{secrets.token_hex(3)}", secrets.token_hex(8)
    admin.acl_setuser(user, enabled=True, passwords=[f"+{password}"], keys=["*"], channels=["*"],
                      commands=["+@all", "-evalsha", "-eval"])
    url = f"redis://{user}:{password}@127.0.0.1:{server.port}/0"
    settings = replace(Settings(), redis_url=url, topic_prefix=f"acl{secrets.token_hex(3)}.")
    metrics = Metrics("test")
    sink = ListSink()
    body = {"event_id": "acl-1", "type": "profile.renamed", "account_id": "u:1", "schema_version": 1,
            "occurred_at": "2026-11-22T08:00:00Z", "old_name": "小王", "new_name": "人民日报"}
    # stamped at its event time: an occurred_at later than the record's timestamp plus the skew is refused
    record = SourceRecord("account.profile", 2, 17, b"u:1", orjson.dumps(body), (), 1795334400000)

    async def scenario() -> bool:
        client = connect(Settings(redis_url=url), None, autopipeline=True)
        built = build_enforcement(settings, client, metrics)
        built.index.caught_up.set()
        built.hot_events.caught_up.set()
        processor = RecordProcessor(settings, built.enforcement, sink, metrics)
        try:
            await asyncio.wait_for(processor.process_batch([record]), timeout=5)
            return True
        except TimeoutError:
            return False
        finally:
            await client.aclose()

    try:
        returned = asyncio.run(scenario())
    finally:
        admin.acl_deluser(user)
    text = metrics.render().decode()
    assert not returned, "the batch must be held, not finished"
    assert [r for r in sink.records if r.topic == topics.DEADLETTER] == []
    assert metric_value(text, "qinglang_fatal_dependency_errors_total", dependency="redis") == 1
    assert metric_value(text, "qinglang_partition_stopped", topic="account.profile", partition="2") == 1
    assert metric_value(text, "qinglang_dependency_retries_total", dependency="redis") == 0


def test_a_stopped_worker_ends_on_sigterm_and_its_restart_redoes_the_held_batch(
        kafka_bootstrap: str, server: RedisServer, run_dir: Path, uninterrupted: Ids) -> None:
    """The operator's way out of a stop (docs/operations.md#partition-stopped): fix the cause, SIGTERM the
    worker, start it again. The stopped worker holds its batch for good, so it must not wait for that batch
    on the way out; nothing it did not apply is committed, and the restarted worker redoes the batch."""
    admin = redis.Redis(port=server.port)
    user, password = f"revoked{secrets.token_hex(3)}", secrets.token_hex(8)
    admin.acl_setuser(user, enabled=True, passwords=[f"+{password}"], keys=["*"], channels=["*"], commands=["+@all"])
    run_id = secrets.token_hex(4)
    names, app_id = TopicNames(f"p{run_id}."), f"qinglang-stopped-{run_id}"
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=PARTITIONS, replication=1))
    asyncio.run(_keep_old_records(kafka_bootstrap, names))
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_TOPIC_PREFIX": names.prefix,
           "QINGLANG_REDIS_URL": f"redis://{user}:{password}@127.0.0.1:{server.port}/0",
           "QINGLANG_APP_ID": app_id, "QINGLANG_PARTITIONS": str(PARTITIONS), "QINGLANG_EMIT_PROCESSED": "1",
           "QINGLANG_LOG_LEVEL": "warn", **ENV}
    worker = start_worker(env, run_dir / f"worker-stopped-{run_id}.log")
    try:
        asyncio.run(replay_records(RECORDS[:SPLIT], bootstrap=kafka_bootstrap, names=names))
        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=120, at_least=SPLIT))
        committed = _committed_total(kafka_bootstrap, app_id)
        admin.acl_setuser(user, enabled=True, commands=["-evalsha", "-eval"])  # every script now refused: NOPERM
        asyncio.run(replay_records(RECORDS[SPLIT:], bootstrap=kafka_bootstrap, names=names))
        deadline = time.monotonic() + 60
        while metric_value(worker.metrics_text(), "qinglang_fatal_dependency_errors_total", dependency="redis") < 1:
            assert worker.process.poll() is None, f"the worker died; log: {worker.log_path}"
            assert time.monotonic() < deadline, "the worker never stopped on the refused scripts"
            time.sleep(0.2)
        time.sleep(1)  # a commit interval or two: nothing of the held batch may commit
        assert _committed_total(kafka_bootstrap, app_id) == committed
        admin.acl_setuser(user, enabled=True, commands=["+@all"])  # the cause fixed; then the restart
        started = time.monotonic()
        worker.process.send_signal(signal.SIGTERM)
        worker.process.wait(timeout=90)
        assert time.monotonic() - started < 60, f"the stopped worker took too long to end; log: {worker.log_path}"
        assert _committed_total(kafka_bootstrap, app_id) == committed
    finally:
        worker.stop()
    worker = start_worker(env, run_dir / f"worker-stopped-{run_id}-restarted.log")
    try:
        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=180, at_least=len(RECORDS)))
    finally:
        worker.stop()
        admin.acl_deluser(user)
    assert _ids(_outputs(kafka_bootstrap, names)) == uninterrupted
