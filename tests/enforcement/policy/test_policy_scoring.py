"""Severity is the policy's alone: one source event earns its highest-scoring violation's points; S3 review routing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from enforcement.policy import load_policy
from enforcement.violations import Violation

AT = datetime(2026, 11, 22, 8, tzinfo=UTC)
POLICY = load_policy()


def violation(rule: str, confidence: float = 1.0, *, event: str = "e1", account: str = "u:1",
              identity: str = "") -> Violation:
    return Violation(account_id=account, rule=rule, confidence=confidence, source_event_id=event,
                     occurred_at=AT, identity=identity)


def test_highest_scoring_violation_earns_the_points_not_the_sum() -> None:
    repost = violation("rumour_repost")  # 2 points
    debunked = violation("rumour_repost_after_debunk")  # 4 points, min_rung warning
    news = violation("news_word_unlicensed")  # 1 point
    score = POLICY.scoring([repost, debunked, news])
    assert score.strike is debunked and score.points == 4
    assert score.outranked == (repost, news) and score.review == ()


def test_a_jump_outranks_points() -> None:
    """An impersonation that closes (S3) is never dropped for a rule worth as many or more points."""
    similar = violation("official_name_similar", identity="x")  # 5 points, no jump
    staff = violation("staff_impersonation", identity="y")  # 8 points, jumps to close
    rename = violation("rename_into_impersonation", identity="z")  # 6 points, jumps to long_mute
    assert POLICY.scoring([similar, rename, staff]).strike is staff
    assert POLICY.scoring([similar, rename]).strike is rename


def test_uncertain_violations_go_to_review() -> None:
    """S3: below min_confidence_for_auto the violation is for a person, not a strike."""
    unsure = violation("official_name_exact", 0.6)
    sure = violation("rumour_repost", 0.95, identity="p")
    score = POLICY.scoring([unsure, sure])
    assert score.strike is sure and score.points == 2 and score.review == (unsure,)
    only_unsure = POLICY.scoring([unsure])
    assert only_unsure.strike is None and only_unsure.points == 0 and only_unsure.review == (unsure,)
    assert POLICY.is_automatic(violation("official_name_exact", 0.9))  # the bar itself is automatic


def test_reports_alone_never_strike_automatically() -> None:
    """D11: a weighted report aggregate goes to review unless the detector is certain."""
    assert POLICY.scoring([violation("reports_threshold", 0.99)]).strike is None


def test_ties_are_broken_deterministically() -> None:
    first = violation("professional_title_uncredentialed", 0.9, identity="a")
    second = violation("professional_title_domain_mismatch", 0.9, identity="b")
    assert POLICY.scoring([first, second]).strike is POLICY.scoring([second, first]).strike


def test_empty_event_scores_nothing() -> None:
    score = POLICY.scoring([])
    assert (score.strike, score.points, score.review, score.outranked) == (None, 0, (), ())


def test_violations_of_different_events_are_refused() -> None:
    with pytest.raises(ValueError, match="one source event"):
        POLICY.scoring([violation("rumour_repost", event="e1"), violation("rumour_repost", event="e2")])


def test_severity_is_the_policys() -> None:
    assert POLICY.severity_of(violation("official_avatar")) == "critical"
    assert POLICY.severity_of(violation("rename_churn")) == "low"
