"""What the follower makes of each record it reads (the real Redis; records built here, not from Kafka)."""

from __future__ import annotations

import asyncio
import secrets
import time
from types import SimpleNamespace
from typing import Any

import orjson
from aiokafka import TopicPartition
from redis.asyncio import Redis

from streams.bus.topics import TopicNames
from streams.console.decisions import review_decided
from streams.console.follower import Follower
from streams.console.store import ConsoleStore

ITEM = {"review_id": "c" * 32, "account_id": "u:5", "reason": "uncertain", "requirement": "D1",
        "rule": "official_name_similar", "violations": [{"violation_id": "d" * 32}],
        "occurred_at": "2026-11-01T00:00:00Z"}


def message(offset: int, value: dict[str, Any] | bytes, key: str = "u:5") -> SimpleNamespace:
    raw = value if isinstance(value, bytes) else orjson.dumps(value)
    return SimpleNamespace(offset=offset, value=raw, key=key.encode(), timestamp=int(time.time() * 1000))


def test_items_decisions_and_counts(redis_url: str) -> None:
    prefix = f"f{secrets.token_hex(4)}."
    names = TopicNames(prefix)

    def tp(topic: str) -> TopicPartition:
        return TopicPartition(names.physical(topic), 0)

    async def go() -> None:
        client = Redis.from_url(redis_url)
        try:
            store = ConsoleStore(client, topic_prefix=prefix)
            follower = Follower(store, "unused:9092", names)
            await follower._index({tp("qinglang.review"): [message(0, ITEM), message(1, b"{not json")]})
            assert await store.open_ids() == [ITEM["review_id"]] and follower.skipped == 1
            forged = review_decided(ITEM, "confirm", "li.na", "") | {"decision": "ban"}
            wrong_key = review_decided(ITEM, "dismiss", "li.na", "")
            await follower._index({tp("review.decision"): [message(0, forged), message(1, wrong_key, key="u:6")]})
            assert await store.open_ids() == [ITEM["review_id"]]  # the worker dead-letters both: nothing decided
            await follower._index({tp("review.decision"): [message(2, review_decided(ITEM, "confirm", "li.na", ""))]})
            assert await store.open_ids() == []
            assert (await store.decision(ITEM["review_id"]) or {})["reviewer_id"] == "li.na"
            violation = {"violation_id": "e" * 32, "requirement": "D1"}
            for offset in (0, 0):  # read twice (a restart before the offsets were saved): counted once
                await follower._index({tp("qinglang.violations"): [message(offset, violation)]})
            assert await store.last_hour("violations", int(time.time() * 1000)) == {"D1": 1}
            assert await store.offsets() == {f"{prefix}qinglang.review:0": 2, f"{prefix}review.decision:0": 3,
                                             f"{prefix}qinglang.violations:0": 1}
        finally:
            await client.aclose()

    asyncio.run(go())
