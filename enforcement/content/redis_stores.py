"""Redis versions of the content rules' stores (decisions "Atomic means
inside the script", "Redis is the only state store"), shared by every worker.

Per reported account (hash tag `{<account_id>}`): `rep:<category>:z` (reporter → report time, ms) and
`rep:<category>:w` (reporter → weight, thousandths) hold the window; `rep:seen` (event id → result)
makes a redelivered report return its first result; `rep:src` (violation id → reporters) remembers
who stood behind a reports_threshold violation; `born` ("<created ms> <identity_hash>") is the
account's own creation; `overturned` (set of causes) counts its overturned reports as a reporter;
`reviews`, `review_decisions`, `allow` and `posts` serve review decisions and labelled posts.
"""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

from enforcement.content.stores import ReportAdded
from enforcement.redis_keys import as_bytes, as_text, hash_tagged
from enforcement.redis_script import Script, lua_source

SEEN_TTL_S = 400 * 86_400  # as long as the ledger remembers a violation id (P2)

# Mirrors stores.add_report line for line (integers only).
_ADD_REPORT = lua_source("enforcement.content", "add_report.lua")

_FIRST = lua_source("enforcement.content", "first_value.lua")

_ALLOW = lua_source("enforcement.content", "allow_until.lua")


class RedisReportStore:
    """D11 state in Redis; `add_report` is one atomic script (window, de-duplication, crossing)."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._add = Script(client, _ADD_REPORT)

    def _key(self, account_id: str, name: str) -> str:
        return hash_tagged(self._prefix, account_id) + name

    async def add_report(self, account_id: str, category: str, event_id: str, reporter_id: str, at_ms: int,
                         weight_milli: int, window_ms: int, threshold_milli: int) -> ReportAdded:
        keys = [self._key(account_id, f"rep:{category}:z"), self._key(account_id, f"rep:{category}:w"),
                self._key(account_id, "rep:seen")]
        reply = await self._add(keys=keys, args=[event_id, reporter_id, at_ms, weight_milli, window_ms,
                                                 threshold_milli, SEEN_TTL_S])
        return ReportAdded.decode(as_text(reply))

    async def remember_account(self, account_id: str, created_ms: int, identity_hash: str) -> None:
        await self._client.set(self._key(account_id, "born"), f"{created_ms} {identity_hash}", nx=True)

    async def account_facts(self, account_ids: Sequence[str]) -> dict[str, tuple[int, str]]:
        facts: dict[str, tuple[int, str]] = {}
        for account_id in account_ids:  # one key per account, each in its own slot
            raw = await self._client.get(self._key(account_id, "born"))
            if raw is not None:
                created, identity = as_text(raw).split(" ", 1)
                facts[account_id] = (int(created), identity)
        return facts

    async def overturned(self, reporter_id: str) -> int:
        return int(await self._client.scard(self._key(reporter_id, "overturned")))

    async def overturn(self, reporter_ids: Sequence[str], cause_id: str) -> None:
        for reporter in reporter_ids:
            await self._client.sadd(self._key(reporter, "overturned"), cause_id)

    async def remember_sources(self, account_id: str, violation_id: str, reporter_ids: Sequence[str]) -> None:
        await self._client.hsetnx(self._key(account_id, "rep:src"), violation_id, " ".join(reporter_ids))

    async def sources(self, account_id: str, violation_id: str) -> tuple[str, ...]:
        raw = await self._client.hget(self._key(account_id, "rep:src"), violation_id)
        return () if not raw else tuple(as_text(raw).split(" "))


class RedisReviewStore:
    """Review items, decisions, the dismiss allow-list and labelled-post claims, per account."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._allow = Script(client, _ALLOW)
        self._first = Script(client, _FIRST)

    def _key(self, account_id: str, name: str) -> str:
        return hash_tagged(self._prefix, account_id) + name

    async def remember_review(self, account_id: str, review_id: str, blob: bytes) -> None:
        await self._client.hsetnx(self._key(account_id, "reviews"), review_id, blob)

    async def review(self, account_id: str, review_id: str) -> bytes | None:
        raw = await self._client.hget(self._key(account_id, "reviews"), review_id)
        return None if raw is None else as_bytes(raw)

    async def decide(self, account_id: str, review_id: str, decision: str) -> str:
        stored = await self._first(keys=[self._key(account_id, "review_decisions")], args=[review_id, decision])
        return as_text(stored)

    async def allow(self, account_id: str, rule: str, identity: str, until_ms: int) -> None:
        await self._allow(keys=[self._key(account_id, "allow")], args=[f"{rule} {identity}", until_ms])

    async def allowed_until(self, account_id: str, rule: str, identity: str) -> int | None:
        raw = await self._client.hget(self._key(account_id, "allow"), f"{rule} {identity}")
        return None if raw is None else int(raw)

    async def claim_post(self, account_id: str, post_id: str, blob: bytes) -> bytes:
        return bytes(await self._first(keys=[self._key(account_id, "posts")], args=[post_id, blob]))
