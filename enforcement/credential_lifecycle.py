"""D7 (with D6): the credential lifecycle — expiry by event time, revocation, the pre-expiry notice.

A credential's `valid_until` sits on the event-time schedule (decision "Event time and the watermark") with a notice
`notice_before_days` earlier; both fire when the shared watermark passes them, exactly once per
(credential, valid_until) — a renewal cancels them and schedules the new expiry, and a redelivered
verification does not arm them again once they fired. When an expiry fires,
or a `credential.expired` / `credential.revoked` event arrives, the account's CURRENT profile (the
profile store) is checked with the D6 title detection: a professional title or bio claim still shown
in that credential's domain is a D7 violation. A valid credential of another domain does not cover it
(dynamic verification): that stays D6 `professional_title_domain_mismatch` on profile events.

The pre-expiry notice (D7 "warn before expiry") is owed when the title is shown at any moment of the
warning window [valid_until − notice_before_days, valid_until) while the credential is valid: either when
the window opens (the scheduled notice finds it on the current profile) or later, by a profile event inside
the window that shows it (an account adopting a title 5 days before expiry is warned too). That condition
only ever becomes true, so it does not depend on the order the credential and profile events arrive in;
the notice's record is the same whichever witness finds it (its time is the window's start), and only the
first witness recorded for the expiry sends it (a redelivery of that witness re-sends the same record).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

from enforcement.accounts.checks import CredentialChecks
from enforcement.accounts.credentials import FAKE_REASONS, CredentialStore, StoredCredential, next_state
from enforcement.accounts.profiles import CurrentProfile, ProfileStore
from enforcement.credential_recheck import CredentialRecheck
from enforcement.detectors.professional import detect_professional_title
from enforcement.detectors.profile import ProfileView, profile_view
from enforcement.events import (
    BioChanged,
    CredentialEvent,
    CredentialExpired,
    CredentialRevoked,
    Event,
    ProfileEvent,
    ProfileRenamed,
)
from enforcement.events.models import CredentialValidUntil
from enforcement.events.spec import OPEN_ENDED_FROM
from enforcement.identity import IdentityIndex
from enforcement.ids import derive_id
from enforcement.ledger import ActionRecord
from enforcement.policy import Policy
from enforcement.sanctions.stores import Schedule
from enforcement.violations import Violation

EXPIRY, NOTICE = "expiry", "notice"
LEASE_MS = 60_000
CLAIM_LIMIT = 500
MS_PER_DAY = 86_400_000


OPEN_ENDED_MS = int(OPEN_ENDED_FROM.timestamp() * 1000)


def open_ended(valid_until_ms: int | None) -> bool:
    """A credential valid until 9999-12-31 (or any time no event time can reach) never lapses: it gets no
    expiry and no pre-expiry notice on the schedule."""
    return valid_until_ms is not None and valid_until_ms >= OPEN_ENDED_MS


def _at(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def item_id(kind: str, account_id: str, credential_id: str, valid_until_ms: int) -> str:
    """The schedule item of one expiry or notice: one per (credential, valid_until), so it fires once."""
    return derive_id("credential_" + kind, account_id, credential_id, str(valid_until_ms))


def expiry_trigger(account_id: str, credential_id: str, valid_until_ms: int | None) -> str:
    """An expiry's violation is triggered by the credential (and the expiry it passed)."""
    return derive_id("credential", account_id, credential_id, "lapsed", str(valid_until_ms))


def expiry_notice(account_id: str, state: StoredCredential, policy: Policy, at_ms: int) -> ActionRecord:
    """The pre-expiry notice (D7 "warn before expiry"): no strike, so no points and no violations."""
    assert state.valid_until_ms is not None
    return ActionRecord(
        action_id=derive_id("action", account_id, "credential_expiry_notice", state.credential_id,
                            str(state.valid_until_ms)),
        account_id=account_id, sanction="credential_expiry_notice", rung="notice", duration_s=None,
        ends_at=_at(state.valid_until_ms), violation_ids=(), points_before=0, points_after=0,
        policy_version=policy.version, occurred_at=_at(at_ms), reason="credential_expiring",
    )


@dataclass(frozen=True, slots=True)
class Fired:
    """What the due credential items produced: D7 violations per item, notices, and the items to ack."""

    violations: tuple[tuple[Violation, ...], ...] = ()  # one group per fired expiry (each its own trigger)
    notices: tuple[dict[str, object], ...] = ()
    acks: tuple[str, ...] = ()
    resent: tuple[str, ...] = ()  # notice action ids sent again by the witness that sent them first


_NOTHING_FIRED = Fired()  # frozen: shared by every due() that finds nothing


