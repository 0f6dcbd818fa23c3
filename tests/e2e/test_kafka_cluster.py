"""A three-node Kafka cluster (KRaft, every topic replicated to all three, two in sync for a write): the
leader of a busy input partition is killed half-way through a recording, and the worker's outputs equal,
by id and by body, a run of the same recording on the single-node broker.

The worker needs no setting for it beyond the bootstrap list and QINGLANG_REPLICATION=3 (docs/operations.md):
its producer sends with acks=all and idempotence, so a send retried on the new leader is written once, and
an acknowledged record is on two nodes before the worker commits the offsets behind it.

While the killed node's partitions wait for a new leader the others go on, so records of different
partitions meet in another order than on one broker. The accounts share owners as the simulation gives them:
the rules that join accounts through their owner (S4: an account created at or after its owner's blacklisting
is refused, one created before goes to review) decide by event time, so that order changes nothing.
"""

from __future__ import annotations

import asyncio
import secrets
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaClient, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from faults import assert_same_outputs, outputs_of, processed_so_far, wait_until_processed
from pipeline_run import PipelineRun, run_pipeline

from streams.bus.topics import TopicNames
from streams.local.harness import WorkerProcess
from streams.local.services import KafkaCluster, start_kafka_cluster
from streams.simulate import SimulationOptions, simulate

pytestmark = pytest.mark.e2e

RECORDS = [r for r in simulate(SimulationOptions(events=3000, accounts=80, seed=12))
           if r.topic == "account.profile"]
ENV = {"QINGLANG_BATCH_MAX": "50", "QINGLANG_COMMIT_INTERVAL": "0.2", "QINGLANG_RETRY_MAX_BACKOFF": "1"}
HALF_WAY = len(RECORDS) // 3
BUSY = TopicPartition("account.profile", 0)


@pytest.fixture(scope="module")
def cluster(run_dir: Path) -> Iterator[KafkaCluster]:
    started = start_kafka_cluster(run_dir / f"kafka-cluster-{secrets.token_hex(3)}")
    yield started
    started.stop()


async def _leader_port(bootstrap: str, topic: str, partition: int) -> int:
    client = AIOKafkaClient(bootstrap_servers=bootstrap)
    await client.bootstrap()
    try:
        await client.force_metadata_update()
        leader = client.cluster.leader_for_partition(TopicPartition(topic, partition))
        assert leader is not None and leader >= 0, f"no leader for {topic}[{partition}]"
        return int(client.cluster.broker_metadata(leader).port)
    finally:
        await client.close()


async def _replication(bootstrap: str, topic: str) -> tuple[int, str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
        replicas = len(described[0]["partitions"][0]["replicas"])
        configs = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
        entries = {entry[0]: entry[1] for entry in configs[0].resources[0][4]}
        return replicas, entries["min.insync.replicas"]
    finally:
        await admin.close()


def test_the_leader_of_a_busy_partition_killed_mid_stream_loses_nothing(
    cluster: KafkaCluster, kafka_bootstrap: str, redis_url: str, run_dir: Path,
) -> None:
    single_node = outputs_of(run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url,
                                          workdir=run_dir, env=ENV))
    assert single_node.actions and single_node.violations and single_node.deadletters
    killed: dict[str, int] = {}

    def kill_the_leader(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        names = TopicNames(run.prefix)
        busy = names.physical(BUSY.topic)
        assert asyncio.run(_replication(cluster.bootstrap, busy)) == (3, "2")
        wait_until_processed(cluster.bootstrap, run, HALF_WAY)
        node = cluster.node_on_port(asyncio.run(_leader_port(cluster.bootstrap, busy, BUSY.partition)))
        node.process.send_signal(signal.SIGKILL)
        node.process.wait(timeout=30)
        killed["port"] = node.port
        killed["processed_then"] = processed_so_far(cluster.bootstrap, run)
        return worker

    run = run_pipeline(RECORDS, kafka_bootstrap=cluster.bootstrap, redis_url=redis_url, workdir=run_dir,
                       env=ENV, replication=3, during=kill_the_leader)
    assert killed["processed_then"] < len(RECORDS)  # killed before the end
    assert asyncio.run(_leader_port(cluster.bootstrap, TopicNames(run.prefix).physical(BUSY.topic),
                                    BUSY.partition)) != killed["port"]  # another node leads it now
    assert_same_outputs(outputs_of(run), single_node)
