"""Follows the compacted registry topics into their holders (decision "Registry topics are read in full"):
`registry.official` into the IndexHolder (D1–D5) and `registry.hot_event` into the HotEventHolder (D9).

Every worker reads both topics whole from offset 0 (outside the consumer group's share); profile
events wait until both have caught up with the end offsets seen at start. Each poll's batch of updates
causes one rebuild per topic, swapped in atomically; a bad registry record is dead-lettered like any
bad input. After an official-registry swap, `on_batch` re-checks existing accounts against
what the batch added, before profile events are released at catch-up.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from aiokafka import TopicPartition
from aiokafka.errors import KafkaError

from enforcement.events import ErrorCode
from enforcement.hotevents import HotEventHolder, HotEventUpdate, parse_hot_event_record
from enforcement.identity.holder import IndexHolder
from enforcement.registry import InvalidRegistryRecord, Registry, RegistryUpdate, parse_registry_record
from enforcement.registry_recheck import RegistryRecord
from streams.bus.connection import Kafka, consumer_of, running
from streams.bus.messages import SourceRecord
from streams.bus.topics import REGISTRY_HOT_EVENT, REGISTRY_OFFICIAL, TopicNames, topic_partitions
from streams.observability.metrics import Metrics
from streams.worker.heap import settle_long_lived

log = logging.getLogger(__name__)
DeadLetter = Callable[[SourceRecord, ErrorCode, str, str | None], Awaitable[None]]
OnBatch = Callable[[Registry, list[RegistryRecord]], Awaitable[object]]


async def follow_registry(
    bootstrap: Kafka, names: TopicNames, holder: IndexHolder, dead_letter: DeadLetter, metrics: Metrics,
    hot_events: HotEventHolder | None = None,
    on_batch: OnBatch | None = None,
    on_caught_up: Callable[[], Awaitable[object]] | None = None,
) -> None:
    """Run forever: catch up, then keep applying updates; reconnects with backoff on Kafka errors, and
    starts over on anything else (logged) rather than leaving the worker without a registry follower.
    `on_caught_up` runs once, at the first catch-up, before profile events are released (the re-check of
    what a new release adds to the shipped registry)."""
    delay = 0.5
    while True:
        try:
            await _follow(bootstrap, names, holder, dead_letter, metrics, hot_events, on_batch, on_caught_up)
        except KafkaError as exc:
            metrics.dependency_retries.labels("kafka").inc()
            log.warning("registry follower lost Kafka (%r); retrying in %.1fs", exc, delay)
        except Exception:
            log.exception("registry follower failed; starting over in %.1fs", delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 30.0)


async def _follow(
    bootstrap: Kafka, names: TopicNames, holder: IndexHolder, dead_letter: DeadLetter, metrics: Metrics,
    hot_events: HotEventHolder | None,
    on_batch: OnBatch | None,
    on_caught_up: Callable[[], Awaitable[object]] | None = None,
) -> None:
    followed = [REGISTRY_OFFICIAL] + ([REGISTRY_HOT_EVENT] if hot_events is not None else [])
    partitions = await topic_partitions(bootstrap, [names.physical(t) for t in followed])
    async with running(consumer_of(bootstrap)) as consumer:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        _publish(holder, metrics)
        while True:
            batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
            await apply_batch(names, batches, holder, dead_letter, metrics, hot_events, on_batch)
            positions = [await consumer.position(tp) for tp in partitions]
            done = all(p >= ends[tp] for p, tp in zip(positions, partitions, strict=True))
            if done and not holder.caught_up.is_set():
                if on_caught_up is not None:
                    try:
                        await on_caught_up()
                    except Exception:  # never keep profile events waiting on it: logged, tried at the next start
                        log.exception("the check of the shipped registry's additions failed")
                if hot_events is not None:  # set first: profile events wait on the identity holder
                    hot_events.caught_up.set()
                holder.caught_up.set()
                log.info("registry caught up: %d identities, %d hot events", len(holder.current.registry.identities),
                         0 if hot_events is None else len(hot_events.current.events))


async def apply_batch(
    names: TopicNames, batches: Mapping[TopicPartition, Sequence[Any]], holder: IndexHolder, dead_letter: DeadLetter,
    metrics: Metrics, hot_events: HotEventHolder | None, on_batch: OnBatch | None,
) -> None:
    """Apply one poll's records (aiokafka ConsumerRecords) to the holders. No record can raise out of here:
    the registry topics are compacted and read from offset 0 at every start, so a record that killed the
    follower would kill it again on every restart. A record that cannot be parsed, or whose update cannot
    be applied, is dead-lettered and skipped; the others are applied."""
    updates: list[tuple[Any, RegistryUpdate, RegistryRecord]] = []
    hot: list[tuple[Any, HotEventUpdate]] = []
    for tp, messages in batches.items():
        logical = names.logical(tp.topic)
        for message in messages:
            try:
                if logical == REGISTRY_HOT_EVENT:
                    hot.append((message, parse_hot_event_record(message.key, message.value)))
                else:
                    update = parse_registry_record(message.key, message.value)
                    updates.append((message, update, RegistryRecord.of(update, message.value, message.timestamp)))
            except InvalidRegistryRecord as error:
                await dead_letter(_source(logical, tp, message), _code(error.code), error.message, None)
            except Exception as exc:  # a parser bug: keep the record as a dead letter, go on with the rest
                log.exception("registry record at %s offset %s could not be parsed", logical, message.offset)
                await dead_letter(_source(logical, tp, message), ErrorCode.INTERNAL_ERROR,
                                  f"{type(exc).__name__}: {exc}"[:1000], None)
    if updates:
        before = holder.current.registry

        async def apply_official(items: list[tuple[Any, RegistryUpdate, RegistryRecord]]) -> None:
            await holder.apply([update for _, update, _ in items])

        applied = await _isolating(updates, apply_official, names, REGISTRY_OFFICIAL, dead_letter)
        if applied:
            settle_long_lived()  # once per batch (not per halving attempt): the rebuilt index is here to stay
        _publish(holder, metrics)
        if on_batch is not None and applied:
            await on_batch(before, [record for _, _, record in applied])
    if hot and hot_events is not None:
        events = hot_events

        async def apply_hot(items: list[tuple[Any, HotEventUpdate]]) -> None:
            await events.apply([update for _, update in items])

        await _isolating(hot, apply_hot, names, REGISTRY_HOT_EVENT, dead_letter)
        metrics.hot_events.set(len(hot_events.current.events))


Item = TypeVar("Item", bound=tuple[Any, ...])


async def _isolating(items: list[Item], apply: Callable[[list[Item]], Awaitable[None]], names: TopicNames,
                     logical: str, dead_letter: DeadLetter) -> list[Item]:
    """Apply `items` (each led by its ConsumerRecord) in one go; if that raises, halve and retry, so a
    record whose update breaks the rebuild is found in a few rebuilds and dead-lettered, and every other
    record is still applied in its order. Returns the items applied."""
    try:
        await apply(items)
        return items
    except Exception as exc:
        if len(items) == 1:
            message = items[0][0]
            log.exception("registry update at %s offset %s could not be applied", logical, message.offset)
            tp = TopicPartition(names.physical(logical), message.partition)
            await dead_letter(_source(logical, tp, message), ErrorCode.INTERNAL_ERROR,
                              f"{type(exc).__name__}: {exc}"[:1000], None)
            return []
    middle = len(items) // 2
    first = await _isolating(items[:middle], apply, names, logical, dead_letter)
    return first + await _isolating(items[middle:], apply, names, logical, dead_letter)


def _source(logical: str, tp: TopicPartition, message: Any) -> SourceRecord:
    return SourceRecord(logical, tp.partition, message.offset, message.key, message.value,
                        tuple(message.headers or ()), message.timestamp)


def _code(code: str) -> ErrorCode:
    try:
        return ErrorCode(code)
    except ValueError:  # a parser code the dead-letter contract does not know: still dead-lettered
        return ErrorCode.BAD_VALUE


def _publish(holder: IndexHolder, metrics: Metrics) -> None:
    metrics.registry_identities.set(len(holder.current.registry.identities))
    metrics.registry_logos.set(len(holder.current.logos))
    metrics.registry_updated.set(time.time())
