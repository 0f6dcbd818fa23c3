"""The policy's [reports], [labels], [economic] and [review] tables: defaults, numbers and clear errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from enforcement.policy import load_policy
from enforcement.policy.load import DEFAULT_POLICY_PATH, PolicyError, parse_policy
from enforcement.violations import Violation

DEFAULT_TEXT = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")


def test_the_default_content_policy() -> None:
    content = load_policy().content
    assert content.reports.category("impersonation")[1].threshold_milli == 3000
    assert content.reports.category("spam") == ("other", content.reports.categories["other"])
    assert [content.reports.weight_milli(n) for n in (0, 1, 2, 3, 4, 10)] == [1000, 500, 250, 125, 100, 100]
    assert content.labels.kinds["illegal_profit"] == ("strike", "labelled_illegal_profit")
    assert len(content.economic.measures["close"]) == 9 and "illegal_profit" in content.economic.concerns


def test_repost_bands_set_points_and_severity() -> None:
    policy = load_policy()
    at = datetime(2026, 1, 1, tzinfo=UTC)

    def repost(count: int) -> Violation:
        return Violation("a", "rumour_repost", 1.0, "e", at, evidence={"repost_count": count})

    assert [(policy.points_of(repost(n)), policy.severity_of(repost(n))) for n in (0, 99, 100, 1000)] == [
        (2, "low"), (2, "low"), (4, "high"), (6, "critical")]
    other = Violation("a", "news_word_unlicensed", 1.0, "e", at, evidence={"repost_count": 5000})
    assert policy.points_of(other) == 1  # bands are for rumours only


@pytest.mark.parametrize(("old", "new", "path"), [
    ('other = { threshold = 5.0, outcome = "review" }', 'other = { threshold = 5.0, outcome = "ban" }',
     "reports.categories.other.outcome"),
    ('other = { threshold = 5.0, outcome = "review" }', 'misc = { threshold = 5.0, outcome = "review" }',
     "reports.categories.other"),
    ('impersonation = { threshold = 3.0, outcome = "strike" }', 'impersonation = { threshold = 0, outcome = "strike" }',
     "reports.categories.impersonation.threshold"),
    ("overturn_factor = 0.5", "overturn_factor = 2", "reports.overturn_factor"),
    ('illegal_profit = "labelled_illegal_profit"', 'illegal_profit = "labelled_fraud"', "labels.kinds.illegal_profit"),
    ('severity = "critical" },', 'severity = "dire" },', "labels.repost_bands[1].severity"),
    ('notice = ["monetization_suspended"]', 'notice = ["fine"]', "economic.measures.notice"),
    ('notice = ["monetization_suspended"]', 'exile = ["monetization_suspended"]', "economic.measures.exile"),
    ("allow_days = 180", "allow_days = 0", "review.allow_days"),
])
def test_bad_content_tables_are_named(old: str, new: str, path: str) -> None:
    assert old in DEFAULT_TEXT
    with pytest.raises(PolicyError) as caught:
        parse_policy(DEFAULT_TEXT.replace(old, new, 1))
    assert path in [p.path for p in caught.value.problems], caught.value
