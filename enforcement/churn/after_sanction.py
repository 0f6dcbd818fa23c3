"""D10 `rename_after_sanction` by event time, whatever order the rename and the sanction arrive in.

A sanction comes from a record of any topic (a content label, a report, a credential event, the rename's
own profile topic), and Kafka orders nothing across topics: a label at 08:00 can arrive after a rename at
08:01 that it should have made a rename-after-sanction, and a label at 08:01 can arrive before a rename at
08:00 that answers an older mute. So D10 reads neither "the sanctions known when the rename arrived" nor the
latest sanction of each kind, but two logs per account:
- the standing sanctions (at or above `after_sanction_from`) by action id, with their event time: an action
  sent adds one, a reversal that takes it back (`reordered`, an appeal, a re-check) removes it; a mute's
  lift at its end does not (the mute was given);
- the account's renames, each with the violations its own rules gave it and the sanction it answers.

Which rename answers which sanction is a function of the two logs only (`answers`): in event-time order
(then event id), a rename answers the latest standing sanction strictly before it, within
`after_sanction_hours`, unless an earlier rename already answered that sanction. Strictly before: the
rename's own strike sanctions at its own time, and it does not answer itself. Whenever either log changes,
the renames at or after the change are judged again and the pipeline sends the difference (a D10 that now
holds is sent and struck; one that no longer holds is withdrawn with reason `sanction_rechecked` and its
strike overturned; one that answers another sanction is sent again under the same id).

Both logs keep the ledger's window (S2, how far back an appeal or a reorder can take a sanction) and one
after-sanction window more behind the newest entry: a rename the ledger's window behind the newest looks
back one after-sanction window for its sanction and for the renames that answered it first.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, overload

import orjson

from enforcement.accounts.checks import violation_from_json, violation_to_json
from enforcement.ledger import from_epoch_ms, to_epoch_ms
from enforcement.policy import Churn
from enforcement.violations import Violation

RULE = "rename_after_sanction"
SANCTION_RECHECKED = "sanction_rechecked"  # the reason of a withdrawn D10 and of the reversals of its strike


class StoredViolations(Sequence[Violation]):
    """A rename's violations as the log stored them, built only when read. Every rename of an account reads
    the whole log, but needs only each entry's time and answer; building every stored violation (its
    datetime, its evidence) was most of the cost of reading a log."""

    __slots__ = ("_built", "_records")

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self._records = records
        self._built: tuple[Violation, ...] | None = None

    def _all(self) -> tuple[Violation, ...]:
        if self._built is None:
            self._built = tuple(violation_from_json(record) for record in self._records)
        return self._built

    @property
    def records(self) -> list[dict[str, Any]]:
        """The stored form, written back as it was read."""
        return self._records

    @overload
    def __getitem__(self, index: int) -> Violation: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Violation]: ...

    def __getitem__(self, index: int | slice) -> Violation | Sequence[Violation]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Violation]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and self._all() == tuple(other)

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass(frozen=True, slots=True)
class RenameEntry:
    """One rename as D10 judged it: the violations its other rules gave it (kept so its strike can be
    chosen again when its D10 changes) and the (kind, ms) of the sanction it answers, if any."""

    event_id: str
    occurred_at: datetime
    violations: Sequence[Violation] = ()
    answered: tuple[str, int] | None = None
    # every rename of an account sorts the whole log by it: worked out once, not on each comparison
    at_ms: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "at_ms", to_epoch_ms(self.occurred_at))

    def to_json(self) -> bytes:
        violations = (self.violations.records if isinstance(self.violations, StoredViolations)
                      else [violation_to_json(v) for v in self.violations])
        return orjson.dumps({"event_id": self.event_id, "occurred_at": self.occurred_at.isoformat(),
                             "violations": violations,
                             "answered": None if self.answered is None else list(self.answered)})

    @classmethod
    def from_json(cls, raw: bytes | str) -> RenameEntry:
        data: dict[str, Any] = orjson.loads(raw)
        answered = data["answered"]
        return cls(data["event_id"], datetime.fromisoformat(data["occurred_at"]), StoredViolations(data["violations"]),
                   None if answered is None else (str(answered[0]), int(answered[1])))


@dataclass(frozen=True, slots=True)
class AfterSanctionLog:
    """An account's renames (by event id) and standing sanctions (action id -> (kind, event-time ms))."""

    renames: dict[str, RenameEntry] = field(default_factory=dict)
    sanctions: dict[str, tuple[str, int]] = field(default_factory=dict)

    def newest_ms(self) -> int | None:
        times = [r.at_ms for r in self.renames.values()] + [ms for _, ms in self.sanctions.values()]
        return max(times, default=None)

    def apply(self, added: Mapping[str, tuple[str, int]], removed: Sequence[str],
              restated: Mapping[str, str] | None = None) -> list[int]:
        """Adds and takes back standing sanctions; returns the event times of those that changed the log.

        A sanction restated after an appeal (`restated`: new action id -> the id it supersedes) was given
        when the old one was, so it keeps the old one's event time: an appeal at any later time gives the
        renames the answers they would have had. One whose old sanction the log does not hold (forgotten,
        or never standing) is not added: a restatement is never a new sanction.
        """
        if restated:
            added = {action_id: (kind, self.sanctions[restated[action_id]][1]) if action_id in restated else (kind, ms)
                     for action_id, (kind, ms) in added.items()
                     if action_id not in restated or restated[action_id] in self.sanctions}
        times = [given[1] for action_id, given in added.items() if self.sanctions.get(action_id) != given]
        times += [self.sanctions[action_id][1] for action_id in removed if action_id in self.sanctions]
        self.sanctions.update(added)
        for action_id in removed:
            self.sanctions.pop(action_id, None)
        return times


