"""S5: economic sanctions beside a rung's action when the violation behind it concerns illegal profit.

Which measures go with which rung is policy (`[economic.measures]`); which violations concern illegal
profit too (`[economic].concerns`: a report category or content label in the violation's evidence).
Ids derive from the rung action's id, so a repeat re-sends the same records
(decision "Repeats re-send").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from enforcement.ids import derive_id
from enforcement.ledger import ActionRecord
from enforcement.policy import Policy
from enforcement.violations import Violation


def concern_of(violation: Violation) -> str | None:
    """The report category or content label a violation arose from, if any."""
    value = violation.evidence.get("category") or violation.evidence.get("label")
    return value if isinstance(value, str) else None


def economic_actions(policy: Policy, strike: Violation, actions: Iterable[ActionRecord]) -> list[ActionRecord]:
    """The S5 measures of each rung `actions` fired, when `strike` concerns illegal profit."""
    economic = policy.content.economic
    concern = concern_of(strike)
    if concern is None or concern not in economic.concerns:
        return []
    found: list[ActionRecord] = []
    for action in actions:
        if action.reverses is not None:
            continue
        for measure in economic.measures.get(action.rung, ()):
            found.append(ActionRecord(
                action_id=derive_id("action", action.account_id, measure, action.action_id),
                account_id=action.account_id, sanction=measure, rung=action.rung, duration_s=None, ends_at=None,
                violation_ids=action.violation_ids, points_before=action.points_before,
                points_after=action.points_after, policy_version=action.policy_version,
                occurred_at=action.occurred_at, reason=concern,
            ))
    return found


def restored(measure: Mapping[str, Any], reversal: ActionRecord) -> ActionRecord:
    """The reversal of one S5 measure (its `qinglang.actions` record) when an appeal reverses its rung action."""
    return ActionRecord(
        action_id=derive_id("action", measure["account_id"], "restore", measure["action_id"]),
        account_id=measure["account_id"], sanction=str(measure["sanction"]).rsplit("_", 1)[0] + "_restored",
        rung=measure["rung"], duration_s=None, ends_at=None, violation_ids=tuple(measure["violation_ids"]),
        points_before=reversal.points_before, points_after=reversal.points_after,
        policy_version=reversal.policy_version, occurred_at=reversal.occurred_at, reverses=measure["action_id"],
        reason=reversal.reason,
    )
