"""Redis versions of the sanctions' stores, shared by every worker (decisions "Atomic means inside
the script", "Event time and the watermark" and "Redis is the only state store").

Keys: `<prefix>{<account_id>}:identity|lift|blocked|sanctions|economic` (per-account hash tag, beside the
ledger's keys), `<prefix>{own:<identity_hash>}:registered|blacklisting|blacklistings|displaced|lifted|reinstated` (the
owner's accounts → their creations, the owner's blacklisting that stands, every blacklisting of the owner not
lifted, by action, the blacklistings an earlier one displaced, by the displacing action, those lifted when
their action was reversed, by that action, and the one that stood again in a lifted one's place, by the
lifted action; beside the owner ledger's keys) and
`<prefix>{schedule}:due|items|claimed|fired` (global state in keys of its own, one slot each, so this runs
unchanged on Redis Cluster). On Redis Cluster the schedule is split into `SCHEDULE_BUCKETS` buckets
`<prefix>{schedule:<n>}:…`, an item in the bucket its id hashes to, so the schedule that every batch reads
is spread over the masters instead of one slot.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Sequence
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

from enforcement.ledger.stored import owner_subject
from enforcement.policy import Brakes
from enforcement.redis_keys import as_bytes, as_text, hash_tagged
from enforcement.redis_script import Script, lua_source
from enforcement.sanctions.stores import (
    REMEMBER_FIRED_MS,
    Blacklisting,
    Creation,
    DueItem,
    LiftedBlacklist,
    OwnerBlacklist,
    Registration,
)

# the scripts (enforcement/sanctions/lua/): add/cancel/ack are scripts, one atomic command each like
# MULTI/EXEC, but one the worker's client can pipeline together with every other account's commands
_CLAIM = lua_source("enforcement.sanctions", "schedule_claim.lua")
_CLAIM_IDS = lua_source("enforcement.sanctions", "schedule_claim_ids.lua")
_ADD = lua_source("enforcement.sanctions", "schedule_add.lua")
_CANCEL = lua_source("enforcement.sanctions", "schedule_cancel.lua")
_ACK = lua_source("enforcement.sanctions", "schedule_ack.lua")
_LATEST = lua_source("enforcement.sanctions", "latest_sanction.lua")
_REPLACE_LIFT = lua_source("enforcement.sanctions", "replace_lift.lua")
_RELEASE_LIFT = lua_source("enforcement.sanctions", "release_lift.lua")
_BLACKLIST = lua_source("enforcement.sanctions", "blacklist_owner.lua")
_UNBLACKLIST = lua_source("enforcement.sanctions", "unblacklist_owner.lua")


class RedisDirectory:
    """Owner identities per account and the identity blacklist (S4) in Redis."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._blacklist_owner = Script(client, _BLACKLIST)
        self._unblacklist_owner = Script(client, _UNBLACKLIST)
        self._latest = Script(client, _LATEST)
        self._replace_lift = Script(client, _REPLACE_LIFT)
        self._release_lift = Script(client, _RELEASE_LIFT)

    async def record_sanction(self, account_id: str, sanction: str, at_ms: int) -> None:
        await self._latest(keys=[hash_tagged(self._prefix, account_id) + "sanctions"], args=[sanction, at_ms])

    async def sanctions_of(self, account_id: str) -> dict[str, int]:
        raw = await self._client.hgetall(hash_tagged(self._prefix, account_id) + "sanctions")
        return {as_text(k): int(v) for k, v in raw.items()}

    def _identity_key(self, account_id: str) -> str:
        return hash_tagged(self._prefix, account_id) + "identity"

    def _owned_key(self, identity_hash: str) -> str:
        return hash_tagged(self._prefix, owner_subject(identity_hash)) + "registered"

    def _displaced_key(self, identity_hash: str) -> str:
        return hash_tagged(self._prefix, owner_subject(identity_hash)) + "displaced"

    def _lifted_key(self, identity_hash: str) -> str:
        return hash_tagged(self._prefix, owner_subject(identity_hash)) + "lifted"

    def _blacklisting_key(self, identity_hash: str) -> str:
        return hash_tagged(self._prefix, owner_subject(identity_hash)) + "blacklisting"

    def _recorded_key(self, identity_hash: str) -> str:
        return hash_tagged(self._prefix, owner_subject(identity_hash)) + "blacklistings"

    def _reinstated_key(self, identity_hash: str) -> str:
        return hash_tagged(self._prefix, owner_subject(identity_hash)) + "reinstated"

    def _blocked_key(self, account_id: str) -> str:
        return hash_tagged(self._prefix, account_id) + "blocked"

    async def register(self, account_id: str, identity_hash: str, creation: Creation) -> Registration:
        # one round trip: the filing under the owner and the read of its blacklisting are in the owner's slot,
        # so one server runs them in this order (a blacklisting writes and reads in one script there)
        async with self._client.pipeline(transaction=False) as pipe:
            pipe.hsetnx(self._owned_key(identity_hash), account_id, creation.to_bytes())
            pipe.get(self._blacklisting_key(identity_hash))
            pipe.exists(self._blocked_key(account_id))
            pipe.get(self._identity_key(account_id))
            _, standing, refused, earlier = await pipe.execute()
        return Registration(refused_before=bool(refused),
                            earlier_identity=None if earlier is None else as_text(earlier),
                            blacklisting=None if standing is None else Blacklisting.from_bytes(as_bytes(standing)))

    async def settle(self, account_id: str, identity_hash: str, registration: Registration, *, refused: bool,
                     ) -> None:
        # the refusal mark before the identity, so a crash between them cannot lose a refusal
        if refused and not registration.refused_before:
            await self._client.set(self._blocked_key(account_id), 1)
        earlier = registration.earlier_identity
        if earlier is None:
            await self._client.set(self._identity_key(account_id), identity_hash, nx=True)
        elif earlier != identity_hash:
            # the first identity won: the account belongs under that owner only (a creation that came
            # again with another identity), with the creation filed there first
            creation = await self._client.hget(self._owned_key(identity_hash), account_id)
            await self._client.hdel(self._owned_key(identity_hash), account_id)
            if creation is not None:
                await self._client.hsetnx(self._owned_key(earlier), account_id, creation)

    async def refuse(self, account_id: str) -> None:
        await self._client.set(self._blocked_key(account_id), 1)

    async def blacklist_owner(self, identity_hash: str, blacklisting: Blacklisting) -> OwnerBlacklist:
        standing, flat, displaced = await self._blacklist_owner(
            keys=[self._blacklisting_key(identity_hash), self._owned_key(identity_hash),
                  self._displaced_key(identity_hash), self._recorded_key(identity_hash),
                  self._lifted_key(identity_hash)],
            args=[blacklisting.at_ms, blacklisting.action_id, blacklisting.to_bytes()])
        return OwnerBlacklist(_blacklisting_or_none(standing), _blacklisting_or_none(displaced), _accounts(flat))

    async def unblacklist(self, identity_hash: str, action_id: str) -> LiftedBlacklist | None:
        found = await self._unblacklist_owner(
            keys=[self._blacklisting_key(identity_hash), self._owned_key(identity_hash),
                  self._lifted_key(identity_hash), self._recorded_key(identity_hash),
                  self._reinstated_key(identity_hash)],
            args=[action_id])
        if not found:
            return None
        lifted, flat, reinstated = found
        return LiftedBlacklist(Blacklisting.from_bytes(as_bytes(lifted)), _accounts(flat),
                               _blacklisting_or_none(reinstated))

    async def identity_of(self, account_id: str) -> str | None:
        raw = await self._client.get(self._identity_key(account_id))
        return None if raw is None else as_text(raw)

    async def is_blacklisted(self, identity_hash: str) -> bool:
        return bool(await self._client.exists(self._blacklisting_key(identity_hash)))

    async def is_blocked(self, account_id: str) -> bool:
        return bool(await self._client.exists(self._blocked_key(account_id)))

    async def remember_measures(self, account_id: str, action_id: str, measures: bytes) -> None:
        await self._client.hsetnx(hash_tagged(self._prefix, account_id) + "economic", action_id, measures)

    async def measures_of(self, account_id: str, action_id: str) -> bytes | None:
        raw = await self._client.hget(hash_tagged(self._prefix, account_id) + "economic", action_id)
        return None if raw is None else as_bytes(raw)

    async def release_lift(self, account_id: str, item_id: str | None) -> bool:
        released = await self._release_lift(keys=[hash_tagged(self._prefix, account_id) + "lift"],
                                            args=[item_id or ""])
        return bool(int(released))

    async def replace_lift(self, account_id: str, item_id: str | None, at_ms: int, rank: int,
                           ) -> tuple[bool, str | None]:
        replaced, old = await self._replace_lift(keys=[hash_tagged(self._prefix, account_id) + "lift"],
                                                 args=[at_ms, rank, item_id or ""])
        old_id = as_text(old)
        return bool(int(replaced)), old_id or None


