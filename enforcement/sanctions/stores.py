"""State the sanctions need beside the ledger: owner identities, the blacklist, the lift schedule (S4, S1).

Protocols plus the single-process twins used by unit tests and the offline tools (`policy diff`);
the Redis versions shared by workers are in `redis_stores.py`.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import orjson

from enforcement.ledger import to_epoch_ms


@dataclass(frozen=True, slots=True)
class Creation:
    """An account's creation as its owner's registry keeps it: the creating event and its event time (S4)."""

    event_id: str
    at: datetime

    @property
    def at_ms(self) -> int:
        return to_epoch_ms(self.at)

    def to_bytes(self) -> bytes:
        return orjson.dumps({"at": self.at.isoformat(), "event_id": self.event_id}, option=orjson.OPT_SORT_KEYS)

    @classmethod
    def from_bytes(cls, raw: bytes) -> Creation:
        fields = orjson.loads(raw)
        return cls(fields["event_id"], datetime.fromisoformat(fields["at"]))


@dataclass(frozen=True, slots=True)
class Blacklisting:
    """An owner's blacklisting (S4): its event time, the blacklist action, the account it came through, and
    the review evidence each other account of the owner gets (the fields `owner_review` adds to)."""

    at_ms: int
    action_id: str
    account_id: str
    evidence: bytes  # JSON object, keys sorted

    def precedes(self, other: Blacklisting) -> bool:
        """The earlier in event time (then by action id): of two blacklistings of one owner, this one counts."""
        return (self.at_ms, self.action_id) <= (other.at_ms, other.action_id)

    def to_bytes(self) -> bytes:
        return orjson.dumps({"at_ms": self.at_ms, "action_id": self.action_id, "account_id": self.account_id,
                             "evidence": orjson.Fragment(self.evidence)}, option=orjson.OPT_SORT_KEYS)

    @classmethod
    def from_bytes(cls, raw: bytes) -> Blacklisting:
        fields = orjson.loads(raw)
        evidence = orjson.dumps(fields["evidence"], option=orjson.OPT_SORT_KEYS)
        return cls(int(fields["at_ms"]), fields["action_id"], fields["account_id"], evidence)


@dataclass(frozen=True, slots=True)
class OwnerBlacklist:
    """What recording an owner's blacklisting left (S4): the blacklisting that stands, the one this
    blacklisting displaced (a later one, met first, that stood until then; a redelivery names it again),
    and the owner's accounts with their creations, sorted by account."""

    standing: Blacklisting | None  # None only for a blacklisting lifted before (its strike redelivered)
    displaced: Blacklisting | None
    accounts: tuple[tuple[str, Creation], ...]


@dataclass(frozen=True, slots=True)
class LiftedBlacklist:
    """An owner's blacklisting lifted because its blacklist action was reversed (S4), with the owner's
    accounts and their creations, sorted by account."""

    blacklisting: Blacklisting
    accounts: tuple[tuple[str, Creation], ...]
    reinstated: Blacklisting | None = None  # the owner's earliest other blacklisting, standing in its place


@dataclass(frozen=True, slots=True)
class Registration:
    """What a new account met when it was registered under its owner (S4)."""

    refused_before: bool  # its registration was refused once already (a redelivered creation)
    earlier_identity: str | None  # the identity recorded for the account before this registration, if any
    blacklisting: Blacklisting | None  # the owner's blacklisting, whatever its event time, if there is one


