"""The worker group's committed offsets, read and reset from the outside (the recovery runbook's step).

A reset moves where the group starts reading the input topics; it is only safe with every worker
stopped (a running member would commit its own positions over it, and Kafka refuses a commit from
outside an active group), so `reset_to_earliest` checks first that the group has no members.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.structs import OffsetAndMetadata

from streams.bus import topics
from streams.bus.connection import Kafka, client_kwargs, consumer_of, running
from streams.bus.topics import TopicNames, topic_partitions


class GroupActive(RuntimeError):
    """The group has members: stop every worker before moving its offsets."""


@dataclass(frozen=True)
class PartitionOffsets:
    """One input partition as the group sees it: committed (None: never), earliest kept, end."""

    topic: str  # logical name
    partition: int
    committed: int | None
    earliest: int
    end: int

    @property
    def lag(self) -> int:
        return self.end - (self.earliest if self.committed is None else max(self.committed, self.earliest))


async def active_members(bootstrap: Kafka, group: str) -> int:
    """How many consumers `group` has right now."""
    admin = AIOKafkaAdminClient(**client_kwargs(bootstrap), request_timeout_ms=10_000)
    await admin.start()
    try:
        for attempt in range(20):
            try:
                (response,) = await admin.describe_consumer_groups([group])
                break
            except KafkaError as exc:
                # a young cluster has no coordinator until its offsets topic exists: retriable, briefly
                if not getattr(exc, "retriable", False) or attempt == 19:
                    raise
                await asyncio.sleep(0.5)
        groups = response.groups  # (error_code, group_id, state, protocol_type, protocol, members)
        return sum(len(group_row[5]) for group_row in groups)
    finally:
        await admin.close()


async def input_offsets(bootstrap: Kafka, group: str, names: TopicNames) -> list[PartitionOffsets]:
    """Committed, earliest and end offsets of every input partition for `group`."""
    partitions = await topic_partitions(bootstrap, [names.physical(t) for t in topics.INPUT_TOPICS])
    async with running(consumer_of(bootstrap, group)) as consumer:
        consumer.assign(partitions)
        earliest = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        rows = [PartitionOffsets(names.logical(tp.topic), tp.partition, await consumer.committed(tp), earliest[tp],
                                 ends[tp]) for tp in partitions]
    return sorted(rows, key=lambda row: (row.topic, row.partition))


async def reset_to_earliest(bootstrap: Kafka, group: str, names: TopicNames, *, dry_run: bool = False,
                            ) -> list[PartitionOffsets]:
    """Commit the earliest kept offset of every input partition for `group` (which must have no members);
    returns the offsets as they were before. `dry_run` only checks and reads."""
    members = await active_members(bootstrap, group)
    if members:
        raise GroupActive(f"the group {group!r} has {members} active member{'s' if members > 1 else ''}: "
                          "stop every worker first")
    before = await input_offsets(bootstrap, group, names)
    if dry_run or not before:
        return before
    async with running(consumer_of(bootstrap, group)) as consumer:
        targets = {TopicPartition(names.physical(row.topic), row.partition): row.earliest for row in before}
        consumer.assign(list(targets))
        await consumer.commit({tp: OffsetAndMetadata(offset, "") for tp, offset in targets.items()})
    return before