def _blacklisting_or_none(raw: Any) -> Blacklisting | None:
    return None if raw is None else Blacklisting.from_bytes(as_bytes(raw))


def _accounts(flat: list[Any]) -> tuple[tuple[str, Creation], ...]:
    """An owner's registered accounts from HGETALL's flat list, sorted by account."""
    pairs = zip(flat[::2], flat[1::2], strict=True)
    return tuple(sorted((as_text(account), Creation.from_bytes(as_bytes(raw))) for account, raw in pairs))


SCHEDULE_BUCKETS = 16  # on Redis Cluster: enough to spread over the masters of any likely cluster


def schedule_buckets(client: Redis | RedisCluster) -> int:
    """How many buckets the schedule keeps: one on a single server (its keys as they always were), and
    `SCHEDULE_BUCKETS` on Redis Cluster."""
    return SCHEDULE_BUCKETS if isinstance(client, RedisCluster) else 1


def schedule_tags(key_prefix: str, buckets: int) -> list[str]:
    """The key start of each bucket: `<prefix>{schedule}:` for one bucket, `<prefix>{schedule:<n>}:` for more."""
    if buckets == 1:
        return [f"{key_prefix}{{schedule}}:"]
    return [f"{key_prefix}{{schedule:{n}}}:" for n in range(buckets)]


