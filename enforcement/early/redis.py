"""The early records (appeals and review decisions that came before what they name) in Redis: one hash per
account, `{account}:early`, field "<target> <event id>" -> the record."""

from __future__ import annotations

from collections.abc import Sequence

from redis.asyncio import Redis

from enforcement.early import Early, field_of, to_blob
from enforcement.redis_keys import as_bytes, as_text, hash_tagged


class RedisEarlyRecords:
    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix

    def _key(self, account_id: str) -> str:
        return hash_tagged(self._prefix, account_id) + "early"

    async def keep(self, event: Early) -> None:
        await self._client.hset(self._key(event.account_id), field_of(event), to_blob(event))

    async def kept(self, account_id: str) -> dict[str, bytes]:
        raw = await self._client.hgetall(self._key(account_id))
        return {as_text(name): as_bytes(blob) for name, blob in raw.items()}

    async def forget(self, account_id: str, fields: Sequence[str]) -> None:
        await self._client.hdel(self._key(account_id), *fields)