class AccountDirectory(Protocol):
    """Which owner identity an account belongs to, and which identities are blacklisted (S4)."""

    async def register(self, account_id: str, identity_hash: str, creation: Creation) -> Registration:
        """A `profile.created`: the account filed under its owner's accounts with its creation (the first
        creation stays), then read: whether it was refused before, the identity recorded for it before, and
        the owner's blacklisting. Filed before the blacklist is read, and `blacklist_owner` writes before it
        reads, so a creation and a blacklisting of one owner on two workers always meet: one sees the other.
        `settle` follows."""
        ...

    async def settle(self, account_id: str, identity_hash: str, registration: Registration, *, refused: bool,
                     ) -> None:
        """The account's own part of a registration: a refused new account is marked (so a redelivery
        refuses it again), then its owner identity is recorded (the first one wins)."""
        ...

    async def refuse(self, account_id: str) -> None:
        """Mark the account refused: its owner was blacklisted at or before its creation, met afterwards."""
        ...

    async def identity_of(self, account_id: str) -> str | None:
        """The owner identity of an account, if its creation was seen."""
        ...

    async def blacklist_owner(self, identity_hash: str, blacklisting: Blacklisting) -> OwnerBlacklist:
        """S4: record the owner's blacklisting (the earliest in event time stays, `Blacklisting.precedes`; every
        one is kept, so a later one can stand again when an earlier is lifted), then read the owner's
        registered accounts, in one step. One already lifted is not recorded again."""
        ...

    async def unblacklist(self, identity_hash: str, action_id: str) -> LiftedBlacklist | None:
        """Forget the owner's blacklisting if `action_id` made it (the blacklist action was reversed); the
        earliest of the owner's other blacklistings, if any, stands in its place (in event-time order it
        would have stood had the lifted one never been). Returns the lifted blacklisting if it ever stood
        and was lifted so — also when asked again, so a redelivery sends the same records — with the
        owner's accounts and the one standing in its place; else None."""
        ...

    async def is_blacklisted(self, identity_hash: str) -> bool:
        ...

    async def release_lift(self, account_id: str, item_id: str | None) -> bool:
        """Forget the account's lift decision if `item_id` is what it holds (None: a closure's), because the
        sanction that made it was reversed; the next sanction decides the lift afresh. Returns whether it was."""
        ...

    async def replace_lift(self, account_id: str, item_id: str | None, at_ms: int, rank: int,
                           ) -> tuple[bool, str | None]:
        """Make `item_id` the account's pending mute lift (None: no lift, the account was closed), as decided
        by a sanction at event time `at_ms` — unless a sanction at a later event time decided it already
        (`rank` orders two sanctions at the same time: the one that ends later, a closure above any mute).

        Returns whether it was replaced, and the lift it replaced (or, if not, the one that stays). A
        redelivered older mute so never shortens or cancels a later one's lift, nor revives a lift that a
        later closure cancelled (a redelivered older event never shortens or cancels a later sanction).
        """
        ...

    async def is_blocked(self, account_id: str) -> bool:
        ...

    async def record_sanction(self, account_id: str, sanction: str, at_ms: int) -> None:
        """Remember when the account last received this kind of sanction (D10 rename_after_sanction)."""
        ...

    async def sanctions_of(self, account_id: str) -> dict[str, int]:
        """Sanction kind → event time (ms) the account last received it."""
        ...

    async def remember_measures(self, account_id: str, action_id: str, measures: bytes) -> None:
        """S5: the economic measures (JSON records) that went with a rung action, for its appeal reversal."""
        ...

    async def measures_of(self, account_id: str, action_id: str) -> bytes | None:
        ...


@dataclass(frozen=True, slots=True)
class DueItem:
    """A scheduled item whose time has come: its id and JSON payload."""

    item_id: str
    payload: bytes


# How long (in event time behind the watermark) the schedule remembers an item it has handed out, so that
# a redelivered input does not arm it again: the ledger's remember window, far beyond any redelivery of an
# uncommitted offset. Only a replay of inputs older than that into the same Redis would fire one again
# (with the same deterministic ids).
REMEMBER_FIRED_MS = 400 * 86_400_000


class Schedule(Protocol):
    """Event-time schedule: items fire when the watermark passes their due time, never by the wall clock,
    so a replay fires them at the same point (decision "Event time and the watermark").

    `claim` hands due items out under a lease; `ack` removes them once their outputs are on Kafka. An
    item claimed by a worker that died before `ack` is handed out again when the lease runs out, so a
    lift is never lost (it may be sent twice, with the same deterministic action_id).

    Items are idempotent: an item once handed out is never armed again by `add` (the ids derive from the
    input that scheduled them, so such an `add` comes from a redelivery whose outputs are decided already).
    """

    async def add(self, item_id: str, due_ms: int, payload: bytes) -> None:
        """Arm `item_id` unless it is pending or was handed out before (a cancelled one may be armed again)."""
        ...

    async def cancel(self, item_id: str) -> None:
        ...

    async def claim(self, watermark_ms: int, *, now_ms: int, lease_ms: int, limit: int) -> list[DueItem]:
        ...

    async def ack(self, item_ids: list[str]) -> None:
        ...

    async def pending(self) -> int:
        """Items scheduled and not yet acknowledged."""
        ...

    async def next_due(self) -> int | None:
        """A lower bound of the earliest due time among the items waiting (None: nothing waits). Lets a
        batch skip `claim` while the watermark is below it."""
        ...

    def forget_next_due(self) -> None:
        """Read the earliest due time afresh next time (other processes may have scheduled items)."""
        ...


