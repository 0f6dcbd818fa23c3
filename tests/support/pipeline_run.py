"""Replays records through a real `qinglang worker` process and collects what it emitted (P4).

Decision "End-to-end tests": the worker is a separate process, the test sees only topics, and the run ends
when the group's committed offsets reach the input topics' end offsets — no sleeps.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from streams.bus import topics
from streams.bus.reader import read_topic
from streams.bus.recording import RecordedRecord
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.harness import WorkerProcess, start_worker, wait_for_group


@dataclass
class PipelineRun:
    """Outputs of one run, by logical topic, plus what is needed to look further (Redis keys, metrics)."""

    prefix: str
    app_id: str
    outputs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    raw_outputs: dict[str, list[tuple[bytes | None, bytes | None, int]]] = field(default_factory=dict)
    metrics_text: str = ""
    env: dict[str, str] = field(default_factory=dict)  # the worker's QINGLANG_* settings, to start another


def run_pipeline(
    records: Sequence[RecordedRecord],
    *,
    kafka_bootstrap: str,
    redis_url: str,
    workdir: Path,
    env: dict[str, str] | None = None,
    partitions: int = 3,
    replication: int = 1,
    worker: WorkerProcess | None = None,
    then: Sequence[Sequence[RecordedRecord]] = (),
    restart_between_phases: bool = False,
    during: Callable[[WorkerProcess, PipelineRun, dict[str, str]], WorkerProcess] | None = None,
    before_worker: Callable[[PipelineRun], None] | None = None,
    backlog: bool = False,
) -> PipelineRun:
    """Start a worker on fresh topics, replay `records`, wait for every commit, read every output topic.

    `then` are further phases, each replayed once the previous is fully processed: for inputs that only make
    sense after others are decided (an appeal of a violation, a registration after a blacklisting),
    which Kafka does not order across topics and partitions. With `restart_between_phases` the worker is
    stopped after each phase and a new one started for the next (its registry records written first, as
    before the first start): what a later phase decides then rests on state that survived the restart.
    `during(worker, run, env)` is called once the first phase is produced, while the worker works on it (to
    interrupt it, or to add a second worker); it returns the worker to wait on.
    `before_worker(run)` is called once the run's topics exist, before the worker starts (to grant the
    worker's principal its ACLs on them). With `backlog` the first phase is produced before the worker
    starts, as when a recording is replayed into topics and a worker is started on them.
    """
    run_id = secrets.token_hex(4)
    run = PipelineRun(prefix=f"t{run_id}.", app_id=f"qinglang-test-{run_id}")
    names = TopicNames(run.prefix)
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=partitions, replication=replication))
    asyncio.run(_keep_old_records(kafka_bootstrap, names))
    worker_env = {
        "QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "QINGLANG_REDIS_URL": redis_url,
        "QINGLANG_TOPIC_PREFIX": run.prefix,
        "QINGLANG_APP_ID": run.app_id,
        "QINGLANG_PARTITIONS": str(partitions),
        "QINGLANG_REPLICATION": str(replication),
        "QINGLANG_EMIT_PROCESSED": "1",
        "QINGLANG_COMMIT_INTERVAL": "0.3",
        "QINGLANG_LOG_LEVEL": "warn",
        **(env or {}),
    }
    run.env = worker_env
    if before_worker is not None:
        before_worker(run)
    registry = [r for r in records if r.topic in topics.REGISTRY_TOPICS]
    if registry:  # the registry exists before the worker starts, as in production
        asyncio.run(replay_records(registry, bootstrap=kafka_bootstrap, names=names))
    rest = [r for r in records if r.topic not in topics.REGISTRY_TOPICS]
    if backlog:
        asyncio.run(replay_records(rest, bootstrap=kafka_bootstrap, names=names))
    process = start_worker(worker_env, workdir / f"worker-{run_id}.log")
    try:
        def alive() -> None:
            if process.process.poll() is not None:
                raise RuntimeError(f"worker died with {process.process.returncode}; log: {process.log_path}")

        produced = 0
        for n, phase in enumerate((rest, *then)):
            if n and restart_between_phases:
                process.stop()
                registry = [r for r in phase if r.topic in topics.REGISTRY_TOPICS]
                if registry:
                    asyncio.run(replay_records(registry, bootstrap=kafka_bootstrap, names=names))
                phase = [r for r in phase if r.topic not in topics.REGISTRY_TOPICS]
                process = start_worker(worker_env, workdir / f"worker-{run_id}-{n}.log")
            if n or not backlog:
                asyncio.run(replay_records(list(phase), bootstrap=kafka_bootstrap, names=names))
            produced += sum(1 for r in phase if r.topic in topics.INPUT_TOPICS)
            if n == 0 and during is not None:
                process = during(process, run, worker_env)
            asyncio.run(wait_for_group(kafka_bootstrap, run.app_id, names, timeout=180, alive=alive,
                                       at_least=produced))
        run.metrics_text = process.metrics_text()
    finally:
        process.stop()
    read_run_outputs(kafka_bootstrap, run)
    return run


def read_run_outputs(kafka_bootstrap: str, run: PipelineRun) -> PipelineRun:
    """(Re)read every output topic of `run` from the beginning into `run.outputs` / `run.raw_outputs`."""
    names = TopicNames(run.prefix)
    for logical in topics.OUTPUT_TOPICS:
        raw = asyncio.run(read_topic(kafka_bootstrap, names.physical(logical)))
        run.raw_outputs[logical] = raw
        run.outputs[logical] = [orjson.loads(value) for _, value, _ in raw if value is not None]
    return run


def read_outputs(kafka_bootstrap: str, prefix: str, logical_topics: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Some output topics of the run with topic prefix `prefix`, decoded, from the beginning."""
    names = TopicNames(prefix)
    found = {}
    for logical in logical_topics:
        raw = asyncio.run(read_topic(kafka_bootstrap, names.physical(logical)))
        found[logical] = [orjson.loads(value) for _, value, _ in raw if value is not None]
    return found


async def _keep_old_records(bootstrap: str, names: TopicNames) -> None:
    """Time retention off for the run's (non-compacted) topics: recordings carry event times months old,
    and the broker's 7-day retention, measured on record timestamps, would otherwise delete a phase's
    outputs (and inputs) when its retention check falls between two phases."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, names.physical(t), {"retention.ms": "-1"})
                                   for t in topics.ALL_TOPICS if t not in topics.COMPACTED])
    finally:
        await admin.close()


def metric_value(metrics_text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text format (0.0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in metrics_text.splitlines():
        if line.startswith("#") or " " not in line:
            continue
        series, value = line.rsplit(" ", 1)
        metric, _, label_text = series.partition("{")
        if metric != name:
            continue
        have = ",".join(sorted(label_text.rstrip("}").split(","))) if label_text else ""
        if have == wanted:
            return float(value)
    return 0.0
