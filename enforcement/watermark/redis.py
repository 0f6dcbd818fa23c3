"""The shared watermark in Redis: one atomic compare-and-raise script, so workers never move it back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from redis.asyncio import Redis

from enforcement.redis_script import Script, lua_source
from enforcement.watermark import planned, to_millis

_RAISE = lua_source("enforcement.watermark", "raise.lua")


class RedisWatermark:
    """Watermark kept at `<prefix>watermark`; skips the round trip when a worker already knows it is ahead.

    `deferred`: `observe` only raises this process's view, and `flush` writes the highest value once —
    the batch worker flushes once per batch instead of touching the shared key on every event.
    """

    def __init__(self, client: Redis, *, key_prefix: str, allowed_lateness_ms: int, deferred: bool = False) -> None:
        self._client = client
        self._key = f"{key_prefix}watermark"
        self._lateness = allowed_lateness_ms
        self._script = Script(client, _RAISE)
        self._known = -(2**62)
        self._deferred = deferred
        self._pending = -(2**62)

    async def observe(self, occurred_at: datetime) -> int:
        candidate = to_millis(occurred_at) - self._lateness
        if candidate <= self._known:
            return self._known
        if self._deferred:
            self._pending = max(self._pending, candidate)
            return self._pending
        self._known = int(await self._script(keys=[self._key], args=[candidate]))
        return self._known

    async def current(self) -> int | None:
        raw = await self._client.get(self._key)
        if raw is not None:
            self._known = max(self._known, int(raw))
        if self._pending > self._known:
            return self._pending
        return None if raw is None else self._known

    def plan(self, times: Sequence[datetime]) -> list[int]:
        return planned(max(self._known, self._pending), self._lateness, times)

    async def flush(self) -> None:
        if self._pending > self._known:
            self._known = int(await self._script(keys=[self._key], args=[self._pending]))
