"""`qinglang.review` items (pinned decision 13): what a person must confirm or dismiss, with evidence."""

from __future__ import annotations

from typing import Any

from enforcement.ids import derive_id
from enforcement.violations import Violation

# uncertain: below the rule's min_confidence_for_auto (S3); breaker / closure_cap: the brakes held an
# automatic strike back (issue 4 §6); referral: a suspected crime to refer to public security (S6).
REVIEW_REASONS: tuple[str, ...] = ("uncertain", "breaker", "closure_cap", "referral", "mass_report",
                                   "registry_burst")


def review_record(violation: Violation, reason: str, severity: str) -> dict[str, Any]:
    """One review item for one violation; its id is derived from the violation and the reason."""
    return {
        "review_id": derive_id("review", violation.violation_id, reason),
        "account_id": violation.account_id,
        "reason": reason,
        "requirement": violation.requirement,
        "rule": violation.rule,
        "violations": [violation.to_record(severity)],
        "occurred_at": violation.occurred_at.isoformat().replace("+00:00", "Z"),
    }
