"""The domain's entry point per event type: what the worker hands each valid event to (P1).

Agents stay thin: they decode, call `Enforcement.handle`, and send the Outcome. Detectors run first
(all of them), then the policy assigns severity and decides what is automatic and what needs a person
(decisions "Severity has one owner: the policy", "Review"); the event's winning violation goes to the ledger through the
`Sanctioner` (S1–S6), whose actions come back in the Outcome, beside the mute lifts the watermark
has made due. Nothing here knows about Kafka or Faust.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from operator import attrgetter
from typing import Any

import orjson

from enforcement.accounts.credentials import StoredCredential
from enforcement.accounts.profiles import ProfileStore, remember_profile
from enforcement.churn import ChurnStore
from enforcement.churn.after_sanction import (
    RULE as AFTER_SANCTION,
)
from enforcement.churn.after_sanction import (
    SANCTION_RECHECKED,
    AfterSanctionLog,
    RenameEntry,
    after_sanction_violation,
    answer_of_newest,
    answers,
    keep_from,
    rejudge_from,
    sanction_changes,
)
from enforcement.churn.rules import ChurnRules
from enforcement.content import ContentJudgement, ContentRules
from enforcement.credential_lifecycle import CredentialLifecycle, Fired, ended_after
from enforcement.credential_recheck import Rejudged
from enforcement.credentials import CredentialView, NoCredentials
from enforcement.detectors import detect_profile, profile_view
from enforcement.detectors.hot_event import detect_hot_event_party
from enforcement.early import EarlyRecords, answerable
from enforcement.events import (
    AppealFiled,
    AppealResolved,
    AvatarChanged,
    BioChanged,
    ContentLabelled,
    CredentialEvent,
    CredentialExpired,
    CredentialRenewed,
    CredentialRevoked,
    CredentialVerified,
    Event,
    ProfileCreated,
    ProfileRenamed,
    ReportFiled,
    ReviewDecided,
)
from enforcement.hotevents import HotEventHolder
from enforcement.identity.holder import IndexHolder
from enforcement.ids import derive_id
from enforcement.ordering import LAST_STRIKE_POINT, LEDGER, pass_point, wrote_shared
from enforcement.policy import Policy
from enforcement.registry import Registry
from enforcement.registry_recheck import RegistryRecheck, RegistryRecord
from enforcement.review import review_record
from enforcement.sanctions import NewAccount, Sanctioner, Sanctions
from enforcement.violations import Violation
from enforcement.watermark import EARLIEST, Watermark, to_millis

Record = dict[str, Any]
RECHECK_ROUNDS = 8  # D10 re-checks a change may set off in turn (a D10 strike's own sanction, and so on)
AvatarHasher = Callable[[str], Awaitable[list[tuple[str, str, int]]]]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one event produced: JSON records for the violations, actions and review topics.

    `acks` / `shadow_acks` are schedule items (mute lifts) inside `actions` / `shadow_actions`: the
    worker acknowledges them with `Enforcement.acknowledge` once the records are on Kafka.

    Every field is either a tuple (records and ids, which `merged` concatenates) or a scalar defaulting to
    None (which `merged` takes from the first outcome); a field of any other kind fails at import.
    """

    violations: tuple[Record, ...] = ()
    actions: tuple[Record, ...] = ()
    reviews: tuple[Record, ...] = ()
    watermark_ms: int | None = None
    shadow_actions: tuple[Record, ...] = ()
    acks: tuple[str, ...] = ()
    shadow_acks: tuple[str, ...] = ()
    appeal_result: str | None = None  # overturned | upheld | unknown_violation, for the metrics
    resent: tuple[str, ...] = ()  # action ids re-sent for a redelivered event (decision "Repeats re-send"): not counted
    brakes: tuple[tuple[str, str], ...] = ()  # (rule, admitted | open | opened) per breaker consulted
    credential_acks: tuple[str, ...] = ()  # D7 credential expiries/notices fired, acked once sent
    rechecked: tuple[str, ...] = ()  # registry record hashes re-checked, marked done once sent
    report_category: str | None = None  # D11: the policy category of a report.filed, for the metrics
    review_decision: str | None = None  # P7: confirm | dismiss | already_decided | unknown_review

    def merged(self, other: Outcome) -> Outcome:
        """This outcome followed by `other`: every tuple field is this one's then `other`'s, in that order.

        The scalar fields (`watermark_ms`, `appeal_result`, `report_category`, `review_decision`) are this
        outcome's, whatever `other` holds: they describe the event the outcome was handled for, and the
        worker counts them once per event. What is merged after it (due items, re-checks, appeals and
        decisions answered early) adds records, not another event's metric: an appeal answered early was
        counted when it came in, and the caller sets the watermark itself."""
        if other is _NOTHING:
            return self
        added = _tuples_of(other)
        if not any(added):
            return self  # most merges: nothing fell due, nothing was re-checked
        values = list(_values_of(self))
        for at, more in zip(_TUPLE_AT, added, strict=True):
            if more:
                values[at] += more
        return Outcome(*values)

    def with_watermark(self, watermark_ms: int) -> Outcome:
        """This outcome stamped with the watermark after its event: what `dataclasses.replace` gives, without
        its walk over the fields on every call (every event takes one; replace cost 4 µs of ~80 in memory)."""
        values = list(_values_of(self))
        values[_WATERMARK_AT] = watermark_ms
        return Outcome(*values)


