"""`qinglang deadletter replay`: a dead letter's source record, read again from its input topic and
produced once more to the same topic and partition, so the worker processes it again once the cause of
the dead letter is fixed.

Why re-produce rather than process in this command: the record then goes through the worker that owns its
partition, after the account's events already on it and before later ones, in the same batch path as
every other record — no second process touches the account's state beside the worker, and no separate
wiring of registries, policy and stores is needed here. Its effects are idempotent (ids derive from the
event, a repeated violation re-sends the stored outcome), so a record whose first attempt was partly
applied, or one replayed twice, changes nothing twice. What changes is its place: it is processed after
the events that arrived since, so a decision that depends on the order of one account's events sees it as
a late event (within the allowed lateness it is decided by event time like any other).

The dead letter keeps only a prefix of the bytes, so the whole record is read from the input topic at
the source offset; it must still be there (retention) and be the same record (its sha256 is checked).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import KafkaError

from streams.bus import topics
from streams.bus.connection import Kafka, client_kwargs, consumer_of, running
from streams.bus.reader import read_topic
from streams.bus.topics import TopicNames, topic_partitions

REPLAY_HEADER = "qinglang-replay-of"  # topic/partition/offset of the record this one re-produces


@dataclass(frozen=True)
class Selection:
    """Which dead letters to replay: every given criterion must match (an empty one matches all)."""

    codes: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    partitions: frozenset[int] = frozenset()
    from_offset: int | None = None  # source offsets, inclusive
    to_offset: int | None = None
    ids: frozenset[str] = frozenset()

    def matches(self, letter: dict[str, Any]) -> bool:
        source = letter["source"]
        return ((not self.codes or letter["error"]["code"] in self.codes)
                and (not self.topics or source["topic"] in self.topics)
                and (not self.partitions or source["partition"] in self.partitions)
                and (self.from_offset is None or source["offset"] >= self.from_offset)
                and (self.to_offset is None or source["offset"] <= self.to_offset)
                and (not self.ids or letter["deadletter_id"] in self.ids))


@dataclass
class Result:
    """What happened to one selected dead letter."""

    letter: dict[str, Any]
    ok: bool
    detail: str
    new_offset: int | None = None

    @property
    def position(self) -> str:
        source = self.letter["source"]
        return f"{source['topic']}/{source['partition']}@{source['offset']}"


@dataclass
class Summary:
    results: list[Result] = field(default_factory=list)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if not r.ok]


async def read_deadletters(bootstrap: Kafka, names: TopicNames) -> list[dict[str, Any]]:
    """Every dead letter on the topic, one per source position (a record dead-lettered again after a restart
    carries the same id), in source order."""
    seen: dict[str, dict[str, Any]] = {}
    for _, value, _ in await read_topic(bootstrap, names.physical(topics.DEADLETTER)):
        try:
            letter = orjson.loads(value or b"")
            seen.setdefault(letter["deadletter_id"], letter)
        except (orjson.JSONDecodeError, KeyError, TypeError):
            continue  # not a dead letter this pipeline wrote
    return sorted(seen.values(), key=lambda d: (d["source"]["topic"], d["source"]["partition"], d["source"]["offset"]))


async def replay_deadletters(bootstrap: Kafka, names: TopicNames, letters: Iterable[dict[str, Any]], *,
                             dry_run: bool = False, on_result: Callable[[Result], None] | None = None) -> Summary:
    """Read each letter's source record from its input topic and (unless `dry_run`) produce it again to the
    same partition, in source order; each outcome is reported to `on_result` as it is known."""
    summary = Summary()
    letters = list(letters)
    wanted = sorted({names.physical(d["source"]["topic"]) for d in letters
                     if d["source"]["topic"] in topics.INPUT_TOPICS})
    existing = set(await topic_partitions(bootstrap, wanted)) if wanted else set()
    async with AsyncExitStack() as clients:
        consumer = await clients.enter_async_context(running(consumer_of(bootstrap)))
        producer = None if dry_run else await clients.enter_async_context(running(AIOKafkaProducer(
            **client_kwargs(bootstrap), acks="all", enable_idempotence=True, max_request_size=16 * 1024 * 1024)))
        for letter in letters:
            result = await _replay_one(consumer, producer, names, existing, letter)
            summary.results.append(result)
            if on_result is not None:
                on_result(result)
    return summary


async def _replay_one(consumer: AIOKafkaConsumer, producer: AIOKafkaProducer | None, names: TopicNames,
                      existing: set[TopicPartition], letter: dict[str, Any]) -> Result:
    source = letter["source"]
    topic, partition, offset = source["topic"], source["partition"], source["offset"]
    if topic not in topics.INPUT_TOPICS:
        # a registry topic is compacted and keyed by identity: re-producing an old record could overwrite a
        # newer value of the same identity
        return Result(letter, False, f"{topic} is not an account input topic; re-publish the registry record"
                                     " from its owner instead")
    tp = TopicPartition(names.physical(topic), partition)
    if tp not in existing:
        return Result(letter, False, f"{tp.topic} has no partition {partition}")
    consumer.assign([tp])
    first = (await consumer.beginning_offsets([tp]))[tp]
    end = (await consumer.end_offsets([tp]))[tp]
    if offset < first:
        return Result(letter, False, f"offset {offset} was deleted by the topic's retention (the earliest kept offset"
                                     f" of {tp.topic}/{partition} is {first}); the record cannot be replayed")
    if offset >= end:
        return Result(letter, False, f"offset {offset} is past the end of {tp.topic}/{partition} ({end}): was the"
                                     " topic deleted and created again?")
    consumer.seek(tp, offset)
    message = None
    while message is None:
        batch = await consumer.getmany(tp, timeout_ms=5000, max_records=1)
        if not batch:
            return Result(letter, False, f"offset {offset} of {tp.topic}/{partition} could not be read within 5 s")
        message = batch[tp][0]
    if message.offset != offset:
        return Result(letter, False, f"offset {offset} of {tp.topic}/{partition} no longer holds a record")
    value = message.value
    raw = letter["raw"]
    if hashlib.sha256(value or b"").hexdigest() != raw["sha256"] or (value is None) != raw["is_null"]:
        return Result(letter, False, f"the record at {tp.topic}/{partition}@{offset} is not the dead-lettered one"
                                     " (its sha256 differs): was the topic created again?")
    if producer is None:
        return Result(letter, True, "would replay")
    headers = [(k, v) for k, v in (message.headers or ()) if k != REPLAY_HEADER]
    headers.append((REPLAY_HEADER, f"{topic}/{partition}/{offset}".encode()))
    try:
        delivery = await producer.send(tp.topic, value=value, key=message.key, partition=partition,
                                       timestamp_ms=message.timestamp, headers=headers)
        metadata = await delivery
    except KafkaError as exc:  # e.g. the topic now refuses old timestamps: say so, go on with the others
        return Result(letter, False, f"the broker refused the record: {type(exc).__name__}: {exc}")
    return Result(letter, True, "replayed", metadata.offset)


