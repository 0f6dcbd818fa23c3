"""S7 report fixtures: violation and action records on a prefix's output topics (the statistics), and
typical cases in the console's Redis keys, for the `qinglang report` and console report-page tests."""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
from aiokafka import AIOKafkaProducer
from redis.asyncio import Redis

from streams.bus import topics
from streams.bus.topics import TopicNames, ensure_topics
from streams.console.typical_store import TypicalCaseStore
from streams.disclosure.cases import typical_case

# two violations either side of 16:00 UTC on 1 November: two CST days (1 and 2 November)
VIOLATIONS = [
    {"violation_id": "a" * 32, "account_id": "u:7", "requirement": "D1", "rule": "official_name_exact",
     "occurred_at": "2026-11-01T15:59:59Z"},
    {"violation_id": "b" * 32, "account_id": "u:8", "requirement": "D3", "rule": "official_bio",
     "occurred_at": "2026-11-01T16:00:00Z"},
]
ACTIONS = [{"action_id": "c" * 32, "account_id": "u:8", "sanction": "mute", "rung": "short_mute",
            "occurred_at": "2026-11-01T16:00:00Z"}]
CASE = typical_case(violation_id="b" * 32, account_id="u:8", rule="official_bio", requirement="D3",
                    occurred_at="2026-11-01T16:00:00Z", sanction="mute",
                    summary="以公安机关名义发布通报，冒充官方机构。",
                    marked_by="wang", marked_at="2026-11-03T02:00:00.000Z")
OLD_CASE = typical_case(violation_id="d" * 32, account_id="u:9", rule="official_name_exact", requirement="D1",
                        occurred_at="2026-10-01T00:00:00Z", sanction="close", summary="十月的案例，不在本期。",
                        marked_by="wang", marked_at="2026-10-03T02:00:00.000Z")


def publish_outputs(bootstrap: str, prefix: str, violations: list[dict[str, Any]] = VIOLATIONS,
                    actions: list[dict[str, Any]] = ACTIONS) -> None:
    async def go() -> None:
        names = TopicNames(prefix)
        await ensure_topics(bootstrap, names, partitions=1, replication=1, topics=(topics.VIOLATIONS, topics.ACTIONS))
        producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
        await producer.start()
        try:
            for logical, records in ((topics.VIOLATIONS, violations), (topics.ACTIONS, actions)):
                for record in records:
                    await producer.send_and_wait(names.physical(logical), orjson.dumps(record),
                                                 key=record["account_id"].encode())
        finally:
            await producer.stop()

    asyncio.run(go())


def mark_cases(redis_url: str, prefix: str, cases: list[dict[str, Any]]) -> None:
    async def go() -> None:
        client = Redis.from_url(redis_url)
        try:
            for case in cases:
                await TypicalCaseStore(client, topic_prefix=prefix).mark(case)
        finally:
            await client.aclose()

    asyncio.run(go())
