"""Follows the compacted registry topics into their holders (pinned decision 5): `registry.official`
into the IndexHolder (D1–D5) and `registry.hot_event` into the HotEventHolder (D9).

Every worker reads both topics whole from offset 0 (outside the consumer group's share); profile
events wait until both have caught up with the end offsets seen at start. Each poll's batch of updates
causes one rebuild per topic, swapped in atomically; a bad registry record is dead-lettered like any
bad input. After an official-registry swap, `on_batch` (issue 5) re-checks existing accounts against
what the batch added, before profile events are released at catch-up.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from aiokafka import AIOKafkaConsumer
from aiokafka.errors import KafkaError

from enforcement.events import ErrorCode
from enforcement.hotevents import HotEventHolder, HotEventUpdate, parse_hot_event_record
from enforcement.identity.holder import IndexHolder
from enforcement.registry import InvalidRegistryRecord, Registry, RegistryUpdate, parse_registry_record
from enforcement.registry_recheck import RegistryRecord
from streams.bus.messages import SourceRecord
from streams.bus.topics import REGISTRY_HOT_EVENT, REGISTRY_OFFICIAL, TopicNames, topic_partitions
from streams.observability.metrics import Metrics

log = logging.getLogger(__name__)
DeadLetter = Callable[[SourceRecord, ErrorCode, str, str | None], Awaitable[None]]
OnBatch = Callable[[Registry, list[RegistryRecord]], Awaitable[None]]


async def follow_registry(
    bootstrap: str, names: TopicNames, holder: IndexHolder, dead_letter: DeadLetter, metrics: Metrics,
    hot_events: HotEventHolder | None = None,
    on_batch: OnBatch | None = None,
) -> None:
    """Run forever: catch up, then keep applying updates; reconnects with backoff on Kafka errors."""
    delay = 0.5
    while True:
        try:
            await _follow(bootstrap, names, holder, dead_letter, metrics, hot_events, on_batch)
        except KafkaError as exc:
            metrics.dependency_retries.labels("kafka").inc()
            log.warning("registry follower lost Kafka (%r); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 30.0)


async def _follow(
    bootstrap: str, names: TopicNames, holder: IndexHolder, dead_letter: DeadLetter, metrics: Metrics,
    hot_events: HotEventHolder | None,
    on_batch: OnBatch | None,
) -> None:
    followed = [REGISTRY_OFFICIAL] + ([REGISTRY_HOT_EVENT] if hot_events is not None else [])
    partitions = await topic_partitions(bootstrap, [names.physical(t) for t in followed])
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        _publish(holder, metrics)
        while True:
            batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
            updates: list[RegistryUpdate] = []
            hot: list[HotEventUpdate] = []
            records: list[RegistryRecord] = []
            for tp, messages in batches.items():
                logical = names.logical(tp.topic)
                for message in messages:
                    try:
                        if logical == REGISTRY_HOT_EVENT:
                            hot.append(parse_hot_event_record(message.key, message.value))
                        else:
                            updates.append(parse_registry_record(message.key, message.value))
                            records.append(RegistryRecord.of(updates[-1], message.value, message.timestamp))
                    except InvalidRegistryRecord as error:
                        source = SourceRecord(logical, tp.partition, message.offset, message.key,
                                              message.value, tuple(message.headers), message.timestamp)
                        await dead_letter(source, ErrorCode(error.code), error.message, None)
            if updates:
                before = holder.current.registry
                await holder.apply(updates)
                _publish(holder, metrics)
                if on_batch is not None:
                    await on_batch(before, records)
            if hot and hot_events is not None:
                await hot_events.apply(hot)
                metrics.hot_events.set(len(hot_events.current.events))
            positions = [await consumer.position(tp) for tp in partitions]
            done = all(p >= ends[tp] for p, tp in zip(positions, partitions, strict=True))
            if done and not holder.caught_up.is_set():
                if hot_events is not None:  # set first: profile events wait on the identity holder
                    hot_events.caught_up.set()
                holder.caught_up.set()
                log.info("registry caught up: %d identities, %d hot events", len(holder.current.registry.identities),
                         0 if hot_events is None else len(hot_events.current.events))
    finally:
        await consumer.stop()


def _publish(holder: IndexHolder, metrics: Metrics) -> None:
    metrics.registry_identities.set(len(holder.current.registry.identities))
    metrics.registry_logos.set(len(holder.current.logos))
    metrics.registry_updated.set(time.time())
