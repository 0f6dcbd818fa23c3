"""InMemoryLedger: the pure-Python twin of apply_violation.lua, for unit tests of pure code (P2, S1–S3).

Same stored shapes and the same decisions as RedisLedger, step for step with the script; the contract
suite in tests/enforcement/ledger runs over both. Single process only: it is not shared by workers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from enforcement.ids import derive_id
from enforcement.ledger import AccountState, AppealOutcome, LedgerItem, LedgerOutcome, StrikeRecord, to_epoch_ms
from enforcement.ledger.appeal import decide_appeal, is_repeat_appeal
from enforcement.ledger.stored import (
    appeal_outcome,
    check_subject,
    ladder_params,
    outcome_from_stored,
    owner_params,
    owner_subject,
    state_from_strikes,
    strike_args,
    strike_from_stored,
)
from enforcement.policy import Policy

if TYPE_CHECKING:
    from datetime import datetime

    from enforcement.violations import Violation


@dataclass
class _Subject:
    """One subject's keys, as the script sees them."""

    clock: int | None = None
    seq: int = 0
    strikes: dict[str, int] = field(default_factory=dict)  # violation_id -> occurred_at ms (in window)
    strike: dict[str, tuple[int, str]] = field(default_factory=dict)  # violation_id -> (points, fired)
    outcome: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)
    action: dict[str, dict[str, Any]] = field(default_factory=dict)
    audit: list[dict[str, str]] = field(default_factory=list)
    # violation_id -> (the stored outcome, its StrikeRecord): account_state runs before every strike
    # (the closure cap's prediction), and reading every in-window outcome again each time cost more
    # than the strike itself. Stored outcomes are replaced, never changed in place, so the record is
    # reused while its outcome is the same object.
    views: dict[str, tuple[dict[str, Any], StrikeRecord]] = field(default_factory=dict)


_NO_SUBJECT = _Subject()  # stands for a subject never written, read-only (account_state, audit)