def _outcome_layout() -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Every Outcome field in order, and the positions of its tuple fields, read once at import so that a
    new field cannot be left out of `Outcome.merged`: it must be a tuple or a scalar defaulting to None."""
    names: list[str] = []
    tuple_at: list[int] = []
    for at, field in enumerate(fields(Outcome)):
        if field.default == ():
            tuple_at.append(at)
        elif field.default is not None:
            raise TypeError(f"Outcome.{field.name}: merged() knows tuples (default ()) and scalars (default None)")
        names.append(field.name)
    return tuple(names), tuple(tuple_at)


_FIELD_NAMES, _TUPLE_AT = _outcome_layout()
_values_of = attrgetter(*_FIELD_NAMES)  # every field's value, in field order (positional for Outcome(...))
_tuples_of = attrgetter(*(_FIELD_NAMES[at] for at in _TUPLE_AT))
_WATERMARK_AT = _FIELD_NAMES.index("watermark_ms")
_NOTHING = Outcome()  # frozen: one shared empty outcome for the many events that produce nothing


@dataclass(frozen=True, slots=True)
class Handled:
    """What an event type's handler returns: its outcome, the violations whose review items a decision may
    later resolve, and, for a rename earlier than renames already judged, the time D10 re-checks from."""

    outcome: Outcome = _NOTHING
    candidates: tuple[Violation, ...] = ()
    renames_after: int | None = None


_UNHANDLED = Handled()
Handler = Callable[[Event, int], Awaitable[Handled]]


def sanctioned(sanctioners: Sequence[Sanctioner], runs: Sequence[Sanctions]) -> Outcome:
    """What each sanctioner's run (in the same order) adds to an outcome. A shadow policy's actions and acks
    go to `shadow_actions` / `shadow_acks`; its reviews and brakes are dropped (they stay in its own keys: a
    shadow policy only says what it would do, and puts nothing before people). Every run's re-sent ids count."""
    actions: tuple[Record, ...] = ()
    shadow: tuple[Record, ...] = ()
    acks: tuple[str, ...] = ()
    shadow_acks: tuple[str, ...] = ()
    reviews: tuple[Record, ...] = ()
    brakes: tuple[tuple[str, str], ...] = ()
    resent: tuple[str, ...] = ()
    for sanctioner, run in zip(sanctioners, runs, strict=True):
        resent += run.resent
        if sanctioner.shadow:
            shadow, shadow_acks = shadow + run.actions, shadow_acks + run.acks
        else:
            actions, acks = actions + run.actions, acks + run.acks
            reviews += run.reviews
            brakes += (run.brake,) if run.brake is not None else ()
    return Outcome(actions=actions, reviews=reviews, shadow_actions=shadow, acks=acks, shadow_acks=shadow_acks,
                   resent=resent, brakes=brakes)


def judge(violations: list[Violation], policy: Policy) -> Outcome:
    """Severity from the policy on every violation; the uncertain ones go to review (S3)."""
    if not violations:
        return _NOTHING
    records = tuple(v.to_record(policy.severity_of(v)) for v in violations)
    reviews = tuple(review_record(v, "uncertain", policy.severity_of(v)) for v in policy.scoring(violations).review)
    return Outcome(violations=records, reviews=reviews)


async def _strike_best(sanctioner: Sanctioner, violations: list[Violation], created: NewAccount | None = None,
                       ) -> Sanctions:
    """The sanctioner's own policy (the owner of severity) picks one source's winning violation, which alone
    strikes; a new account is registered under its owner with its strike, or alone when nothing strikes."""
    strike = sanctioner.policy.scoring(violations).strike if violations else None
    if strike is not None:
        return await sanctioner.strike(strike, created=created)
    if created is not None:
        return await sanctioner.account_created(created.account_id, created.identity_hash, created.event_id,
                                                created.at)
    return Sanctions()


def _stored(outcome: Outcome) -> bytes:
    """What a re-check sent, kept under its trigger so a redelivered trigger sends the same (`_resent`)."""
    return orjson.dumps({"violations": list(outcome.violations), "reviews": list(outcome.reviews),
                         "actions": list(outcome.actions), "shadow_actions": list(outcome.shadow_actions)})


def _resent(saved: bytes) -> Outcome:
    """A re-check's stored records, sent again: its actions count as re-sent, not as new sanctions."""
    data = orjson.loads(saved)
    return Outcome(violations=tuple(data["violations"]), reviews=tuple(data["reviews"]),
                   actions=tuple(data["actions"]), shadow_actions=tuple(data["shadow_actions"]),
                   resent=tuple(a["action_id"] for a in data["actions"]))


# The reason of a D7 sent again withdrawn, and of the reversals of its strike, when a late profile event
# shows its title was gone before the credential ended.
PROFILE_RECHECKED = "profile_rechecked"


def _withdrawn(violation: Violation, policy: Policy, by: str, reason: str) -> Record:
    """A violation that a re-check found no longer holds, sent again under its id and marked so."""
    return {**violation.to_record(policy.severity_of(violation)), "withdrawn": True, "withdrawn_by": by,
            "reason": reason}


def _wall_ms() -> int:
    """Wall clock, used only for schedule leases (who may fire an item), never for a decision."""
    return time.time_ns() // 1_000_000


