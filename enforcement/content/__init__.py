"""Content-driven rules (decisions "Review", "Labels come from events"): reports (D11), content labels (D12, S5, S6) and
reviewers' decisions on `review.decision`.

`ContentRules.judge` turns one such event into a `ContentJudgement`: the violation records to emit,
the violations the sanctioners may strike (each scores with its own policy), review items, and for a
confirmed review the violation to strike past the brakes. The pipeline does the striking. Review items
are remembered (by review id, per account) so a later decision resolves to its violation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from enforcement.content.codec import from_blob, violation_blob
from enforcement.content.labels import label_violation
from enforcement.content.reports import decide_report
from enforcement.content.stores import ReportStore, ReviewStore
from enforcement.events import ContentLabelled, Event, ProfileCreated, ReportFiled, ReviewDecided
from enforcement.ledger import to_epoch_ms
from enforcement.ordering import wait_for_writers
from enforcement.policy import Policy
from enforcement.review import review_record
from enforcement.violations import Violation

Record = dict[str, Any]
MS_PER_DAY = 86_400_000
REFER_TO = "public_security"
_ROUTE_REASON = {"review": "uncertain", "referral": "referral", "mass_report": "mass_report"}


@dataclass(frozen=True, slots=True)
class ContentJudgement:
    """What one report, label or review decision asks of the pipeline."""

    violations: tuple[Violation, ...] = ()  # emitted on qinglang.violations
    strikes: tuple[Violation, ...] = ()  # offered to each sanctioner's policy.scoring
    reviews: tuple[Record, ...] = ()
    confirmed: Violation | None = None  # a reviewer confirmed it: strike past the brakes (decision "Review")
    report_category: str | None = None  # for the metrics: the policy's category of a counted report
    decision: str | None = None  # confirm | dismiss | already_decided | unknown_review


def referral_record(violation: Violation, severity: str) -> Record:
    """S6: a review item flagged for referral to public security."""
    return review_record(violation, "referral", severity) | {"refer_to": REFER_TO}


class ContentRules:
    """D11, D12, S5/S6 routing and review decisions over the stores (the policy decides every number)."""

    def __init__(self, *, reports: ReportStore, reviews: ReviewStore, policy: Policy) -> None:
        self._reports = reports
        self._reviews = reviews
        self._policy = policy

    async def judge(self, event: Event) -> ContentJudgement:
        if isinstance(event, ReportFiled):
            return await self._report(event)
        if isinstance(event, ContentLabelled):
            return await self._label(event)
        if isinstance(event, ReviewDecided):
            return await self._decision(event)
        return ContentJudgement()

    async def account_created(self, event: ProfileCreated) -> None:
        """Remember when an account was created and by whom: a reporter's newness and links (D11)."""
        await self._reports.remember_account(event.account_id, to_epoch_ms(event.occurred_at), event.identity_hash)

    async def allowed(self, violations: Sequence[Violation]) -> list[Violation]:
        """Drop violations a reviewer's dismiss allow-listed (same account, rule and identity, in time)."""
        kept = []
        for v in violations:
            until = await self._reviews.allowed_until(v.account_id, v.rule, v.identity)
            if until is None or to_epoch_ms(v.occurred_at) > until:
                kept.append(v)
        return kept

    async def remember_reviews(self, reviews: Sequence[Record], candidates: Sequence[Violation]) -> None:
        """Store each emitted review item with its whole violation, so a decision can act on it."""
        by_id = {v.violation_id: v for v in candidates}
        for review in reviews:
            if review["reason"] == "owner_blacklisted":
                # its violation belongs to the blacklisted account: a confirm would strike that account again
                # and a dismiss would allow-list its rule there, neither of which is the decision asked for
                continue
            violation = by_id.get(review["violations"][0]["violation_id"])
            if violation is not None:
                await self._reviews.remember_review(review["account_id"], review["review_id"],
                                                    violation_blob(violation, reason=review["reason"]))

    async def appeal_overturned(self, account_id: str, violation_id: str) -> None:
        """An overturned reports_threshold violation lowers its reporters' weights (D11:
        mass reporting must not sanction an innocent account on its own)."""
        reporters = await self._reports.sources(account_id, violation_id)
        if reporters:
            await self._reports.overturn(reporters, violation_id)

    async def _report(self, event: ReportFiled) -> ContentJudgement:
        await wait_for_writers()  # reporters' ages and weights come from other accounts' events
        decision = await decide_report(event, self._reports, self._policy.content.reports)
        violation = decision.violation
        if violation is None or decision.route == "none":
            return ContentJudgement(report_category=decision.category)
        kept = await self.allowed([violation])
        if not kept:
            return ContentJudgement(report_category=decision.category)
        if decision.route == "strike":
            return ContentJudgement((violation,), (violation,), self._uncertain(violation),
                                    report_category=decision.category)
        severity = self._policy.severity_of(violation)
        review = review_record(violation, _ROUTE_REASON[decision.route], severity)
        if decision.route == "referral":
            review = referral_record(violation, severity)
        return ContentJudgement((violation,), (), (review,), report_category=decision.category)

    async def _label(self, event: ContentLabelled) -> ContentJudgement:
        fresh = label_violation(event, self._policy.content.labels)
        if fresh is None:
            return ContentJudgement()
        stored, _ = from_blob(await self._reviews.claim_post(event.account_id, event.post_id, violation_blob(fresh)))
        if not await self.allowed([stored]):
            return ContentJudgement()
        if stored.rule == "labelled_suspected_crime":
            return ContentJudgement((stored,), (), (referral_record(stored, self._policy.severity_of(stored)),))
        return ContentJudgement((stored,), (stored,), self._uncertain(stored))

    def _uncertain(self, violation: Violation) -> tuple[Record, ...]:
        """S3: below the rule's min_confidence_for_auto a person decides (as for profile violations)."""
        if self._policy.is_automatic(violation):
            return ()
        return (review_record(violation, "uncertain", self._policy.severity_of(violation)),)

    async def _decision(self, event: ReviewDecided) -> ContentJudgement:
        blob = await self._reviews.review(event.account_id, event.review_id)
        if blob is None:
            return ContentJudgement(decision="unknown_review")
        standing = await self._reviews.decide(event.account_id, event.review_id, event.decision)
        if standing != event.decision:
            return ContentJudgement(decision="already_decided")
        violation, _ = from_blob(blob)
        if event.decision == "confirm":
            return ContentJudgement(confirmed=violation, decision="confirm")
        until = to_epoch_ms(event.occurred_at) + self._policy.content.review.allow_days * MS_PER_DAY
        await self._reviews.allow(violation.account_id, violation.rule, violation.identity, until)
        await self.appeal_overturned(violation.account_id, violation.violation_id)
        return ContentJudgement(decision="dismiss")
