"""From violations to sanctions (S1–S6): the ledger decides the rung; this module turns its decisions
into `qinglang.actions` records and keeps the state around them — mute lifts on the event-time
schedule (S1), the identity blacklist and registration ban (S4), appeal reversals — for one policy.

A worker runs one enforcing `Sanctioner` and optionally one in shadow mode (its own Redis keys, its
actions only on `qinglang.actions.shadow`). Pure orchestration: the stores are passed in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import orjson

from enforcement.ids import derive_id
from enforcement.ledger import ActionRecord, Ledger, to_epoch_ms
from enforcement.ordering import BRAKES, LEDGER, OWNER, pass_point, side_point, turn
from enforcement.policy import Policy
from enforcement.review import owner_review, owner_review_evidence, review_record, withdrawn_owner_review
from enforcement.sanctions.brakes import ADMITTED, BrakeStore, hour_of
from enforcement.sanctions.economic import economic_actions, restored
from enforcement.sanctions.owners import Reach, at_registration, reach
from enforcement.sanctions.stores import AccountDirectory, Blacklisting, Creation, Registration, Schedule
from enforcement.violations import Violation

Record = dict[str, Any]
LEASE_MS = 60_000
CLAIM_LIMIT = 500
CLOSED_RANK = 2**53  # a closure at the same event time as a mute outranks it (beyond any mute's end, ms)


@dataclass(frozen=True, slots=True)
class Sanctions:
    """Action records one call produced, and the schedule items to acknowledge once they are sent."""

    actions: tuple[Record, ...] = ()
    acks: tuple[str, ...] = ()
    resent: tuple[str, ...] = ()  # action ids re-sent for a repeated violation (a crash may have lost them), not new
    reviews: tuple[Record, ...] = ()  # strikes the brakes held back for a person (decision "Brakes")
    brake: tuple[str, str] | None = None  # (rule, ADMITTED | OPEN | OPENED) when a breaker was consulted


@dataclass(frozen=True, slots=True)
class NewAccount:
    """A `profile.created`: the account, the owner identity it came with, and the event (S4)."""

    account_id: str
    identity_hash: str
    event_id: str
    at: datetime

    @property
    def creation(self) -> Creation:
        return Creation(self.event_id, self.at)


_NO_SANCTIONS = Sanctions()  # frozen, so one shared instance serves every call that does nothing


def lift_action(mute: ActionRecord) -> ActionRecord:
    """The unmute that ends a mute at its event-time end (S1 短期/长期禁言 are temporary)."""
    assert mute.ends_at is not None
    return ActionRecord(
        action_id=derive_id("action", mute.account_id, "unmute", mute.action_id),
        account_id=mute.account_id, sanction="unmute", rung=mute.rung, duration_s=None, ends_at=None,
        violation_ids=mute.violation_ids, points_before=mute.points_after, points_after=mute.points_after,
        policy_version=mute.policy_version, occurred_at=mute.ends_at, reverses=mute.action_id,
        reason="mute_ended",
    )


def _withdrawn_items(blacklisting: Blacklisting, accounts: Sequence[tuple[str, Creation]], *, withdrawn_by: str,
                     ) -> list[Record]:
    """S4: the review items `blacklisting` gave the owner's accounts (those created before it, but the one it
    came through), sent again withdrawn by the action `withdrawn_by`."""
    return [withdrawn_owner_review(blacklisting.evidence, account_id=account, withdrawn_by=withdrawn_by)
            for account, creation in accounts if reach(blacklisting, account, creation) is Reach.REVIEW]


def registration_blocked(account_id: str, event_id: str, at: datetime, policy: Policy) -> ActionRecord:
    """S4: a new account of a blacklisted owner identity is refused; id derived from the creating event."""
    return ActionRecord(
        action_id=derive_id("action", account_id, "registration_blocked", event_id), account_id=account_id,
        sanction="registration_blocked", rung="blacklist", duration_s=None, ends_at=None, violation_ids=(),
        points_before=0, points_after=0, policy_version=policy.version, occurred_at=at,
        reason="identity_blacklisted",
    )


class Sanctioner:
    """Applies one event's violations to the ledger and returns the actions to send (S1–S4, P2)."""

    def __init__(self, *, ledger: Ledger, directory: AccountDirectory, schedule: Schedule, policy: Policy,
                 brakes: BrakeStore | None = None, shadow: bool = False) -> None:
        self._ledger = ledger
        self._brakes = brakes
        self._directory = directory
        self._schedule = schedule
        self.policy = policy
        self.shadow = shadow
        # the lowest rung that closes the account (0: the policy never closes one)
        self._closing_rung = next((i for i, rung in enumerate(policy.rungs, start=1) if rung.sanction == "close"), 0)

    async def account_created(self, account_id: str, identity_hash: str, event_id: str, at: datetime,
                              ) -> Sanctions:
        """Remember the owner; an account created at or after its owner's blacklisting gets
        `registration_blocked`, one created before it a review item (S4, `owners.py`).

        Only a new account is refused: a redelivered creation of an account that existed before its
        owner was blacklisted is not (the refusal is marked before the identity, so a crash cannot lose it).
        Decided by event time, so the same whichever of the creation and the blacklisting is met first
        (decision "Order-independence")."""
        created = NewAccount(account_id, identity_hash, event_id, at)
        async with turn(side_point(OWNER, shadow=self.shadow)):
            registration = await self._directory.register(account_id, identity_hash, created.creation)
        return await self._settle(created, registration)

    async def _settle(self, created: NewAccount, registration: Registration) -> Sanctions:
        """The new account's own keys after its registration; its refusal, or its review item."""
        refused, reviewed = at_registration(created.account_id, created.identity_hash, created.creation,
                                            registration)
        await self._directory.settle(created.account_id, created.identity_hash, registration, refused=refused)
        if refused:
            return Sanctions((registration_blocked(created.account_id, created.event_id, created.at,
                                                   self.policy).to_record(),))
        if reviewed is not None:
            return Sanctions(reviews=(owner_review(reviewed.evidence, account_id=created.account_id),))
        return _NO_SANCTIONS

    async def strike(self, strike: Violation, *, reviewed: bool = False, created: NewAccount | None = None,
                     ) -> Sanctions:
        """The event's winning violation goes to the ledger; a repeat re-sends its stored actions, so a
        crash between Redis and the producer loses nothing (decisions "Severity has one owner: the policy",
        "Repeats re-send").

        The brakes come first: a rule whose breaker is open, or a closure beyond the hour's cap, goes to
        review instead and earns no strike (a reviewer's confirm applies it later, decision "Review"): a
        `reviewed` strike (a person confirmed it) passes the brakes. S5 measures go with the rungs
        fired by a violation concerning illegal profit.

        `created`: the strike comes from the account's own creation, which registers the account under
        its owner at the owner step (as `account_created` does), before this strike's blacklisting.
        """
        # the account's own state first (nobody else's event changes it), then what counts across accounts —
        # breakers, the closure cap, owner strikes and blacklists — in batch order
        earlier_owner = self._directory.identity_of(strike.account_id)
        if reviewed or self._brakes is None:
            closing, owner = False, await earlier_owner
        else:
            closing, owner = await asyncio.gather(self._would_close(strike), earlier_owner)
        async with turn(side_point(BRAKES, shadow=self.shadow)):
            held = None if reviewed else await self._brakes_hold(strike, closing)
        if held is not None:
            if created is None:
                pass_point(side_point(OWNER, shadow=self.shadow))
                return held
            refused = await self.account_created(created.account_id, created.identity_hash, created.event_id,
                                                 created.at)
            return replace(held, actions=refused.actions + held.actions, reviews=refused.reviews + held.reviews)
        if owner is None and created is not None:
            owner = created.identity_hash  # the first identity wins: this one, unless one was recorded before
        async with turn(side_point(LEDGER, shadow=self.shadow)):
            outcome = await self._ledger.apply(strike, owner_identity=owner)
        # a strike earlier in event time than ones already applied may change what they fire: the sanctions
        # event-time order does not give are reversed, and the ones it gives instead are sent (reorder.py)
        fired = (*outcome.actions, *outcome.revised)
        reached: tuple[tuple[Record, ...], tuple[Record, ...]] = ((), ())
        registration: Registration | None = None
        # a creation holds the owner step through its registration and the blacklisting that may follow
        async with turn(side_point(OWNER, shadow=self.shadow), hold=created is not None):
            if created is not None:
                registration = await self._directory.register(created.account_id, created.identity_hash,
                                                              created.creation)
            refused_again: list[Record] = []
            lifted: list[Record] = []
            if owner is not None:
                # a blacklisting reversed (reordered) before any in its place
                refused_again, lifted = await self._lift_blacklistings(owner, outcome.reversals)
                blacklisting = next((a for a in fired if a.sanction == "blacklist"), None)
                if blacklisting is not None:
                    reached = await self._blacklist_owner(owner, strike, blacklisting)
        settled = _NO_SANCTIONS if created is None or registration is None else await self._settle(created,
                                                                                                   registration)
        records: list[Record] = await self._reverse(strike.account_id, outcome.reversals)
        for action in fired:  # the account's own keys and the schedule: no batch order needed
            records.append(action.to_record())
            await self._directory.record_sanction(action.account_id, action.sanction, to_epoch_ms(action.occurred_at))
            await self._supersede_lift(action)
        for action in outcome.actions:  # S5 measures follow the violation that fired them: this one's only
            measures = [m.to_record() for m in economic_actions(self.policy, strike, [action])]
            if measures:
                await self._directory.remember_measures(action.account_id, action.action_id,
                                                        orjson.dumps(measures, option=orjson.OPT_SORT_KEYS))
            records += measures
        refusals, reviews = reached
        records += refused_again  # by a blacklisting that stands again in a lifted one's place
        records += refusals
        resent = () if outcome.applied else tuple(r["action_id"] for r in records)
        brake = None if self._brakes is None else (strike.rule, ADMITTED)
        return Sanctions((*settled.actions, *records), resent=resent,
                         reviews=(*settled.reviews, *lifted, *reviews), brake=brake)

    async def _blacklist_owner(self, owner: str, strike: Violation, blacklisting: ActionRecord,
                               ) -> tuple[tuple[Record, ...], tuple[Record, ...]]:
        """S4: blacklist the owner, then what that means for each of the owner's other accounts already met
        (`owners.py`): refused if created at or after the blacklisting (met before it, on another partition),
        a review item if created before it. Returns (refusals, reviews).

        Review rather than closing automatically: nothing has been found against those accounts themselves
        (S3 keeps uncertain cases for people). Accounts whose registration was refused are not reviewed.
        A blacklisting that displaces a later one (met first) sends the items the later one gave again,
        withdrawn, before its own: what stands is what event-time order gives."""
        evidence = owner_review_evidence(strike, self.policy.severity_of(strike),
                                         blacklist_action_id=blacklisting.action_id)
        mark = Blacklisting(to_epoch_ms(blacklisting.occurred_at), blacklisting.action_id, strike.account_id,
                            evidence)
        recorded = await self._directory.blacklist_owner(owner, mark)
        standing, displaced = recorded.standing, recorded.displaced
        if standing is None:  # lifted before: a redelivered strike does not blacklist the owner again
            return (), ()
        withdrawn: list[Record] = []
        if displaced is not None:  # it gave the owner's accounts their items; this earlier one does instead
            withdrawn = _withdrawn_items(displaced, recorded.accounts, withdrawn_by=standing.action_id)
        refusals, reviews = await self._reach_accounts(standing, recorded.accounts, besides=strike.account_id)
        return refusals, (*withdrawn, *reviews)

    async def _reach_accounts(self, standing: Blacklisting, accounts: Sequence[tuple[str, Creation]], *,
                              besides: str) -> tuple[tuple[Record, ...], tuple[Record, ...]]:
        """What the owner's standing blacklisting means for each of its accounts but `besides` (`owners.py`):
        the refusals of those created at or after it, the review items of those created before it and not
        refused. Returns (refusals, reviews)."""
        refusals: list[Record] = []
        reviews: list[Record] = []
        for account, creation in accounts:
            reached = None if account == besides else reach(standing, account, creation)
            if reached is Reach.REFUSE:
                await self._directory.refuse(account)
                refusals.append(registration_blocked(account, creation.event_id, creation.at,
                                                     self.policy).to_record())
            elif reached is Reach.REVIEW and not await self._directory.is_blocked(account):
                reviews.append(owner_review(standing.evidence, account_id=account))
        return tuple(refusals), tuple(reviews)

    @property
    def schedule(self) -> Schedule:
        """The schedule of this policy's mute lifts (the batch worker asks it when anything is due)."""
        return self._schedule

    async def last_sanctions(self, account_id: str) -> dict[str, int]:
        """Sanction kind → event time (ms) this sanctioner last gave the account (D10 reads it)."""
        return await self._directory.sanctions_of(account_id)

    async def _brakes_hold(self, strike: Violation, closing: bool) -> Sanctions | None:
        if self._brakes is None:
            return None
        brakes = self.policy.brakes
        hour = hour_of(to_epoch_ms(strike.occurred_at))
        severity = self.policy.severity_of(strike)
        state = await self._brakes.breaker(strike.rule, strike.violation_id, hour, brakes)
        if state != ADMITTED:
            return Sanctions(reviews=(review_record(strike, "breaker", severity),), brake=(strike.rule, state))
        if closing and not await self._brakes.reserve_closure(
                strike.violation_id, hour, brakes.closures_per_hour):
            return Sanctions(reviews=(review_record(strike, "closure_cap", severity),),
                             brake=(strike.rule, ADMITTED))
        return None

    async def _would_close(self, strike: Violation) -> bool:
        """Whether applying `strike` would fire a closing rung (close or above) the account has not got.

        The ledger steps it through its own ladder without writing (`Ledger.climb`): exact because one
        partition (one worker) handles all of an account's events in order, and harmless on a repeat (the
        cap is idempotent by violation id).
        """
        closing = self._closing_rung
        if not closing:
            return False
        return (await self._ledger.climb(strike)).fires(closing)

    async def _supersede_lift(self, action: ActionRecord) -> None:
        """A later mute replaces the pending lift of an earlier one (the account stays muted until the
        later mute ends); closing or blacklisting cancels it (a closed account is not unmuted).

        "Later" is by event time, decided in one script on the account's lift key: a repeat re-sends its
        stored mute unchanged, but when a sanction at a later event time has set the lift since, the schedule
        stays as that one left it (a redelivered older event never shortens or cancels a later sanction).
        """
        at = to_epoch_ms(action.occurred_at)
        if action.sanction == "mute" and action.ends_at is not None:
            lift = lift_action(action)
            replaced, old = await self._directory.replace_lift(action.account_id, lift.action_id, at,
                                                               to_epoch_ms(action.ends_at))
            if not replaced:
                return
            if old is not None and old != lift.action_id:
                await self._schedule.cancel(old)
            await self._schedule.add(lift.action_id, to_epoch_ms(lift.occurred_at),
                                     orjson.dumps(lift.to_record(), option=orjson.OPT_SORT_KEYS))
        elif action.sanction in ("close", "blacklist"):
            replaced, old = await self._directory.replace_lift(action.account_id, None, at, CLOSED_RANK)
            if replaced and old is not None:
                await self._schedule.cancel(old)

    async def appeal(self, account_id: str, violation_id: str, decision: str, appeal_id: str, at: datetime,
                     *, reason: str = "appeal_overturned", resolved_by: str | None = None,
                     ) -> tuple[Sanctions, bool]:
        """Apply an appeal; returns the reversals and restated sanctions, and whether the violation was found.
        `resolved_by` (who resolved it, when the resolution says) is recorded on the appeal's audit entry."""
        # an appeal rewrites the account's own strikes only: later strikes need not wait for it; the owner's
        # blacklist counts across accounts, so lifting it keeps batch order
        pass_point(side_point(LEDGER, shadow=self.shadow))
        outcome = await self._ledger.appeal(account_id, violation_id, decision=decision, appeal_id=appeal_id, at=at,
                                            reason=reason, resolved_by=resolved_by)
        refused_again: list[Record] = []
        lifted: list[Record] = []
        async with turn(side_point(OWNER, shadow=self.shadow)):
            unblacklisted = any(r.sanction == "unblacklist" for r in outcome.reversals)
            owner = await self._directory.identity_of(account_id) if unblacklisted else None
            if owner is not None:
                refused_again, lifted = await self._lift_blacklistings(owner, outcome.reversals)
        records = await self._reverse(account_id, outcome.reversals) + refused_again
        for restated in outcome.reattributed:
            # the ledger now holds the sanction under its new id: a mute back in force (or re-attributed) ends
            # by its own lift, named after the new id, in place of any lift still pending for the account
            records.append(restated.to_record())
            await self._supersede_lift(restated)
            stored = await self._directory.measures_of(account_id, restated.supersedes or "")
            if stored:  # a later reversal of the new id must still restore the S5 measures of the old one
                await self._directory.remember_measures(account_id, restated.action_id, stored)
        return Sanctions(tuple(records), reviews=tuple(lifted)), outcome.found

    async def _lift_blacklistings(self, owner: str, reversals: Sequence[ActionRecord],
                                  ) -> tuple[list[Record], list[Record]]:
        """S4: forget the owner's blacklistings whose blacklist actions were reversed (an appeal, a re-judged
        or reordered strike). The review items such a blacklisting gave the owner's other accounts are sent
        again withdrawn, `withdrawn_by` the reversal: in event-time order it never stood (or no longer
        does), so neither do they. The owner's earliest other blacklisting, if any, stands in its place and
        gives the owner's accounts its refusals and review items, as it would have had the lifted one never
        been. A redelivery sends the same records again. Returns (refusals, review items)."""
        refusals: list[Record] = []
        reviews: list[Record] = []
        for reversal in reversals:
            if reversal.sanction != "unblacklist":
                continue
            lifted = await self._directory.unblacklist(owner, reversal.reverses or "")
            if lifted is None:
                continue
            reviews += _withdrawn_items(lifted.blacklisting, lifted.accounts, withdrawn_by=reversal.action_id)
            if lifted.reinstated is not None:  # another blacklisting of the owner stands again: its items
                refused, reviewed = await self._reach_accounts(lifted.reinstated, lifted.accounts,
                                                               besides=lifted.reinstated.account_id)
                refusals += refused
                reviews += reviewed
        return refusals, reviews

    async def _reverse(self, account_id: str, reversals: Sequence[ActionRecord]) -> list[Record]:
        """The records of sanctions reversed (appeal, event-time reordering): a reversed mute's lift is
        cancelled, and the S5 measures that went with a reversed rung are restored."""
        records: list[Record] = []
        for reversal in reversals:
            if reversal.sanction == "unmute":
                mute_lift = derive_id("action", account_id, "unmute", reversal.reverses or "")
                await self._schedule.cancel(mute_lift)
                # the lift decision that mute made goes with it, so an earlier sanction now in force (a
                # restated or reordered mute) can set its own: lifts are otherwise decided latest-first
                await self._directory.release_lift(account_id, mute_lift)
            elif reversal.sanction in ("reopen", "unblacklist"):
                await self._directory.release_lift(account_id, None)
            records.append(reversal.to_record())
            stored = await self._directory.measures_of(account_id, reversal.reverses or "")
            for measure in orjson.loads(stored) if stored else ():  # S5 measures go with their rung action
                records.append(restored(measure, reversal).to_record())
        return records

    async def due(self, watermark_ms: int, now_ms: int) -> Sanctions:
        """Scheduled lifts whose event time the watermark has passed (decision "Event time and the watermark")."""
        items = await self._schedule.claim(watermark_ms, now_ms=now_ms, lease_ms=LEASE_MS, limit=CLAIM_LIMIT)
        if not items:
            return _NO_SANCTIONS  # asked after every event; nearly always nothing is due
        return Sanctions(tuple(orjson.loads(item.payload) for item in items), tuple(item.item_id for item in items))

    async def acknowledge(self, item_ids: Sequence[str]) -> None:
        """Forget schedule items whose actions are on Kafka."""
        await self._schedule.ack(list(item_ids))

