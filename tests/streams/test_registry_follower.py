"""The registry follower survives any record (P6; pinned "Registry topics"): the registry topics are
compacted and read from offset 0 at every start, so a record that raised would kill the follower again on
every restart. A record that cannot be parsed, or whose update cannot be applied, is dead-lettered and
skipped; the rest applies."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import orjson
import pytest
from aiokafka import TopicPartition
from stateful_events import vocabulary_registry

from enforcement.events import ErrorCode
from enforcement.hotevents import HotEventHolder, HotEventIndex
from enforcement.identity import IdentityIndex
from enforcement.identity.holder import IndexHolder
from enforcement.registry import Registry
from enforcement.registry import records as registry_records
from streams.bus.messages import SourceRecord
from streams.bus.topics import TopicNames
from streams.observability.metrics import Metrics
from streams.worker import registry_follower
from streams.worker.registry_follower import apply_batch

NAMES = TopicNames("t.")


@dataclass
class Message:
    """The fields of an aiokafka ConsumerRecord the follower reads."""

    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    timestamp: int = 1772323200000
    headers: tuple[tuple[str, bytes], ...] = ()


def hot(event_id: str, **overrides: object) -> bytes:
    body = {"schema_version": 1, "hot_event_id": event_id, "title": "清河小区坠楼事件", "parties": ["周小雨"],
            "figures": [], "active_from": "2026-03-01T00:00:00Z", "expires_at": "2026-03-15T00:00:00Z", **overrides}
    return orjson.dumps(body)


def official(identity_id: str, name: str) -> bytes:
    return orjson.dumps({"schema_version": 1, "identity_id": identity_id, "kind": "state_organ", "names": [name]})


class Letters:
    def __init__(self) -> None:
        self.sent: list[tuple[SourceRecord, ErrorCode, str]] = []

    async def __call__(self, record: SourceRecord, code: ErrorCode, message: str, field: str | None) -> None:
        self.sent.append((record, code, message))


def holders() -> tuple[IndexHolder, HotEventHolder]:
    return IndexHolder(IdentityIndex.build(vocabulary_registry())), HotEventHolder(HotEventIndex.build(()))


def test_a_poison_hot_event_is_dead_lettered_and_the_others_apply() -> None:
    async def main() -> None:
        holder, hot_events = holders()
        letters = Letters()
        batch = {TopicPartition("t.registry.hot_event", 0): [
            Message(0, 0, b"he:1", hot("he:1")),
            Message(0, 1, b"he:2", hot("he:2", expires_at="9999-12-31T23:59:59-01:00")),  # OverflowError before
            Message(0, 2, b"he:3", hot("he:3", active_from="0001-01-01T00:00:00+01:00")),
            Message(0, 3, b"he:4", hot("he:4")),
        ]}
        await apply_batch(NAMES, batch, holder, letters, Metrics("test"), hot_events, None)
        assert sorted(hot_events.current.events) == ["he:1", "he:4"]
        assert [(r.topic, r.offset, code) for r, code, _ in letters.sent] == [
            ("registry.hot_event", 1, ErrorCode.BAD_TIMESTAMP), ("registry.hot_event", 2, ErrorCode.BAD_TIMESTAMP)]

    asyncio.run(main())


def test_a_record_that_breaks_the_parser_or_the_rebuild_is_dead_lettered_and_the_rest_applies(
        monkeypatch: pytest.MonkeyPatch) -> None:
    real_parse = registry_records.parse_registry_record

    def parse(key: bytes | None, value: bytes | None):  # a parser bug on one record
        if key == b"org:bug":
            raise KeyError("kind")
        return real_parse(key, value)

    monkeypatch.setattr(registry_follower, "parse_registry_record", parse)
    real_build = IdentityIndex.build

    def build(registry: Registry) -> IdentityIndex:  # a rebuild that fails whenever org:poison is in it
        if "org:poison" in registry.identities:
            raise ValueError("automaton overflow")
        return real_build(registry)

    monkeypatch.setattr(IdentityIndex, "build", staticmethod(build))

    async def main() -> None:
        holder, hot_events = holders()
        letters = Letters()
        seen: list[list[str]] = []

        async def on_batch(before: Registry, records: list) -> None:
            seen.append([r.update.identity_id for r in records])

        batch = {TopicPartition("t.registry.official", 0): [
            Message(0, n, key.encode(), official(key, name)) for n, (key, name) in enumerate(
                [("org:1", "某市公安局"), ("org:bug", "某县法院"), ("org:2", "某省教育厅"),
                 ("org:poison", "某市卫健委"), ("org:3", "某区税务局")])]}
        await apply_batch(NAMES, batch, holder, letters, Metrics("test"), hot_events, on_batch)
        assert sorted(holder.current.registry.identities) == ["org:1", "org:2", "org:3"]
        assert [(r.offset, code) for r, code, _ in letters.sent] == [
            (1, ErrorCode.INTERNAL_ERROR), (3, ErrorCode.INTERNAL_ERROR)]
        assert "KeyError" in letters.sent[0][2] and "automaton overflow" in letters.sent[1][2]
        assert seen == [["org:1", "org:2", "org:3"]]  # the re-check sees what was applied

    asyncio.run(main())