class Enforcement:
    """Routes each event to the rules that concern it; every event first advances the watermark."""

    def __init__(
        self,
        *,
        watermark: Watermark,
        index: IndexHolder,
        policy: Policy,
        sanctioner: Sanctioner | None = None,
        shadow: Sanctioner | None = None,
        credentials: CredentialView | None = None,
        avatar_hasher: AvatarHasher | None = None,
        clock_ms: Callable[[], int] | None = None,
        hot_events: HotEventHolder | None = None,
        churn: ChurnStore | None = None,
        profiles: ProfileStore | None = None,
        lifecycle: CredentialLifecycle | None = None,
        recheck: RegistryRecheck | None = None,
        content: ContentRules | None = None,
        early: EarlyRecords | None = None,
    ) -> None:
        self._watermark = watermark
        self._index = index
        self._policy = policy
        self._sanctioners = [s for s in (sanctioner, shadow) if s is not None]
        self._credentials = credentials or (lifecycle.credentials if lifecycle else None) or NoCredentials()
        self._profiles = profiles  # the current profile store (D7, registry re-checks)
        self._lifecycle = lifecycle
        self._recheck = recheck
        self._avatar_hasher = avatar_hasher
        self._clock_ms = clock_ms or _wall_ms
        self._hot_events = hot_events  # D9
        self._churn = None if churn is None else ChurnRules(churn, policy)  # D10, with the enforcing policy's knobs
        self._content = content  # D11, D12, S5, S6, review decisions
        self._early = early  # appeals and review decisions that came before what they name
        # Each event type's handler, in one table. A family whose collaborator is missing is off: its events
        # only advance the watermark, and `families` says so (the worker logs it and exports it).
        self._handlers: dict[type[Event], Handler] = {
            **dict.fromkeys((ProfileCreated, ProfileRenamed, AvatarChanged, BioChanged), self._on_profile),
            AppealFiled: self._on_appeal_filed,
            AppealResolved: self._on_appeal_resolved,
        }
        if lifecycle is not None:
            self._handlers.update(dict.fromkeys(
                (CredentialVerified, CredentialRenewed, CredentialExpired, CredentialRevoked), self._on_credential))
        if content is not None:
            self._handlers.update(dict.fromkeys((ReportFiled, ContentLabelled, ReviewDecided), self._on_content))
        self.families = {name: part is not None for name, part in (
            ("sanctions", sanctioner), ("credentials", lifecycle), ("registry_recheck", recheck),
            ("content", content), ("churn", churn), ("hot_events", hot_events), ("early_records", early),
            ("avatar_fetching", avatar_hasher))}

    async def handle(self, event: Event, *, fire_due: bool = True, held_to: int | None = None) -> Outcome:
        """Apply every rule that concerns `event`; the only entry point the worker calls.

        `fire_due=False`: the caller fires what the watermark made due itself, between events (the batch
        worker does, at the points of its batch where something can be due — `next_due`). `held_to`: the
        watermark may not pass this here (the batch worker's input partitions still behind hold it back,
        `enforcement.watermark.holds`), so what is kept until the watermark passes it is kept for them too."""
        watermark = await self._watermark.observe(event.occurred_at)
        if held_to is not None:
            watermark = min(watermark, held_to)
        handler = self._handlers.get(type(event))
        handled = _UNHANDLED if handler is None else await handler(event, watermark)
        outcome, candidates, renames_after = handled.outcome, list(handled.candidates), handled.renames_after
        since = {} if renames_after is None else {event.account_id: renames_after}
        rechecked, added = await self._recheck_actions(event.event_id, event.occurred_at, self._d10_actions(outcome),
                                                       since)
        outcome, candidates = outcome.merged(rechecked), candidates + added
        pass_point(LAST_STRIKE_POINT)  # no more strikes from this event: later ones need not wait for it
        await self._remember_reviews(outcome, candidates)
        outcome = await self._answer_early(outcome, watermark)
        if not fire_due:
            return outcome.with_watermark(watermark)
        due = await self.due(watermark)
        return outcome.merged(due).with_watermark(watermark)

    async def _on_profile(self, event: Event, watermark: int) -> Handled:
        """D1–D10 on a profile event (created, renamed, avatar, bio), struck by each sanctioner; D6/D7 state."""
        assert isinstance(event, ProfileCreated | ProfileRenamed | AvatarChanged | BioChanged)
        if self._profiles is not None:
            await self._index.caught_up.wait()
            await remember_profile(self._profiles, event)
        violations, covered, held = await self.profile_violations(event)
        churned, renames_after = await self._churn_violations(event, violations)
        violations += churned
        if self._content is not None:
            violations = await self._content.allowed(violations)
            if isinstance(event, ProfileCreated):
                await self._content.account_created(event)
        wrote_shared()  # a new account's owner and age, which reports on it read
        ended = ended_after(held, event)  # credentials revoked or expired after this event: it came late
        if not violations and not ended and renames_after is None:
            # nothing to strike: later events need not wait for this one — but a new account is still
            # registered under its owner at the owner step (S4)
            pass_point(LEDGER if isinstance(event, ProfileCreated) and self._sanctioners else LAST_STRIKE_POINT)
        candidates = violations
        outcome = judge(violations, self._policy)
        runs = [await self._sanction_profile(s, event, violations) for s in self._sanctioners]
        outcome = self._merge(outcome, runs)
        if self._lifecycle is not None and self._lifecycle.recheck is not None:
            # kept until the watermark passes it: a credential event earlier in event time may still come
            await self._lifecycle.recheck.remember(event, covered, violations, keep_from_ms=watermark)
        if ended and self._lifecycle is not None:
            late = await self._lifecycle.late_for_ended(event, ended, self._index.current)
            if late:
                outcome = outcome.merged(await self._sanction_groups(late))
                candidates = candidates + [v for group in late for v in group]
            gone = await self._lifecycle.no_longer_shown(event, ended, self._index.current)
            if gone:
                outcome = outcome.merged(await self._withdraw_unshown(event, gone))
        if self._lifecycle is not None and self._sanctioners:
            outcome = self._with_notices(outcome, await self._lifecycle.on_profile(event, self._index.current,
                                                                                  covered, held))
        return Handled(outcome, tuple(candidates), renames_after)

    async def _withdraw_unshown(self, event: Event, gone: list[Violation]) -> Outcome:
        """D7s a profile event arriving late shows were never owed (its title was gone before the credential
        ended): each one a sanctioner's ledger holds is overturned, its sanctions reversed with reason
        `profile_rechecked`, and one the enforcing ledger held is sent again withdrawn. A ledger that never
        held it (event-time order raised none) changes nothing; a redelivered event sends the same again."""
        total = _NOTHING
        for violation in gone:
            runs: list[Sanctions] = []
            withdrawn: tuple[Record, ...] = ()
            appeal_id = derive_id("profile_recheck", event.event_id, violation.violation_id)
            for sanctioner in self._sanctioners:
                undone, found = await sanctioner.appeal(event.account_id, violation.violation_id, "overturned",
                                                        appeal_id, violation.occurred_at, reason=PROFILE_RECHECKED)
                runs.append(undone)
                if found and not sanctioner.shadow:
                    withdrawn = (_withdrawn(violation, self._policy, event.event_id, PROFILE_RECHECKED),)
            if withdrawn or any(run.actions or run.reviews for run in runs):
                total = total.merged(self._merge(Outcome(violations=withdrawn), runs))
        return total

    async def _on_appeal_filed(self, event: Event, watermark: int) -> Handled:
        """An appeal waits for a supervisor (the console's appeals queue); filing one changes no strike and
        emits nothing: like every event it only advances the watermark, and its resolution is appeal.resolved."""
        return _UNHANDLED

    async def _on_appeal_resolved(self, event: Event, watermark: int) -> Handled:
        """S7: an overturned appeal reverses the violation's strike and what it set off."""
        assert isinstance(event, AppealResolved)
        outcome = await self._appeal(event)
        wrote_shared()  # reporters' weights
        if outcome.appeal_result == "unknown_violation" and self._early is not None:
            await self._early.keep(event)  # answered when the violation it names is raised
        return Handled(outcome)

    async def _on_credential(self, event: Event, watermark: int) -> Handled:
        """D6/D7 credential lifecycle: what the credential event raises, and the profile events it re-judges."""
        assert isinstance(event, CredentialEvent) and self._lifecycle is not None
        await self._index.caught_up.wait()
        found = await self._lifecycle.on_event(event, self._index.current)
        outcome = await self._sanction_groups([tuple(found)] if found else [])
        rejudged, added = await self._rejudge_profiles(event)
        return Handled(outcome.merged(rejudged), (*found, *added))

    async def _on_content(self, event: Event, watermark: int) -> Handled:
        """D11 reports, D12 labels (S5, S6) and review decisions (P7)."""
        assert isinstance(event, ReportFiled | ContentLabelled | ReviewDecided) and self._content is not None
        judged = await self._content.judge(event)
        wrote_shared()  # a decision's reporters' weights
        if isinstance(event, ReviewDecided) and judged.decision == "unknown_review" and self._early is not None:
            await self._early.keep(event)  # answered when the review item it names is raised
        return Handled(await self._content_outcome(judged), tuple(judged.violations))

    async def _rejudge_profiles(self, event: CredentialEvent) -> tuple[Outcome, list[Violation]]:
        """A credential event re-judges the account's profile events at or after its time that were judged
        with other credentials (credential_recheck.py): a withdrawn violation is sent again marked
        `withdrawn` and its strike is overturned; a new one is sent and struck, the event's best violation
        striking as always (the policy picks it: "Severity has one owner: the policy"). A redelivered
        credential event sends what its first run sent."""
        recheck = None if self._lifecycle is None else self._lifecycle.recheck
        if recheck is None:
            return _NOTHING, []
        saved = await recheck.checks.result_of(event.account_id, event.event_id)
        if saved is not None:
            return _resent(saved), []
        allow = None if self._content is None else self._content.allowed
        rejudged = await recheck.rejudge(event.account_id, to_millis(event.occurred_at), self._index.current, allow)
        if not rejudged:
            return _NOTHING, []
        total, added = _NOTHING, []
        for change in rejudged:
            withdrawn = tuple(_withdrawn(v, self._policy, event.event_id, "credential_rechecked")
                              for v in change.withdrawn)
            judged = judge(change.added, self._policy)
            runs = [await self._restrike(s, event, change.before.violations, change.after.violations)
                    for s in self._sanctioners]
            merged = self._merge(Outcome(violations=withdrawn).merged(judged), runs)
            total = total.merged(merged)
            added += change.added
        await recheck.checks.save_result(event.account_id, event.event_id, to_millis(event.occurred_at),
                                         _stored(total), [change.after for change in rejudged])
        await self._renames_rechecked(event.account_id, rejudged)
        return total, added

    async def _renames_rechecked(self, account_id: str, rejudged: Sequence[Rejudged]) -> None:
        """D10's log keeps each rename's other violations, to strike from again when its D10 changes: the
        renames a credential re-check judged again keep what it left them, so a withdrawn violation is never
        struck again from there."""
        if self._churn is None or not self._sanctioners:
            return
        store = self._churn.store
        log = await store.after_sanction_log(account_id)
        changed = [replace(entry, violations=tuple(v for v in change.after.violations if v.rule != AFTER_SANCTION))
                   for change in rejudged if (entry := log.renames.get(change.after.event_id)) is not None]
        if changed:
            await store.save_after_sanction(account_id, changed, {}, [], self._d10_keep_from(log))

    def _d10_keep_from(self, log: AfterSanctionLog) -> int:
        """What the D10 log may forget: the ledger's window is how far back a sanction can still change."""
        return keep_from(log, self._policy.churn, self._policy.window_ms) or 0

    async def _restrike(self, sanctioner: Sanctioner, event: CredentialEvent, before: Sequence[Violation],
                        after: Sequence[Violation]) -> Sanctions:
        return await self._strike_again(sanctioner, event.account_id, event.event_id, event.occurred_at, before,
                                        after, "credential_recheck", "credential_rechecked")

    async def _strike_again(self, sanctioner: Sanctioner, account_id: str, trigger_id: str, at: datetime,
                            before: Sequence[Violation], after: Sequence[Violation], kind: str, reason: str,
                            ) -> Sanctions:
        """The policy picks the striking violation again on the re-judged violations: when the event's
        striking violation changed, the old one's strike is overturned (its sanctions reversed) and the new
        one strikes."""
        scoring = sanctioner.policy.scoring
        old = scoring(list(before)).strike if before else None
        new = scoring(list(after)).strike if after else None
        if (old and old.violation_id) == (new and new.violation_id):
            return Sanctions()
        undone = Sanctions()
        if old is not None:
            appeal_id = derive_id(kind, trigger_id, old.violation_id)
            undone, _ = await sanctioner.appeal(account_id, old.violation_id, "overturned", appeal_id, at,
                                                reason=reason)
        struck = await sanctioner.strike(new) if new is not None else Sanctions()
        return replace(struck, actions=undone.actions + struck.actions, reviews=undone.reviews + struck.reviews)

    async def _remember_reviews(self, outcome: Outcome, candidates: list[Violation]) -> None:
        """Every review item emitted is kept with its violation, so a decision can act on it."""
        if self._content is not None and outcome.reviews:
            await self._content.remember_reviews(outcome.reviews, candidates)

    async def _content_outcome(self, judged: ContentJudgement) -> Outcome:
        """D11/D12/S5/S6 and review decisions: records, then each sanctioner strikes with its own policy."""
        records = tuple(v.to_record(self._policy.severity_of(v)) for v in judged.violations)
        runs: list[Sanctions] = []
        for sanctioner in self._sanctioners:
            if judged.confirmed is not None:
                runs.append(await sanctioner.strike(judged.confirmed, reviewed=True))
                continue
            runs.append(await _strike_best(sanctioner, list(judged.strikes)))
        outcome = Outcome(violations=records, reviews=judged.reviews, report_category=judged.report_category,
                          review_decision=judged.decision)
        return self._merge(outcome, runs)

    async def wait_ready(self) -> None:
        """Until the registries have been read to their end (profile events are checked against them)."""
        await self._index.caught_up.wait()
        if self._hot_events is not None:
            await self._hot_events.caught_up.wait()

    def planned_watermarks(self, events: Sequence[Event]) -> list[int]:
        """The watermark after each of `events` in turn, as `handle` will see it (nothing changes)."""
        return self._watermark.plan([event.occurred_at for event in events])

    async def watermark(self) -> int | None:
        """The shared watermark in epoch ms (None before any event)."""
        return await self._watermark.current()

    async def flush_watermark(self) -> None:
        """Share the event times observed since the last flush (the batch worker calls this per batch)."""
        await self._watermark.flush()

    async def next_due(self, *, fresh: bool = False) -> int | None:
        """Earliest event time at which a scheduled item may fall due (None: nothing is scheduled).
        `fresh`: read every schedule again (the batch worker does once per batch), all in one go."""
        schedules = [s.schedule for s in self._sanctioners]
        if self._lifecycle is not None:
            schedules.append(self._lifecycle.schedule)
        if fresh:
            for schedule in schedules:
                schedule.forget_next_due()
        times = [t for t in await asyncio.gather(*(s.next_due() for s in schedules)) if t is not None]
        return min(times, default=None)

    def earliest_scheduled_by(self, event: Event) -> int | None:
        """The earliest due time handling `event` may schedule (a credential's pre-expiry notice; a mute's
        lift lies days after its event), so a batch knows where it must fire due items before going on."""
        return None if self._lifecycle is None else self._lifecycle.earliest_scheduled_by(event)

    async def observe_clock(self, now: datetime) -> int:
        """Live running (decision "Event time and the watermark"): the wall clock raises the shared watermark
        like an event at `now` would (minus the allowed lateness). Never called in replays, whose decisions
        stay event-time only."""
        return await self._watermark.observe(now)

    async def due(self, watermark_ms: int | None = None) -> Outcome:
        """Mute lifts the watermark has passed, for every sanctioner (also called on a timer when idle)."""
        if watermark_ms is None:
            watermark_ms = await self._watermark.current()
        if watermark_ms is None or not self._sanctioners:
            return Outcome()
        now = self._clock_ms()
        runs = [await s.due(watermark_ms, now) for s in self._sanctioners]
        lifts = self._merge(_NOTHING, runs)
        if self._lifecycle is None:
            return lifts
        fired = await self._lifecycle.due(watermark_ms, now, self._index.current)
        lapses = await self._sanction_groups(list(fired.violations))
        struck = [v for group in fired.violations for v in group]
        if self._d10_actions(lapses):  # an expiry's sanction counts for D10 like any other
            rechecked, added = await self._recheck_actions(None, None, self._d10_actions(lapses), {})
            lapses, struck = lapses.merged(rechecked), struck + added
        await self._remember_reviews(lapses, struck)
        enforcing, shadow = self._notice_sides(fired)
        notices = (Outcome(actions=enforcing, shadow_actions=shadow, resent=fired.resent, credential_acks=fired.acks)
                   if enforcing or shadow or fired.resent or fired.acks else _NOTHING)
        outcome = lifts.merged(notices).merged(lapses)  # lifts first, then notices, then lapses
        # an appeal of a D7 lapse, or a decision on its review item, may have come before the lapse fired
        return await self._answer_early(outcome, watermark_ms)

    def _notice_sides(self, fired: Fired) -> tuple[tuple[Record, ...], tuple[Record, ...]]:
        """Pre-expiry notices for the enforcing and the shadow actions: a shadow policy would send the same
        notice, so its would-be actions carry it too (policy diff compares)."""
        sides = tuple(fired.notices if any(s.shadow == side for s in self._sanctioners) else ()
                      for side in (False, True))
        return sides[0], sides[1]

    def _with_notices(self, outcome: Outcome, fired: Fired) -> Outcome:
        """A profile event's outcome followed by the pre-expiry notices it witnessed (D7)."""
        if not fired.notices:
            return outcome
        enforcing, shadow = self._notice_sides(fired)
        return outcome.merged(Outcome(actions=enforcing, shadow_actions=shadow, resent=fired.resent))

    async def registry_changed(self, before: Registry, records: list[RegistryRecord]) -> Outcome:
        """Existing accounts the batch's new identities catch (D1–D3); a burst goes to
        review as `registry_burst`, never sanctioned."""
        if self._recheck is None:
            return Outcome()
        watermark = await self._watermark.current()
        found = await self._recheck.recheck(before, records, watermark)
        outcome = await self._sanction_groups(list(found.strikes))
        struck = [v for group in found.strikes for v in group]
        if self._d10_actions(outcome):  # a re-check's sanction counts for D10 like any other
            rechecked, added = await self._recheck_actions(None, None, self._d10_actions(outcome), {})
            outcome, struck = outcome.merged(rechecked), struck + added
        held = [v for group in found.burst for v in group]
        reviews = tuple(review_record(v, "registry_burst", self._policy.severity_of(v)) for v in held)
        outcome = outcome.merged(Outcome(violations=tuple(v.to_record(self._policy.severity_of(v)) for v in held),
                                         reviews=reviews, rechecked=found.claimed))
        await self._remember_reviews(outcome, held + struck)
        # an appeal or a decision that named what the re-check raised may have come first
        return await self._answer_early(outcome, EARLIEST if watermark is None else watermark)

    async def _sanction_groups(self, groups: list[tuple[Violation, ...]]) -> Outcome:
        """Judge and strike each group like one source event's violations (its best one strikes)."""
        if not groups:
            return _NOTHING  # the common case (after every event's due()): nothing to judge
        total = Outcome()
        for group in groups:
            judged = judge(list(group), self._policy)
            runs = [await _strike_best(sanctioner, list(group)) for sanctioner in self._sanctioners]
            total = total.merged(self._merge(judged, runs))
        return total

    async def acknowledge(self, outcome: Outcome) -> None:
        """Forget the schedule items of `outcome` once its records are on Kafka."""
        for sanctioner in self._sanctioners:
            ids = outcome.shadow_acks if sanctioner.shadow else outcome.acks
            if ids:
                await sanctioner.acknowledge(ids)
        if self._lifecycle is not None:
            await self._lifecycle.acknowledge(outcome.credential_acks)
        if self._recheck is not None and outcome.rechecked:
            await self._recheck.done(outcome.rechecked)

    async def _sanction_profile(self, sanctioner: Sanctioner,
                                event: ProfileCreated | ProfileRenamed | AvatarChanged | BioChanged,
                                violations: list[Violation]) -> Sanctions:
        """Each sanctioner scores with its own policy (a shadow policy may pick another strike)."""
        if isinstance(event, ProfileCreated):
            created = NewAccount(event.account_id, event.identity_hash, event.event_id, event.occurred_at)
            return await _strike_best(sanctioner, violations, created)
        return await _strike_best(sanctioner, violations)

    async def _answer_early(self, outcome: Outcome, watermark_ms: int) -> Outcome:
        """The appeals and review decisions kept because they came before the violations and review items
        `outcome` now raises are answered right after them (enforcement/early)."""
        if self._early is None or not (outcome.violations or outcome.reviews):
            return outcome
        targets: dict[str, set[str]] = {}
        for violation in outcome.violations:
            if not violation.get("withdrawn"):
                targets.setdefault(violation["account_id"], set()).add(violation["violation_id"])
        for review in outcome.reviews:
            targets.setdefault(review["account_id"], set()).add(review["review_id"])
        for account_id, named in sorted(targets.items()):
            for kept in await answerable(self._early, account_id, named, watermark_ms):
                if isinstance(kept, AppealResolved):
                    answer = await self._appeal(kept)
                elif self._content is not None:
                    answer = await self._content_outcome(await self._content.judge(kept))
                else:
                    continue
                outcome = outcome.merged(answer)
        return outcome

    async def _appeal(self, event: AppealResolved) -> Outcome:
        runs: list[Sanctions] = []
        found = False
        for sanctioner in self._sanctioners:
            sanctions, known = await sanctioner.appeal(event.account_id, event.violation_id, event.outcome,
                                                       event.event_id, event.occurred_at,
                                                       resolved_by=event.resolved_by)
            runs.append(sanctions)
            found = found or (known and not sanctioner.shadow)
        result = event.outcome if found else "unknown_violation"
        if self._content is not None and result == "overturned":
            await self._content.appeal_overturned(event.account_id, event.violation_id)
        # an appeal's runs hold actions, and the owner review items a lifted blacklisting withdraws
        return self._merge(Outcome(appeal_result=result), runs)

    def _merge(self, outcome: Outcome, runs: list[Sanctions]) -> Outcome:
        """`outcome` followed by what the sanctioners' runs produced (`sanctioned`)."""
        if not any(run.actions or run.acks or run.resent or run.reviews or run.brake is not None for run in runs):
            return outcome  # most events: no sanctioner did anything, and merging would rebuild the same outcome
        return outcome.merged(sanctioned(self._sanctioners, runs))

    async def _churn_violations(self, event: ProfileCreated | ProfileRenamed | AvatarChanged | BioChanged,
                                violations: list[Violation]) -> tuple[list[Violation], int | None]:
        """D10: every profile event feeds the name history; the crossings come back as violations. A rename
        is judged against the sanctions standing at its event time (churn/after_sanction.py) and kept;
        when renames later in event time were judged before it, its time comes back too: they are
        judged again once the event is struck (`_recheck_renames`)."""
        if self._churn is None:
            return [], None
        if not isinstance(event, ProfileRenamed) or not self._sanctioners:
            return await self._churn.check(event, violations), None
        store, knobs, account = self._churn.store, self._policy.churn, event.account_id
        # independent reads: one round trip for both
        found, context = await asyncio.gather(self._churn.check(event, violations),
                                              store.rename_context(account, event.event_id))
        entry = context.stored  # a redelivery keeps the judgement made the first time
        earlier_than_judged = None
        if entry is None:
            entry = RenameEntry(event.event_id, event.occurred_at, tuple(violations + found))
            if context.follows(entry.at_ms, entry.event_id):
                # after every rename judged: no earlier judgement changes, and the log need not be read
                entry = replace(entry, answered=answer_of_newest(entry, context.latest, context.sanctions, knobs))
                log = AfterSanctionLog({entry.event_id: entry}, context.sanctions)  # the newest entries
            else:
                log = await store.after_sanction_log(account)
                fresh = answers([*log.renames.values(), entry], log.sanctions, knobs)
                entry = replace(entry, answered=fresh[event.event_id])
                if any(r.answered != fresh[r.event_id] for r in log.renames.values()):
                    earlier_than_judged = entry.at_ms
                log.renames[entry.event_id] = entry
            await store.save_after_sanction(account, [entry], {}, [], self._d10_keep_from(log))
        d10 = after_sanction_violation(account, entry, knobs)
        return found + ([d10] if d10 is not None else []), earlier_than_judged

    def _d10_actions(self, outcome: Outcome) -> tuple[Record, ...]:
        """The actions whose sanctions D10 reads: the enforcing policy's, or a shadow-mode worker's own."""
        return outcome.actions if any(not s.shadow for s in self._sanctioners) else outcome.shadow_actions

    async def _recheck_actions(self, trigger_id: str | None, at: datetime | None, actions: Sequence[Record],
                               since: dict[str, int]) -> tuple[Outcome, list[Violation]]:
        """D10 re-checks for every account `actions` concern (`_recheck_renames`). Without a triggering event
        (a D7 expiry the watermark fired, a registry re-check) the account's first action is the trigger."""
        if self._churn is None or not (actions or since):
            return _NOTHING, []
        total: Outcome = _NOTHING
        added: list[Violation] = []
        for account in sorted({a["account_id"] for a in actions} | set(since)):
            own = [a for a in actions if a["account_id"] == account]
            trigger = trigger_id or own[0]["action_id"]
            when = at or datetime.fromisoformat(own[0]["occurred_at"].replace("Z", "+00:00"))
            outcome, struck = await self._recheck_renames(account, trigger, when, own, since.get(account))
            total, added = total.merged(outcome), added + struck
        return total, added

    async def _recheck_renames(self, account_id: str, trigger_id: str, at: datetime, actions: Sequence[Record],
                               since_ms: int | None) -> tuple[Outcome, list[Violation]]:
        """D10 follows event time: the standing sanctions `actions` add or take back (for the account, by
        the enforcing policy) go into the account's log, and the renames at or after the earliest change
        are judged again. A D10 that now holds is sent and struck; one that no longer holds is sent again
        `withdrawn` (`withdrawn_by` the trigger, reason `sanction_rechecked`) and its strike overturned;
        one that answers another sanction is sent again under the same id. The sanctions those strikes
        give or take back are followed in turn. A redelivered trigger sends what its first run sent."""
        if self._churn is None or not self._sanctioners:
            return _NOTHING, []
        knobs = self._policy.churn
        changes = sanction_changes(actions, account_id, knobs)
        if not changes and since_ms is None:
            return _NOTHING, []  # most events: no sanction at or above `after_sanction_from`
        store = self._churn.store
        log = await store.after_sanction_log(account_id)
        start = dict(log.sanctions)
        if since_ms is None and all(a in start for a in changes.added) and not any(a in start for a in changes.removed):
            saved = await store.after_sanction_result(account_id, trigger_id)
            if saved is None:
                return _NOTHING, []  # nothing new (a repeated strike re-sends its stored actions)
            return _resent(saved), []  # a redelivery: its first run's re-check, sent again
        total, struck, changed = _NOTHING, [], {}
        for _ in range(RECHECK_ROUNDS):
            times = log.apply(changes.added, changes.removed, changes.restated)
            since_ms = min([*times, *([] if since_ms is None else [since_ms])], default=None)
            if since_ms is None:
                break
            floor = rejudge_from(log, since_ms, knobs, self._policy.window_ms)
            fresh = answers(list(log.renames.values()), log.sanctions, knobs)
            round_outcome = _NOTHING
            for old in sorted(log.renames.values(), key=lambda r: (r.at_ms, r.event_id)):
                if old.at_ms < floor or fresh[old.event_id] == old.answered:
                    continue
                new = changed[old.event_id] = log.renames[old.event_id] = replace(old, answered=fresh[old.event_id])
                rejudged, now_holds = await self._rejudge_rename(account_id, trigger_id, at, old, new)
                round_outcome = round_outcome.merged(rejudged)
                struck += now_holds
            total = total.merged(round_outcome)
            changes = sanction_changes(self._d10_actions(round_outcome), account_id, knobs)
            since_ms = None
        else:  # out of rounds: the last strikes' sanctions are still kept, without judging again
            log.apply(changes.added, changes.removed, changes.restated)
        net_added = {a: v for a, v in log.sanctions.items() if start.get(a) != v}
        net_removed = [a for a in start if a not in log.sanctions]
        result = None
        if total.violations or total.actions or total.shadow_actions or total.reviews:
            result = (trigger_id, to_millis(at), _stored(total))
        await store.save_after_sanction(account_id, list(changed.values()), net_added, net_removed,
                                        self._d10_keep_from(log), result)
        return total, struck

    async def _rejudge_rename(self, account_id: str, trigger_id: str, at: datetime, old: RenameEntry,
                              new: RenameEntry) -> tuple[Outcome, list[Violation]]:
        """One rename's D10 changed: the records to send, and the rename's strike chosen again by the
        policy from its violations (as the rename's own event would have been struck)."""
        knobs = self._policy.churn
        was, now = after_sanction_violation(account_id, old, knobs), after_sanction_violation(account_id, new, knobs)
        base = list(old.violations)
        before, after = base + ([was] if was else []), base + ([now] if now else [])
        if self._content is not None:  # an overturned appeal keeps its violation from striking again
            before, after = await self._content.allowed(before), await self._content.allowed(after)
        withdrawn: tuple[Record, ...] = ()
        if was is not None and now is None:
            withdrawn = (_withdrawn(was, self._policy, trigger_id, SANCTION_RECHECKED),)
        judged = judge([now], self._policy) if now is not None else _NOTHING
        runs = [await self._strike_again(s, account_id, trigger_id, at, before, after, "sanction_recheck",
                                         SANCTION_RECHECKED) for s in self._sanctioners]
        await self._credential_check_rejudged(account_id, new, now)
        return self._merge(Outcome(violations=withdrawn).merged(judged), runs), [now] if now else []

    async def _credential_check_rejudged(self, account_id: str, rename: RenameEntry, now: Violation | None) -> None:
        """A rename kept for the credential re-check keeps its D10 as it now stands, so a later credential
        event strikes again from what the rename holds, not from the D10 it was first judged with."""
        recheck = None if self._lifecycle is None else self._lifecycle.recheck
        if recheck is None:
            return
        for checked in await recheck.checks.since(account_id, rename.at_ms):
            if checked.event_id == rename.event_id:
                kept = tuple(v for v in checked.violations if v.rule != AFTER_SANCTION)
                now_checked = replace(checked, violations=kept + ((now,) if now else ()))
                await recheck.checks.remember(account_id, now_checked, keep_from_ms=0)

    async def profile_violations(self, event: ProfileCreated | ProfileRenamed | AvatarChanged | BioChanged,
                                 ) -> tuple[list[Violation], frozenset[str], list[StoredCredential]]:
        """D1–D6, D8, D9 on what the profile event changed (registries caught up first: "Registry topics"), the
        domains of the account's credentials valid at the event's time (the D7 notice reads them too), and
        the account's credentials (one read for both) when the credential lifecycle runs."""
        await self._index.caught_up.wait()
        if self._hot_events is not None:
            await self._hot_events.caught_up.wait()
        held: list[StoredCredential] = []
        if self._lifecycle is not None:
            held = await self._lifecycle.credentials.all_of(event.account_id)
            at_ms = to_millis(event.occurred_at)
            domains = frozenset(state.domain for state in held if state.valid_at(at_ms))
        else:
            domains = await self._credentials.valid_domains(event.account_id, event.occurred_at)
        variants: list[tuple[str, str, int]] = []
        url = getattr(event, "avatar_url", None)
        if url and self._avatar_hasher is not None and not getattr(event, "avatar_pdq", None):
            variants = await self._avatar_hasher(url)
        view = profile_view(event, domains)
        found = detect_profile(self._index.current, view, variants)
        if self._hot_events is not None:
            found += detect_hot_event_party(self._hot_events.current, view)
        return found, domains, held
