"""The release manifest in Redis: the hash `<prefix>{registry}:shipped` (identity id -> names and aliases)
and the release's digest beside it, `<prefix>{registry}:shipped:digest`."""

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
        self._digest_key = self._key + ":digest"  # same slot

    async def digest(self) -> str | None:
        raw = await self._client.get(self._digest_key)
        return None if raw is None else as_text(raw)

    async def read(self) -> dict[str, bytes]:
        raw = await self._client.hgetall(self._key)
        return {as_text(k): as_bytes(v) for k, v in raw.items()}

    async def write(self, entries: Mapping[str, bytes], *, digest: str, previous: Mapping[str, bytes]) -> None:
        """Replace the manifest: the entries that differ from `previous` written, the identities no longer
        shipped removed (only commands the worker's ACL rule allows), and the digest set last, so a digest
        that matches always comes with its whole manifest. A worker that reads the manifest half-written sees
        some additions as known already: it is written after the re-check has run, so none is left unchecked."""
        changed = [(k, v) for k, v in entries.items() if previous.get(k) != v]
        for start in range(0, len(changed), WRITE_SLICE):
            await self._client.hset(self._key, mapping=dict(changed[start:start + WRITE_SLICE]))
        gone = [k for k in previous if k not in entries]
        for start in range(0, len(gone), WRITE_SLICE):
            await self._client.hdel(self._key, *gone[start:start + WRITE_SLICE])
        await self._client.set(self._digest_key, digest)
