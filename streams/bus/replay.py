"""Replay a recording onto Kafka, preserving keys, headers, timestamps and per-key order (P4)."""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from collections.abc import Callable, Sequence

from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner
from aiokafka.producer.message_accumulator import BatchBuilder

from streams.bus.connection import Kafka, client_kwargs, running
from streams.bus.recording import RecordedRecord
from streams.bus.topics import TopicNames

# A record batch per partition is filled here and handed to the producer when it reaches this size. The
# broker's cost is mostly per batch and per request, not per record, so large batches replay fastest on
# a busy machine (measured: 32 KiB 9–14k records/s, 128 KiB 10–21k, 512 KiB 20–33k; see
# docs/performance.md). Below the broker's default message.max.bytes (1 MiB).
BATCH_BYTES = 512 * 1024
# Deliveries not yet awaited; the oldest is awaited (and reported to on_progress) beyond this.
BATCHES_IN_FLIGHT = 64


async def replay_records(
    records: Sequence[RecordedRecord],
    *,
    bootstrap: Kafka,
    names: TopicNames,
    rate: float | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Produce every record in order (idempotent producer, acks=all); `rate` caps records per second.

    `on_progress` is called with the number of records the broker has acknowledged, a batch at a time.
    Raises the first delivery error."""
    async with running(AIOKafkaProducer(
        **client_kwargs(bootstrap), acks="all", enable_idempotence=True, linger_ms=5,
        max_batch_size=BATCH_BYTES, max_request_size=16 * 1024 * 1024,
    )) as producer:
        deliveries = _Deliveries(on_progress)
        if rate:
            await _paced(producer, records, names, rate, deliveries)
        else:
            await _batched(producer, records, names, deliveries)
        await deliveries.settle_all()
        await producer.flush()
        return len(records)


class _Deliveries:
    """Delivery futures in the order they were sent, each with how many records it acknowledges."""

    def __init__(self, on_progress: Callable[[int], None] | None) -> None:
        self._pending: deque[tuple[asyncio.Future[object], int]] = deque()
        self._on_progress = on_progress

    async def add(self, future: asyncio.Future[object], records: int) -> None:
        self._pending.append((future, records))
        # Report what is already acknowledged; wait only when too much is outstanding.
        while self._pending and (self._pending[0][0].done() or len(self._pending) > BATCHES_IN_FLIGHT):
            await self._settle_oldest()

    async def settle_all(self) -> None:
        while self._pending:
            await self._settle_oldest()

    async def _settle_oldest(self) -> None:
        future, records = self._pending.popleft()
        await future  # raises the delivery error, if any
        if self._on_progress:
            self._on_progress(records)


async def _batched(
    producer: AIOKafkaProducer, records: Sequence[RecordedRecord], names: TopicNames, deliveries: _Deliveries
) -> None:
    """As fast as the broker takes them: records are appended to one open batch per partition, in the
    recording's order, and each full batch is handed to the producer, which sends a partition's batches
    in the order it was given them (the idempotent producer keeps that order across retries). One key
    always maps to one partition, so each key's records arrive in order.

    This is the send path without a future and a partitioner call per record (most of the producer's time
    per record): a key's partition is computed once with aiokafka's default partitioner (murmur2, as the
    Java client), exactly where producer.send would put it."""
    batches = PartitionBatches(producer)

    async def submit(topic: str, partition: int, batch: BatchBuilder, count: int) -> None:
        await deliveries.add(await producer.send_batch(batch, topic, partition=partition), count)

    for record in records:
        full = await batches.add(names.physical(record.topic), record)
        if full is not None:
            await submit(*full)
    for full in batches.drain():
        await submit(*full)


# a batch that must go: its topic, partition, the batch and how many records it holds
FullBatch = tuple[str, int, BatchBuilder, int]


class PartitionBatches:
    """One open batch per partition, records appended in the order they come, each placed where
    `producer.send` would put it (`Placement`). The caller hands the producer each batch `add` returns (it
    is full: the record went into a new one) and, at the end, what `drain` returns, in that order, so a
    partition's records go out in the order they were added."""

    def __init__(self, producer: AIOKafkaProducer) -> None:
        self._producer = producer
        self._placement = Placement(producer)
        self._open: dict[tuple[str, int], tuple[BatchBuilder, int]] = {}

    async def add(self, topic: str, record: RecordedRecord) -> FullBatch | None:
        """Append `record` to its partition's open batch; the batch it did not fit in, if any."""
        partition = await self._placement.partition(topic, record.key)
        batch, count = self._open.get((topic, partition)) or (self._producer.create_batch(), 0)
        headers = list(record.headers)
        full = None
        if batch.append(timestamp=record.timestamp_ms, key=record.key, value=record.value, headers=headers) is None:
            full = (topic, partition, batch, count)
            # An empty batch takes any one record (one larger than the batch size travels alone).
            batch, count = self._producer.create_batch(), 0
            batch.append(timestamp=record.timestamp_ms, key=record.key, value=record.value, headers=headers)
        self._open[topic, partition] = (batch, count + 1)
        return full

    def drain(self) -> list[FullBatch]:
        """Every open batch, to be sent now; none is open afterwards."""
        drained = [(topic, partition, batch, count) for (topic, partition), (batch, count) in self._open.items()]
        self._open.clear()
        return drained


class Placement:
    """The partition `producer.send` would give a record: a key's partition by aiokafka's default partitioner
    (murmur2, as the Java client), computed once per key and topic; a record without a key at random."""

    def __init__(self, producer: AIOKafkaProducer) -> None:
        self._producer = producer
        self._partitioner = DefaultPartitioner()
        self._partitions: dict[str, list[int]] = {}
        self._placed: dict[tuple[str, bytes], int] = {}

    async def partition(self, topic: str, key: bytes | None) -> int:
        partitions = self._partitions.get(topic)
        if partitions is None:
            partitions = self._partitions[topic] = sorted(await self._producer.partitions_for(topic))
        if key is None:
            return random.choice(partitions)  # as the default partitioner places a record without a key
        partition = self._placed.get((topic, key))
        if partition is None:
            partition = self._placed[topic, key] = self._partitioner(key, partitions, partitions)
        return partition


async def _paced(
    producer: AIOKafkaProducer, records: Sequence[RecordedRecord], names: TopicNames, rate: float,
    deliveries: _Deliveries,
) -> None:
    """At most `rate` records a second, each sent when its time comes (batching would hold records back)."""
    started = time.monotonic()
    for index, record in enumerate(records, start=1):
        ahead = index / rate - (time.monotonic() - started)
        if ahead > 0:
            await asyncio.sleep(ahead)
        future = await producer.send(
            names.physical(record.topic), value=record.value, key=record.key,
            timestamp_ms=record.timestamp_ms, headers=list(record.headers) or None,
        )
        await deliveries.add(future, 1)
