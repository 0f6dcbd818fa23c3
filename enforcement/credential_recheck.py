"""D6/D8 follow event time, whatever order a credential and a profile event arrive in.

A profile event is judged with the credentials valid at its time that the worker has seen. Across topics
a credential event can arrive later than a profile event it precedes in event time: `credential.verified`
at 07:00 behind a profile created at 08:00 with the title it covers (which raised a D6 that event-time
order never would), or `credential.revoked` at 07:00 behind a rename at 08:00 (which was judged covered).
So each profile event judged with credentials in play is remembered until the watermark passes it
(`accounts.checks`), and every credential event re-judges the account's remembered events at or after
its own time: the credential-dependent violations that no longer hold are withdrawn (their strike
overturned, its sanctions reversed with reason `credential_rechecked`), the ones that now hold are sent
and struck (decision "Order-independent decisions": re-evaluate when a late, earlier event arrives).

The other rules of a profile event do not read credentials and are not re-judged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

from enforcement.accounts.checks import CREDENTIAL_RULES, CheckedProfile, CredentialChecks
from enforcement.credentials import CredentialView
from enforcement.detectors import detect_profile
from enforcement.detectors.profile import ProfileView, profile_view
from enforcement.events import ProfileEvent
from enforcement.identity import IdentityIndex
from enforcement.violations import Violation

Allow = Callable[[list[Violation]], Awaitable[list[Violation]]]


@dataclass(frozen=True, slots=True)
class Rejudged:
    """One remembered profile event before and after a credential event re-judged it."""

    before: CheckedProfile
    after: CheckedProfile

    @property
    def withdrawn(self) -> list[Violation]:
        kept = {v.violation_id for v in self.after.violations}
        return [v for v in self.before.violations if v.violation_id not in kept]

    @property
    def added(self) -> list[Violation]:
        """New violations, and ones whose evidence changed (a mismatch now lists other credential domains):
        sent again under the same id with what event-time order gives."""
        had = {v.violation_id: v for v in self.before.violations}
        return [v for v in self.after.violations
                if v.violation_id not in had or had[v.violation_id].evidence != v.evidence]


class CredentialRecheck:
    """Remembers credential-dependent profile judgements and re-judges them for a credential event."""

    def __init__(self, checks: CredentialChecks, credentials: CredentialView) -> None:
        self.checks = checks
        self._credentials = credentials

    async def remember(self, event: ProfileEvent, domains: frozenset[str], violations: Sequence[Violation], *,
                       keep_from_ms: int) -> None:
        """Keep the event if credentials played a part in its judgement: the account held some then, or a
        credential-dependent rule fired (a credential arriving late could withdraw it). Otherwise no
        credential event can change its verdict, and nothing is written."""
        if not domains and not any(v.rule in CREDENTIAL_RULES for v in violations):
            return
        checked = CheckedProfile(event.event_id, event.occurred_at, profile_view(event).fields, domains,
                                 tuple(violations))
        await self.checks.remember(event.account_id, checked, keep_from_ms=keep_from_ms)

    async def rejudge(self, account_id: str, since_ms: int, index: IdentityIndex, allow: Allow | None,
                      ) -> list[Rejudged]:
        """The remembered events at or after `since_ms` whose credentials at their time are not the ones
        they were judged with, judged again."""
        found: list[Rejudged] = []
        for checked in await self.checks.since(account_id, since_ms):
            domains = await self._credentials.valid_domains(account_id, checked.occurred_at)
            if domains == checked.domains:
                continue
            view = ProfileView(account_id, checked.event_id, checked.occurred_at, checked.fields, None, domains)
            fresh = [v for v in detect_profile(index, view) if v.rule in CREDENTIAL_RULES]
            if allow is not None and fresh:
                fresh = await allow(fresh)
            kept = [v for v in checked.violations if v.rule not in CREDENTIAL_RULES]
            found.append(Rejudged(checked, replace(checked, domains=domains, violations=tuple(kept + fresh))))
        return found
