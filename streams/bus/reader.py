"""Reading topics from the outside: end offsets and every record of a topic, without a consumer group."""

from __future__ import annotations

import time

from aiokafka import TopicPartition

from streams.bus.connection import Kafka, consumer_of, running
from streams.bus.topics import topic_partitions


async def end_offsets(bootstrap: Kafka, physical_topics: list[str]) -> dict[TopicPartition, int]:
    """The current end offset of every partition of `physical_topics`."""
    async with running(consumer_of(bootstrap)) as consumer:
        partitions = await topic_partitions(bootstrap, physical_topics)
        return dict(await consumer.end_offsets(partitions)) if partitions else {}


async def read_topic(bootstrap: Kafka, physical: str, timeout: float = 60.0,
                     ) -> list[tuple[bytes | None, bytes | None, int]]:
    """Every (key, value, timestamp) on `physical` from the beginning to its current end."""
    async with running(consumer_of(bootstrap)) as consumer:
        partitions = await topic_partitions(bootstrap, [physical])
        if not partitions:
            return []
        consumer.assign(partitions)
        starts = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        for tp in partitions:
            consumer.seek(tp, starts[tp])
        found: dict[TopicPartition, dict[int, tuple[bytes | None, bytes | None, int]]] = {tp: {} for tp in partitions}
        # Done when the last record below each end offset has been seen (output topics are neither
        # compacted nor transactional, so offset end-1 is a record). The consumer's position is not used:
        # on a freshly started broker it ran ahead of what getmany() had returned and records were lost.
        pending = {tp for tp in partitions if ends[tp] > 0}
        deadline = time.monotonic() + timeout
        while pending:
            if time.monotonic() > deadline:
                missing = {str(tp): ends[tp] - len(found[tp]) for tp in pending}
                raise TimeoutError(f"{physical}: records still unread after {timeout:.0f}s: {missing}")
            batch = await consumer.getmany(timeout_ms=500)
            for tp, messages in batch.items():
                for message in messages:
                    if message.offset < ends[tp]:
                        found[tp][message.offset] = (message.key, message.value, message.timestamp)
            pending = {tp for tp in pending if ends[tp] - 1 not in found[tp]}
        return [found[tp][offset] for tp in partitions for offset in sorted(found[tp])]
