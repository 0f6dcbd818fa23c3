"""Policy knobs for the content-driven rules: reports (D11), labels and rumour bands (D12), economic
sanctions (S5), referral (S6) and review decisions (decisions "Review",
"Labels come from events").

All tables are optional; a policy without them gets the defaults below. Weights and shares are held
in thousandths so Lua and Python compute the same integers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

REPORT_OUTCOMES: tuple[str, ...] = ("strike", "review", "referral")
LABEL_KINDS: tuple[str, ...] = ("rumour", "strike", "referral")
ECONOMIC_MEASURES: tuple[str, ...] = (
    "monetization_suspended", "live_streaming_suspended", "tipping_suspended", "paid_knowledge_suspended",
    "withdrawal_suspended", "follower_count_cleared", "product_links_removed", "ad_revenue_cancelled",
    "traffic_share_cancelled",
)


@dataclass(frozen=True, slots=True)
class ReportCategory:
    """D11: weighted reports in the window at or above `threshold_milli` fire; `outcome` says what follows."""

    threshold_milli: int
    outcome: str  # strike (reports_threshold strike) | review (a person decides) | referral (S6)


@dataclass(frozen=True, slots=True)
class ReportsPolicy:
    """D11 aggregation, reporter reliability and mass-reporting protection."""

    window_hours: int = 72
    overturn_factor_milli: int = 500  # each overturned report multiplies the reporter's weight by this
    min_weight_milli: int = 100
    new_reporter_days: int = 7  # a reporter whose own profile.created is this recent is "new"
    suspicious_share_milli: int = 500  # new-or-linked reporters' share of the weight that makes it a mass report
    burst_minutes: int = 10
    burst_reports: int = 3  # this many reports within burst_minutes is a burst: review, never a strike
    categories: Mapping[str, ReportCategory] = field(default_factory=lambda: {
        "other": ReportCategory(5000, "review")})

    def category(self, name: str) -> tuple[str, ReportCategory]:
        """The configured category, or `other` for one the policy does not name."""
        if name in self.categories:
            return name, self.categories[name]
        return "other", self.categories["other"]

    @property
    def window_ms(self) -> int:
        return self.window_hours * 3_600_000

    def weight_milli(self, overturned: int) -> int:
        """A reporter's weight after `overturned` overturned reports (integers only: deterministic)."""
        weight = 1000
        for _ in range(min(overturned, 32)):
            weight = weight * self.overturn_factor_milli // 1000
        return max(weight, self.min_weight_milli)


@dataclass(frozen=True, slots=True)
class RepostBand:
    """D12: a rumour reposted at least `min_reposts` times earns `extra_points` and `severity`."""

    min_reposts: int
    extra_points: int
    severity: str


@dataclass(frozen=True, slots=True)
class LabelsPolicy:
    """D12, S5, S6: what each `content.labelled` label means, and the repost-count bands."""

    kinds: Mapping[str, tuple[str, str]] = field(default_factory=lambda: {"rumour": ("rumour", "")})
    repost_bands: tuple[RepostBand, ...] = ()  # highest min_reposts first

    def band(self, repost_count: int) -> RepostBand | None:
        return next((b for b in self.repost_bands if repost_count >= b.min_reposts), None)


@dataclass(frozen=True, slots=True)
class EconomicPolicy:
    """S5: which violations concern illegal profit, and the measures that go with each rung."""

    concerns: frozenset[str] = frozenset()
    measures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ReviewPolicy:
    """A dismissed review allow-lists its rule and identity on the account for `allow_days`."""

    allow_days: int = 180


@dataclass(frozen=True, slots=True)
class ContentPolicy:
    reports: ReportsPolicy = ReportsPolicy()
    labels: LabelsPolicy = LabelsPolicy()
    economic: EconomicPolicy = EconomicPolicy()
    review: ReviewPolicy = ReviewPolicy()


Fail = Callable[[str, str], None]


def _int(table: Mapping[str, Any], key: str, path: str, default: int, fail: Fail, *, minimum: int = 1) -> int:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        fail(f"{path}.{key}", f"must be an integer ≥ {minimum}, got {value!r}")
        return default
    return value


def _milli(table: Mapping[str, Any], key: str, path: str, default: int, fail: Fail) -> int:
    value = table.get(key)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        fail(f"{path}.{key}", f"must be a number from 0 to 1, got {value!r}")
        return default
    return round(value * 1000)


