"""The console's own state in Redis: sessions, claims, the review and appeals index, the outbox and who did what.

Every key is "qlc:<topic prefix>{console}:<name>", apart from the pipeline's keys ("ql:…"), which the
console only reads. One hash tag keeps the console's keys in one Redis Cluster slot; they are few and small.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from redis.asyncio import Redis

from enforcement.ids import derive_id
from enforcement.redis_keys import as_text, hash_tagged
from enforcement.redis_script import lua_source

# Release a claim only if the releasing reviewer still holds it (a claim that expired and was taken by
# someone else must not be dropped by the first holder).
_RELEASE = lua_source("streams.console", "release.lua")

# Take a claim, or keep (and extend) one already held by the same reviewer; returns the holder.
_CLAIM = lua_source("streams.console", "claim.lua")


@dataclass(frozen=True, slots=True)
class Session:
    user_id: str
    role: str
    csrf: str

    @property
    def supervisor(self) -> bool:
        return self.role == "supervisor"


def epoch_ms(iso: str) -> int:
    """An ISO 8601 UTC time (with Z) as epoch milliseconds."""
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


class ConsoleStore:
    """Sessions, claims, the index of review items and decisions, the outbox and the console's log."""

    def __init__(self, client: Redis, *, topic_prefix: str, session_ttl_s: int = 8 * 3600,
                 claim_ttl_s: int = 15 * 60) -> None:
        self._client = client
        self._k = hash_tagged(f"qlc:{topic_prefix}", "console")
        self.session_ttl_s = session_ttl_s
        self.claim_ttl_s = claim_ttl_s
        self._claim = client.register_script(_CLAIM)
        self._release = client.register_script(_RELEASE)

    # sessions: the cookie carries a random token; Redis holds only its sha256, so a dump of Redis
    # gives no usable cookie
    def _session_key(self, token: str) -> str:
        return f"{self._k}session:{hashlib.sha256(token.encode()).hexdigest()}"

    async def start_session(self, user_id: str, role: str) -> str:
        token = secrets.token_urlsafe(32)
        key = self._session_key(token)
        await self._client.hset(key, mapping={"user": user_id, "role": role, "csrf": secrets.token_urlsafe(32)})
        await self._client.expire(key, self.session_ttl_s)
        return token

    async def session(self, token: str) -> Session | None:
        raw = await self._client.hgetall(self._session_key(token))
        if not raw:
            return None
        values = {as_text(k): as_text(v) for k, v in raw.items()}
        return Session(values["user"], values["role"], values["csrf"])

    async def end_session(self, token: str) -> None:
        await self._client.delete(self._session_key(token))

    # sign-in failures per user name in a sliding window, so a password cannot be guessed at full speed
    async def failed_sign_ins(self, user_id: str) -> int:
        raw = await self._client.get(f"{self._k}failed:{user_id}")
        return 0 if raw is None else int(raw)

    async def count_failed_sign_in(self, user_id: str, window_s: int) -> None:
        key = f"{self._k}failed:{user_id}"
        if await self._client.incr(key) == 1:
            await self._client.expire(key, window_s)

    async def clear_failed_sign_ins(self, user_id: str) -> None:
        await self._client.delete(f"{self._k}failed:{user_id}")

    # claims: one reviewer per item for claim_ttl_s, so two people do not decide the same item
    async def claim(self, review_id: str, user_id: str) -> str:
        """The holder after the attempt: `user_id` when the claim is now (still) theirs."""
        holder = await self._claim(keys=[f"{self._k}claim:{review_id}"], args=[user_id, self.claim_ttl_s * 1000])
        return as_text(holder)

    async def release(self, review_id: str, user_id: str) -> bool:
        return bool(await self._release(keys=[f"{self._k}claim:{review_id}"], args=[user_id]))

    async def claims(self, review_ids: Sequence[str]) -> dict[str, str]:
        if not review_ids:
            return {}
        values = await self._client.mget([f"{self._k}claim:{r}" for r in review_ids])
        return {r: as_text(v) for r, v in zip(review_ids, values, strict=True) if v is not None}

    async def claim_left_s(self, review_id: str) -> int:
        return max(0, int(await self._client.pttl(f"{self._k}claim:{review_id}")) // 1000)

    # the index, built from qinglang.review and review.decision as the follower reads them
    async def index_item(self, item: dict[str, Any]) -> None:
        """The first body of an item stands, unless it comes again withdrawn: then the withdrawn body
        replaces it and the item leaves the queue for good (a withdrawn item is never decided)."""
        review_id = item["review_id"]
        await self._client.sadd(f"{self._k}acct:{item['account_id']}", review_id)
        if item.get("withdrawn"):
            await self._client.hset(f"{self._k}items", review_id, orjson.dumps(item))
            await self._client.zrem(f"{self._k}open", review_id)
            return
        if not await self._client.hsetnx(f"{self._k}items", review_id, orjson.dumps(item)):
            held = await self._client.hget(f"{self._k}items", review_id)
            if held is not None and orjson.loads(held).get("withdrawn"):
                return  # withdrawn already: a redelivery of the first body does not reopen it
        if not await self._client.hexists(f"{self._k}decided", review_id):  # decided before it was read
            await self._client.zadd(f"{self._k}open", {review_id: epoch_ms(item["occurred_at"])}, nx=True)

    async def index_decision(self, record: dict[str, Any]) -> None:
        """The first decision on the topic for an item stands, as the pipeline's own store decides."""
        await self._client.hsetnx(f"{self._k}decided", record["review_id"], orjson.dumps(record))
        await self._client.zrem(f"{self._k}open", record["review_id"])

    async def open_ids(self) -> list[str]:
        """Open review ids, oldest first."""
        return [as_text(r) for r in await self._client.zrange(f"{self._k}open", 0, -1)]

    async def items(self, review_ids: Sequence[str]) -> list[dict[str, Any]]:
        if not review_ids:
            return []
        values = await self._client.hmget(f"{self._k}items", list(review_ids))
        return [orjson.loads(v) for v in values if v is not None]

    async def item(self, review_id: str) -> dict[str, Any] | None:
        raw = await self._client.hget(f"{self._k}items", review_id)
        return None if raw is None else orjson.loads(raw)

    async def decision(self, review_id: str) -> dict[str, Any] | None:
        raw = await self._client.hget(f"{self._k}decided", review_id)
        return None if raw is None else orjson.loads(raw)

    async def decided(self) -> list[dict[str, Any]]:
        return [orjson.loads(v) for v in (await self._client.hgetall(f"{self._k}decided")).values()]

    async def reviews_of(self, account_id: str) -> list[str]:
        return sorted(as_text(r) for r in await self._client.smembers(f"{self._k}acct:{account_id}"))

    async def offsets(self) -> dict[str, int]:
        raw = await self._client.hgetall(f"{self._k}offsets")
        return {as_text(k): int(v) for k, v in raw.items()}

    async def save_offsets(self, offsets: dict[str, int]) -> None:
        if offsets:
            await self._client.hset(f"{self._k}offsets", mapping=offsets)

    # the outbox: one record per decision key, kept before it is sent, so a second submission (or a retry
    # after a failed send) sends the very same record, and one already sent is not sent again
    async def reserve(self, key: str, record: dict[str, Any]) -> dict[str, Any]:
        """The record that stands for `key`: `record` if it is the first, else the one stored before."""
        await self._client.hsetnx(f"{self._k}outbox", key, orjson.dumps(record))
        return orjson.loads(await self._client.hget(f"{self._k}outbox", key))

    async def sent(self, key: str) -> bool:
        return bool(await self._client.hexists(f"{self._k}sent", key))

    async def lock_send(self, key: str, ttl_ms: int = 30_000) -> bool:
        return bool(await self._client.set(f"{self._k}sending:{key}", "1", nx=True, px=ttl_ms))

    async def mark_sent(self, key: str) -> None:
        await self._client.hset(f"{self._k}sent", key, "1")
        await self._client.delete(f"{self._k}sending:{key}")

    async def unlock_send(self, key: str) -> None:
        await self._client.delete(f"{self._k}sending:{key}")

    async def outbox(self, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = list(keys)
        if not wanted:
            return {}
        values = await self._client.hmget(f"{self._k}outbox", wanted)
        return {k: orjson.loads(v) for k, v in zip(wanted, values, strict=True) if v is not None}

    # the appeals queue, built from account.appeal as the follower reads it: every appeal.filed, and the
    # appeal.resolved that resolves it. Both are keyed by the account, so one account's records keep their
    # order on one partition, and an appeal is resolved by the first resolution of its violation after it
    # there. Comparing positions (not "whatever is open now") keeps re-reading after a restart idempotent:
    # a resolution read again cannot resolve an appeal filed after it.
    def _subject_key(self, account_id: str, violation_id: str, partition: int) -> str:
        return f"{self._k}appealv:{partition}:{derive_id('console.appeal.subject', account_id, violation_id)}"

    async def index_appeal(self, appeal: dict[str, Any], *, partition: int, offset: int) -> bool:
        """One appeal.filed record (`appeal` has its `appeal_id`); False when it was indexed before."""
        appeal_id = appeal["appeal_id"]
        stored = {**appeal, "partition": partition, "offset": offset}
        if not await self._client.hsetnx(f"{self._k}appeals", appeal_id, orjson.dumps(stored)):
            return False
        if not await self._client.hexists(f"{self._k}appeal_resolved", appeal_id):
            await self._client.zadd(f"{self._k}appeals_open", {appeal_id: epoch_ms(appeal["occurred_at"])})
            subject = self._subject_key(appeal["account_id"], appeal["violation_id"], partition)
            await self._client.zadd(subject, {appeal_id: offset})
        return True

    async def index_appeal_resolution(self, record: dict[str, Any], *, partition: int, offset: int) -> list[str]:
        """One appeal.resolved record: it resolves the open appeals of its violation filed before it on the
        same partition; returns their ids (none: a resolution of no appeal the console saw, e.g. from the
        account page, which the queue does not list)."""
        subject = self._subject_key(record["account_id"], record["violation_id"], partition)
        resolved = [as_text(a) for a in await self._client.zrangebyscore(subject, "-inf", f"({offset}")]
        if not resolved:
            return []
        when = epoch_ms(record["occurred_at"])
        body = orjson.dumps(record)
        for appeal_id in resolved:
            await self._client.hsetnx(f"{self._k}appeal_resolved", appeal_id, body)  # the first one stands
            await self._client.zadd(f"{self._k}appeals_done", {appeal_id: when})
        await self._client.zrem(f"{self._k}appeals_open", *resolved)
        await self._client.zrem(subject, *resolved)
        return resolved

    async def open_appeals(self) -> list[str]:
        """Open appeal ids, oldest first."""
        return [as_text(a) for a in await self._client.zrange(f"{self._k}appeals_open", 0, -1)]

    async def resolved_appeals(self, count: int) -> list[str]:
        """The `count` most recently resolved appeal ids, newest first."""
        return [as_text(a) for a in await self._client.zrevrange(f"{self._k}appeals_done", 0, count - 1)]

    async def count_appeals(self) -> tuple[int, int]:
        """(open, resolved)."""
        return (int(await self._client.zcard(f"{self._k}appeals_open")),
                int(await self._client.zcard(f"{self._k}appeals_done")))

    async def appeals(self, appeal_ids: Sequence[str]) -> list[dict[str, Any]]:
        """The appeals, each with its `resolution` (the appeal.resolved record, or None), in the order asked."""
        if not appeal_ids:
            return []
        ids = list(appeal_ids)
        filed = await self._client.hmget(f"{self._k}appeals", ids)
        resolved = await self._client.hmget(f"{self._k}appeal_resolved", ids)
        return [{**orjson.loads(f), "resolution": None if r is None else orjson.loads(r)}
                for f, r in zip(filed, resolved, strict=True) if f is not None]

    async def appeal(self, appeal_id: str) -> dict[str, Any] | None:
        found = await self.appeals([appeal_id])
        return found[0] if found else None

    async def remember_appeal(self, account_id: str, violation_id: str) -> None:
        await self._client.sadd(f"{self._k}appeals:{account_id}", violation_id)

    async def appeals_of(self, account_id: str) -> list[str]:
        return sorted(as_text(v) for v in await self._client.smembers(f"{self._k}appeals:{account_id}"))

    # the overview: distinct violation and action ids per minute (HyperLogLog, so a record read twice after a
    # restart counts once; about 1 % error), merged over the last hour when the page asks
    async def count_output(self, kind: str, label: str, record_id: str, at_ms: int) -> None:
        minute = at_ms // 60_000
        key = f"{self._k}ov:{kind}:{label}:{minute}"
        await self._client.pfadd(key, record_id)
        await self._client.expire(key, 2 * 3600)
        await self._client.sadd(f"{self._k}ov:{kind}", label)

    async def last_hour(self, kind: str, now_ms: int) -> dict[str, int]:
        """Distinct ids per label over the 60 minutes up to `now_ms`."""
        minute = now_ms // 60_000
        counts: dict[str, int] = {}
        for label in sorted(as_text(v) for v in await self._client.smembers(f"{self._k}ov:{kind}")):
            keys = [f"{self._k}ov:{kind}:{label}:{m}" for m in range(minute - 59, minute + 1)]
            count = int(await self._client.pfcount(*keys))
            if count:
                counts[label] = count
        return counts

    # who did what: a capped stream of the console's own actions (the records carry the person's id too:
    # reviewer_id on a decision, resolved_by on an appeal resolution)
    async def log(self, **fields: str) -> None:
        await self._client.xadd(f"{self._k}log", fields, maxlen=100_000, approximate=True)

    async def recent_log(self, count: int = 200) -> list[dict[str, str]]:
        entries = await self._client.xrevrange(f"{self._k}log", count=count)
        return [{as_text(k): as_text(v) for k, v in values.items()} for _, values in entries]
