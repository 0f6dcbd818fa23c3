"""D10 rules over the churn store: which profile events are changes, and the violations they cross.

Each violation is fired once per crossing with a deterministic id (trigger = the profile
event that crossed): `rename_churn` once per window, `rename_into_impersonation` on each re-entry into
an impersonating name after a clean one. `rename_after_sanction` (once per qualifying sanction) reads the
sanctions standing at the rename's event time, from any topic: enforcement/churn/after_sanction.py and the
pipeline decide it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from enforcement.churn import Change, ChurnDecision, ChurnStore
from enforcement.events import AvatarChanged, BioChanged, ProfileCreated, ProfileEvent, ProfileRenamed
from enforcement.ledger import to_epoch_ms
from enforcement.policy import Policy
from enforcement.text import normalize
from enforcement.violations import Violation

# Rules whose hit on a name makes that name "impersonating" in the history (D1, D4, D5 by name; D9).
IMPERSONATION_REQUIREMENTS = frozenset({"D1", "D4", "D5", "D9"})
NAME_FIELDS = frozenset({"name", "new_name"})


def as_change(event: ProfileEvent, violations: Sequence[Violation], policy: Policy) -> Change:
    """The change a profile event makes; its name is impersonating when a confident D1/D4/D5/D9 hit it."""
    at = to_epoch_ms(event.occurred_at)
    impersonating = any(v.field in NAME_FIELDS and v.requirement in IMPERSONATION_REQUIREMENTS
                        and policy.is_automatic(v) for v in violations)
    if isinstance(event, ProfileCreated):
        return Change(event.account_id, event.event_id, "created", at, normalize(event.name).canonical, impersonating)
    if isinstance(event, ProfileRenamed):
        return Change(event.account_id, event.event_id, "name", at, normalize(event.new_name).canonical,
                      impersonating)
    kind = "avatar" if isinstance(event, AvatarChanged) else "bio" if isinstance(event, BioChanged) else ""
    return Change(event.account_id, event.event_id, kind, at)


class ChurnRules:
    """Feeds every profile event into the history and returns the D10 violations it crossed."""

    def __init__(self, store: ChurnStore, policy: Policy) -> None:
        self.store = store
        self._policy = policy

    async def check(self, event: ProfileEvent, violations: Sequence[Violation]) -> list[Violation]:
        change = as_change(event, violations, self._policy)
        decision = await self.store.observe(change, self._policy.churn)
        return churn_violations(event, change, decision, self._policy, violations)


def churn_violations(event: ProfileEvent, change: Change, decision: ChurnDecision, policy: Policy,
                     violations: Sequence[Violation]) -> list[Violation]:
    """The D10 violations one decision stands for (the event that crossed is their trigger)."""
    knobs = policy.churn
    found: list[Violation] = []
    base: dict[str, Any] = {"account_id": event.account_id, "source_event_id": event.event_id,
                            "occurred_at": event.occurred_at}
    if decision.churn:
        found.append(Violation(rule="rename_churn", confidence=1.0, field=change.kind, identity="window", **base,
                               evidence={"changes_in_window": decision.changes_in_window,
                                         "max_changes": knobs.max_changes, "window_hours": knobs.window_hours,
                                         "kind": change.kind}))
    if decision.cycled_from:
        hits = [v for v in violations if v.field in NAME_FIELDS and v.requirement in IMPERSONATION_REQUIREMENTS
                and policy.is_automatic(v)]
        confidence = max((v.confidence for v in hits), default=0.9)
        found.append(Violation(rule="rename_into_impersonation", confidence=confidence, field="new_name",
                               identity=change.name, **base,
                               evidence={"new_name": change.name, "earlier_impersonating": list(decision.cycled_from),
                                         "back_into_earlier_name": change.name in decision.cycled_from,
                                         "impersonation_rules": sorted({v.rule for v in hits})}))
    return found
