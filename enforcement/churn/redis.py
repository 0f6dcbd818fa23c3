"""RedisChurn: the D10 name history and change counts in Redis, one Lua script per change
(decision "Atomic means inside the script").

Keys, all under the account's hash tag: `<prefix>{<account>}:churn:names` (list of
"<impersonating 1|0>|<at ms>|<canonical name>", newest first, capped at `history_size`),
`:churn:changes` (zset of change event ids by event time, trimmed to the window),
`:churn:seen` + `:churn:seen_at` (each change's decision by event id, the most recent `seen_cap`),
`:churn:state` (when churn last fired). No TTL: a few hundred
bytes per account that ever changed its profile, kept so an old name can still be recognised.

D10 `rename_after_sanction` by event time (enforcement/churn/after_sanction.py) keeps its two logs beside
them: `:churn:after:renames` / `:renames_at` (each rename as judged, by event id), `:after:sanctions` /
`:sanctions_at` (the standing sanctions, "<kind>|<ms>" by action id) and `:after:results` / `:results_at`
(what a re-check sent, by the event that caused it); one script writes a step and forgets what is before
the bound the caller gives (`after_sanction.keep_from`: the ledger's window and one after-sanction window
behind the newest entry).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import orjson
from redis.asyncio import Redis

from enforcement.churn import Change, ChurnDecision, NameEntry, seen_cap
from enforcement.churn.after_sanction import AfterSanctionLog, RenameContext, RenameEntry
from enforcement.policy import Churn
from enforcement.redis_keys import as_bytes, as_text, hash_tagged
from enforcement.redis_script import Script, lua_source

_OBSERVE = lua_source("enforcement.churn", "observe.lua")
_AFTER = lua_source("enforcement.churn", "after_sanction.lua")


def decision_from_json(raw: bytes | str) -> ChurnDecision:
    """The script's reply (cjson: an empty list comes back as {}); an `after` stored by an older version
    is ignored (rename_after_sanction is decided from its own logs now)."""
    body: dict[str, Any] = orjson.loads(raw)
    cycled = body.get("cycled") or []
    return ChurnDecision(int(body["count"]), bool(body["churn"]), tuple(cycled) if isinstance(cycled, list) else ())


def _sanctions(stored: Mapping[bytes | str, bytes | str]) -> dict[str, tuple[str, int]]:
    """The standing sanctions as the log keeps them ("<kind>|<ms>" by action id)."""
    found = {}
    for action_id, raw in stored.items():
        kind, ms = as_text(raw).rsplit("|", 1)
        found[as_text(action_id)] = (kind, int(ms))
    return found


class RedisChurn:
    """ChurnStore shared by every worker; a redelivered change returns its stored decision."""

    def __init__(self, client: Redis, *, key_prefix: str) -> None:
        self._client = client
        self._prefix = key_prefix
        self._observe = Script(client, _OBSERVE)
        self._after = Script(client, _AFTER)

    def _keys(self, account_id: str) -> list[str]:
        tag = hash_tagged(self._prefix, account_id) + "churn:"
        return [tag + "names", tag + "changes", tag + "seen", tag + "seen_at", tag + "state"]

    async def observe(self, change: Change, knobs: Churn) -> ChurnDecision:
        args = [change.event_id, change.kind, change.at_ms, change.name, int(change.impersonating),
                knobs.max_changes, knobs.window_ms, knobs.history_size, seen_cap(knobs)]
        return decision_from_json(await self._observe(keys=self._keys(change.account_id), args=args))

    async def names(self, account_id: str) -> list[NameEntry]:
        entries = await self._client.lrange(self._keys(account_id)[0], 0, -1)
        found = []
        for raw in entries:
            flag, at, name = (raw.decode() if isinstance(raw, bytes) else str(raw)).split("|", 2)
            found.append(NameEntry(int(at), name, flag == "1"))
        return found

    def _after_keys(self, account_id: str) -> list[str]:
        tag = hash_tagged(self._prefix, account_id) + "churn:after:"
        return [tag + name for name in ("renames", "renames_at", "sanctions", "sanctions_at", "results",
                                        "results_at")]

    async def after_sanction_log(self, account_id: str) -> AfterSanctionLog:
        keys = self._after_keys(account_id)
        async with self._client.pipeline(transaction=False) as pipe:  # one request, no task per read
            pipe.hgetall(keys[0])
            pipe.hgetall(keys[2])
            renames, sanctions = await pipe.execute()
        log = AfterSanctionLog(sanctions=_sanctions(sanctions))
        for raw in renames.values():
            entry = RenameEntry.from_json(raw)
            log.renames[entry.event_id] = entry
        return log

    async def rename_context(self, account_id: str, event_id: str) -> RenameContext:
        keys = self._after_keys(account_id)
        # the newest rename: the sorted set orders equal times by member, as (ms, event id) compares
        async with self._client.pipeline(transaction=False) as pipe:
            pipe.hget(keys[0], event_id)
            pipe.zrange(keys[1], -1, -1, withscores=True)
            pipe.hgetall(keys[2])
            stored, latest, sanctions = await pipe.execute()
        newest: tuple[int, str] | None = None
        if latest:
            member, score = cast(tuple[Any, Any], latest[0])
            newest = (int(score), as_text(member))
        return RenameContext(None if stored is None else RenameEntry.from_json(stored), newest, _sanctions(sanctions))

    async def save_after_sanction(self, account_id: str, renames: Sequence[RenameEntry],
                                  added: Mapping[str, tuple[str, int]], removed: Sequence[str], keep_from_ms: int,
                                  result: tuple[str, int, bytes] | None = None) -> None:
        args: list[Any] = [keep_from_ms, *(("", 0, "") if result is None else result), len(renames)]
        for rename in renames:
            args += [rename.event_id, rename.at_ms, rename.to_json()]
        args.append(len(added))
        for action_id, (kind, ms) in added.items():
            args += [action_id, kind, ms]
        args += list(removed)
        await self._after(keys=self._after_keys(account_id), args=args)

    async def after_sanction_result(self, account_id: str, event_id: str) -> bytes | None:
        raw = await self._client.hget(self._after_keys(account_id)[4], event_id)
        return None if raw is None else as_bytes(raw)
