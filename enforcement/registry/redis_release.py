"""The release manifest in Redis: one hash, `<prefix>{registry}:shipped` (identity id -> names and aliases)."""

from __future__ import annotations

from collections.abc import Mapping

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from enforcement.redis_keys import as_bytes, as_text

WRITE_SLICE = 2_000  # fields per HSET: the manifest holds ~52,000 identities


class RedisReleaseManifest:
    def __init__(self, client: Redis | RedisCluster, *, key_prefix: str) -> None:
        self._client = client
        self._key = f"{key_prefix}{{registry}}:shipped"

    async def read(self) -> dict[str, bytes]:
        raw = await self._client.hgetall(self._key)
        return {as_text(k): as_bytes(v) for k, v in raw.items()}

    async def write(self, entries: Mapping[str, bytes]) -> None:
        """Replace the manifest: written under a new key, then renamed over the old one, so a reader sees
        the whole previous manifest or the whole new one."""
        staging = self._key + ":next"
        await self._client.delete(staging)
        items = list(entries.items())
        for start in range(0, len(items), WRITE_SLICE):
            await self._client.hset(staging, mapping=dict(items[start:start + WRITE_SLICE]))
        if items:
            await self._client.rename(staging, self._key)
        else:
            await self._client.delete(self._key)
