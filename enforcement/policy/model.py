"""The sanction policy as data: severity and points per rule, the ladder, the strike window (S1–S3, P2).

Severity has one owner, the policy: detectors only say what matched. A `Policy` is built and validated by
`enforcement.policy.load`; this module only holds it and answers questions about it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from enforcement.policy.content import ContentPolicy, RepostBand

if TYPE_CHECKING:  # annotations only: the policy reads a violation's fields, it builds none
    from enforcement.violations import Violation

SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high", "critical")
SANCTIONS: tuple[str, ...] = ("notice", "warning", "mute", "close", "blacklist")
MS_PER_DAY = 86_400_000


@dataclass(frozen=True, slots=True)
class Rung:
    """One step of the ladder (S1): fires when in-window points cross `threshold`."""

    name: str
    label: str
    sanction: str
    threshold: int
    duration_s: int | None


@dataclass(frozen=True, slots=True)
class RulePolicy:
    """What the policy decides for one rule id: severity, points, an optional jump and the review bar."""

    rule_id: str
    severity: str
    points: int
    min_rung: str | None
    min_confidence_for_auto: float


@dataclass(frozen=True, slots=True)
class EventScore:
    """One source event's verdict: only `strike` earns points, so an event is never counted twice.

    `review` holds violations below their rule's `min_confidence_for_auto` (S3: uncertain cases go to
    human review); `outranked` holds confident violations that lost to `strike` and earn nothing.
    """

    strike: Violation | None
    points: int
    review: tuple[Violation, ...]
    outranked: tuple[Violation, ...]


@dataclass(frozen=True, slots=True)
class Brakes:
    """Decision "Brakes": when automation stops and people take over (event-time hours, shared in Redis).

    A rule's breaker opens when its automatic strikes in one event-time hour exceed both
    `breaker_min_per_hour` and `breaker_factor` × its mean over the previous `breaker_baseline_hours`;
    while open (the rest of that hour) the rule's strikes go to review. At most `closures_per_hour`
    automated closures per event-time hour; the rest go to review.
    """

    breaker_factor: float = 5.0
    breaker_min_per_hour: int = 100
    breaker_baseline_hours: int = 24
    closures_per_hour: int = 200


@dataclass(frozen=True, slots=True)
class Churn:
    """D10 knobs (event time): rename churn, renaming after a sanction, the name history kept per account.

    `rename_churn` fires when more than `max_changes` renames, avatar or bio changes fall within
    `window_hours` (once per window); `rename_after_sanction` when an account renames within
    `after_sanction_hours` of a sanction at or above `after_sanction_from` (once per sanction).
    """

    max_changes: int = 5
    window_hours: int = 24
    after_sanction_hours: int = 72
    after_sanction_from: str = "mute"
    history_size: int = 20

    @property
    def window_ms(self) -> int:
        return self.window_hours * 3_600_000

    @property
    def after_sanction_ms(self) -> int:
        return self.after_sanction_hours * 3_600_000

    def counts_sanction(self, sanction: str) -> bool:
        """Whether a sanction of this kind starts the rename-after-sanction window (reversals never do)."""
        return sanction in SANCTIONS and SANCTIONS.index(sanction) >= SANCTIONS.index(self.after_sanction_from)


@dataclass(frozen=True, slots=True)
class StatefulKnobs:
    """`[credentials] notice_before_days` (D7 warns this long before a credential's expiry) and
    `[registry] recheck_burst_max` (decision "Brakes": a registry record that would re-flag more existing
    accounts than this sends them all to review as `registry_burst` instead of sanctioning)."""

    notice_before_days: int = 14
    recheck_burst_max: int = 20


@dataclass(frozen=True, slots=True)
class Policy:
    """A loaded, validated policy; immutable, shared by every worker and both ledgers."""

    version: str
    rungs: tuple[Rung, ...]
    rules: Mapping[str, RulePolicy]
    window_days: int
    remember_days: int
    repeat_multiplier: float
    repeat_from_rung: str
    mode: str = "enforce"  # "shadow": would-be actions go to qinglang.actions.shadow only
    brakes: Brakes = Brakes()
    churn: Churn = Churn()
    credentials: StatefulKnobs = StatefulKnobs()  # D7 notice and registry re-check brake
    content: ContentPolicy = ContentPolicy()  # noqa: RUF009 (frozen) — D11, D12, S5, S6, review decisions (policy/content.py)

    @property
    def window_ms(self) -> int:
        """S2: strike expiry window in event-time milliseconds."""
        return self.window_days * MS_PER_DAY

    @property
    def remember_ms(self) -> int:
        """P2: how long a violation id stays remembered for idempotent redelivery."""
        return self.remember_days * MS_PER_DAY

    @property
    def repeat_milli(self) -> int:
        """The repeat multiplier in thousandths, so Lua and Python round the same way (integers only)."""
        return round(self.repeat_multiplier * 1000)

    def rule(self, rule_id: str) -> RulePolicy:
        """The policy for `rule_id`; KeyError for a rule outside the closed list."""
        return self.rules[rule_id]

    def rung_index(self, name: str | None) -> int:
        """1-based position of a rung on the ladder; 0 for None (no rung)."""
        if name is None:
            return 0
        for index, rung in enumerate(self.rungs, start=1):
            if rung.name == name:
                return index
        raise KeyError(name)

    def rung(self, name: str) -> Rung:
        """The rung called `name`."""
        return self.rungs[self.rung_index(name) - 1]

    def severity_of(self, violation: Violation) -> str:
        """The severity a violation record carries, owned by the policy alone (a D12 repost band may raise it)."""
        band = self._band(violation)
        return band.severity if band is not None else self.rules[violation.rule].severity

    def points_of(self, violation: Violation) -> int:
        """Strike points of a violation: its rule's, plus a D12 repost band's extra points."""
        band = self._band(violation)
        return self.rules[violation.rule].points + (band.extra_points if band is not None else 0)

    def _band(self, violation: Violation) -> RepostBand | None:
        count = violation.evidence.get("repost_count") if violation.rule.startswith("rumour_") else None
        return self.content.labels.band(count) if isinstance(count, int) else None

    def is_automatic(self, violation: Violation) -> bool:
        """S3: confident enough to strike without a person looking at it."""
        return violation.confidence >= self.rules[violation.rule].min_confidence_for_auto

    def rank(self, violation: Violation) -> tuple[int, int, int, float, str]:
        """Ordering of violations of one event: forced rung, then points, severity, confidence, id."""
        rule = self.rules[violation.rule]
        return (
            self.rung_index(rule.min_rung),
            self.points_of(violation),
            SEVERITIES.index(self.severity_of(violation)),
            violation.confidence,
            violation.violation_id,
        )

    def scoring(self, violations: Iterable[Violation]) -> EventScore:
        """One source event earns its highest-scoring violation's points, not the sum (a rename that trips
        three detectors is one offence; decision "Severity has one owner: the policy").

        The winner is the confident violation with the highest `rank` (a `min_rung` jump outranks
        points, so an impersonation that closes is never dropped for a rule worth more points).
        """
        items = list(violations)
        if len({(v.account_id, v.source_event_id) for v in items}) > 1:
            raise ValueError("scoring() takes the violations of one source event of one account")
        automatic = [v for v in items if self.is_automatic(v)]
        review = tuple(v for v in items if not self.is_automatic(v))
        if not automatic:
            return EventScore(None, 0, review, ())
        strike = max(automatic, key=self.rank)
        outranked = tuple(v for v in automatic if v is not strike)
        return EventScore(strike, self.points_of(strike), review, outranked)
