"""One contract suite, two ledgers (STYLE): InMemoryLedger and RedisLedger must decide alike (S1–S3, P2)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

from standing import standing

from enforcement.ids import derive_id
from enforcement.ledger import Ledger, LedgerItem, LedgerOutcome
from enforcement.policy import Policy
from enforcement.violations import Violation

OpenLedger = Callable[..., AbstractAsyncContextManager[Ledger]]
MakeViolation = Callable[..., Violation]
LadderPolicy = Callable[..., Policy]
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def day(n: float, base: datetime = BASE) -> datetime:
    """An event time `n` days after `base`."""
    return base + timedelta(days=n)


def run(open_ledger: OpenLedger, scenario: Callable[[Ledger], Awaitable[None]],
        policy: Policy | None = None) -> None:
    async def main() -> None:
        async with open_ledger(policy) as ledger:
            await scenario(ledger)

    asyncio.run(main())


def fired(outcome: LedgerOutcome) -> list[str]:
    return [action.rung for action in outcome.actions]


def test_ladder_fires_on_crossings_not_on_later_strikes(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    """S1/S2: 2 points a strike crosses notice(1), warning(3), short_mute(6), long_mute(10), close(15)."""

    async def scenario(ledger: Ledger) -> None:
        rungs = []
        for n in range(9):
            outcome = await ledger.apply(make_violation(at=day(n)))
            assert outcome.applied and outcome.points == 2
            assert (outcome.points_before, outcome.points_after) == (2 * n, 2 * n + 2)
            rungs.append(fired(outcome))
        assert rungs == [["notice"], ["warning"], ["short_mute"], [], ["long_mute"], [], [], ["close"], []]
        state = await ledger.account_state("u:1")
        assert (state.points, state.rung) == (18, "close")

    run(open_ledger, scenario)


def test_action_record_fields_and_deterministic_id(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    """Deterministic ids: action_id = derive_id("action", account, rung, sorted violation ids behind it)."""

    async def scenario(ledger: Ledger) -> None:
        first = await ledger.apply(make_violation(account="用户:甲", at=day(0)))
        second = await ledger.apply(make_violation(account="用户:甲", at=day(1), rule="credential_lapsed_in_use"))
        (action,) = second.actions
        behind = tuple(sorted([first.violation_id, second.violation_id]))
        assert action.rung == "short_mute" and action.sanction == "mute"
        assert action.action_id == derive_id("action", "用户:甲", "short_mute", *behind)
        assert action.violation_ids == behind
        assert action.duration_s == 7 * 86400
        assert action.occurred_at == day(1) and action.ends_at == day(8)
        assert (action.points_before, action.points_after) == (2, 9)
        assert action.policy_version == "test-1"
        assert second.rung_before == "notice" and second.rung_after == "short_mute"
        record = action.to_record()
        assert record["ends_at"] == "2026-01-09T00:00:00.000Z" and record["violation_ids"] == list(behind)
        assert first.actions[0].duration_s is None and first.actions[0].ends_at is None

    run(open_ledger, scenario)


def test_action_ids_match_derive_id_for_every_id_length(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    """The script's sha256 agrees with enforcement.ids.derive_id across sha256 block boundaries."""

    async def scenario(ledger: Ledger) -> None:
        accounts = ["a" * n for n in range(1, 90)] + ["账" * n for n in range(1, 30)]
        outcomes = await ledger.apply_batch([LedgerItem(make_violation(account=a)) for a in accounts])
        for account, outcome in zip(accounts, outcomes, strict=True):
            (action,) = outcome.actions
            assert action.action_id == derive_id("action", account, "notice", outcome.violation_id)

    run(open_ledger, scenario)


