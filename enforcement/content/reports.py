"""D11: one `report.filed` event → its category's window; a crossing becomes a reports_threshold violation.

Reporter reliability (D11: mass reporting alone must not sanction): a reporter weighs 1.0, times the
policy's overturn_factor for each of their reports later overturned (a dismissed review or an
overturned appeal), never below min_weight.
Mass-reporting protection: a crossing carried by new or linked reporters, or made in a burst, is a
`mass_report` and goes to review; it never strikes on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from enforcement.content.stores import Report, ReportStore
from enforcement.events import ReportFiled
from enforcement.ledger import to_epoch_ms
from enforcement.policy.content import ReportsPolicy
from enforcement.violations import Violation

MS_PER_DAY = 86_400_000


@dataclass(frozen=True, slots=True)
class ReportDecision:
    """What one report did: `route` is none (no crossing), strike, review, referral or mass_report."""

    category: str
    status: str  # counted | duplicate
    weight_milli: int
    route: str = "none"
    violation: Violation | None = None
    reporters: tuple[str, ...] = ()


def suspicious_reporters(reports: tuple[Report, ...], facts: dict[str, tuple[int, str]], at_ms: int,
                         policy: ReportsPolicy) -> tuple[set[str], set[str]]:
    """(new, linked): reporters created within new_reporter_days of the report, and reporters whose
    owner identity_hash is shared with another reporter of the same window."""
    new = {r.reporter_id for r in reports if r.reporter_id in facts
           and at_ms - facts[r.reporter_id][0] < policy.new_reporter_days * MS_PER_DAY}
    owners: dict[str, list[str]] = {}
    for r in reports:
        if r.reporter_id in facts:
            owners.setdefault(facts[r.reporter_id][1], []).append(r.reporter_id)
    linked = {reporter for group in owners.values() if len(group) > 1 for reporter in group}
    return new, linked


def in_burst(reports: tuple[Report, ...], at_ms: int, policy: ReportsPolicy) -> bool:
    """burst_reports or more of the window's reports within burst_minutes before this one."""
    recent = [r for r in reports if at_ms - policy.burst_minutes * 60_000 <= r.at_ms <= at_ms]
    return len(recent) >= policy.burst_reports


async def decide_report(event: ReportFiled, store: ReportStore, policy: ReportsPolicy) -> ReportDecision:
    """Count the report (once per reporter per window and category) and decide a crossing's route."""
    category, config = policy.category(event.category)
    at_ms = to_epoch_ms(event.occurred_at)
    weight = policy.weight_milli(await store.overturned(event.reporter_id))
    added = await store.add_report(event.account_id, category, event.event_id, event.reporter_id, at_ms, weight,
                                   policy.window_ms, config.threshold_milli)
    if not added.crossed:
        return ReportDecision(category, added.status, weight)
    facts = await store.account_facts([r.reporter_id for r in added.reports])
    new, linked = suspicious_reporters(added.reports, facts, at_ms, policy)
    suspicious = sum(r.weight_milli for r in added.reports if r.reporter_id in new | linked)
    burst = in_burst(added.reports, at_ms, policy)
    mass = burst or suspicious * 1000 >= policy.suspicious_share_milli * added.after_milli
    violation = Violation(
        account_id=event.account_id, rule="reports_threshold", confidence=1.0, source_event_id=event.event_id,
        occurred_at=event.occurred_at, field="category", identity=category,
        evidence={"category": category, "reports": len(added.reports), "weight": added.after_milli / 1000,
                  "threshold": config.threshold_milli / 1000, "window_hours": policy.window_hours,
                  "new_reporters": len(new), "linked_reporters": len(linked), "burst": burst},
    )
    reporters = tuple(r.reporter_id for r in added.reports)
    await store.remember_sources(event.account_id, violation.violation_id, reporters)
    route = "mass_report" if mass else config.outcome
    return ReportDecision(category, added.status, weight, route, violation, reporters)