class CredentialLifecycle:
    """Keeps the credential store and its schedule in step with credential events; fires due items."""

    def __init__(self, *, credentials: CredentialStore, profiles: ProfileStore, schedule: Schedule,
                 policy: Policy, checks: CredentialChecks | None = None) -> None:
        self.credentials = credentials
        self._profiles = profiles
        self._schedule = schedule
        self._policy = policy
        # D6/D8 judgements re-judged when a credential event arrives after them (credential_recheck.py)
        self.recheck = None if checks is None else CredentialRecheck(checks, credentials)

    @property
    def schedule(self) -> Schedule:
        """The schedule of expiries and pre-expiry notices."""
        return self._schedule

    def earliest_scheduled_by(self, event: Event) -> int | None:
        """The earliest due time `event` may schedule (its pre-expiry notice), None if it schedules nothing."""
        if not isinstance(event, CredentialValidUntil) or open_ended(_ms(event.valid_until)):
            return None
        return _ms(event.valid_until) - self._policy.credentials.notice_before_days * MS_PER_DAY

    async def on_event(self, event: CredentialEvent, index: IdentityIndex) -> list[Violation]:
        """Apply one credential event; a revocation or expiry with the title still shown is a D7 violation."""
        previous = await self.credentials.get(event.account_id, event.credential_id)
        state = next_state(event, previous)
        if not await self.credentials.put(event.account_id, state):
            if previous is None or previous.version != state.version:
                # an older event than the stored state: the newer one decided, but a verification that
                # arrived late still tells since when the credential was valid (D6 at earlier event times)
                amended = previous.started_earlier(event) if previous is not None else None
                if amended is not None:
                    await self.credentials.amend(event.account_id, amended)
                return []
            # the same event again (redelivery): recompute the same violation so the ledger re-sends
        elif previous is not None and previous.valid_until_ms is not None and (
                previous.valid_until_ms != state.valid_until_ms or state.status != "valid"):
            await self._unschedule(event.account_id, previous)
        if isinstance(event, CredentialValidUntil):
            await self._schedule_expiry(event.account_id, state)
            return []
        if isinstance(event, CredentialRevoked | CredentialExpired):
            return await self._ended_in_use(event.account_id, state, event.occurred_at, index)
        return []

    async def _ended_in_use(self, account_id: str, state: StoredCredential, ended_at: datetime,
                            index: IdentityIndex) -> list[Violation]:
        """D7 for a credential revoked or expired at `ended_at`, its title shown then."""
        rule, trigger, at = _ending(account_id, state, ended_at)
        return await self._in_use(account_id, state, rule, trigger, state.source_event_id, at, index)

    async def no_longer_shown(self, event: ProfileEvent, ended: list[StoredCredential], index: IdentityIndex,
                              ) -> list[Violation]:
        """The D7s a revocation or expiry later in event time may have raised on the fields this profile
        event sets, which the profile as it stood then no longer shows now that this event (arriving after
        the credential event) is part of it: a rename that took the title away before the revocation. Each
        comes back as the violation it would have been (same id); whether it was raised is the ledger's to
        say. Event-time order never raised them. `ended`: the account's credentials that ended at or after
        the event (`ended_after`)."""
        fields = _FIELDS_SET.get(type(event), ())
        gone: list[Violation] = []
        if not fields or not ended:  # an avatar change takes no title away: the profile is not read
            return gone
        # only a title the field showed before this event can have raised a D7 there (the credential event
        # read the profile without this event): most late profile events show none, and cost one read
        before = await self._profiles.as_of(event.account_id, _ms(event.occurred_at) - 1)
        if before is None:
            return gone
        shown_before = {(v.field, v.evidence.get("domain"))
                        for v in detect_professional_title(index, _view(before, event.occurred_at, frozenset()))}
        for state in ended:
            if not any((field, state.domain) in shown_before for field in fields):
                continue
            assert state.ended_at_ms is not None
            rule, trigger, at = _ending(event.account_id, state, _at(state.ended_at_ms))
            shown = {v.field for v in await self._in_use(event.account_id, state, rule, trigger,
                                                         state.source_event_id, at, index)}
            # the text the title stood in is gone (this event replaced it): the withdrawal names the field,
            # the domain and the credential, and carries the confidence of a title read as written
            gone += [Violation(account_id=event.account_id, rule=rule, confidence=0.9,
                               source_event_id=state.source_event_id, occurred_at=at, field=field,
                               identity=f"title:{state.domain}", trigger_id=trigger,
                               evidence={"field": field, "domain": state.domain, **_credential_evidence(state, rule)})
                     for field in fields if field not in shown and (field, state.domain) in shown_before]
        return gone

    async def late_for_ended(self, event: ProfileEvent, ended: list[StoredCredential], index: IdentityIndex,
                          ) -> list[tuple[Violation, ...]]:
        """D7 owed because this profile event arrived after a revocation or expiry later in event time: the
        profile as it stood then includes this event, which the credential event could not see (the same
        violation ids as in event-time order; a repeat of one already raised only re-sends). `ended`: as for
        `no_longer_shown`."""
        groups: list[tuple[Violation, ...]] = []
        if not ended:
            return groups
        # Only the texts this event sets can change what the profile showed when a credential ended: the
        # other fields were judged then (`_ended_in_use`), so a credential of a domain that no title in this
        # event's own texts names is owed nothing new (an avatar change never is).
        named = {v.evidence.get("domain") for v in detect_professional_title(index, profile_view(event))}
        for state in ended:
            assert state.ended_at_ms is not None
            if state.domain not in named:
                continue
            found = await self._ended_in_use(event.account_id, state, _at(state.ended_at_ms), index)
            if found:
                groups.append(tuple(found))
        return groups

    async def _schedule_expiry(self, account_id: str, state: StoredCredential) -> None:
        assert state.valid_until_ms is not None
        if open_ended(state.valid_until_ms):
            return
        payload = {"account_id": account_id, "credential_id": state.credential_id,
                   "valid_until_ms": state.valid_until_ms}
        notice_ms = state.valid_until_ms - self._policy.credentials.notice_before_days * MS_PER_DAY
        for kind, due in ((NOTICE, notice_ms), (EXPIRY, state.valid_until_ms)):
            await self._schedule.add(item_id(kind, account_id, state.credential_id, state.valid_until_ms), due,
                                     orjson.dumps(payload | {"kind": kind}, option=orjson.OPT_SORT_KEYS))

    async def _unschedule(self, account_id: str, previous: StoredCredential) -> None:
        """A renewal moves the expiry; an expiry or revocation event ends it (no second D7 on the schedule)."""
        assert previous.valid_until_ms is not None
        for kind in (NOTICE, EXPIRY):
            await self._schedule.cancel(item_id(kind, account_id, previous.credential_id, previous.valid_until_ms))

    async def due(self, watermark_ms: int, now_ms: int, index: IdentityIndex) -> Fired:
        """Expiries and notices the watermark has passed; a stale item (renewed, revoked) is acked silently."""
        items = await self._schedule.claim(watermark_ms, now_ms=now_ms, lease_ms=LEASE_MS, limit=CLAIM_LIMIT)
        if not items:
            return _NOTHING_FIRED  # asked after every event; nearly always nothing is due
        groups: list[tuple[Violation, ...]] = []
        notices: list[dict[str, object]] = []
        resent: list[str] = []
        for item in items:
            payload = orjson.loads(item.payload)
            account, valid_until = payload["account_id"], payload["valid_until_ms"]
            state = await self.credentials.get(account, payload["credential_id"])
            if state is None or state.status != "valid" or state.valid_until_ms != valid_until:
                continue
            if payload["kind"] == NOTICE:
                if await self._titles_shown(account, state, index, _at(valid_until)):
                    notice = await self._witnessed(account, state, item.item_id)
                    if notice is not None:
                        notices.append(notice[0])
                        if notice[1]:  # handed out again after a lease ran out
                            resent.append(str(notice[0]["action_id"]))
                continue
            found = await self._in_use(account, state, "credential_lapsed_in_use",
                                       expiry_trigger(account, state.credential_id, valid_until),
                                       state.source_event_id, _at(valid_until), index)
            if found:
                groups.append(tuple(found))
        return Fired(tuple(groups), tuple(notices), tuple(item.item_id for item in items), tuple(resent))

    async def on_profile(self, event: ProfileEvent, index: IdentityIndex, covered: frozenset[str],
                         held: list[StoredCredential]) -> Fired:
        """The pre-expiry notices a profile event inside a warning window owes: the event itself shows a
        title in the domain of a credential that is valid then and expires within `notice_before_days`.

        `held`: the account's credentials, and `covered` the domains of those valid at the event's time
        (D6 read them already); without one there is nothing to warn of."""
        if not covered:
            return _NOTHING_FIRED
        shown = {v.evidence.get("domain") for v in detect_professional_title(index, profile_view(event))}
        if not shown & covered:
            return _NOTHING_FIRED
        at_ms = _ms(event.occurred_at)
        window_ms = self._policy.credentials.notice_before_days * MS_PER_DAY
        notices: list[dict[str, object]] = []
        resent: list[str] = []
        for state in held:
            until = state.valid_until_ms
            if state.domain not in shown or until is None or not state.valid_at(at_ms):
                continue
            if at_ms < until - window_ms:
                continue  # the window has not opened: the scheduled notice will look when it does
            if any(other.domain == state.domain and other.valid_at(until) for other in held):
                continue  # another credential of the domain outlives this one: no title goes uncovered
            notice = await self._witnessed(event.account_id, state, event.event_id)
            if notice is not None:
                notices.append(notice[0])
                if notice[1]:
                    resent.append(str(notice[0]["action_id"]))
        return Fired(notices=tuple(notices), resent=tuple(resent)) if notices else _NOTHING_FIRED

    async def _witnessed(self, account_id: str, state: StoredCredential, witness: str,
                         ) -> tuple[dict[str, object], bool] | None:
        """The notice record if `witness` is the one recorded for this expiry (and whether it was sent before)."""
        assert state.valid_until_ms is not None
        recorded, fresh = await self.credentials.notice_witness(account_id, state.credential_id,
                                                                state.valid_until_ms, witness)
        if recorded != witness:
            return None  # another witness (earlier in arrival, same record) sent it
        start = state.valid_until_ms - self._policy.credentials.notice_before_days * MS_PER_DAY
        return expiry_notice(account_id, state, self._policy, start).to_record(), not fresh

    async def acknowledge(self, item_ids: tuple[str, ...]) -> None:
        if item_ids:
            await self._schedule.ack(list(item_ids))

    async def _titles_shown(self, account_id: str, state: StoredCredential, index: IdentityIndex,
                            at: datetime) -> list[Violation]:
        """D6's title detection over the profile as it stood at `at` (not as it is now: a rename after `at`
        that arrived first must not decide), kept to the credential's domain; a second credential of the
        same domain still valid at `at` covers the title."""
        profile = await self._profiles.as_of(account_id, _ms(at))
        if profile is None:
            return []
        covered = await self.credentials.valid_domains(account_id, at)
        if state.domain in covered:
            return []
        return [v for v in detect_professional_title(index, _view(profile, at, covered))
                if v.evidence.get("domain") == state.domain]

    async def _in_use(self, account_id: str, state: StoredCredential, rule: str, trigger: str, source_event_id: str,
                      at: datetime, index: IdentityIndex) -> list[Violation]:
        """D7: the professional identity is still shown after the credential lapsed or was revoked."""
        shown = await self._titles_shown(account_id, state, index, at)
        return [Violation(
            account_id=account_id, rule=rule, confidence=title.confidence, source_event_id=source_event_id,
            occurred_at=at, field=title.field, identity=title.identity, trigger_id=trigger,
            evidence={**title.evidence, **_credential_evidence(state, rule)},
        ) for title in shown]