class RedisSchedule:
    """The event-time schedule in Redis; `claim` is atomic per bucket, so two workers never share an item.

    `next_due` keeps the earliest due time it last read, lowered by this process's own additions, and
    reads it again after a claim or after `forget_next_due` (the batch worker forgets it once per batch, so
    items other workers scheduled count from the next batch on; theirs fire there meanwhile). It is used
    only to skip a claim that would find nothing, never to decide.

    With several buckets (Redis Cluster) an item lives in the bucket its id hashes to (crc32, the same in
    every process), and a claim reads every bucket's candidates, takes the `limit` first in the order one
    bucket would give (due time, then id; then the stale leases), and claims those bucket by bucket, so the
    items handed out are the ones a single bucket would hand out.
    """

    def __init__(self, client: Redis | RedisCluster, *, key_prefix: str,
                 remember_fired_ms: int = REMEMBER_FIRED_MS, buckets: int = 1) -> None:
        self._client = client
        self._buckets = [(tag + "due", tag + "items", tag + "claimed", tag + "fired")
                         for tag in schedule_tags(key_prefix, buckets)]
        self._remember_fired_ms = remember_fired_ms
        # one bucket claims in one script; several read their candidates first, then claim by id
        self._claim = Script(client, _CLAIM if buckets == 1 else _CLAIM_IDS)
        self._add, self._cancel, self._ack = (Script(client, s) for s in (_ADD, _CANCEL, _ACK))
        self._hint: int | None = None
        self._hint_known = False

    @property
    def due_keys(self) -> list[str]:
        """The due-time sorted set of every bucket (what `qinglang watermark show` reads)."""
        return [due for due, _, _, _ in self._buckets]

    def _bucket(self, item_id: str) -> tuple[str, str, str, str]:
        if len(self._buckets) == 1:
            return self._buckets[0]
        return self._buckets[zlib.crc32(item_id.encode()) % len(self._buckets)]

    async def next_due(self) -> int | None:
        if not self._hint_known:
            if len(self._buckets) == 1:  # awaited directly: one bucket sends exactly what it always sent
                firsts = [await self._client.zrange(self.due_keys[0], 0, 0, withscores=True)]
            else:
                firsts = await asyncio.gather(*(self._client.zrange(due, 0, 0, withscores=True)
                                                for due in self.due_keys))
            times = [int(first[0][1]) for first in firsts if first]
            self._hint = min(times) if times else None
            self._hint_known = True
        return self._hint

    def forget_next_due(self) -> None:
        self._hint_known = False

    async def add(self, item_id: str, due_ms: int, payload: bytes) -> None:
        due, items, _, fired = self._bucket(item_id)
        await self._add(keys=[due, items, fired], args=[item_id, due_ms, payload])
        self._hint = due_ms if self._hint is None else min(self._hint, due_ms)

    async def cancel(self, item_id: str) -> None:
        due, items, claimed, _ = self._bucket(item_id)
        await self._cancel(keys=[due, items, claimed], args=[item_id])

    async def claim(self, watermark_ms: int, *, now_ms: int, lease_ms: int, limit: int) -> list[DueItem]:
        forget_before = watermark_ms - self._remember_fired_ms
        self._hint_known = False  # what is left is read again
        if len(self._buckets) == 1:
            reply = await self._claim(keys=list(self._buckets[0]),
                                      args=[watermark_ms, now_ms, lease_ms, limit, forget_before])
            return _due_items(reply)
        # every bucket's candidates, read together: the first `limit` ready ones, and as many stale leases
        replies: list[list[tuple[bytes, float]]] = await asyncio.gather(*(self._client.zrangebyscore(  # type: ignore[assignment]
            due, "-inf", watermark_ms, start=0, num=limit, withscores=True) for due, _, _, _ in self._buckets),
            *(self._client.zrangebyscore(claimed, "-inf", f"({now_ms}", start=0, num=limit, withscores=True)
              for _, _, claimed, _ in self._buckets))
        ready_replies, stale_replies = replies[:len(self._buckets)], replies[len(self._buckets):]
        ready = sorted((score, as_text(member), n) for n, found in enumerate(ready_replies) for member, score in found)
        stale = sorted((score, as_text(member), n) for n, found in enumerate(stale_replies) for member, score in found)
        chosen = ready[:limit]
        taken = {item for _, item, _ in chosen}
        chosen += [entry for entry in stale if entry[1] not in taken][:limit - len(chosen)]
        by_bucket: list[list[str]] = [[] for _ in self._buckets]
        for _, item, n in chosen:
            by_bucket[n].append(item)
        claimed = await asyncio.gather(*(self._claim(keys=list(keys), args=[
            watermark_ms, now_ms, lease_ms, forget_before, *ids]) for keys, ids in zip(self._buckets, by_bucket,
                                                                                    strict=True)))
        got = {item.item_id: item for reply in claimed for item in _due_items(reply)}
        return [got[item] for _, item, _ in chosen if item in got]

    async def ack(self, item_ids: list[str]) -> None:
        if not item_ids:
            return
        if len(self._buckets) == 1:
            _, items, claimed, _ = self._buckets[0]
            await self._ack(keys=[items, claimed], args=item_ids)
            return
        groups: dict[tuple[str, str, str, str], list[str]] = {}
        for item in item_ids:
            groups.setdefault(self._bucket(item), []).append(item)
        await asyncio.gather(*(self._ack(keys=[items, claimed], args=ids)
                               for (_, items, claimed, _), ids in groups.items()))

    async def pending(self) -> int:
        if len(self._buckets) == 1:
            return int(await self._client.hlen(self._buckets[0][1]))
        counts = await asyncio.gather(*(self._client.hlen(items) for _, items, _, _ in self._buckets))
        return sum(int(count) for count in counts)


