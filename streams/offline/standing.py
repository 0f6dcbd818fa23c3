"""What stands after a run's outputs, for comparing runs whose records arrived in different orders.

Decisions follow event time whatever the arrival order (docs/reliability.md, "Order-independent
decisions"), but nothing waits for the watermark: a strike that arrives after later ones were applied
re-orders the ladder, and the sanctions that no longer stand are reversed on the spot (reason
`reordered`); a credential or a sanction that arrives late re-judges what it covers (`credential_rechecked`,
`sanction_rechecked`), and a profile event that arrives late withdraws a D7 its title was gone for
(`profile_rechecked`). Those corrections, and what they correct, exist only in the arrival order that made
them. What stands is the same: the violations less those withdrawn (a re-judged one by its last body), the
actions less those a correction reversed and those another action superseded (a sanction re-attributed
when the violation it cited was overturned), and the review items less those sent again withdrawn (an
owner's items given by a blacklisting that an earlier one, met later, displaced).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from streams.bus.topics import ACTIONS, REVIEW, VIOLATIONS

# the reasons of reversals that only an arrival order makes
CORRECTIONS = ("reordered", "credential_rechecked", "sanction_rechecked", "profile_rechecked")


def standing(outputs: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, dict[str, Any]]]:
    """Per output topic (violations, actions, review), id -> body of what stands, from (logical topic, body)
    pairs in the order they were sent."""
    violations: dict[str, dict[str, Any]] = {}
    withdrawn: set[str] = set()
    actions: dict[str, dict[str, Any]] = {}
    corrected: set[str] = set()
    superseded: set[str] = set()
    reviews: dict[str, dict[str, Any]] = {}
    for topic, body in outputs:
        if topic == VIOLATIONS:
            if body.get("withdrawn"):
                withdrawn.add(body["violation_id"])
            else:
                violations[body["violation_id"]] = body  # a re-judged one replaces the earlier body
        elif topic == ACTIONS:
            if body.get("reverses") and body.get("reason") in CORRECTIONS:
                corrected.add(body["reverses"])
            else:
                actions[body["action_id"]] = body
            if body.get("supersedes"):
                superseded.add(body["supersedes"])
        elif topic == REVIEW:
            reviews[body["review_id"]] = body
    return {
        VIOLATIONS: {k: v for k, v in violations.items() if k not in withdrawn},
        ACTIONS: {k: v for k, v in actions.items()
                  if k not in corrected | superseded and v.get("reverses") not in corrected},
        REVIEW: {k: v for k, v in reviews.items() if not v.get("withdrawn")},  # the last body sent stands
    }
