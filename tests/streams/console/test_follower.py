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
from streams.console.decisions import appeal_resolved, review_decided
from streams.console.follower import Follower, filed_appeal_id
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


def appeal_filed(event_id: str, violation_id: str, statement: str = "这是我本人的账号，请复核。",
                 account_id: str = "u:5") -> dict[str, Any]:
    return {"schema_version": 1, "event_id": event_id, "type": "appeal.filed", "account_id": account_id,
            "occurred_at": "2026-11-01T00:00:00Z", "violation_id": violation_id, "statement": statement}


def test_appeals_filed_join_the_queue_and_a_resolution_closes_those_filed_before_it(redis_url: str) -> None:
    prefix = f"f{secrets.token_hex(4)}."
    names = TopicNames(prefix)
    tp = TopicPartition(names.physical("account.appeal"), 0)

    async def go() -> None:
        client = Redis.from_url(redis_url)
        try:
            store = ConsoleStore(client, topic_prefix=prefix)
            follower = Follower(store, "unused:9092", names)
            first = appeal_filed("e1", "d" * 32)
            blank = appeal_filed("e2", "d" * 32, statement="\u200b \n")  # the pipeline dead-letters it
            wrong_key = appeal_filed("e3", "d" * 32)
            await follower._index({tp: [message(0, first), message(1, blank), message(2, wrong_key, key="u:6")]})
            first_id = filed_appeal_id("u:5", "e1")
            assert await store.open_appeals() == [first_id] and follower.skipped == 2
            appeal = await store.appeal(first_id) or {}
            assert (appeal["statement"], appeal["violation_id"], appeal["resolution"]) == (
                first["statement"], "d" * 32, None)
            other = appeal_filed("e4", "e" * 32)  # another violation of the account: not resolved below
            await follower._index({tp: [message(3, other)]})
            resolution = appeal_resolved("u:5", "d" * 32, "upheld", resolved_by="wang", appeal_id=first_id)
            later = appeal_filed("e5", "d" * 32)  # filed again after the resolution: a new open appeal
            await follower._index({tp: [message(4, resolution), message(5, later)]})
            later_id, other_id = filed_appeal_id("u:5", "e5"), filed_appeal_id("u:5", "e4")
            assert sorted(await store.open_appeals()) == sorted([other_id, later_id])  # filed at the same time
            assert await store.resolved_appeals(10) == [first_id]
            resolved = await store.appeal(first_id) or {}
            assert resolved["resolution"]["outcome"] == "upheld"
            assert resolved["resolution"]["resolved_by"] == "wang"
            # read again after a restart that lost the saved offsets: nothing changes, the later appeal
            # stays open (the resolution comes before it on the partition)
            await follower._index({tp: [message(0, first), message(3, other), message(4, resolution),
                                        message(5, later)]})
            assert sorted(await store.open_appeals()) == sorted([other_id, later_id])
            assert await store.resolved_appeals(10) == [first_id]
            assert await store.count_appeals() == (2, 1)
            # a resolution nobody filed an appeal for (the account page's form) leaves the queue alone
            await follower._index({tp: [message(6, appeal_resolved("u:5", "f" * 32, "overturned",
                                                                   resolved_by="wang"))]})
            assert await store.count_appeals() == (2, 1)
            assert (await store.offsets())[f"{prefix}account.appeal:0"] == 7
        finally:
            await client.aclose()

    asyncio.run(go())