@dataclass(frozen=True, slots=True)
class RenameContext:
    """What judging one rename needs when it comes after every rename the log holds (the usual case: an
    account's renames share its partition): its own entry if it was judged before (a redelivery), the
    newest rename's (ms, event id), and the standing sanctions — never the whole rename log, which an
    account renaming all day would make long."""

    stored: RenameEntry | None
    latest: tuple[int, str] | None
    sanctions: dict[str, tuple[str, int]]

    def follows(self, at_ms: int, event_id: str) -> bool:
        """Whether a rename at (`at_ms`, `event_id`) comes after every rename in the log."""
        return self.latest is None or self.latest < (at_ms, event_id)


def answer_of_newest(rename: RenameEntry, latest: tuple[int, str] | None, sanctions: Mapping[str, tuple[str, int]],
                     knobs: Churn) -> tuple[str, int] | None:
    """`answers` for a rename after every rename in the log, from the newest one (`latest`, its (ms, event
    id)) alone: whether a sanction before `rename` was answered depends only on whether some rename came after
    that sanction, and if any did, the newest did."""
    newest = [] if latest is None else [RenameEntry(latest[1], from_epoch_ms(latest[0]))]
    return answers([*newest, rename], sanctions, knobs)[rename.event_id]


class AfterSanctionStore(Protocol):
    """Where the two logs live (the churn store's twins keep them: `InMemoryChurn`, `RedisChurn`)."""

    async def after_sanction_log(self, account_id: str) -> AfterSanctionLog:
        ...

    async def rename_context(self, account_id: str, event_id: str) -> RenameContext:
        """`event_id`'s entry, the newest rename and the standing sanctions, read together."""
        ...

    async def save_after_sanction(self, account_id: str, renames: Sequence[RenameEntry],
                                  added: Mapping[str, tuple[str, int]], removed: Sequence[str], keep_from_ms: int,
                                  result: tuple[str, int, bytes] | None = None) -> None:
        """In one step: write `renames` (replacing those of the same event), add and remove sanctions, keep
        `result` = (event id, event-time ms, what its re-check sent) for a redelivery, and forget every
        rename, sanction and result before `keep_from_ms`."""
        ...

    async def after_sanction_result(self, account_id: str, event_id: str) -> bytes | None:
        ...


