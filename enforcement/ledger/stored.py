"""The ledger's stored shapes, shared by both ledgers: script parameters in, outcome JSON out (P2).

`apply_violation.lua` and `InMemoryLedger` store the same outcome dict per violation id; this module
turns the policy into the parameters they need and their stored dicts back into dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from enforcement.ledger import (
    AccountState,
    ActionRecord,
    AppealOutcome,
    LedgerOutcome,
    StrikeRecord,
    from_epoch_ms,
    to_epoch_ms,
)
from enforcement.policy import Policy

if TYPE_CHECKING:
    from enforcement.violations import Violation

OWNER_PREFIX = "own:"
DEFAULT_AUDIT_MAXLEN = 10_000


def ladder_params(policy: Policy, *, audit_maxlen: int = DEFAULT_AUDIT_MAXLEN) -> dict[str, Any]:
    """Everything the script needs from the policy, serialised once per ledger, so the rung is decided inside
    the script (decision "Atomic means inside the script")."""
    return {
        "version": policy.version,
        "window_ms": policy.window_ms,
        "remember_ms": policy.remember_ms,
        "repeat_milli": policy.repeat_milli,
        "repeat_from": policy.rung_index(policy.repeat_from_rung),
        "audit_maxlen": audit_maxlen,
        "rungs": [
            {
                "name": rung.name,
                "sanction": rung.sanction,
                "threshold": rung.threshold,
                "duration_ms": (rung.duration_s or 0) * 1000,
            }
            for rung in policy.rungs
        ],
        # S3: the rung a strike of each rule lifts the account to at least, for strikes stepped again
        # (a late strike placed before them, an appeal's replay); a rule the policy does not list jumps nowhere
        "jumps": {rule_id: policy.rung_index(rule.min_rung) for rule_id, rule in sorted(policy.rules.items())
                  if rule.min_rung},
    }


def owner_params(policy: Policy, *, audit_maxlen: int = DEFAULT_AUDIT_MAXLEN) -> dict[str, Any]:
    """S2 per owner: the owner's ledger counts and expires strikes but has no ladder of its own."""
    params = ladder_params(policy, audit_maxlen=audit_maxlen)
    params.update(rungs=[], repeat_from=0, repeat_milli=1000, jumps={})
    return params


def owner_subject(identity_hash: str) -> str:
    """The ledger subject of an owner identity (its own hash tag, `{own:<identity_hash>}`)."""
    return OWNER_PREFIX + identity_hash


def check_subject(subject: str) -> str:
    """An empty id would give keys without a hash tag, which Redis Cluster spreads over slots."""
    if not subject:
        raise ValueError("account_id and identity_hash must be non-empty")
    return subject


def strike_args(policy: Policy, violation: Violation, *, owner: bool = False) -> tuple[str, str, int, int, int]:
    """(violation_id, rule, occurred_at_ms, base points, min_rung index) for one script call."""
    rule = policy.rule(violation.rule)
    min_rung = 0 if owner else policy.rung_index(rule.min_rung)
    return (violation.violation_id, violation.rule, to_epoch_ms(violation.occurred_at), policy.points_of(violation),
            min_rung)


def action_from_stored(data: Mapping[str, Any]) -> ActionRecord:
    """An ActionRecord from its stored dict (times in epoch ms)."""
    duration_ms = data.get("duration_ms")
    ends_at_ms = data.get("ends_at_ms")
    return ActionRecord(
        action_id=data["action_id"],
        account_id=data["account_id"],
        sanction=data["sanction"],
        rung=data["rung"],
        duration_s=None if not duration_ms else int(duration_ms) // 1000,
        ends_at=None if not ends_at_ms else from_epoch_ms(int(ends_at_ms)),
        violation_ids=tuple(data["violation_ids"]),
        points_before=int(data["points_before"]),
        points_after=int(data["points_after"]),
        policy_version=data["policy_version"],
        occurred_at=from_epoch_ms(int(data["occurred_at_ms"])),
        reverses=data.get("reverses"),
        reason=data.get("reason"),
        supersedes=data.get("supersedes"),
    )


