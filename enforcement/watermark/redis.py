"""The shared watermark in Redis: one atomic compare-and-raise script, so workers never move it back."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from redis.asyncio import Redis

from enforcement.redis_keys import as_text
from enforcement.redis_script import Script, lua_source
from enforcement.watermark import EARLIEST, planned, to_millis

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
        self._known = EARLIEST
        self._deferred = deferred
        self._pending = EARLIEST

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


class RedisLaneHolds:
    """Each lane's hold in the hash `<prefix>watermark:holds` (lane -> event-time ms); a worker writes only
    the lanes it reads, so plain field writes cannot overwrite another worker's."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._key = f"{key_prefix}watermark:holds"

    async def held(self) -> dict[str, int]:
        raw = await self._client.hgetall(self._key)
        return {as_text(lane): int(at) for lane, at in raw.items()}

    async def change(self, holds: Mapping[str, int | None]) -> None:
        kept = {lane: at for lane, at in holds.items() if at is not None}
        gone = [lane for lane, at in holds.items() if at is None]
        if kept:
            await self._client.hset(self._key, mapping=kept)  # type: ignore[arg-type]
        if gone:
            await self._client.hdel(self._key, *gone)