# The profile fields (as the stored profile names them) each kind of profile event sets.
# (A creation met after a revocation set what the revocation could not read: it raised nothing there.)
_FIELDS_SET: dict[type, tuple[str, ...]] = {ProfileRenamed: ("name",), BioChanged: ("bio",)}


def _ending(account_id: str, state: StoredCredential, ended_at: datetime) -> tuple[str, str, datetime]:
    """The D7 rule, trigger and time of a credential revoked or expired at `ended_at`."""
    if state.status == "revoked":
        return ("credential_revoked_in_use",
                derive_id("credential", account_id, state.credential_id, "revoked", state.source_event_id), ended_at)
    # the same trigger, source and time as the watermark-fired expiry: one violation either way
    known = state.valid_until_ms is not None and state.valid_until_ms <= _ms(ended_at)
    at = _at(state.valid_until_ms) if known and state.valid_until_ms is not None else ended_at
    return ("credential_lapsed_in_use",
            expiry_trigger(account_id, state.credential_id, state.valid_until_ms if known else None), at)


def ended_after(held: list[StoredCredential], event: ProfileEvent) -> list[StoredCredential]:
    """The credentials revoked or expired at or after the profile event's time (it arrived after them)."""
    at_ms = _ms(event.occurred_at)
    return [s for s in held if s.status != "valid" and s.ended_at_ms is not None and s.ended_at_ms >= at_ms]


def _credential_evidence(state: StoredCredential, rule: str) -> dict[str, object]:
    """What the reviewer needs of the credential; the same for a fired expiry and a credential.expired
    event of the same expiry, so both give one identical violation record."""
    evidence: dict[str, object] = {"credential_id": state.credential_id,
                                   "valid_until": None if state.valid_until_ms is None else _iso(state.valid_until_ms)}
    if rule == "credential_revoked_in_use":
        evidence |= {"reason": state.reason, "found_fake": (state.reason or "") in FAKE_REASONS}
    return evidence


def _view(profile: CurrentProfile, at: datetime, covered: frozenset[str]) -> ProfileView:
    return profile.view(f"profile:{profile.account_id}", at, covered)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _iso(ms: int) -> str:
    return _at(ms).isoformat().replace("+00:00", "Z")
