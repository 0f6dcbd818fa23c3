"""Typical cases (S7) in Redis, beside the console's other working state and under the same keys
("qlc:<topic prefix>{console}:typical…"): one hash of case records and a sorted set of their event times,
so `qinglang report` and the report page list a period's cases without reading them all."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

import orjson
from redis.asyncio import Redis

from enforcement.redis_keys import as_text, hash_tagged
from streams.console.store import epoch_ms


class TypicalCaseStore:
    def __init__(self, client: Redis, *, topic_prefix: str) -> None:
        self._client = client
        k = hash_tagged(f"qlc:{topic_prefix}", "console")  # the console's own keys (store.py)
        self._cases, self._times = f"{k}typical", f"{k}typical:at"

    async def mark(self, case: dict[str, Any]) -> bool:
        """Store (or replace) a case; True when it was not marked before."""
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.hset(self._cases, case["case_id"], orjson.dumps(case))
            pipe.zadd(self._times, {case["case_id"]: epoch_ms(case["occurred_at"])})
            added, _ = await pipe.execute()
        return bool(added)

    async def unmark(self, case_id: str) -> dict[str, Any] | None:
        """Remove a case; the record it had, or None when it was not marked."""
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.hget(self._cases, case_id)
            pipe.hdel(self._cases, case_id)
            pipe.zrem(self._times, case_id)
            raw, _, _ = await pipe.execute()
        return None if raw is None else orjson.loads(raw)

    async def get(self, case_id: str) -> dict[str, Any] | None:
        raw = await self._client.hget(self._cases, case_id)
        return None if raw is None else orjson.loads(raw)

    async def many(self, case_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        wanted = list(case_ids)
        if not wanted:
            return {}
        values = await self._client.hmget(self._cases, wanted)
        return {c: orjson.loads(v) for c, v in zip(wanted, values, strict=True) if v is not None}

    async def in_period(self, since: datetime | None, until: datetime | None) -> list[dict[str, Any]]:
        """The cases whose violation happened in [since, until), oldest first: with day bounds in CST this is
        every case whose CST date falls in the period."""
        low = "-inf" if since is None else int(since.timestamp() * 1000)
        high = "+inf" if until is None else f"({int(until.timestamp() * 1000)}"
        ids = [as_text(v) for v in await self._client.zrangebyscore(self._times, low, high)]
        found = await self.many(ids)
        return [found[c] for c in ids if c in found]
