"""What an account is left with after a run of ledger outcomes: the sanctions fired and not reversed.

The ladder follows event time, not arrival order: a strike that arrives after a later one can reverse a
sanction already sent and fire another instead (enforcement/ledger/reorder.py). Tests compare runs by
what stands at the end, so every arrival order of the same strikes must give the same standing list.
"""

from __future__ import annotations

from collections.abc import Iterable

from enforcement.ledger import ActionRecord, LedgerOutcome


def standing(outcomes: Iterable[LedgerOutcome]) -> list[ActionRecord]:
    """Sanctions fired (own and revised) minus the ones reversed, in event-time order; repeats count once."""
    fired: dict[str, ActionRecord] = {}
    reversed_ids: set[str] = set()
    for outcome in outcomes:
        for action in (*outcome.actions, *outcome.revised):
            fired.setdefault(action.action_id, action)
        reversed_ids.update(r.reverses for r in outcome.reversals if r.reverses)
    kept = [action for action in fired.values() if action.action_id not in reversed_ids]
    return sorted(kept, key=lambda a: (a.occurred_at, a.points_after, a.action_id))
