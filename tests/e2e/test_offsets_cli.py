"""`qinglang offsets show | reset --to-earliest` against the real broker: the recovery runbook's reset is
the project's own command, it changes nothing on a dry run, and it refuses while a worker is running."""

from __future__ import annotations

import asyncio
import secrets
import time
from itertools import islice
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer
from aiokafka.structs import OffsetAndMetadata
from click.testing import CliRunner
from faults import committed_offsets

from streams.bus import topics
from streams.bus.groups import active_members
from streams.bus.reader import end_offsets
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.cli import main
from streams.local.harness import start_worker
from streams.simulate import SimulationOptions, simulate

pytestmark = pytest.mark.e2e


def _commit_ends(bootstrap: str, group: str, names: TopicNames) -> dict:
    """The group as a worker leaves it after reading everything: committed at every end offset."""
    async def commit() -> dict:
        ends = await end_offsets(bootstrap, [names.physical(t) for t in topics.INPUT_TOPICS])
        consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
        await consumer.start()
        try:
            consumer.assign(list(ends))
            await consumer.commit({tp: OffsetAndMetadata(end, "") for tp, end in ends.items()})
        finally:
            await consumer.stop()
        return ends

    return asyncio.run(commit())


def test_reset_to_earliest(tmp_path: Path, kafka_bootstrap: str, redis_url: str) -> None:
    run = secrets.token_hex(3)
    names, group = TopicNames(f"off{run}."), f"off-{run}"
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": names.prefix, "QINGLANG_APP_ID": group}
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=2, replication=1))
    records = [r for r in islice(simulate(SimulationOptions(events=300, accounts=20, seed=5)), 300)
               if r.topic in topics.INPUT_TOPICS]
    asyncio.run(replay_records(records, bootstrap=kafka_bootstrap, names=names))
    ends = _commit_ends(kafka_bootstrap, group, names)
    assert sum(ends.values()) == len(records)
    cli = CliRunner()

    shown = cli.invoke(main, ["offsets", "show"], env=env)
    assert shown.exit_code == 0, shown.output
    assert "account.profile" in shown.output and f"group: {group}" in shown.output

    dry = cli.invoke(main, ["offsets", "reset", "--to-earliest", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "dry run" in dry.output
    assert committed_offsets(kafka_bootstrap, group) == ends

    done = cli.invoke(main, ["offsets", "reset", "--to-earliest"], env=env)
    assert done.exit_code == 0, done.output
    assert committed_offsets(kafka_bootstrap, group) == dict.fromkeys(ends, 0)

    worker = start_worker(env, tmp_path / "worker.log")  # joins the group and starts reading
    try:
        deadline = time.monotonic() + 90
        while asyncio.run(active_members(kafka_bootstrap, group)) == 0:  # /metrics answers before the join
            assert time.monotonic() < deadline, "the worker never joined its group"
            time.sleep(0.5)
        refused = cli.invoke(main, ["offsets", "reset", "--to-earliest"], env=env)
    finally:
        worker.stop()
    assert refused.exit_code != 0
    assert "active member" in refused.output and "stop every worker first" in refused.output

    missing = cli.invoke(main, ["offsets", "reset"], env=env)
    assert missing.exit_code == 2 and "--to-earliest" in missing.output