def appeal_outcome(account_id: str, violation_id: str, decision: str, result: Mapping[str, Any] | None, *,
                   applied: bool) -> AppealOutcome:
    """An AppealOutcome from the stored appeal result (None: the violation is not in the ledger)."""
    if result is None:
        return AppealOutcome(violation_id, account_id, decision, False, False, 0, 0, ())
    return AppealOutcome(
        violation_id=violation_id, account_id=account_id, decision=result["decision"], found=True,
        applied=applied, points_before=int(result["points_before"]), points_after=int(result["points_after"]),
        reversals=tuple(action_from_stored(action) for action in result["reversals"]),
        reattributed=tuple(action_from_stored(action) for action in result.get("reattributed") or ()),
    )


def _rung(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _actions(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    # cjson encodes an empty Lua table as {}, so an outcome without actions may carry {} instead of [].
    return list(data.get("actions") or [])


def outcome_from_stored(
    data: Mapping[str, Any], *, applied: bool, owner: Mapping[str, Any] | None = None
) -> LedgerOutcome:
    """A LedgerOutcome from the stored outcome dict, plus the owner ledger's totals if any."""
    return LedgerOutcome(
        violation_id=data["violation_id"],
        account_id=data["account_id"],
        applied=applied,
        points_before=int(data["points_before"]),
        points_after=int(data["points_after"]),
        rung_before=_rung(data.get("rung_before")),
        rung_after=_rung(data.get("rung_after")),
        actions=tuple(action_from_stored(action) for action in _actions(data)),
        rule=data["rule"],
        occurred_at=from_epoch_ms(int(data["occurred_at_ms"])),
        points=int(data["points"]),
        counted=bool(data["counted"]),
        seq=int(data["seq"]),
        policy_version=data["policy_version"],
        owner_points_before=None if owner is None else int(owner["points_before"]),
        owner_points_after=None if owner is None else int(owner["points_after"]),
        revised=tuple(action_from_stored(action) for action in data.get("revised") or ()),
        reversals=tuple(action_from_stored(action) for action in data.get("reversals") or ()),
    )


def strike_from_stored(data: Mapping[str, Any]) -> StrikeRecord:
    """The StrikeRecord view of a stored outcome."""
    return StrikeRecord(
        violation_id=data["violation_id"],
        rule=data["rule"],
        seq=int(data["seq"]),
        occurred_at=from_epoch_ms(int(data["occurred_at_ms"])),
        base_points=int(data["base_points"]),
        points=int(data["points"]),
        rung_before=_rung(data.get("rung_before")),
        rung_after=_rung(data.get("rung_after")),
        action_ids=tuple(action["action_id"] for action in _actions(data)),
    )


def state_from_stored(
    policy: Policy, account_id: str, clock_ms: int | None, rung: int, outcomes: Iterable[Mapping[str, Any]]
) -> AccountState:
    """The account's state from its in-window outcomes and `rung`, the one (1-based, 0: none) the ledger
    steps its next strike from."""
    return state_from_strikes(policy, account_id, clock_ms, rung, [strike_from_stored(data) for data in outcomes])


def state_from_strikes(
    policy: Policy, account_id: str, clock_ms: int | None, rung: int, in_window: Iterable[StrikeRecord]
) -> AccountState:
    """`state_from_stored` over strikes already read from their stored outcomes (a ledger may keep them)."""
    strikes = sorted(in_window, key=lambda s: s.seq)
    return AccountState(
        account_id=account_id,
        clock=None if clock_ms is None else from_epoch_ms(clock_ms),
        points=sum(strike.points for strike in strikes),
        rung=policy.rungs[rung - 1].name if rung else None,
        strikes=tuple(strikes),
    )
