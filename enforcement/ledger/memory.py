"""InMemoryLedger: the pure-Python twin of the ledger's scripts (ladder.lua and the scripts it is loaded
with), for unit tests of pure code (P2, S1–S3).

Same stored shapes and the same decisions as RedisLedger, step for step with the script; the contract
suite in tests/enforcement/ledger runs over both. Single process only: it is not shared by workers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from enforcement.ledger import (
    AccountState,
    AppealOutcome,
    Climb,
    LedgerItem,
    LedgerOutcome,
    StrikeRecord,
    to_epoch_ms,
)
from enforcement.ledger.appeal import decide_appeal, is_repeat_appeal
from enforcement.ledger.reorder import in_window, is_late, ladder_step, place_late
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
    # violation_id -> (the stored outcome, its StrikeRecord), so repeated reads of the account's state
    # (the console's, the CLI's, a test's after every step) do not decode every in-window outcome again.
    # Stored outcomes are replaced, never changed in place, so the record is reused while its outcome
    # is the same object.
    views: dict[str, tuple[dict[str, Any], StrikeRecord]] = field(default_factory=dict)


_NO_SUBJECT = _Subject()  # stands for a subject never written, read-only (account_state, audit)


class InMemoryLedger:
    """Dict-backed ledger with RedisLedger's semantics; `apply_batch` runs the items in order."""

    def __init__(self, policy: Policy) -> None:
        self._policy = policy
        self._params = ladder_params(policy)
        self._owner_params = owner_params(policy)
        self._subjects: dict[str, _Subject] = {}

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
        clock = at if state.clock is None or at > state.clock else state.clock
        counted = in_window(params, at, clock)
        if counted and is_late(state.strikes.items(), vid, at):
            return True, self._place_late(params, state, subject, vid, rule, at, base, min_rung)
        for old in [v for v, t in state.strikes.items() if not in_window(params, t, clock)]:
            del state.strikes[old]
            del state.strike[old]
            state.views.pop(old, None)
        for old in [v for v, t in state.seen.items() if t <= clock - params["remember_ms"]]:
            del state.seen[old]
            for action in state.outcome.pop(old)["actions"]:
                state.action.pop(action["action_id"], None)

        live = [(v, t, *state.strike[v]) for v, t in state.strikes.items()]
        step = ladder_step(params, subject, live, vid, at, base, min_rung, counted=counted)
        points, total, before, after = step.points, step.total_before, step.rung_before, step.rung_after
        after_total = total + points
        actions, fired_name = [], ""
        if step.action is not None:
            fired_name = step.action["rung"]
            state.action.setdefault(step.action["action_id"], step.action)
            actions.append(step.action)
        rungs = params["rungs"]

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

    def _place_late(self, params: Mapping[str, Any], state: _Subject, subject: str, vid: str, rule: str, at: int,
                    base: int, min_rung: int) -> dict[str, Any]:
        """A strike earlier than one the subject holds: placed in event-time order (reorder.py)."""
        held = [state.outcome[v] for v in state.strikes]
        write = place_late(params, subject, held, vid=vid, rule=rule, at=at, base=base, min_rung=min_rung,
                           seq=state.seq + 1, clock=state.clock or at)
        state.seq += 1
        state.outcome.update(write.outcomes)
        state.outcome[vid] = write.outcome
        state.seen[vid] = at
        state.strikes[vid] = at
        state.strike.update(write.strike_values)
        for action in write.new_actions:
            state.action.setdefault(action["action_id"], action)
        state.audit.extend(write.audit)
        return write.outcome

    async def account_state(self, account_id: str) -> AccountState:
        """The account's in-window strikes, points and rung (the one its next strike starts at)."""
        state = self._subjects.get(check_subject(account_id)) or _NO_SUBJECT
        live = [(v, t, *state.strike[v]) for v, t in state.strikes.items()]
        rung = ladder_step(self._params, account_id, live, "", 0, 0, 0, counted=False).rung_before
        strikes = []
        for vid in state.strikes:
            data = state.outcome[vid]
            view = state.views.get(vid)
            if view is None or view[0] is not data:
                view = state.views[vid] = (data, strike_from_stored(data))
            strikes.append(view[1])
        return state_from_strikes(self._policy, account_id, state.clock, rung, strikes)

    async def climb(self, violation: Violation) -> Climb:
        """Where applying `violation` would take its account (preview_violation.lua's twin), written nowhere."""
        state = self._subjects.get(check_subject(violation.account_id)) or _NO_SUBJECT
        vid, _, at, base, min_rung = strike_args(self._policy, violation)
        params = self._params
        clock = at if state.clock is None or at > state.clock else state.clock
        if not in_window(params, at, clock):
            return Climb(0, 0)
        live = [(v, t, *state.strike[v]) for v, t in state.strikes.items() if in_window(params, t, clock)]
        step = ladder_step(params, violation.account_id, live, vid, at, base, min_rung)
        return Climb(step.rung_before, step.rung_after)

    async def owner_points(self, identity_hash: str) -> int:
        """In-window points across the owner's accounts (base points), S2 across accounts."""
        return (await self.account_state(owner_subject(identity_hash))).points

    async def audit(self, account_id: str) -> tuple[Mapping[str, str], ...]:
        """The account's audit entries, oldest first."""
        return tuple((self._subjects.get(check_subject(account_id)) or _NO_SUBJECT).audit)

    async def appeal(self, account_id: str, violation_id: str, *, decision: str, appeal_id: str,
                     at: datetime, reason: str = "appeal_overturned", resolved_by: str | None = None,
                     ) -> AppealOutcome:
        """Appeals: overturn or uphold, with the same writes RedisLedger makes."""
        state = self._subjects.get(check_subject(account_id))
        appealed = None if state is None else state.outcome.get(violation_id)
        if state is None or appealed is None:
            return appeal_outcome(account_id, violation_id, decision, None, applied=False)
        if is_repeat_appeal(appealed, decision):
            return appeal_outcome(account_id, violation_id, decision, appealed["appeal"], applied=False)
        remaining = [state.outcome[v] for v in state.strikes]
        write = decide_appeal(self._policy, appealed, remaining, decision=decision, appeal_id=appeal_id,
                              at_ms=to_epoch_ms(at), reason=reason, resolved_by=resolved_by)
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