def _due_items(reply: Sequence[bytes]) -> list[DueItem]:
    return [DueItem(as_text(reply[i]), bytes(reply[i + 1])) for i in range(0, len(reply), 2)]


_BREAKER = lua_source("enforcement.sanctions", "brakes_breaker.lua")

_CLOSURE = lua_source("enforcement.sanctions", "brakes_closure.lua")


class RedisBrakes:
    """Breaker counts under `{brakes:<rule>}` and closure slots under `{brakes:closures}` (one slot each)."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._prefix = key_prefix
        self._breaker = Script(client, _BREAKER)
        self._closure = Script(client, _CLOSURE)

    async def breaker(self, rule: str, violation_id: str, hour: int, brakes: Brakes) -> str:
        tag = hash_tagged(self._prefix, f"brakes:{rule}")
        keys = [f"{tag}h:{hour}", f"{tag}open:{hour}"]
        keys += [f"{tag}h:{hour - n}" for n in range(1, brakes.breaker_baseline_hours + 1)]
        ttl = (brakes.breaker_baseline_hours + 2) * 3600
        result = await self._breaker(keys=keys, args=[violation_id, brakes.breaker_min_per_hour,
                                                      round(brakes.breaker_factor * 1000), ttl])
        return as_text(result)

    async def reserve_closure(self, violation_id: str, hour: int, cap: int) -> bool:
        key = f"{self._prefix}{{brakes:closures}}:h:{hour}"
        return bool(int(await self._closure(keys=[key], args=[violation_id, cap, 2 * 3600])))
