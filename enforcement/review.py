"""`qinglang.review` items (decision "Review"): what a person must confirm or dismiss, with evidence."""

from __future__ import annotations

from typing import Any

import orjson

from enforcement.ids import derive_id
from enforcement.violations import Violation

# uncertain: below the rule's min_confidence_for_auto (S3); breaker / closure_cap: the brakes held an
# automatic strike back; referral: a suspected crime to refer to public security (S6); mass_report: D11
# reports that look coordinated; registry_burst: a registry change that would re-flag many accounts at
# once; owner_blacklisted: another account of an owner just blacklisted (S4, the 2022 rumours notice puts
# the owner, 账号主体, under blacklist management, not only the account).
REVIEW_REASONS: tuple[str, ...] = ("uncertain", "breaker", "closure_cap", "referral", "mass_report",
                                   "registry_burst", "owner_blacklisted")


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


def owner_review_evidence(violation: Violation, severity: str, *, blacklist_action_id: str) -> bytes:
    """S4: what every other account of an owner blacklisted by `blacklist_action_id` through `violation` gets
    as its review item's evidence (JSON, keys sorted): kept with the owner's blacklisting, so an account
    met after the blacklisting gets the same item as one met before it."""
    return orjson.dumps({
        "reason": "owner_blacklisted",
        "requirement": violation.requirement,
        "rule": violation.rule,
        "violations": [violation.to_record(severity)],
        "occurred_at": violation.occurred_at.isoformat().replace("+00:00", "Z"),
        "blacklisted_account_id": violation.account_id,
        "blacklist_action_id": blacklist_action_id,
    }, option=orjson.OPT_SORT_KEYS)


def withdrawn_owner_review(evidence: bytes, *, account_id: str, withdrawn_by: str) -> dict[str, Any]:
    """S4: the review item a blacklisting gave `account_id` sent again, withdrawn, because that blacklisting
    no longer stands: an earlier one of the same owner, met later, stands instead (`withdrawn_by` its blacklist
    action), or its blacklist action was reversed (`withdrawn_by` the reversal). Decision "Order-independent
    decisions": what stands does not depend on arrival order."""
    return {**owner_review(evidence, account_id=account_id), "withdrawn": True, "withdrawn_by": withdrawn_by}


def owner_review(evidence: bytes, *, account_id: str) -> dict[str, Any]:
    """S4: the review item for `account_id`, another account of a blacklisted owner (`evidence` from
    `owner_review_evidence`). Its id is derived from the blacklisting action and the account, so a
    redelivery emits the same item."""
    fields = orjson.loads(evidence)
    return {
        "review_id": derive_id("review", fields["blacklist_action_id"], account_id, "owner_blacklisted"),
        "account_id": account_id,
        **fields,
    }