class InMemoryLedger:
    """Dict-backed ledger with RedisLedger's semantics; `apply_batch` runs the items in order."""

    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self._params = ladder_params(policy)
        self._owner_params = owner_params(policy)
        self._subjects: dict[str, _Subject] = {}
        # id of a parameter set (self._params, self._owner_params: both live as long as the ledger) ->
        # (rung name -> index, [(index, threshold)])
        self._ladders: dict[int, tuple[dict[str, int], list[tuple[int, int]]]] = {}

    @property
    def policy(self) -> Policy:
        return self._policy

    async def apply(self, violation: Violation, *, owner_identity: str | None = None) -> LedgerOutcome:
        """P2: apply one violation; a repeat returns the stored outcome (applied=False)."""
        return (await self.apply_batch([LedgerItem(violation, owner_identity)]))[0]

    async def apply_batch(self, items: Sequence[LedgerItem]) -> list[LedgerOutcome]:
        """Apply items in order; each is atomic because nothing else runs between the steps."""
        outcomes = []
        for item in items:
            violation = item.violation
            args = strike_args(self._policy, violation)
            applied, data = self._apply(self._params, violation.account_id, *args)
            owner = None
            if item.owner_identity is not None:
                owner = self._apply(self._owner_params, owner_subject(item.owner_identity), *args[:4], 0)[1]
            outcomes.append(outcome_from_stored(data, applied=applied, owner=owner))
        return outcomes

    def _apply(
        self, params: Mapping[str, Any], subject: str, vid: str, rule: str, at: int, base: int, min_rung: int
    ) -> tuple[bool, dict[str, Any]]:
        """The steps of apply_violation.lua, in the same order."""
        state = self._subjects.get(check_subject(subject))
        if state is None:  # built only when missing: a _Subject costs more than a dict look-up
            state = self._subjects[subject] = _Subject()
        if vid in state.outcome:
            return False, state.outcome[vid]
        rungs = params["rungs"]
        ladder = self._ladders.get(id(params))
        if ladder is None:  # the same two parameter sets every call: their look-ups are built once
            ladder = self._ladders[id(params)] = (
                {rung["name"]: index for index, rung in enumerate(rungs, start=1)},
                [(index, rung["threshold"]) for index, rung in enumerate(rungs, start=1)])
        rung_index, thresholds = ladder

        def rung_for(points: int) -> int:
            return max([0, *(i for i, threshold in thresholds if points >= threshold)])

        clock = at if state.clock is None or at > state.clock else state.clock
        horizon = clock - params["window_ms"]
        for old in [v for v, t in state.strikes.items() if t <= horizon]:
            del state.strikes[old]
            del state.strike[old]
            state.views.pop(old, None)
        for old in [v for v, t in state.seen.items() if t <= clock - params["remember_ms"]]:
            del state.seen[old]
            for action in state.outcome.pop(old)["actions"]:
                state.action.pop(action["action_id"], None)

        ids = sorted(state.strikes, key=lambda v: (state.strikes[v], v))
        total = sum(state.strike[v][0] for v in ids)
        fired_max = max([0, *(rung_index.get(state.strike[v][1], 0) for v in ids)])
        before = max(rung_for(total), fired_max)
        counted = at > horizon
        points = 0
        if counted:
            repeat = params["repeat_from"] > 0 and fired_max >= params["repeat_from"]
            multiplier = params["repeat_milli"] if repeat else 1000
            points = math.floor((base * multiplier + 999) / 1000)
        after_total = total + points
        target = max(rung_for(after_total), min_rung) if counted else 0

        after, actions, fired_name = before, [], ""
        if target > before:
            after = target
            rung = rungs[target - 1]
            fired_name = rung["name"]
            behind = sorted([vid, *ids])
            duration = rung["duration_ms"] or None
            action = {
                "action_id": derive_id("action", subject, rung["name"], *behind), "account_id": subject,
                "sanction": rung["sanction"], "rung": rung["name"], "duration_ms": duration,
                "ends_at_ms": at + duration if duration else None, "violation_ids": behind,
                "points_before": total, "points_after": after_total, "policy_version": params["version"],
                "occurred_at_ms": at,
            }
            state.action.setdefault(action["action_id"], action)
            actions.append(action)

        state.seq += 1
        state.clock = clock
        if counted:
            state.strikes[vid] = at
            state.strike[vid] = (points, fired_name)
        outcome = {
            "violation_id": vid, "account_id": subject, "rule": rule, "seq": state.seq, "occurred_at_ms": at,
            "base_points": base, "points": points, "counted": counted, "points_before": total,
            "points_after": after_total, "rung_before": rungs[before - 1]["name"] if before else None,
            "rung_after": rungs[after - 1]["name"] if after else None, "policy_version": params["version"],
            "actions": actions,
        }
        state.outcome[vid] = outcome
        state.seen[vid] = at
        state.audit.append({"kind": "strike", "violation_id": vid, "rule": rule, "occurred_at_ms": str(at),
                            "points": str(points), "points_before": str(total),
                            "points_after": str(after_total), "policy_version": params["version"]})
        for action in actions:
            state.audit.append({"kind": "action", "action_id": action["action_id"], "violation_id": vid,
                                "sanction": action["sanction"], "rung": action["rung"],
                                "occurred_at_ms": str(at), "policy_version": params["version"]})
        return True, outcome

    async def account_state(self, account_id: str) -> AccountState:
        """The account's in-window strikes, points and rung."""
        state = self._subjects.get(check_subject(account_id)) or _NO_SUBJECT
        strikes = []
        for vid in state.strikes:
            data = state.outcome[vid]
            view = state.views.get(vid)
            if view is None or view[0] is not data:
                view = state.views[vid] = (data, strike_from_stored(data))
            strikes.append(view[1])
        return state_from_strikes(self._policy, account_id, state.clock, strikes)

    async def owner_points(self, identity_hash: str) -> int:
        """Pinned decision 12: in-window points across the owner's accounts (base points)."""
        return (await self.account_state(owner_subject(identity_hash))).points

    async def audit(self, account_id: str) -> tuple[Mapping[str, str], ...]:
        """The account's audit entries, oldest first."""
        return tuple((self._subjects.get(check_subject(account_id)) or _NO_SUBJECT).audit)

    async def appeal(self, account_id: str, violation_id: str, *, decision: str, appeal_id: str,
                     at: datetime) -> AppealOutcome:
        """Issue 4 §5: overturn or uphold, with the same writes RedisLedger makes."""
        state = self._subjects.get(check_subject(account_id))
        appealed = None if state is None else state.outcome.get(violation_id)
        if state is None or appealed is None:
            return appeal_outcome(account_id, violation_id, decision, None, applied=False)
        if is_repeat_appeal(appealed, decision):
            return appeal_outcome(account_id, violation_id, decision, appealed["appeal"], applied=False)
        remaining = [state.outcome[v] for v in state.strikes]
        write = decide_appeal(self._policy, appealed, remaining, decision=decision, appeal_id=appeal_id,
                              at_ms=to_epoch_ms(at))
        state.outcome.update(write.outcomes)
        if write.removed_strike:
            state.strikes.pop(violation_id, None)
            state.strike.pop(violation_id, None)
            state.views.pop(violation_id, None)
        for vid, value in write.strike_values.items():
            state.strike[vid] = value
        for record in [*write.result["reversals"], *write.result["reattributed"]]:
            state.action.setdefault(record["action_id"], record)
        state.audit.extend(write.audit)
        return appeal_outcome(account_id, violation_id, decision, write.result, applied=True)