def test_one_strike_crossing_several_thresholds_fires_only_the_highest(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    async def scenario(ledger: Ledger) -> None:
        outcome = await ledger.apply(make_violation(rule="credential_lapsed_in_use"))  # 7 points
        assert fired(outcome) == ["short_mute"] and outcome.rung_before is None

    run(open_ledger, scenario)


def test_min_rung_jump_closes_impersonator(
    open_ledger: OpenLedger, default_policy: Policy, make_violation: MakeViolation
) -> None:
    """S3: confirmed official-name impersonation closes the account at once; later strikes do not re-close."""

    async def scenario(ledger: Ledger) -> None:
        outcome = await ledger.apply(make_violation(rule="official_name_exact", confidence=0.97))
        assert fired(outcome) == ["close"] and outcome.points_after == 10
        assert outcome.rung_before is None and outcome.rung_after == "close"
        later = await ledger.apply(make_violation(rule="rumour_repost", at=day(1)))
        assert later.actions == () and later.rung_after == "close"
        assert later.points == 3  # S2: a sanction in the window makes 2 points count 1.5 times
        staff = await ledger.apply(make_violation(rule="staff_impersonation", at=day(2)))
        assert (staff.points, staff.points_after) == (12, 25)  # no second close, but 25 crosses blacklist
        assert fired(staff) == ["blacklist"]

    run(open_ledger, scenario, default_policy)


def test_min_rung_jump_only_when_above_current_rung(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    """S1: a hot-event impersonation jumps to long mute; it fires nothing for an account already there."""

    async def scenario(ledger: Ledger) -> None:
        jump = await ledger.apply(make_violation(account="u:hot", rule="hot_event_party"))
        assert fired(jump) == ["long_mute"] and jump.actions[0].duration_s == 30 * 86400
        for n in range(1, 9):  # 8 × 2 points: close
            await ledger.apply(make_violation(account="u:other", at=day(n)))
        again = await ledger.apply(make_violation(account="u:other", rule="hot_event_party", at=day(9)))
        assert again.rung_before == "close" and again.actions == ()

    run(open_ledger, scenario)


def test_repeat_offender_multiplier(
    open_ledger: OpenLedger, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """S2: once a warning (or higher) fired inside the window, strikes earn ceil(points × 1.5)."""

    async def scenario(ledger: Ledger) -> None:
        earned = [(await ledger.apply(make_violation(at=day(n)))).points for n in range(5)]
        assert earned == [2, 2, 3, 3, 3]

    run(open_ledger, scenario, ladder_policy(multiplier=1.5))


def test_redelivery_returns_the_stored_outcome(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    """P2, decision "Repeats re-send": a repeated violation_id adds nothing and returns the same actions and ids."""

    async def scenario(ledger: Ledger) -> None:
        violation = make_violation(at=day(3))
        first = await ledger.apply(violation, owner_identity="idh-1")
        await ledger.apply(make_violation(at=day(4)))
        audit_before = await ledger.audit("u:1")
        repeat = await ledger.apply(violation, owner_identity="idh-1")
        assert repeat.applied is False
        assert dataclasses.replace(repeat, applied=True) == first
        assert [a.action_id for a in repeat.actions] == [a.action_id for a in first.actions]
        assert (await ledger.account_state("u:1")).points == 4
        assert await ledger.owner_points("idh-1") == 2
        assert await ledger.audit("u:1") == audit_before
        batch = await ledger.apply_batch([LedgerItem(violation), LedgerItem(violation)])
        assert [o.applied for o in batch] == [False, False]
        assert all(dataclasses.replace(o, applied=True, owner_points_before=0, owner_points_after=2) == first
                   for o in batch)

    run(open_ledger, scenario)


def test_same_violation_twice_in_one_batch_counts_once(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    async def scenario(ledger: Ledger) -> None:
        violation = make_violation()
        first, second = await ledger.apply_batch([LedgerItem(violation), LedgerItem(violation)])
        assert (first.applied, second.applied) == (True, False)
        assert second.actions == first.actions and (await ledger.account_state("u:1")).points == 2

    run(open_ledger, scenario)


def test_strikes_expire_by_event_time(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    """S2: a strike older than the 180-day window (event time) no longer counts."""

    async def scenario(ledger: Ledger) -> None:
        await ledger.apply(make_violation(at=day(0)))
        inside = await ledger.apply(make_violation(at=day(179)))
        assert inside.points_before == 2 and inside.points_after == 4
        boundary = await ledger.apply(make_violation(at=day(180)))  # day 0 is now exactly 180 days old
        assert boundary.points_before == 2 and boundary.points_after == 4
        state = await ledger.account_state("u:1")
        assert [s.occurred_at for s in state.strikes] == [day(179), day(180)]
        assert state.clock == day(180)

    run(open_ledger, scenario)


def test_wall_clock_is_irrelevant(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    """Time is an argument: the same history in 2001 and in 2091 gives the same points, rungs and ids."""

    async def scenario(ledger: Ledger) -> None:
        results = []
        for base in (datetime(2001, 3, 1, tzinfo=UTC), datetime(2091, 3, 1, tzinfo=UTC)):
            account = f"u:{base.year}"
            outcomes = [await ledger.apply(make_violation(account=account, at=day(n * 50, base), event=f"e{n}"))
                        for n in range(6)]
            results.append([(o.points_before, o.points_after, o.rung_after, fired(o)) for o in outcomes])
        assert results[0] == results[1]
        assert [r[1] for r in results[0]] == [2, 4, 6, 8, 8, 8]  # strikes older than 180 days fall away

    run(open_ledger, scenario)


def test_out_of_order_event_times_within_a_batch(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    """Late violations inside the window are placed in event-time order; expiry follows the latest time."""

    async def scenario(ledger: Ledger) -> None:
        outcomes = await ledger.apply_batch([
            LedgerItem(make_violation(at=day(100))),
            LedgerItem(make_violation(at=day(50))),  # earlier than day 100: placed before it
            LedgerItem(make_violation(at=day(120))),
            LedgerItem(make_violation(at=day(290))),  # day 100 and day 50 fall out; day 120 stays
            LedgerItem(make_violation(at=day(90), event="late")),  # outside the window on arrival: earns 0
        ])
        # each strike's totals as of its own event time: day 50 is the first strike, day 120 the third
        assert [o.points_after for o in outcomes] == [2, 2, 6, 4, 4]
        assert [o.counted for o in outcomes] == [True, True, True, True, False]
        first, placed = outcomes[0], outcomes[1]
        # day 100 had fired the notice; in event-time order day 50 fires it and day 100 the warning
        assert fired(first) == ["notice"] and fired(placed) == ["notice"]
        assert [a.rung for a in placed.revised] == ["warning"]
        assert [(r.sanction, r.reverses, r.reason) for r in placed.reversals] == [
            ("withdraw", first.actions[0].action_id, "reordered")]
        assert [a.rung for a in standing(outcomes)] == ["notice", "warning", "short_mute"]
        late = outcomes[-1]
        assert late.points == 0 and late.actions == () and late.occurred_at == day(90)
        state = await ledger.account_state("u:1")
        assert sorted(s.occurred_at for s in state.strikes) == [day(120), day(290)]
        repeat = await ledger.apply(make_violation(at=day(90), event="late"))
        assert repeat.violation_id == late.violation_id and repeat.applied is False

    run(open_ledger, scenario)


def test_arrival_order_never_changes_the_ladder(
    open_ledger: OpenLedger, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """Decision "Order-independent decisions": every arrival order of the same strikes leaves the same
    sanctions standing, and the same points per strike."""
    rules = ["rumour_repost", "official_name_similar", "credential_lapsed_in_use", "rumour_repost",
             "hot_event_party", "official_name_exact"]
    strikes = [make_violation(account="u:order", rule=rule, at=day(i * 3), event=f"o{i}")
               for i, rule in enumerate(rules)]
    orders = [list(range(6)), [5, 4, 3, 2, 1, 0], [2, 0, 4, 1, 5, 3], [1, 0, 3, 2, 5, 4]]

    async def scenario(ledger: Ledger) -> None:
        results = []
        for order in orders:
            account = f"u:order{''.join(map(str, order))}"
            outcomes = [await ledger.apply(dataclasses.replace(strikes[i], account_id=account)) for i in order]
            state = await ledger.account_state(account)
            results.append((
                [(a.sanction, a.rung, a.occurred_at, len(a.violation_ids)) for a in standing(outcomes)],
                sorted((s.occurred_at, s.points) for s in state.strikes), state.points, state.rung))
        assert all(result == results[0] for result in results[1:])
        # 2, 2, then ×1.5 from the warning on: 11 (close at 15), 3, 12 (blacklist at 25), 15
        assert [s[1] for s in results[0][0]] == ["notice", "warning", "close", "blacklist"]
        assert results[0][2] == 45

    run(open_ledger, scenario, policy=ladder_policy(multiplier=1.5))


def test_batch_decides_like_one_by_one(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    async def scenario(ledger: Ledger) -> None:
        rules = ["rumour_repost", "official_name_similar", "hot_event_party", "rename_churn",
                 "credential_lapsed_in_use", "rumour_repost"]
        batch = await ledger.apply_batch([LedgerItem(make_violation(account="u:batch", rule=r, at=day(i),
                                                                    event=f"e{i}"))
                                          for i, r in enumerate(rules)])
        single = [await ledger.apply(make_violation(account="u:single", rule=r, at=day(i), event=f"e{i}"))
                  for i, r in enumerate(rules)]
        shape = [[(o.points_before, o.points_after, o.rung_before, o.rung_after, fired(o)) for o in run_]
                 for run_ in (batch, single)]
        assert shape[0] == shape[1]

    run(open_ledger, scenario)


def test_owner_strikes_count_across_accounts(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    """S2: strikes count per account and per owner identity across that owner's accounts."""

    async def scenario(ledger: Ledger) -> None:
        outcomes = await ledger.apply_batch([
            LedgerItem(make_violation(account="u:a", at=day(0)), owner_identity="idh-9"),
            LedgerItem(make_violation(account="u:b", at=day(1)), owner_identity="idh-9"),
            LedgerItem(make_violation(account="u:c", at=day(2))),
            LedgerItem(make_violation(account="u:b", at=day(200)), owner_identity="idh-9"),
        ])
        assert [(o.owner_points_before, o.owner_points_after) for o in outcomes] == [
            (0, 2), (2, 4), (None, None), (0, 2)]  # the owner's strikes expire by event time too
        assert [o.points_after for o in outcomes] == [2, 2, 2, 2]  # the rung uses the account's own total
        assert await ledger.owner_points("idh-9") == 2

    run(open_ledger, scenario)


def test_audit_entry_per_applied_strike_and_action(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    async def scenario(ledger: Ledger) -> None:
        first = await ledger.apply(make_violation(at=day(0)))
        second = await ledger.apply(make_violation(at=day(1)))
        entries = await ledger.audit("u:1")
        assert [(e["kind"], e.get("action_id") or e["violation_id"]) for e in entries] == [
            ("strike", first.violation_id), ("action", first.actions[0].action_id),
            ("strike", second.violation_id), ("action", second.actions[0].action_id),
        ]
        assert entries[0]["occurred_at_ms"] == str(int(day(0).timestamp() * 1000))
        assert entries[0]["policy_version"] == "test-1"

    run(open_ledger, scenario)


def test_stored_strikes_carry_what_an_appeal_needs(
    open_ledger: OpenLedger, make_violation: MakeViolation
) -> None:
    """Appeals later remove a strike and replay the later ones: each strike keeps seq, points and rungs."""

    async def scenario(ledger: Ledger) -> None:
        outcomes = [await ledger.apply(make_violation(at=day(n))) for n in range(3)]
        strikes = (await ledger.account_state("u:1")).strikes
        assert [s.seq for s in strikes] == [1, 2, 3]
        assert [s.violation_id for s in strikes] == [o.violation_id for o in outcomes]
        assert [(s.points, s.base_points, s.rung_before, s.rung_after) for s in strikes] == [
            (2, 2, None, "notice"), (2, 2, "notice", "warning"), (2, 2, "warning", "short_mute")]
        assert [s.action_ids for s in strikes] == [tuple(a.action_id for a in o.actions) for o in outcomes]

    run(open_ledger, scenario)


def test_naive_event_time_is_refused(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    async def scenario(ledger: Ledger) -> None:
        try:
            await ledger.apply(make_violation(at=datetime(2026, 1, 1) + timedelta(hours=1)))
        except ValueError as error:
            assert "timezone-aware" in str(error)
        else:
            raise AssertionError("a naive occurred_at must be refused")

    run(open_ledger, scenario)


def test_concurrent_tasks_never_double_fire(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    """Atomic inside the script: two clients applying different violations to one account fire each rung once."""

    async def scenario(ledger: Ledger) -> None:
        async def worker(tag: str) -> list[LedgerOutcome]:
            results = []
            for chunk in range(10):
                items = [LedgerItem(make_violation(account="u:hot", at=BASE + timedelta(minutes=chunk),
                                                   event=f"{tag}-{chunk}-{i}")) for i in range(3)]
                results += await ledger.apply_batch(items)
                await asyncio.sleep(0)
            return results

        left, right = await asyncio.gather(worker("L"), worker("R"))
        _assert_serial(left + right, expected_points=120)

    run(open_ledger, scenario)


def _assert_serial(outcomes: list[LedgerOutcome], *, expected_points: int) -> None:
    """Every strike applied once, the points add up, and every rung stands exactly once — strikes of
    equal event time are ordered by violation id, so some arrive late and are placed (reorder.py)."""
    assert sorted(o.seq for o in outcomes) == list(range(1, len(outcomes) + 1))
    assert sum(o.points for o in outcomes) == expected_points
    assert [a.rung for a in standing(outcomes)] == ["notice", "warning", "short_mute", "long_mute", "close",
                                                     "blacklist"]