def _table(data: Mapping[str, Any], key: str, fail: Fail, allowed: set[str]) -> Mapping[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        fail(key, "must be a table")
        return {}
    for name in value:
        if name not in allowed:
            fail(f"{key}.{name}", f"unknown key; expected one of {sorted(allowed)}")
    return value


def parse_content(data: Mapping[str, Any], fail: Fail, *, rules: set[str], rungs: set[str],
                  severities: tuple[str, ...]) -> ContentPolicy:
    """Validate the optional [reports], [labels], [economic] and [review] tables."""
    return ContentPolicy(_reports(data, fail), _labels(data, fail, rules, severities),
                         _economic(data, fail, rungs), _review(data, fail))


def _reports(data: Mapping[str, Any], fail: Fail) -> ReportsPolicy:
    raw = _table(data, "reports", fail, {"window_hours", "overturn_factor", "min_weight", "new_reporter_days",
                                         "suspicious_share", "burst_minutes", "burst_reports", "categories"})
    d = ReportsPolicy()
    categories: dict[str, ReportCategory] = {}
    cats = raw.get("categories", {"other": {"threshold": 5.0, "outcome": "review"}})
    if not isinstance(cats, dict):
        fail("reports.categories", "must be a table of categories")
        cats = {}
    for name, entry in cats.items():
        path = f"reports.categories.{name}"
        if not isinstance(entry, dict) or set(entry) - {"threshold", "outcome"}:
            fail(path, "must be a table with threshold and outcome")
            continue
        threshold = entry.get("threshold")
        if isinstance(threshold, bool) or not isinstance(threshold, int | float) or threshold <= 0:
            fail(f"{path}.threshold", f"must be a positive number (summed reporter weights), got {threshold!r}")
            continue
        if entry.get("outcome") not in REPORT_OUTCOMES:
            fail(f"{path}.outcome", f"must be one of {list(REPORT_OUTCOMES)}, got {entry.get('outcome')!r}")
            continue
        categories[name] = ReportCategory(round(threshold * 1000), entry["outcome"])
    if "other" not in categories:
        fail("reports.categories.other", "missing: reports in a category the policy does not name go here")
        categories["other"] = ReportCategory(5000, "review")
    return ReportsPolicy(
        window_hours=_int(raw, "window_hours", "reports", d.window_hours, fail),
        overturn_factor_milli=_milli(raw, "overturn_factor", "reports", d.overturn_factor_milli, fail),
        min_weight_milli=_milli(raw, "min_weight", "reports", d.min_weight_milli, fail),
        new_reporter_days=_int(raw, "new_reporter_days", "reports", d.new_reporter_days, fail, minimum=0),
        suspicious_share_milli=_milli(raw, "suspicious_share", "reports", d.suspicious_share_milli, fail),
        burst_minutes=_int(raw, "burst_minutes", "reports", d.burst_minutes, fail),
        burst_reports=_int(raw, "burst_reports", "reports", d.burst_reports, fail, minimum=2),
        categories=categories,
    )


def _labels(data: Mapping[str, Any], fail: Fail, rules: set[str], severities: tuple[str, ...]) -> LabelsPolicy:
    raw = _table(data, "labels", fail, {"kinds", "repost_bands"})
    kinds: dict[str, tuple[str, str]] = {}
    for label, entry in (raw.get("kinds") or {"rumour": "rumour"}).items():
        path = f"labels.kinds.{label}"
        if entry in ("rumour", "referral"):
            kinds[label] = (entry, "")
        elif isinstance(entry, str) and entry in rules:
            kinds[label] = ("strike", entry)
        else:
            fail(path, f"must be \"rumour\", \"referral\" or a rule id, got {entry!r}")
    bands: list[RepostBand] = []
    for index, entry in enumerate(raw.get("repost_bands", [])):
        path = f"labels.repost_bands[{index}]"
        if not isinstance(entry, dict) or set(entry) != {"min_reposts", "extra_points", "severity"}:
            fail(path, "must be a table with min_reposts, extra_points and severity")
            continue
        if entry["severity"] not in severities:
            fail(f"{path}.severity", f"unknown severity {entry['severity']!r}")
            continue
        bands.append(RepostBand(_int(entry, "min_reposts", path, 1, fail),
                                _int(entry, "extra_points", path, 0, fail, minimum=0), entry["severity"]))
    return LabelsPolicy(kinds, tuple(sorted(bands, key=lambda b: -b.min_reposts)))


def _economic(data: Mapping[str, Any], fail: Fail, rungs: set[str]) -> EconomicPolicy:
    raw = _table(data, "economic", fail, {"concerns", "measures"})
    concerns = raw.get("concerns", [])
    if not isinstance(concerns, list) or not all(isinstance(c, str) for c in concerns):
        fail("economic.concerns", "must be a list of report categories / content labels")
        concerns = []
    measures: dict[str, tuple[str, ...]] = {}
    for rung, names in (raw.get("measures") or {}).items():
        if rung not in rungs:
            fail(f"economic.measures.{rung}", f"unknown rung; rungs are {sorted(rungs)}")
        elif not isinstance(names, list) or any(n not in ECONOMIC_MEASURES for n in names):
            fail(f"economic.measures.{rung}", f"must be a list drawn from {list(ECONOMIC_MEASURES)}")
        else:
            measures[rung] = tuple(names)
    return EconomicPolicy(frozenset(concerns), measures)


def _review(data: Mapping[str, Any], fail: Fail) -> ReviewPolicy:
    raw = _table(data, "review", fail, {"allow_days"})
    return ReviewPolicy(_int(raw, "allow_days", "review", ReviewPolicy().allow_days, fail))