@dataclass
class InMemoryDirectory:
    """Single-process AccountDirectory."""

    identities: dict[str, str] = field(default_factory=dict)
    owned: dict[str, dict[str, Creation]] = field(default_factory=dict)  # identity_hash -> account -> creation
    blacklist: dict[str, Blacklisting] = field(default_factory=dict)  # identity_hash -> the blacklisting
    # (identity_hash, displacing action id) -> the blacklisting it displaced
    displaced: dict[tuple[str, str], Blacklisting] = field(default_factory=dict)
    lifted: dict[tuple[str, str], Blacklisting] = field(default_factory=dict)  # (identity_hash, its action id)
    recorded: dict[str, dict[str, Blacklisting]] = field(default_factory=dict)  # identity_hash -> action -> not lifted
    reinstated: dict[tuple[str, str], Blacklisting] = field(default_factory=dict)  # (identity_hash, lifted action)
    lifts: dict[str, tuple[int, int, str | None]] = field(default_factory=dict)  # account → (at, rank, lift)
    blocked: set[str] = field(default_factory=set)
    sanctions: dict[str, dict[str, int]] = field(default_factory=dict)
    measures: dict[tuple[str, str], bytes] = field(default_factory=dict)

    async def remember_measures(self, account_id: str, action_id: str, measures: bytes) -> None:
        self.measures.setdefault((account_id, action_id), measures)

    async def measures_of(self, account_id: str, action_id: str) -> bytes | None:
        return self.measures.get((account_id, action_id))

    async def register(self, account_id: str, identity_hash: str, creation: Creation) -> Registration:
        self.owned.setdefault(identity_hash, {}).setdefault(account_id, creation)
        return Registration(refused_before=account_id in self.blocked,
                            earlier_identity=self.identities.get(account_id),
                            blacklisting=self.blacklist.get(identity_hash))

    async def settle(self, account_id: str, identity_hash: str, registration: Registration, *, refused: bool,
                     ) -> None:
        if refused:
            self.blocked.add(account_id)
        earlier = self.identities.setdefault(account_id, identity_hash)
        if earlier != identity_hash:
            creation = self.owned[identity_hash].pop(account_id, None)
            if creation is not None:
                self.owned.setdefault(earlier, {}).setdefault(account_id, creation)

    async def refuse(self, account_id: str) -> None:
        self.blocked.add(account_id)

    async def blacklist_owner(self, identity_hash: str, blacklisting: Blacklisting,
                              ) -> OwnerBlacklist:
        standing = self.blacklist.get(identity_hash)
        if (identity_hash, blacklisting.action_id) not in self.lifted:
            self.recorded.setdefault(identity_hash, {})[blacklisting.action_id] = blacklisting
            if standing is None or not standing.precedes(blacklisting):
                if standing is not None:
                    self.displaced[(identity_hash, blacklisting.action_id)] = standing
                standing = self.blacklist[identity_hash] = blacklisting
        return OwnerBlacklist(standing, self.displaced.get((identity_hash, blacklisting.action_id)),
                              tuple(sorted(self.owned.get(identity_hash, {}).items())))

    async def unblacklist(self, identity_hash: str, action_id: str) -> LiftedBlacklist | None:
        standing = self.blacklist.get(identity_hash)
        others = self.recorded.get(identity_hash, {})
        others.pop(action_id, None)
        if standing is not None and standing.action_id == action_id:
            self.lifted[(identity_hash, action_id)] = self.blacklist.pop(identity_hash)
            if others:  # the earliest of the rest stands in its place
                earliest = min(others.values(), key=lambda b: (b.at_ms, b.action_id))
                self.blacklist[identity_hash] = self.reinstated[(identity_hash, action_id)] = earliest
        lifted = self.lifted.get((identity_hash, action_id))
        if lifted is None:
            return None
        return LiftedBlacklist(lifted, tuple(sorted(self.owned.get(identity_hash, {}).items())),
                               self.reinstated.get((identity_hash, action_id)))

    async def identity_of(self, account_id: str) -> str | None:
        return self.identities.get(account_id)

    async def is_blacklisted(self, identity_hash: str) -> bool:
        return identity_hash in self.blacklist

    async def is_blocked(self, account_id: str) -> bool:
        return account_id in self.blocked

    async def record_sanction(self, account_id: str, sanction: str, at_ms: int) -> None:
        times = self.sanctions.setdefault(account_id, {})
        times[sanction] = max(times.get(sanction, at_ms), at_ms)

    async def sanctions_of(self, account_id: str) -> dict[str, int]:
        return dict(self.sanctions.get(account_id, {}))

    async def release_lift(self, account_id: str, item_id: str | None) -> bool:
        stored = self.lifts.get(account_id)
        if stored is None or stored[2] != item_id:
            return False
        del self.lifts[account_id]
        return True

    async def replace_lift(self, account_id: str, item_id: str | None, at_ms: int, rank: int,
                           ) -> tuple[bool, str | None]:
        stored = self.lifts.get(account_id)
        if stored is not None and (at_ms, rank) < stored[:2]:
            return False, stored[2]
        self.lifts[account_id] = (at_ms, rank, item_id)
        return True, None if stored is None else stored[2]


