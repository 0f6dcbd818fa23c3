"""Redis versions of the account stores and of the registry re-check claims (decisions
"Atomic means inside the script", "Redis is the only state store").

Keys: `<prefix>{<account_id>}:profile` (hash: field, `field@` = version) and
`<prefix>{<account_id>}:credentials` (hash: credential id → JSON state),
`<prefix>{<account_id>}:credential_notices` (hash: credential id|valid_until → what warned of it),
`<prefix>{<account_id>}:credential_checks` + `:credential_checks_at` (profile events judged with the
account's credentials, kept until the watermark passes them, and credential re-check results),
beside the ledger's per-account keys under the same hash tag; `<prefix>{registry}:recheck:<content hash>`
for re-check claims. Every ordered write is one Lua script (compare versions and write inside the
script: "Atomic means inside the script").
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any, cast

import orjson
from redis.asyncio import Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster

from enforcement.accounts import version_of
from enforcement.accounts.checks import CheckedProfile
from enforcement.accounts.credentials import StoredCredential
from enforcement.accounts.profiles import FIELDS, OLDER_VERSIONS_KEPT, CurrentProfile, StoredProfile
from enforcement.redis_keys import as_bytes, as_text, hash_tagged
from enforcement.redis_script import Script, lua_source
from enforcement.watermark import to_millis

_APPLY_PROFILE = lua_source("enforcement.accounts", "apply_profile.lua")

_PUT_CREDENTIAL = lua_source("enforcement.accounts", "put_credential.lua")


_AMEND_CREDENTIAL = lua_source("enforcement.accounts", "amend_credential.lua")


_NOTICE_WITNESS = lua_source("enforcement.accounts", "notice_witness.lua")


# each profile field, its version, the older versions kept (a JSON list of [version, value], newest first) and
# the one older value and its version a hash written before that list kept (see apply_profile.lua)
_VERSION_SUFFIXES = ("", "@", "~h", "~", "~@")
_VERSIONED_FIELDS = [name + suffix for name in FIELDS for suffix in _VERSION_SUFFIXES]


class RedisProfileStore:
    """Current profiles in Redis; `scan` walks the keyspace with SCAN MATCH in batches (no global index key)."""

    def __init__(self, client: Redis | RedisCluster, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._apply = Script(client, _APPLY_PROFILE)

    def _key(self, account_id: str) -> str:
        return hash_tagged(self._prefix, account_id) + "profile"

    async def apply(self, account_id: str, changes: dict[str, str], at_ms: int, event_id: str) -> None:
        args: list[str] = [version_of(at_ms, event_id), str(OLDER_VERSIONS_KEPT)]
        for name, value in changes.items():
            if name not in FIELDS:
                raise ValueError(f"unknown profile field {name!r}")
            args += [name, value]
        await self._apply(keys=[self._key(account_id)], args=args)

    async def current(self, account_id: str) -> CurrentProfile | None:
        values = await self._client.hmget(self._key(account_id), list(FIELDS))
        return self._profile(account_id, values)

    async def as_of(self, account_id: str, at_ms: int) -> CurrentProfile | None:
        values = await self._client.hmget(self._key(account_id), _VERSIONED_FIELDS)
        return self._stored(account_id, values).as_of(at_ms)

    @staticmethod
    def _stored(account_id: str, replies: Sequence[bytes | str | None]) -> StoredProfile:
        """A profile hash's values for `_VERSIONED_FIELDS`: each field's current value and version, then the
        older versions kept — the list, or the one older pair of a hash written before the list."""
        values = [None if v is None else as_text(v) for v in replies]
        width = len(_VERSION_SUFFIXES)
        history: dict[str, list[tuple[str | None, str | None]]] = {}
        for i, name in enumerate(FIELDS):
            value, version, kept, legacy_value, legacy_version = values[i * width: (i + 1) * width]
            older: list[tuple[str | None, str | None]] = (
                [(v, text) for v, text in orjson.loads(kept)] if kept is not None else [(legacy_version, legacy_value)])
            history[name] = [(version, value), *older]
        return StoredProfile(account_id, history)

    @staticmethod
    def _profile(account_id: str, values: Sequence[bytes | str | None]) -> CurrentProfile | None:
        if all(v is None for v in values):
            return None
        texts = {f: as_text(v) for f, v in zip(FIELDS, values, strict=True) if v is not None}
        return CurrentProfile(account_id, **texts)

    async def scan(self, batch: int) -> AsyncIterator[list[StoredProfile]]:
        start = len(self._prefix) + 1
        pattern = hash_tagged(self._prefix, "*") + "profile"
        # SCAN walks one server's keys: on Redis Cluster, every master's in turn
        nodes: list[ClusterNode | None] = (list(self._client.get_primaries())
                                           if isinstance(self._client, RedisCluster) else [None])
        for node in nodes:
            options: dict[str, Any] = {} if node is None else {"target_nodes": node}
            cursor: int = 0
            while True:
                reply_cursor: Any
                reply_cursor, keys = await self._client.scan(cursor, match=pattern, count=batch, **options)
                # redis-py's cluster client answers a node's cursor in a {node name: cursor} map
                cursor = int(next(iter(reply_cursor.values())) if isinstance(reply_cursor, dict) else reply_cursor)
                accounts = [as_text(k)[start:-len("}:profile")] for k in keys]
                if accounts:
                    async with self._client.pipeline(transaction=False) as pipe:
                        for account in accounts:
                            pipe.hmget(self._key(account), _VERSIONED_FIELDS)
                        replies = await pipe.execute()
                    found = [self._stored(a, r) for a, r in zip(accounts, replies, strict=True)]
                    yield sorted((p for p in found if p.current() is not None), key=lambda p: p.account_id)
                if cursor == 0:
                    break


class RedisCredentialStore:
    """Credentials per account in Redis; also D6's CredentialView (`valid_domains`)."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._put = Script(client, _PUT_CREDENTIAL)
        self._amend = Script(client, _AMEND_CREDENTIAL)
        self._witness = Script(client, _NOTICE_WITNESS)

    def _keys(self, account_id: str) -> list[str]:
        tag = hash_tagged(self._prefix, account_id)
        return [tag + "credentials", tag + "credential_versions"]

    async def get(self, account_id: str, credential_id: str) -> StoredCredential | None:
        raw = await self._client.hget(self._keys(account_id)[0], credential_id)
        return None if raw is None else StoredCredential.from_json(raw)

    async def put(self, account_id: str, state: StoredCredential) -> bool:
        written = await self._put(keys=self._keys(account_id),
                                  args=[state.credential_id, state.version, state.to_json()])
        return bool(int(written))

    async def amend(self, account_id: str, state: StoredCredential) -> bool:
        written = await self._amend(keys=self._keys(account_id),
                                    args=[state.credential_id, state.version, state.to_json()])
        return bool(int(written))

    async def valid_domains(self, account_id: str, at: datetime) -> frozenset[str]:
        at_ms = to_millis(at)
        stored = await self._client.hvals(self._keys(account_id)[0])
        states = (StoredCredential.from_json(raw) for raw in stored)
        return frozenset(s.domain for s in states if s.valid_at(at_ms))

    async def all_of(self, account_id: str) -> list[StoredCredential]:
        stored = await self._client.hvals(self._keys(account_id)[0])
        return sorted((StoredCredential.from_json(raw) for raw in stored), key=lambda s: s.credential_id)

    async def notice_witness(self, account_id: str, credential_id: str, valid_until_ms: int,
                             witness: str) -> tuple[str, bool]:
        key = hash_tagged(self._prefix, account_id) + "credential_notices"
        set_now, recorded = await self._witness(keys=[key], args=[f"{credential_id}|{valid_until_ms}", witness])
        return as_text(recorded), bool(int(set_now))


