"""The domain's entry point per event type: what the worker hands each valid event to (P1).

Agents stay thin: they decode, call `Enforcement.handle`, and send the Outcome. Detectors run first
(all of them), then the policy assigns severity and decides what is automatic and what needs a person
(pinned decisions 8 and 13). Nothing here knows about Kafka or Faust.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from enforcement.credentials import CredentialView, NoCredentials
from enforcement.detectors import detect_profile, profile_view
from enforcement.events import AvatarChanged, BioChanged, Event, ProfileCreated, ProfileRenamed
from enforcement.identity.holder import IndexHolder
from enforcement.ids import derive_id
from enforcement.policy import Policy
from enforcement.violations import Violation
from enforcement.watermark import Watermark

Record = dict[str, Any]
AvatarHasher = Callable[[str], Awaitable[list[tuple[str, str, int]]]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one event produced: JSON records for the violations, actions and review topics."""

    violations: tuple[Record, ...] = ()
    actions: tuple[Record, ...] = ()
    reviews: tuple[Record, ...] = ()
    watermark_ms: int | None = None


def review_record(violation: Violation, reason: str, severity: str) -> Record:
    """A `qinglang.review` item (pinned decision 13): one violation a person must confirm or dismiss."""
    return {
        "review_id": derive_id("review", violation.violation_id, reason),
        "account_id": violation.account_id,
        "reason": reason,
        "requirement": violation.requirement,
        "rule": violation.rule,
        "violations": [violation.to_record(severity)],
        "occurred_at": violation.occurred_at.isoformat().replace("+00:00", "Z"),
    }


def judge(violations: list[Violation], policy: Policy) -> Outcome:
    """Severity from the policy on every violation; the uncertain ones also go to review (S3)."""
    records = tuple(v.to_record(policy.severity_of(v)) for v in violations)
    reviews = tuple(
        review_record(v, "uncertain", policy.severity_of(v)) for v in violations if not policy.is_automatic(v)
    )
    return Outcome(violations=records, reviews=reviews)


class Enforcement:
    """Routes each event to the rules that concern it; every event first advances the watermark."""

    def __init__(
        self,
        *,
        watermark: Watermark,
        index: IndexHolder,
        policy: Policy,
        credentials: CredentialView | None = None,
        avatar_hasher: AvatarHasher | None = None,
    ) -> None:
        self._watermark = watermark
        self._index = index
        self._policy = policy
        self._credentials = credentials or NoCredentials()
        self._avatar_hasher = avatar_hasher

    async def handle(self, event: Event) -> Outcome:
        """Apply every rule that concerns `event`; the only entry point the worker calls."""
        watermark = await self._watermark.observe(event.occurred_at)
        if isinstance(event, ProfileCreated | ProfileRenamed | AvatarChanged | BioChanged):
            violations = await self.profile_violations(event)
            outcome = judge(violations, self._policy)
        else:
            outcome = Outcome()  # credential, report, label and appeal rules: issues 4 and 5
        return Outcome(outcome.violations, outcome.actions, outcome.reviews, watermark)

    async def profile_violations(self, event: ProfileCreated | ProfileRenamed | AvatarChanged | BioChanged,
                                 ) -> list[Violation]:
        """D1–D6, D8 on what the profile event changed (registry caught up first, pinned 5)."""
        await self._index.caught_up.wait()
        domains = await self._credentials.valid_domains(event.account_id, event.occurred_at)
        variants: list[tuple[str, str, int]] = []
        url = getattr(event, "avatar_url", None)
        if url and self._avatar_hasher is not None and not getattr(event, "avatar_pdq", None):
            variants = await self._avatar_hasher(url)
        return detect_profile(self._index.current, profile_view(event, domains), variants)
