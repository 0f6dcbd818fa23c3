"""Redis versions of the sanctions' stores, shared by every worker (pinned decisions 10–12).

Keys: `<prefix>{<account_id>}:identity|lift|blocked` (per-account hash tag, beside the ledger's keys),
`<prefix>{blacklist}:identities` and `<prefix>{schedule}:due|items|claimed` (global state in keys of
its own, one slot each, so this runs unchanged on Redis Cluster).
"""

from __future__ import annotations

from redis.asyncio import Redis

from enforcement.sanctions.stores import DueItem

_CLAIM = """
-- KEYS: 1 due (zset id->due ms), 2 items (hash id->payload), 3 claimed (zset id->lease end, wall ms)
-- ARGV: 1 watermark ms, 2 now ms, 3 lease ms, 4 limit
local limit = tonumber(ARGV[4])
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, limit)
if #ids < limit then
  local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[2], 'LIMIT', 0, limit - #ids)
  for _, id in ipairs(stale) do ids[#ids + 1] = id end
end
local out = {}
local lease_end = tonumber(ARGV[2]) + tonumber(ARGV[3])
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[3], lease_end, id)
  local payload = redis.call('HGET', KEYS[2], id)
  if payload then
    out[#out + 1] = id
    out[#out + 1] = payload
  else
    redis.call('ZREM', KEYS[3], id)
  end
end
return out
"""


class RedisDirectory:
    """Owner identities per account and the identity blacklist (S4) in Redis."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._blacklist = f"{key_prefix}{{blacklist}}:identities"

    def _identity_key(self, account_id: str) -> str:
        return f"{self._prefix}{{{account_id}}}:identity"

    async def remember_identity(self, account_id: str, identity_hash: str) -> None:
        await self._client.set(self._identity_key(account_id), identity_hash, nx=True)

    async def identity_of(self, account_id: str) -> str | None:
        raw = await self._client.get(self._identity_key(account_id))
        return None if raw is None else raw.decode() if isinstance(raw, bytes) else str(raw)

    async def set_blacklisted(self, identity_hash: str, blacklisted: bool) -> None:
        if blacklisted:
            await self._client.sadd(self._blacklist, identity_hash)
        else:
            await self._client.srem(self._blacklist, identity_hash)

    async def is_blacklisted(self, identity_hash: str) -> bool:
        return bool(await self._client.sismember(self._blacklist, identity_hash))

    async def mark_blocked(self, account_id: str) -> None:
        await self._client.set(f"{self._prefix}{{{account_id}}}:blocked", 1)

    async def is_blocked(self, account_id: str) -> bool:
        return bool(await self._client.exists(f"{self._prefix}{{{account_id}}}:blocked"))

    async def replace_lift(self, account_id: str, item_id: str | None) -> str | None:
        key = f"{self._prefix}{{{account_id}}}:lift"
        old = await (self._client.set(key, item_id, get=True) if item_id is not None else self._client.getdel(key))
        return None if old is None else old.decode() if isinstance(old, bytes) else str(old)


class RedisSchedule:
    """The event-time schedule in Redis; `claim` is one atomic script, so two workers never share an item."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        tag = f"{key_prefix}{{schedule}}:"
        self._due, self._items, self._claimed = tag + "due", tag + "items", tag + "claimed"
        self._claim = client.register_script(_CLAIM)

    async def add(self, item_id: str, due_ms: int, payload: bytes) -> None:
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.hsetnx(self._items, item_id, payload)
            pipe.zadd(self._due, {item_id: due_ms}, nx=True)
            await pipe.execute()

    async def cancel(self, item_id: str) -> None:
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.zrem(self._due, item_id)
            pipe.zrem(self._claimed, item_id)
            pipe.hdel(self._items, item_id)
            await pipe.execute()

    async def claim(self, watermark_ms: int, *, now_ms: int, lease_ms: int, limit: int) -> list[DueItem]:
        reply = await self._claim(keys=[self._due, self._items, self._claimed],
                                  args=[watermark_ms, now_ms, lease_ms, limit])
        return [DueItem(_text(reply[i]), bytes(reply[i + 1])) for i in range(0, len(reply), 2)]

    async def ack(self, item_ids: list[str]) -> None:
        if not item_ids:
            return
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.zrem(self._claimed, *item_ids)
            pipe.hdel(self._items, *item_ids)
            await pipe.execute()

    async def pending(self) -> int:
        return int(await self._client.hlen(self._items))


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