class RedisRecheckClaims:
    """Which registry record contents have been re-checked: SET NX with a lease, then `done` for good."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = f"{key_prefix}{{registry}}:recheck:"

    async def claim(self, content_hash: str, lease_ms: int) -> bool:
        return bool(await self._client.set(self._prefix + content_hash, "working", nx=True, px=lease_ms))

    async def done(self, content_hash: str) -> None:
        await self._client.set(self._prefix + content_hash, "done")


_REMEMBER_CHECK = lua_source("enforcement.accounts", "remember_check.lua")

_RESULT = "result:"


class RedisCredentialChecks:
    """CredentialChecks in Redis, beside the account's other keys (one hash tag, one slot)."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._remember = Script(client, _REMEMBER_CHECK)

    def _keys(self, account_id: str) -> list[str]:
        tag = hash_tagged(self._prefix, account_id)
        return [tag + "credential_checks", tag + "credential_checks_at"]

    async def remember(self, account_id: str, checked: CheckedProfile, *, keep_from_ms: int) -> None:
        await self._remember(keys=self._keys(account_id),
                             args=[checked.event_id, checked.at_ms, checked.to_json(), keep_from_ms])

    async def since(self, account_id: str, at_ms: int) -> list[CheckedProfile]:
        entries, times = self._keys(account_id)
        found_at = cast("list[bytes]", await self._client.zrangebyscore(times, at_ms, "+inf"))
        members = [m for m in map(as_text, found_at) if not m.startswith(_RESULT)]
        if not members:
            return []
        found = await self._client.hmget(entries, members)
        return [CheckedProfile.from_json(raw) for raw in found if raw is not None]

    async def result_of(self, account_id: str, credential_event_id: str) -> bytes | None:
        raw = await self._client.hget(self._keys(account_id)[0], _RESULT + credential_event_id)
        return None if raw is None else as_bytes(raw)

    async def save_result(self, account_id: str, credential_event_id: str, at_ms: int, result: bytes,
                          rechecked: Sequence[CheckedProfile]) -> None:
        entries, times = self._keys(account_id)
        async with self._client.pipeline(transaction=True) as pipe:
            mapping: dict[Any, Any] = {checked.event_id: checked.to_json() for checked in rechecked}
            mapping[_RESULT + credential_event_id] = result
            pipe.hset(entries, mapping=mapping)
            # the entries by their own times too, as `remember` files them, so an entry is found by `since`
            # and trimmed with the others whichever call wrote it first
            pipe.zadd(times, {_RESULT + credential_event_id: at_ms,
                              **{checked.event_id: checked.at_ms for checked in rechecked}})
            await pipe.execute()