@dataclass
class InMemorySchedule:
    """Single-process Schedule with the same lease semantics."""

    due: dict[str, int] = field(default_factory=dict)
    items: dict[str, bytes] = field(default_factory=dict)
    claimed: dict[str, int] = field(default_factory=dict)
    fired: dict[str, int] = field(default_factory=dict)  # items handed out → their due time (see `add`)
    remember_fired_ms: int = REMEMBER_FIRED_MS
    # (due_ms, item_id) in a heap, so a claim looks only at the items whose time has come instead of
    # sorting every pending one on every event; `due` stays the truth: an entry whose item was cancelled,
    # or claimed since, no longer matches it and is dropped when it reaches the top.
    _queue: list[tuple[int, str]] = field(default_factory=list, init=False, repr=False, compare=False)
    # the fired items by due time, so forgetting the old ones looks only at those
    _fired_queue: list[tuple[int, str]] = field(default_factory=list, init=False, repr=False, compare=False)

    async def add(self, item_id: str, due_ms: int, payload: bytes) -> None:
        if item_id not in self.items and item_id not in self.fired:
            self.items[item_id] = payload
            self.due[item_id] = due_ms
            heapq.heappush(self._queue, (due_ms, item_id))

    async def cancel(self, item_id: str) -> None:
        self.due.pop(item_id, None)
        self.claimed.pop(item_id, None)
        self.items.pop(item_id, None)

    async def claim(self, watermark_ms: int, *, now_ms: int, lease_ms: int, limit: int) -> list[DueItem]:
        queue, due = self._queue, self.due
        self._forget_fired(watermark_ms - self.remember_fired_ms)
        if not self.claimed and (not queue or queue[0][0] > watermark_ms):
            return []  # asked after every event: nothing has come due and no lease to take over
        chosen: list[str] = []  # ready items, earliest first (ties by id), at most `limit`
        while queue and queue[0][0] <= watermark_ms and len(chosen) < limit:
            at, item = heapq.heappop(queue)
            if due.get(item) == at:
                del due[item]  # a second entry for the same item (re-added after a cancel) is now stale
                chosen.append(item)
                self.fired[item] = at
                heapq.heappush(self._fired_queue, (at, item))
        room = limit - len(chosen)  # expired leases only fill what the ready items left
        if room > 0 and self.claimed:
            expired = sorted((until, item) for item, until in self.claimed.items() if until < now_ms)
            chosen += [item for _, item in expired[:room]]
        for item in chosen:
            due.pop(item, None)
            self.claimed[item] = now_ms + lease_ms
        return [DueItem(item, self.items[item]) for item in chosen]

    def _forget_fired(self, before_ms: int) -> None:
        fired, queue = self.fired, self._fired_queue
        while queue and queue[0][0] < before_ms:
            at, item = heapq.heappop(queue)
            if fired.get(item) == at:
                del fired[item]

    async def ack(self, item_ids: list[str]) -> None:
        for item in item_ids:
            self.claimed.pop(item, None)
            self.items.pop(item, None)

    async def pending(self) -> int:
        return len(self.items)

    async def next_due(self) -> int | None:
        return min(self.due.values(), default=None)

    def forget_next_due(self) -> None:
        return None
