"""What RedisReviewStore (review items, reviewers' decisions, the dismiss allow-list, labelled-post claims)
returns and writes, as fixed values read back with a plain client, beside the in-memory twin's answers."""

from __future__ import annotations

import asyncio
import secrets

from redis.asyncio import Redis
from redis.crc import key_slot

from enforcement.content.redis_stores import RedisReviewStore
from enforcement.content.stores import InMemoryReviewStore, ReviewStore
from enforcement.redis_keys import as_text

# The store keeps blobs as it is given them; these stand for `violation_blob` output (sorted-key JSON).
REVIEW = b'{"reason":"mass_report","violation":{"identity":"impersonation","rule":"reports_threshold"}}'
REVIEW_AGAIN = b'{"reason":"uncertain","violation":{"identity":"impersonation","rule":"reports_threshold"}}'
POST = b'{"violation":{"identity":"p:1","rule":"rumour_repost","source_event_id":"ev-1"}}'
POST_AGAIN = b'{"violation":{"identity":"p:1","rule":"rumour_repost","source_event_id":"ev-2"}}'

UNTIL = 1_774_915_200_000  # 2026-03-31T00:00:00Z in epoch ms


async def _story(store: ReviewStore) -> list[object]:
    seen: list[object] = [await store.review("a:3", "rv-1")]
    await store.remember_review("a:3", "rv-1", REVIEW)
    await store.remember_review("a:3", "rv-1", REVIEW_AGAIN)  # a redelivery: the first item stands
    seen.append(await store.review("a:3", "rv-1"))
    seen.append(await store.decide("a:3", "rv-1", "dismiss"))
    seen.append(await store.decide("a:3", "rv-1", "confirm"))  # a second decision: the first one stands
    seen.append(await store.decide("a:3", "rv-2", "confirm"))

    seen.append(await store.allowed_until("a:3", "reports_threshold", "impersonation"))
    await store.allow("a:3", "reports_threshold", "impersonation", UNTIL)
    await store.allow("a:3", "reports_threshold", "impersonation", UNTIL - 86_400_000)  # earlier: the later stays
    seen.append(await store.allowed_until("a:3", "reports_threshold", "impersonation"))
    await store.allow("a:3", "rumour_repost", "p:7", UNTIL)
    await store.allow("a:3", "rumour_repost", "p:7", UNTIL + 1)  # later: it replaces
    seen.append(await store.allowed_until("a:3", "rumour_repost", "p:7"))
    seen.append(await store.allowed_until("a:3", "rumour_repost", "p:8"))

    seen.append(await store.claim_post("a:4", "p:1", POST))
    seen.append(await store.claim_post("a:4", "p:1", POST_AGAIN))  # labelled again: the first violation stands
    return seen


def test_redis_review_store_answers_and_stores_fixed_values(redis_url: str) -> None:
    prefix = f"t{secrets.token_hex(4)}:"

    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            on_redis = await _story(RedisReviewStore(client, key_prefix=prefix))
            keys = sorted(as_text(k).removeprefix(prefix) for k in await client.keys(f"{prefix}*"))
            stored = {k: await client.hgetall(prefix + k) for k in keys}
            ttls = {await client.ttl(prefix + k) for k in keys}
        finally:
            await client.aclose()

        assert on_redis == await _story(InMemoryReviewStore())
        assert on_redis == [None, REVIEW, "dismiss", "dismiss", "confirm",
                            None, UNTIL, UNTIL + 1, None,
                            POST, POST]

        # four hashes under the account's hash tag (one slot per account), kept without a TTL
        assert keys == ["{a:3}:allow", "{a:3}:review_decisions", "{a:3}:reviews", "{a:4}:posts"]
        assert {key_slot(f"{prefix}{k}".encode()) for k in keys[:3]} == {key_slot(b"a:3")}
        assert ttls == {-1}
        assert stored == {
            "{a:3}:reviews": {b"rv-1": REVIEW},
            "{a:3}:review_decisions": {b"rv-1": b"dismiss", b"rv-2": b"confirm"},
            # "<rule> <identity>" -> until, epoch ms (allow_until.lua keeps the later of two)
            "{a:3}:allow": {b"reports_threshold impersonation": b"1774915200000",
                            b"rumour_repost p:7": b"1774915200001"},
            "{a:4}:posts": {b"p:1": POST},
        }

    asyncio.run(main())