def answers(renames: Sequence[RenameEntry], sanctions: Mapping[str, tuple[str, int]], knobs: Churn,
            ) -> dict[str, tuple[str, int] | None]:
    """Event id -> the (kind, ms) of the sanction each rename answers, or None (see the module's rule)."""
    standing = sorted((ms, kind) for kind, ms in sanctions.values() if knobs.counts_sanction(kind))
    if not standing:  # most accounts: nothing to answer
        return dict.fromkeys((rename.event_id for rename in renames), None)
    times = [ms for ms, _ in standing]
    answered: set[tuple[int, str]] = set()
    found: dict[str, tuple[str, int] | None] = {}
    for rename in sorted(renames, key=lambda r: (r.at_ms, r.event_id)):
        at = rename.at_ms
        before = bisect.bisect_left(times, at)  # sanctions strictly before the rename
        latest = standing[before - 1] if before else None
        if latest is not None and at - latest[0] <= knobs.after_sanction_ms and latest not in answered:
            answered.add(latest)
            found[rename.event_id] = (latest[1], latest[0])
        else:
            found[rename.event_id] = None
    return found


def _reach(knobs: Churn, reach_ms: int) -> int:
    return max(reach_ms, knobs.after_sanction_ms)


def rejudge_from(log: AfterSanctionLog, since_ms: int, knobs: Churn, reach_ms: int) -> int:
    """The earliest rename a change at `since_ms` judges again: none more than `reach_ms` (the ledger's
    window, how far back an appeal or a reorder can take a sanction) behind the newest entry, so every
    rename judged again has all the entries it looks back at (`keep_from`)."""
    newest = log.newest_ms()
    return since_ms if newest is None else max(since_ms, newest - _reach(knobs, reach_ms))


def keep_from(log: AfterSanctionLog, knobs: Churn, reach_ms: int) -> int | None:
    """Entries before this event time can no longer change a decision that may still be re-judged: the
    oldest rename judged again (`rejudge_from`) looks back one after-sanction window from its own time."""
    newest = log.newest_ms()
    return None if newest is None else newest - _reach(knobs, reach_ms) - knobs.after_sanction_ms


def after_sanction_violation(account_id: str, rename: RenameEntry, knobs: Churn) -> Violation | None:
    """The D10 `rename_after_sanction` a rename stands for (its id follows from the rename alone: the same
    violation when it answers another sanction, with that sanction as its evidence)."""
    if rename.answered is None:
        return None
    kind, ms = rename.answered
    return Violation(rule=RULE, confidence=1.0, field="new_name", identity="after_sanction", account_id=account_id,
                     source_event_id=rename.event_id, occurred_at=rename.occurred_at,
                     evidence={"sanction": kind, "sanction_at_ms": ms,
                               "hours_after": round((rename.at_ms - ms) / 3_600_000, 2),
                               "after_sanction_hours": knobs.after_sanction_hours})


@dataclass(frozen=True, slots=True)
class SanctionChanges:
    """What records sent for an account change in its standing sanctions."""

    added: dict[str, tuple[str, int]]  # action id -> (sanction, event-time ms of the record)
    removed: list[str]  # action ids taken back
    restated: dict[str, str]  # action id of a sanction restated after an appeal -> the id it supersedes

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def sanction_changes(actions: Sequence[Mapping[str, Any]], account_id: str, knobs: Churn) -> SanctionChanges:
    """The standing sanctions `actions` (records sent for the account) add, and the action ids they take
    back. A lift at a mute's end takes nothing back: the mute was given. A sanction restated after an
    appeal (`supersedes`) stands in place of the old id, at the old one's time (`AfterSanctionLog.apply`)."""
    added: dict[str, tuple[str, int]] = {}
    removed: list[str] = []
    restated: dict[str, str] = {}
    for action in actions:
        if action.get("account_id") != account_id:
            continue
        reverses = action.get("reverses")
        if reverses:
            if action.get("reason") != "mute_ended":
                removed.append(reverses)
                added.pop(reverses, None)
        elif knobs.counts_sanction(action.get("sanction", "")):
            added[action["action_id"]] = (action["sanction"], to_epoch_ms(_parse(action["occurred_at"])))
            if action.get("supersedes"):
                restated[action["action_id"]] = action["supersedes"]
                removed.append(action["supersedes"])
                added.pop(action["supersedes"], None)
    return SanctionChanges(added, removed, restated)


def _parse(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value.replace("Z", "+00:00"))


__all__ = ["RULE", "SANCTION_RECHECKED", "AfterSanctionLog", "AfterSanctionStore", "RenameContext", "RenameEntry",
           "SanctionChanges", "after_sanction_violation", "answer_of_newest", "answers", "keep_from", "rejudge_from",
           "sanction_changes"]
