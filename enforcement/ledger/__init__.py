"""The strike ledger: what applying a violation returns, and the protocol both ledgers implement.

S2/P2: strikes accumulate per account with event-time expiry, and a crossed threshold fires the next
rung of the policy's ladder (S1, S3 jumps). Ids are deterministic,
a repeat returns the stored outcome, the rung is decided atomically inside the store, a batch is
one round trip, and strikes also count per owner identity. `InMemoryLedger` (memory.py) and
`RedisLedger` (redis.py) pass one contract test suite.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from enforcement.violations import Violation

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
SCHEMA_VERSION = 1


def to_epoch_ms(moment: datetime) -> int:
    """Exact UTC epoch milliseconds of an aware datetime (no float rounding); naive is refused."""
    if moment.tzinfo is None:
        raise ValueError("event times must be timezone-aware (UTC)")
    since = moment - _EPOCH  # days, then seconds and microseconds within the day, never negative
    return (since.days * 86_400 + since.seconds) * 1000 + since.microseconds // 1000


def from_epoch_ms(millis: int) -> datetime:
    """The aware UTC datetime of epoch milliseconds."""
    return _EPOCH + timedelta(milliseconds=millis)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """One sanction the ledger decided (S1–S3); `action_id` is deterministic (decision "Deterministic ids")."""

    action_id: str
    account_id: str
    sanction: str
    rung: str
    duration_s: int | None
    ends_at: datetime | None  # event time: occurred_at + duration, for the scheduler to lift a mute
    violation_ids: tuple[str, ...]  # the in-window strikes behind the crossing, sorted
    points_before: int
    points_after: int
    policy_version: str
    occurred_at: datetime
    reverses: str | None = None  # the action_id this one reverses (lift, appeal reversal)
    reason: str | None = None  # why: mute_ended, appeal_overturned, appeal_reattributed, mute_restored, reordered
    supersedes: str | None = None  # the action_id this one restates after an appeal (same sanction, new id)

    def to_record(self) -> dict[str, Any]:
        """The `qinglang.actions` JSON record."""
        extra: dict[str, Any] = {}
        if self.reverses is not None:
            extra["reverses"] = self.reverses
        if self.reason is not None:
            extra["reason"] = self.reason
        if self.supersedes is not None:
            extra["supersedes"] = self.supersedes
        return extra | {
            "schema_version": SCHEMA_VERSION,
            "action_id": self.action_id,
            "account_id": self.account_id,
            "sanction": self.sanction,
            "rung": self.rung,
            "duration_s": self.duration_s,
            "ends_at": None if self.ends_at is None else _iso(self.ends_at),
            "violation_ids": list(self.violation_ids),
            "points_before": self.points_before,
            "points_after": self.points_after,
            "policy_version": self.policy_version,
            "occurred_at": _iso(self.occurred_at),
        }


@dataclass(frozen=True, slots=True)
class AppealOutcome:
    """What an appeal did. On a repeat (`applied=False`) the stored result, unchanged.

    `found` is False when the ledger has no strike of that violation for the account (never applied,
    or forgotten after `remember_days`): nothing changes and the caller reports it.
    """

    violation_id: str
    account_id: str
    decision: str
    found: bool
    applied: bool
    points_before: int
    points_after: int
    reversals: tuple[ActionRecord, ...]
    # standing sanctions restated under new ids (`supersedes`): re-attributed away from the overturned
    # violation, or a mute back in force once the sanction that had superseded it is reversed
    reattributed: tuple[ActionRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class LedgerOutcome:
    """What applying one violation did; on a repeat (`applied=False`) the stored outcome, unchanged.

    `points` is what this strike earned (after the S2 repeat multiplier; 0 when `counted` is False,
    i.e. the violation was already outside the window when it arrived). Owner totals are None when
    the caller gave no identity_hash (strikes also count per owner, S2).
    """

    violation_id: str
    account_id: str
    applied: bool
    points_before: int
    points_after: int
    rung_before: str | None
    rung_after: str | None
    actions: tuple[ActionRecord, ...]
    rule: str
    occurred_at: datetime
    points: int
    counted: bool
    seq: int
    policy_version: str
    owner_points_before: int | None = None
    owner_points_after: int | None = None
    # a strike earlier in event time than ones already applied (reorder.py): the sanctions later strikes
    # now fire, and reversals of the ones they no longer fire
    revised: tuple[ActionRecord, ...] = ()
    reversals: tuple[ActionRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class LedgerItem:
    """One violation to apply, with the owner's identity_hash when the caller knows it."""

    violation: Violation
    owner_identity: str | None = None


@dataclass(frozen=True, slots=True)
class StrikeRecord:
    """One in-window strike as stored: enough for an appeal to remove it and replay later strikes."""

    violation_id: str
    rule: str
    seq: int  # order of application on this account
    occurred_at: datetime
    base_points: int
    points: int
    rung_before: str | None
    rung_after: str | None
    action_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AccountState:
    """An account's ledger as of its own event-time clock (the latest occurred_at applied)."""

    account_id: str
    clock: datetime | None
    points: int
    rung: str | None
    strikes: tuple[StrikeRecord, ...]


@dataclass(frozen=True, slots=True)
class Climb:
    """Where one strike would take its account on the ladder if applied now (rung indexes 1-based, 0: none)."""

    before: int  # the rung the account stands at
    target: int  # the rung the strike would reach (equal to `before` when it fires nothing)

    def fires(self, rung: int) -> bool:
        """Whether the strike would fire `rung` or pass it on its way up."""
        return self.before < rung <= self.target


class Ledger(Protocol):
    """Applies violations atomically and idempotently (P2); decides rungs inside the store
    (decision "Atomic means inside the script")."""

    async def apply(self, violation: Violation, *, owner_identity: str | None = None) -> LedgerOutcome:
        """Apply one violation; a repeated violation_id returns the stored outcome with applied=False."""
        ...

    async def apply_batch(self, items: Sequence[LedgerItem]) -> list[LedgerOutcome]:
        """Apply many violations in order, in one round trip; one outcome per item, same order."""
        ...

    async def account_state(self, account_id: str) -> AccountState:
        """The account's in-window strikes, points and current rung."""
        ...

    async def climb(self, violation: Violation) -> Climb:
        """Where applying `violation` would take its account, stepped by the ledger's own ladder and written
        nowhere: what the brakes ask before a strike is applied (the closure cap)."""
        ...

    async def owner_points(self, identity_hash: str) -> int:
        """In-window points across every account of one owner (S2: an owner cannot escape by switching accounts)."""
        ...

    async def audit(self, account_id: str) -> tuple[Mapping[str, str], ...]:
        """The account's audit entries, oldest first: one per applied strike and per action."""
        ...

    async def appeal(self, account_id: str, violation_id: str, *, decision: str, appeal_id: str,
                     at: datetime, reason: str = "appeal_overturned", resolved_by: str | None = None,
                     ) -> AppealOutcome:
        """Overturn (strike removed, later escalations recomputed, reversals returned) or uphold; `reason`
        goes on the reversals (a person's appeal, or a re-judged violation withdrawn), `resolved_by` (who
        resolved it, when known) on the appeal's audit entry."""
        ...
