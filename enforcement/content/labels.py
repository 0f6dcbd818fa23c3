"""D12 (decision "Labels come from events"): a `content.labelled` event → at most one violation per labelled post.

The policy says what a label means: "rumour" picks rumour_first_post, rumour_repost or
rumour_repost_after_debunk (a repost labelled when the rumour was already debunked: debunked_at ≤
occurred_at); "referral" is a suspected crime (S6); any other entry is the rule id itself. The
violation's trigger is the post, and the first labelling of a post is the one that stands.
"""

from __future__ import annotations

from enforcement.events import ContentLabelled
from enforcement.policy.content import LabelsPolicy
from enforcement.violations import Violation


def label_violation(event: ContentLabelled, policy: LabelsPolicy) -> Violation | None:
    """The violation of a label the policy names; None for one it does not."""
    kind, rule = policy.kinds.get(event.label, ("", ""))
    if not kind:
        return None
    if kind == "rumour":
        if event.first_post:
            rule = "rumour_first_post"
        elif event.debunked_at is not None and event.debunked_at <= event.occurred_at:
            rule = "rumour_repost_after_debunk"
        else:
            rule = "rumour_repost"
    elif kind == "referral":
        rule = "labelled_suspected_crime"
    debunked = None if event.debunked_at is None else event.debunked_at.isoformat().replace("+00:00", "Z")
    return Violation(
        account_id=event.account_id, rule=rule, confidence=1.0, source_event_id=event.event_id,
        occurred_at=event.occurred_at, field="post", identity=event.post_id, trigger_id=f"post:{event.post_id}",
        evidence={"label": event.label, "post_id": event.post_id, "first_post": event.first_post,
                  "repost_count": event.repost_count, "debunked_at": debunked},
    )
