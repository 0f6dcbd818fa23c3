"""`qinglang deadletter replay` against the real broker: the selected dead letters' source records are read
whole from their input topic and produced again to the same partition (key, value, headers, timestamp kept,
a replay header added); a source offset already deleted, or a different record at it, is reported and the
command exits 1; --dry-run produces nothing."""

from __future__ import annotations

import asyncio
import secrets

import orjson
import pytest
from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, RecordsToDelete
from click.testing import CliRunner

from enforcement.events import ErrorCode
from streams.bus import topics
from streams.bus.deadletter import deadletter_record
from streams.bus.deadletter_replay import REPLAY_HEADER
from streams.bus.messages import SourceRecord
from streams.bus.topics import TopicNames, ensure_topics
from streams.cli import main

pytestmark = pytest.mark.e2e

BIG_KEY = b"u:" + b"9" * 300_000  # the dead letter keeps a prefix of it; the replay must send it whole


async def _read_partition(bootstrap: str, physical: str, partition: int) -> list:
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        tp = TopicPartition(physical, partition)
        consumer.assign([tp])
        end = (await consumer.end_offsets([tp]))[tp]
        consumer.seek(tp, (await consumer.beginning_offsets([tp]))[tp])
        out: list = []
        for _ in range(30):
            out += (await consumer.getmany(tp, timeout_ms=1000)).get(tp, [])
            if out and out[-1].offset >= end - 1:
                return out
        raise AssertionError(f"read {[r.offset for r in out]} of {physical}/{partition}, end {end}")
    finally:
        await consumer.stop()


def test_replay_reproduces_selected_sources_and_reports_what_it_cannot(kafka_bootstrap: str) -> None:
    names = TopicNames(f"dl{secrets.token_hex(4)}.")
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=2, replication=1))
    physical = names.physical("account.profile")
    values = [orjson.dumps({"event_id": f"e{i}", "n": i}) for i in range(4)]

    async def setup() -> None:
        producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all", max_request_size=4_000_000)
        await producer.start()
        try:
            for i, value in enumerate(values):  # offsets 0..3 of partition 1
                key = BIG_KEY if i == 2 else f"u:{i}".encode()
                await (await producer.send(physical, value=value, key=key, partition=1, timestamp_ms=1795000000000 + i,
                                           headers=[("trace", f"t{i}".encode())]))
            letters = [
                (0, ErrorCode.INTERNAL_ERROR, values[0]),  # offset 0: deleted below, cannot be replayed
                (1, ErrorCode.NOT_JSON, values[1]),  # not selected by --code internal_error
                (2, ErrorCode.INTERNAL_ERROR, values[2]),  # replayed, with its huge key whole
                (3, ErrorCode.INTERNAL_ERROR, b"another record"),  # sha256 differs from what is at offset 3
            ]
            for offset, code, raw in letters:
                key = BIG_KEY if offset == 2 else f"u:{offset}".encode()
                source = SourceRecord("account.profile", 1, offset, key, raw, (("trace", b"t"),), 1795000000000)
                body = deadletter_record(source, code, "boom", None, prefix_bytes=8)
                await (await producer.send(names.physical(topics.DEADLETTER), value=orjson.dumps(body), key=b"k"))
        finally:
            await producer.stop()
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        await admin.start()
        try:  # what retention does to old records
            await admin.delete_records({TopicPartition(physical, 1): RecordsToDelete(before_offset=1)})
        finally:
            await admin.close()

    asyncio.run(setup())
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_TOPIC_PREFIX": names.prefix}

    dry = CliRunner().invoke(main, ["deadletter", "replay", "--code", "internal_error", "--from-offset", "2",
                                    "--to-offset", "2", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "account.profile/1@2 (internal_error): would replay" in dry.output
    assert len(asyncio.run(_read_partition(kafka_bootstrap, physical, 1))) == 3  # offsets 1..3: nothing produced

    result = CliRunner().invoke(main, ["deadletter", "replay", "--code", "internal_error"], env=env)
    assert result.exit_code == 1, result.output
    assert "3 dead letters selected" in result.output
    assert "account.profile/1@0 (internal_error): not replayed: offset 0 was deleted by the topic's retention" \
        in result.output
    assert "account.profile/1@2 (internal_error): replayed as offset 4" in result.output
    assert "account.profile/1@3 (internal_error): not replayed: the record at" in result.output
    assert "sha256 differs" in result.output
    assert "replayed 1 of 3 dead letters" in result.output

    records = asyncio.run(_read_partition(kafka_bootstrap, physical, 1))
    assert [r.offset for r in records] == [1, 2, 3, 4]
    again = records[-1]
    assert (again.key, again.value, again.timestamp) == (BIG_KEY, values[2], 1795000000002)
    assert list(again.headers) == [("trace", b"t2"), (REPLAY_HEADER, b"account.profile/1/2")]
