"""RedisLedger: the strike ledger in Redis, one atomic Lua script per violation (P2, S1–S3).

The ledger's Redis adapter (like every `redis*.py` module, the only kind in enforcement/ that imports redis).
A batch is one pipeline of EVALSHA calls — one round trip (decision "Atomic means inside the script"); a
NOSCRIPT reply loads the script and retries just those calls.
Keys are `<prefix>{<account_id>}:<name>` and `<prefix>{own:<identity_hash>}:<name>`: every script
call touches the keys of one hash tag only, so the same code runs on Redis Cluster.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import orjson
from redis.asyncio import Redis
from redis.exceptions import NoScriptError, ResponseError

from enforcement.ledger import AccountState, AppealOutcome, Climb, LedgerItem, LedgerOutcome, to_epoch_ms
from enforcement.ledger.stored import (
    DEFAULT_AUDIT_MAXLEN,
    appeal_outcome,
    check_subject,
    ladder_params,
    outcome_from_stored,
    owner_params,
    owner_subject,
    state_from_stored,
    strike_args,
)
from enforcement.policy import Policy
from enforcement.redis_keys import as_text, hash_tagged
from enforcement.redis_script import Script, lua_source

if TYPE_CHECKING:
    from datetime import datetime

    from enforcement.violations import Violation


def _ladder_script(name: str) -> str:
    """A ledger script as Redis runs it: ladder.lua's shared steps, then the script's own text."""
    return lua_source("enforcement.ledger", "ladder.lua") + lua_source("enforcement.ledger", name)


# the scripts (enforcement/ledger/lua/), read once at import like every other store's, so building a ledger
# (every test does, and each worker and tool) reads no file; APPLY_SOURCE is public for a reader that
# names the ledger's own EVALSHA (the cluster test)
APPLY_SOURCE = _ladder_script("apply_violation.lua")
_APPLY_SHA = hashlib.sha1(APPLY_SOURCE.encode()).hexdigest()
_PREVIEW = _ladder_script("preview_violation.lua")
_STATE = _ladder_script("account_state.lua")
_APPEAL = _ladder_script("appeal.lua")
KEY_NAMES: tuple[str, ...] = ("state", "strikes", "strike", "outcome", "seen", "action", "audit")

_Call = tuple[list[str], list[str | int]]


class RedisLedger:
    """Strikes per account (and per owner identity) in Redis; decisions made inside apply_violation.lua."""

    def __init__(
        self, client: Redis, policy: Policy, *, key_prefix: str = "ql:", audit_maxlen: int = DEFAULT_AUDIT_MAXLEN
    ) -> None:
        self._client = client
        self._policy = policy
        self._prefix = key_prefix
        self._audit_maxlen = audit_maxlen
        self._state = Script(client, _STATE)
        self._preview = Script(client, _PREVIEW)
        self._appeal = Script(client, _APPEAL)
        self._params = orjson.dumps(ladder_params(policy, audit_maxlen=audit_maxlen)).decode()
        self._owner_params = orjson.dumps(owner_params(policy, audit_maxlen=audit_maxlen)).decode()

    @property
    def policy(self) -> Policy:
        return self._policy

    def keys(self, subject: str) -> list[str]:
        """The script's KEYS for one subject, all with the hash tag `{subject}`."""
        tag = hash_tagged(self._prefix, check_subject(subject))
        return [tag + name for name in KEY_NAMES]

    async def apply(self, violation: Violation, *, owner_identity: str | None = None) -> LedgerOutcome:
        """P2: apply one violation atomically; a repeat returns the stored outcome (applied=False)."""
        return (await self.apply_batch([LedgerItem(violation, owner_identity)]))[0]

    async def apply_batch(self, items: Sequence[LedgerItem]) -> list[LedgerOutcome]:
        """One pipeline (one round trip) of per-account and per-owner script calls: atomic per account."""
        calls: list[_Call] = []
        for item in items:
            violation = item.violation
            vid, rule, at, points, min_rung = strike_args(self._policy, violation)
            calls.append((self.keys(violation.account_id),
                          [self._params, violation.account_id, vid, rule, at, points, min_rung]))
            if item.owner_identity is not None:
                subject = owner_subject(item.owner_identity)
                calls.append((self.keys(subject), [self._owner_params, subject, vid, rule, at, points, 0]))
        replies = await self._run(calls)
        outcomes: list[LedgerOutcome] = []
        position = 0
        for item in items:
            applied, data = _decode(replies[position])
            position += 1
            owner = None
            if item.owner_identity is not None:
                owner = _decode(replies[position])[1]
                position += 1
            outcomes.append(outcome_from_stored(data, applied=applied, owner=owner))
        return outcomes

    async def _run(self, calls: Sequence[_Call]) -> list[Any]:
        """EVALSHA every call in one pipeline; calls that met NOSCRIPT are retried after SCRIPT LOAD.

        Retrying only those is safe: each call is idempotent, and calls of one account that did run
        keep their results; a retried call lands after them, which the ledger handles as out of order.
        """
        replies: list[Any] = [None] * len(calls)
        pending = list(range(len(calls)))
        for attempt in range(2):
            async with self._client.pipeline(transaction=False) as pipe:
                for index in pending:
                    keys, args = calls[index]
                    # the command itself: redis-py's cluster pipeline refuses its evalsha() helper
                    pipe.execute_command("EVALSHA", _APPLY_SHA, len(keys), *keys, *args)
                results = await pipe.execute(raise_on_error=False)
            missing: list[int] = []
            for index, result in zip(pending, results, strict=True):
                if isinstance(result, NoScriptError) and attempt == 0:
                    missing.append(index)
                elif isinstance(result, ResponseError):
                    raise result
                else:
                    replies[index] = result
            if not missing:
                return replies
            await self._client.script_load(APPLY_SOURCE)
            pending = missing
        raise RuntimeError("unreachable: NOSCRIPT after SCRIPT LOAD is raised above")

    async def account_state(self, account_id: str) -> AccountState:
        """The account's in-window strikes, points and rung (the one its next strike starts at), read in one
        script (atomic, pipelinable)."""
        keys = dict(zip(KEY_NAMES, self.keys(account_id), strict=True))
        clock, rung, *outcomes = await self._state(
            keys=[keys["state"], keys["strikes"], keys["strike"], keys["outcome"]], args=[self._params, account_id])
        return state_from_stored(
            self._policy, account_id, None if clock is None else int(clock), int(rung),
            [orjson.loads(raw) for raw in outcomes if raw is not None],
        )

    async def climb(self, violation: Violation) -> Climb:
        """Where applying `violation` would take its account, decided by preview_violation.lua (ladder.lua's
        steps, as apply_violation.lua takes them) and written nowhere."""
        keys = self.keys(violation.account_id)
        vid, _, at, base, min_rung = strike_args(self._policy, violation)
        before, target = await self._preview(keys=keys[:3], args=[self._params, violation.account_id, vid, at, base,
                                                                   min_rung])
        return Climb(int(before), int(target))

    async def owner_points(self, identity_hash: str) -> int:
        """In-window points across the owner's accounts (base points, no multiplier), S2 across accounts."""
        return (await self.account_state(owner_subject(identity_hash))).points

    async def audit(self, account_id: str) -> tuple[Mapping[str, str], ...]:
        """The account's audit stream entries, oldest first."""
        entries: list[tuple[bytes, dict[bytes, bytes]]] = await self._client.xrange(  # type: ignore[assignment]
            self.keys(account_id)[KEY_NAMES.index("audit")])
        return tuple({as_text(k): as_text(v) for k, v in fields.items()} for _, fields in entries)


    async def appeal(self, account_id: str, violation_id: str, *, decision: str, appeal_id: str,
                     at: datetime, reason: str = "appeal_overturned", resolved_by: str | None = None,
                     ) -> AppealOutcome:
        """Decide and write the appeal in one atomic call of appeal.lua, which replays the account's remaining
        strikes through ladder.lua's steps; all keys share the account's hash tag (one slot on Redis Cluster)."""
        keys = dict(zip(KEY_NAMES, self.keys(account_id), strict=True))
        applied, raw = await self._appeal(
            keys=[keys["strikes"], keys["strike"], keys["outcome"], keys["action"], keys["audit"]],
            args=[self._params, account_id, violation_id, decision, appeal_id, to_epoch_ms(at), reason,
                  resolved_by or ""])
        result = orjson.loads(raw) if raw else None
        return appeal_outcome(account_id, violation_id, decision, result, applied=bool(int(applied)))


def _decode(reply: Any) -> tuple[bool, dict[str, Any]]:
    applied, raw = reply
    return bool(int(applied)), orjson.loads(raw)
