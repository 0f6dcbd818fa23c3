"""D10 rename_after_sanction by event time: the rule over the two logs, and the logs' contract over
InMemoryChurn and RedisChurn (the session's real Redis)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from twins import Twin

from enforcement.churn import ChurnStore, InMemoryChurn
from enforcement.churn.after_sanction import (
    AfterSanctionLog,
    RenameContext,
    RenameEntry,
    SanctionChanges,
    StoredViolations,
    after_sanction_violation,
    answer_of_newest,
    answers,
    sanction_changes,
)
from enforcement.churn.redis import RedisChurn
from enforcement.policy import Churn
from enforcement.violations import Violation

H = 3_600_000
BASE = datetime(2026, 1, 1, tzinfo=UTC)
T0 = int(BASE.timestamp() * 1000)
KNOBS = Churn(after_sanction_hours=72)
Story = Callable[[ChurnStore], Awaitable[object]]


def rename(n: int, hours: float, answered: tuple[str, int] | None = None) -> RenameEntry:
    return RenameEntry(f"r{n}", BASE + timedelta(hours=hours), (), answered)


def test_a_rename_answers_the_latest_sanction_strictly_before_it() -> None:
    sanctions = {"m1": ("mute", T0), "m2": ("mute", T0 + 10 * H), "w": ("warning", T0 + 11 * H)}
    got = answers([rename(1, 12), rename(2, 10)], sanctions, KNOBS)
    assert got == {"r1": ("mute", T0 + 10 * H), "r2": ("mute", T0)}  # a sanction at the rename's time is not before it


def test_each_sanction_is_answered_once_by_the_first_rename_in_event_time() -> None:
    sanctions = {"m": ("mute", T0), "c": ("close", T0 + 100 * H)}
    renames = [rename(5, 200), rename(2, 2), rename(4, 101), rename(1, 1), rename(3, 80)]
    assert answers(renames, sanctions, KNOBS) == {"r1": ("mute", T0), "r2": None, "r3": None,
                                                  "r4": ("close", T0 + 100 * H), "r5": None}


def test_a_rename_long_after_the_sanction_answers_nothing() -> None:
    assert answers([rename(1, 73)], {"m": ("mute", T0)}, KNOBS) == {"r1": None}


_KINDS = st.sampled_from(["mute", "close", "warning", "notice"])


@given(renames=st.lists(st.tuples(st.integers(0, 200), st.integers(0, 3)), max_size=8, unique=True),
       sanctions=st.lists(st.tuples(_KINDS, st.integers(0, 200)), max_size=5),
       new=st.tuples(st.integers(0, 200), st.integers(0, 3)))
@example(renames=[(10, 0)], sanctions=[("mute", 5)], new=(20, 0))  # the earlier rename answered the mute
@example(renames=[(5, 0)], sanctions=[("mute", 5)], new=(20, 0))  # a rename at the mute's time answers nothing of it
@example(renames=[], sanctions=[("mute", 5), ("close", 5)], new=(20, 0))  # two sanctions at one time
@example(renames=[], sanctions=[("mute", 20)], new=(20, 0))  # a sanction at the rename's own time is not before it
def test_the_newest_rename_is_answered_as_the_whole_log_would_answer_it(
        renames: list[tuple[int, int]], sanctions: list[tuple[str, int]], new: tuple[int, int]) -> None:
    """Judging a rename after every rename in the log from the newest one and the sanctions alone gives what
    judging the whole log gives (hours from BASE; event ids r<n> order renames of one time)."""
    entries = [RenameEntry(f"r{n}", BASE + timedelta(hours=hours)) for hours, n in renames]
    newest = RenameEntry(f"r{new[1]}", BASE + timedelta(hours=new[0]))
    if any((e.at_ms, e.event_id) >= (newest.at_ms, newest.event_id) for e in entries):
        return  # not after every rename: the pipeline reads the whole log for those
    standing = {f"a{i}": (kind, T0 + hours * H) for i, (kind, hours) in enumerate(sanctions)}
    latest = max(((e.at_ms, e.event_id) for e in entries), default=None)
    assert (answer_of_newest(newest, latest, standing, KNOBS)
            == answers([*entries, newest], standing, KNOBS)[newest.event_id])


def test_the_violation_names_the_sanction_it_answers() -> None:
    violation = after_sanction_violation("a", rename(1, 1.5, ("mute", T0)), KNOBS)
    assert isinstance(violation, Violation)
    assert (violation.rule, violation.source_event_id, violation.evidence["hours_after"]) == (
        "rename_after_sanction", "r1", 1.5)
    assert after_sanction_violation("a", rename(1, 1.5), KNOBS) is None


def test_actions_add_sanctions_and_reversals_take_them_back_but_a_lift_does_not() -> None:
    at = "2026-01-01T00:00:00Z"
    actions = [{"account_id": "a", "action_id": "m", "sanction": "mute", "occurred_at": at},
               {"account_id": "a", "action_id": "n", "sanction": "notice", "occurred_at": at},
               {"account_id": "b", "action_id": "x", "sanction": "mute", "occurred_at": at},
               {"account_id": "a", "action_id": "u", "sanction": "unmute", "reverses": "m0", "reason": "mute_ended",
                "occurred_at": at},
               {"account_id": "a", "action_id": "w", "sanction": "unmute", "reverses": "m1", "reason": "reordered",
                "occurred_at": at}]
    assert sanction_changes(actions, "a", KNOBS) == SanctionChanges({"m": ("mute", T0)}, ["m1"], {})


def test_a_sanction_restated_after_an_appeal_stands_in_place_of_the_old_one() -> None:
    restated = {"account_id": "a", "action_id": "m2", "sanction": "mute", "supersedes": "m",
                "reason": "appeal_reattributed", "occurred_at": "2026-01-01T00:00:00Z"}
    changes = sanction_changes([restated], "a", KNOBS)
    assert changes == SanctionChanges({"m2": ("mute", T0)}, ["m"], {"m2": "m"})
    # it was given when the old one was: it keeps the old one's time, whenever the appeal came
    log = AfterSanctionLog(sanctions={"m": ("mute", T0 - 3_600_000)})
    assert log.apply(changes.added, changes.removed, changes.restated) == [T0 - 3_600_000, T0 - 3_600_000]
    assert log.sanctions == {"m2": ("mute", T0 - 3_600_000)}
    # one whose old sanction the log does not hold is not a new sanction
    empty = AfterSanctionLog()
    assert empty.apply(changes.added, changes.removed, changes.restated) == [] and empty.sanctions == {}


@pytest.fixture
def run_story(twin: Twin) -> Callable[[Story], object]:
    return lambda story: twin.run(story, InMemoryChurn, lambda client, prefix: RedisChurn(client, key_prefix=prefix))


def test_the_logs_keep_renames_sanctions_and_results(run_story: Callable[[Story], object]) -> None:
    violation = Violation(rule="official_name_exact", confidence=1.0, field="new_name", identity="x", account_id="a",
                          source_event_id="r1", occurred_at=BASE + timedelta(hours=1), evidence={"k": [1]})

    async def story(store: ChurnStore) -> tuple[AfterSanctionLog, AfterSanctionLog, bytes | None, bytes | None]:
        first = RenameEntry("r1", BASE + timedelta(hours=1), (violation,), ("mute", T0))
        await store.save_after_sanction("a", [first], {"m": ("mute", T0), "c": ("close", T0 + H)}, [], 0)
        await store.save_after_sanction("a", [rename(1, 1), rename(2, 3)], {}, ["c", "gone"], 0,
                                        ("e9", T0 + 2 * H, b'{"x":1}'))
        await store.save_after_sanction("b", [rename(7, 1)], {}, [], 0)
        kept = await store.after_sanction_log("a")
        result = await store.after_sanction_result("a", "e9")
        await store.save_after_sanction("a", [], {}, [], T0 + 2 * H)  # forget what is before 02:00
        return kept, await store.after_sanction_log("a"), result, await store.after_sanction_result("a", "e9")

    kept, trimmed, result, still = run_story(story)
    assert kept.renames == {"r1": rename(1, 1), "r2": rename(2, 3)}  # the same event's entry replaced
    assert kept.sanctions == {"m": ("mute", T0)}
    assert (result, still) == (b'{"x":1}', b'{"x":1}')
    assert (trimmed.renames, trimmed.sanctions) == ({"r2": rename(2, 3)}, {})


def test_a_rename_context_holds_the_entry_the_newest_rename_and_the_sanctions(
        run_story: Callable[[Story], object]) -> None:
    async def story(store: ChurnStore) -> list[RenameContext]:
        seen = [await store.rename_context("a", "r1")]
        await store.save_after_sanction("a", [rename(2, 5), rename(1, 5), rename(3, 2)], {"m": ("mute", T0)}, [], 0)
        seen.append(await store.rename_context("a", "r1"))
        seen.append(await store.rename_context("a", "r9"))
        await store.save_after_sanction("a", [], {}, [], T0 + 10 * H)  # every rename forgotten
        seen.append(await store.rename_context("a", "r1"))
        return seen

    empty, stored, other, forgotten = run_story(story)
    assert empty == RenameContext(None, None, {})
    # of two renames at one time, the greater event id is the newest
    assert stored == RenameContext(rename(1, 5), (T0 + 5 * H, "r2"), {"m": ("mute", T0)})
    assert other == RenameContext(None, (T0 + 5 * H, "r2"), {"m": ("mute", T0)})
    assert forgotten == RenameContext(None, None, {})


def test_an_entry_keeps_its_violations_and_its_answer(run_story: Callable[[Story], object]) -> None:
    violation = Violation(rule="official_name_exact", confidence=0.9, field="new_name", identity="x", account_id="a",
                          source_event_id="r1", occurred_at=BASE + timedelta(hours=1), evidence={"k": [1]})
    entry = RenameEntry("r1", BASE + timedelta(hours=1), (violation,), ("close", T0))

    async def story(store: ChurnStore) -> AfterSanctionLog:
        await store.save_after_sanction("a", [entry], {}, [], 0)
        return await store.after_sanction_log("a")

    assert run_story(story).renames == {"r1": entry}


def test_a_stored_entry_builds_its_violations_only_when_read_and_writes_back_the_same_bytes() -> None:
    violation = Violation(rule="official_name_exact", confidence=0.9, field="new_name", identity="x", account_id="a",
                          source_event_id="r1", occurred_at=BASE + timedelta(hours=1), evidence={"k": [1]})
    entry = RenameEntry("r1", BASE + timedelta(hours=1), (violation,), ("close", T0))
    stored = RenameEntry.from_json(entry.to_json())
    assert isinstance(stored.violations, StoredViolations)
    assert stored.to_json() == entry.to_json()  # written back as read, without building a violation
    assert stored.violations._built is None
    assert stored == entry and len(stored.violations) == 1
    assert list(stored.violations) == [violation] and stored.violations[0].violation_id == violation.violation_id
