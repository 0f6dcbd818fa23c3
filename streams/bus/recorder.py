"""Record topics into a recording: every partition from the beginning to its end offset at start (P4)."""

from __future__ import annotations

import heapq
from collections.abc import Callable

from aiokafka import TopicPartition

from streams.bus.connection import Kafka, consumer_of, running
from streams.bus.recording import RecordedRecord
from streams.bus.topics import TopicNames, topic_partitions


async def record_topics(
    topics: list[str],
    *,
    bootstrap: Kafka,
    names: TopicNames,
    on_progress: Callable[[int], None] | None = None,
) -> list[RecordedRecord]:
    """All records now on `topics` (logical names), merged by timestamp while keeping partition order."""
    async with running(consumer_of(bootstrap)) as consumer:
        partitions = await topic_partitions(bootstrap, [names.physical(t) for t in topics])
        if not partitions:
            return []
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        per_partition: dict[TopicPartition, list[RecordedRecord]] = {tp: [] for tp in partitions}
        remaining = {tp for tp in partitions if ends[tp] > await consumer.position(tp)}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000)
            for tp, messages in batches.items():
                for message in messages:
                    if message.offset >= ends[tp]:
                        continue
                    per_partition[tp].append(
                        RecordedRecord(
                            names.logical(tp.topic), message.key, message.value, message.timestamp,
                            tuple((k, v) for k, v in message.headers), tp.partition, message.offset,
                        )
                    )
                if on_progress:
                    on_progress(len(messages))
            remaining = {tp for tp in remaining if await consumer.position(tp) < ends[tp]}
        return list(heapq.merge(*per_partition.values(), key=lambda r: r.timestamp_ms or 0))
