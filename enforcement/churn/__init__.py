"""Rename churn (D10): each account's bounded name history and change counts, and what they decide.

A `ChurnStore` records one profile change (idempotent per event id: a redelivery returns the decision
made the first time and adds nothing) and decides, atomically, the three D10 crossings:
- churn: more than `max_changes` renames, avatar or bio changes within `window_hours` of event time,
  at most once per window;
- cycling: a rename from a clean name into an impersonating one when the history holds an earlier
  impersonating name that was left for a clean one (A → clean → A, or A → clean → B); once per re-entry.
The third D10 rule, a rename after a sanction, follows event time across topics and is decided from two
logs the same stores keep (enforcement/churn/after_sanction.py).
`InMemoryChurn` is the single-process twin of `RedisChurn` (enforcement/churn/redis.py); one contract
test suite runs over both.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from enforcement.churn.after_sanction import AfterSanctionLog, RenameContext, RenameEntry
from enforcement.policy import Churn

KINDS = ("created", "name", "avatar", "bio")  # "created" enters the name history but is not a change
SEEN_CAP = 256  # decisions remembered per account for redeliveries (the most recent changes)


@dataclass(frozen=True, slots=True)
class Change:
    """One profile event as the churn rules see it; `name` is the normalised (canonical) display name."""

    account_id: str
    event_id: str
    kind: str
    at_ms: int
    name: str = ""
    impersonating: bool = False  # the new name broke an impersonation rule (D1, D4, D5, D9)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown change kind {self.kind!r}")
        if "|" in self.name:  # canonical names hold letters, digits and ideographs only
            raise ValueError("a canonical name has no '|'")


@dataclass(frozen=True, slots=True)
class NameEntry:
    """One name the account has shown (D10 "name history must be kept"): since when, and whether it
    impersonated when it was taken."""

    at_ms: int
    name: str
    impersonating: bool


@dataclass(frozen=True, slots=True)
class ChurnDecision:
    """What one change crossed (D10); stored per event id and returned again on a redelivery."""

    changes_in_window: int = 0
    churn: bool = False
    cycled_from: tuple[str, ...] = ()  # earlier impersonating names this rename cycles back into


class ChurnStore(Protocol):
    """Per-account name history and change counts (D10); `observe` records and decides atomically."""

    async def observe(self, change: Change, knobs: Churn) -> ChurnDecision:
        """Record `change` and decide."""
        ...

    async def names(self, account_id: str) -> list[NameEntry]:
        """The name history, newest first (at most `history_size` names)."""
        ...

    # D10 rename_after_sanction by event time: the two logs of enforcement/churn/after_sanction.py
    async def after_sanction_log(self, account_id: str) -> AfterSanctionLog:
        ...

    async def rename_context(self, account_id: str, event_id: str) -> RenameContext:
        ...

    async def save_after_sanction(self, account_id: str, renames: Sequence[RenameEntry],
                                  added: Mapping[str, tuple[str, int]], removed: Sequence[str], keep_from_ms: int,
                                  result: tuple[str, int, bytes] | None = None) -> None:
        ...

    async def after_sanction_result(self, account_id: str, event_id: str) -> bytes | None:
        ...


def seen_cap(knobs: Churn) -> int:
    return max(SEEN_CAP, 2 * knobs.max_changes)


@dataclass
class _Account:
    names: list[NameEntry] = field(default_factory=list)  # newest first
    changes: dict[str, int] = field(default_factory=dict)  # event id -> at ms
    seen: dict[str, tuple[int, ChurnDecision]] = field(default_factory=dict)
    seen_order: list[tuple[int, str]] = field(default_factory=list)  # a heap of `seen`: the oldest first
    last_churn_ms: int | None = None


@dataclass
class InMemoryChurn:
    """Single-process ChurnStore with the same decisions as the Redis script."""

    accounts: dict[str, _Account] = field(default_factory=dict)
    after: dict[str, AfterSanctionLog] = field(default_factory=dict)
    # what a re-check sent: account -> the triggering event id -> (its event-time ms, the records)
    after_results: dict[str, dict[str, tuple[int, bytes]]] = field(default_factory=dict)
    # each account's renames by (ms, event id), oldest first (a heap), and the newest: an account that renames
    # all day keeps a long log, and a step must not read all of it
    _renames_by_time: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    _latest: dict[str, tuple[int, str]] = field(default_factory=dict)

    async def observe(self, change: Change, knobs: Churn) -> ChurnDecision:
        account = self.accounts.get(change.account_id)
        if account is None:
            account = self.accounts[change.account_id] = _Account()
        stored = account.seen.get(change.event_id)
        if stored is not None:
            return stored[1]
        at, window = change.at_ms, knobs.window_ms
        count, churn = 0, False
        if change.kind != "created":
            account.changes[change.event_id] = at
            latest = max(account.changes.values())
            cap = seen_cap(knobs)
            # rebuilt only when something falls out: the decisions read what is kept, never its order
            if len(account.changes) > cap or any(t <= latest - window for t in account.changes.values()):
                account.changes = dict(sorted(((e, t) for e, t in account.changes.items() if t > latest - window),
                                              key=lambda item: (item[1], item[0]))[-cap:])
            count = sum(1 for t in account.changes.values() if at - window < t <= at)
            last = account.last_churn_ms
            if count > knobs.max_changes and (last is None or last <= at - window):
                churn, account.last_churn_ms = True, at
        cycled: list[str] = []
        if change.kind in ("created", "name"):
            # a re-entry: the name before was clean, and an impersonating one came before that
            names = account.names
            if change.kind == "name" and change.impersonating and names and not names[0].impersonating:
                clean_seen = False
                for entry in names:
                    if not entry.impersonating:
                        clean_seen = True
                    elif clean_seen and entry.name not in cycled:
                        cycled.append(entry.name)
            entry = NameEntry(change.at_ms, change.name, change.impersonating)
            account.names = [entry, *names][: knobs.history_size]
        decision = ChurnDecision(count, churn, tuple(cycled))
        account.seen[change.event_id] = (at, decision)
        heapq.heappush(account.seen_order, (at, change.event_id))
        while len(account.seen) > seen_cap(knobs):  # the oldest by (event time, event id) go first
            del account.seen[heapq.heappop(account.seen_order)[1]]
        return decision

    async def names(self, account_id: str) -> list[NameEntry]:
        account = self.accounts.get(account_id)
        return [] if account is None else list(account.names)

    async def after_sanction_log(self, account_id: str) -> AfterSanctionLog:
        log = self.after.get(account_id)
        return AfterSanctionLog() if log is None else AfterSanctionLog(dict(log.renames), dict(log.sanctions))

    async def rename_context(self, account_id: str, event_id: str) -> RenameContext:
        log = self.after.get(account_id)
        if log is None:
            return RenameContext(None, None, {})
        latest = self._latest.get(account_id) if log.renames else None
        return RenameContext(log.renames.get(event_id), latest, dict(log.sanctions))

    async def save_after_sanction(self, account_id: str, renames: Sequence[RenameEntry],
                                  added: Mapping[str, tuple[str, int]], removed: Sequence[str], keep_from_ms: int,
                                  result: tuple[str, int, bytes] | None = None) -> None:
        log = self.after.setdefault(account_id, AfterSanctionLog())
        by_time = self._renames_by_time.setdefault(account_id, [])
        for rename in renames:
            if rename.event_id not in log.renames:
                heapq.heappush(by_time, (rename.at_ms, rename.event_id))
                self._latest[account_id] = max(self._latest.get(account_id, (rename.at_ms, rename.event_id)),
                                               (rename.at_ms, rename.event_id))
            log.renames[rename.event_id] = rename
        log.sanctions.update(added)
        for action_id in removed:
            log.sanctions.pop(action_id, None)
        results = self.after_results.setdefault(account_id, {})
        if result is not None:
            results[result[0]] = (result[1], result[2])
        while by_time and by_time[0][0] < keep_from_ms:  # the newest goes last: the log keeps no older one
            del log.renames[heapq.heappop(by_time)[1]]
        for action_id in [a for a, (_, ms) in log.sanctions.items() if ms < keep_from_ms]:
            del log.sanctions[action_id]
        for event_id in [e for e, (at, _) in results.items() if at < keep_from_ms]:
            del results[event_id]

    async def after_sanction_result(self, account_id: str, event_id: str) -> bytes | None:
        found = self.after_results.get(account_id, {}).get(event_id)
        return None if found is None else found[1]


__all__ = ["KINDS", "Change", "ChurnDecision", "ChurnStore", "InMemoryChurn", "NameEntry", "seen_cap"]
