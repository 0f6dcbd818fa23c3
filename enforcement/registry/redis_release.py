"""The release manifest in Redis: one hash, `<prefix>{registry}:shipped` (identity id -> names and aliases)."""

from __future__ import annotations

from collections.abc import Mapping

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from enforcement.redis_keys import as_bytes, as_text

WRITE_SLICE = 2_000  # fields per HSET or HDEL: the manifest holds ~52,000 identities


class RedisReleaseManifest:
    def __init__(self, client: Redis | RedisCluster, *, key_prefix: str) -> None:
        self._client = client
        self._key = f"{key_prefix}{{registry}}:shipped"

    async def read(self) -> dict[str, bytes]:
        raw = await self._client.hgetall(self._key)
        return {as_text(k): as_bytes(v) for k, v in raw.items()}

    async def write(self, entries: Mapping[str, bytes]) -> None:
        """Replace the manifest: the changed entries written, the identities no longer shipped removed (only
        commands the worker's ACL rule allows). A worker that reads it half-written sees some additions as
        known already: it is written after the re-check has run, so none is left unchecked."""
        held = await self.read()
        changed = [(k, v) for k, v in entries.items() if held.get(k) != v]
        for start in range(0, len(changed), WRITE_SLICE):
            await self._client.hset(self._key, mapping=dict(changed[start:start + WRITE_SLICE]))
        gone = [k for k in held if k not in entries]
        for start in range(0, len(gone), WRITE_SLICE):
            await self._client.hdel(self._key, *gone[start:start + WRITE_SLICE])
