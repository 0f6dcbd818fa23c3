"""Appeals on both ledgers: an overturned strike no longer counts (S2), later escalations are recomputed,
sanctions that no longer stand are reversed; repeats and upheld appeals change nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

from enforcement.ledger import Ledger
from enforcement.policy import Policy
from enforcement.violations import Violation

OpenLedger = Callable[..., AbstractAsyncContextManager[Ledger]]
MakeViolation = Callable[..., Violation]
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def day(n: float) -> datetime:
    return BASE + timedelta(days=n)


def run(open_ledger: OpenLedger, scenario: Callable[[Ledger], Awaitable[None]], policy: Policy | None = None) -> None:
    async def main() -> None:
        async with open_ledger(policy) as ledger:
            await scenario(ledger)

    asyncio.run(main())


def test_overturn_unwinds_later_escalations(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    """2 points a strike: notice, warning, short_mute fire; overturning the first strike leaves 4 points,
    so the short mute (threshold 6) no longer stands and is reversed; notice and warning still stand."""

    async def scenario(ledger: Ledger) -> None:
        strikes = [make_violation(at=day(n)) for n in range(3)]
        outcomes = [await ledger.apply(v) for v in strikes]
        mute = outcomes[2].actions[0]
        assert mute.sanction == "mute"
        result = await ledger.appeal("u:1", strikes[0].violation_id, decision="overturned", appeal_id="ap-1",
                                     at=day(4))
        assert result.found and result.applied
        assert (result.points_before, result.points_after) == (6, 4)
        assert [(r.sanction, r.reverses, r.reason) for r in result.reversals] == [
            ("unmute", mute.action_id, "appeal_overturned")]
        state = await ledger.account_state("u:1")
        assert state.points == 4
        assert [s.violation_id for s in state.strikes] == [v.violation_id for v in strikes[1:]]
        again = await ledger.appeal("u:1", strikes[0].violation_id, decision="overturned", appeal_id="ap-1",
                                    at=day(5))
        assert not again.applied and again.reversals == result.reversals

    run(open_ledger, scenario)


def test_overturned_violation_redelivered_adds_nothing(open_ledger: OpenLedger, make_violation: MakeViolation,
                                                       ) -> None:
    async def scenario(ledger: Ledger) -> None:
        strike = make_violation(at=day(0))
        await ledger.apply(strike)
        await ledger.appeal("u:1", strike.violation_id, decision="overturned", appeal_id="ap", at=day(1))
        repeat = await ledger.apply(strike)
        assert not repeat.applied and repeat.actions == ()
        assert (await ledger.account_state("u:1")).points == 0

    run(open_ledger, scenario)


def test_next_crossing_after_an_overturn_fires_again(open_ledger: OpenLedger, make_violation: MakeViolation,
                                                      ) -> None:
    """After the short mute is reversed, the next strike that reaches 6 points mutes again."""

    async def scenario(ledger: Ledger) -> None:
        strikes = [make_violation(at=day(n)) for n in range(3)]
        for v in strikes:
            await ledger.apply(v)
        await ledger.appeal("u:1", strikes[2].violation_id, decision="overturned", appeal_id="ap", at=day(3))
        nxt = await ledger.apply(make_violation(at=day(4)))
        assert [a.rung for a in nxt.actions] == ["short_mute"]

    run(open_ledger, scenario)


def test_overturning_a_min_rung_jump_reopens(open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    """S3 closure by jump; an overturn leaves nothing behind it, so the account is reopened."""

    async def scenario(ledger: Ledger) -> None:
        strike = make_violation(rule="official_name_exact", at=day(0))
        close = (await ledger.apply(strike)).actions[0]
        assert close.sanction == "close"
        result = await ledger.appeal("u:1", strike.violation_id, decision="overturned", appeal_id="ap", at=day(1))
        assert [(r.sanction, r.reverses) for r in result.reversals] == [("reopen", close.action_id)]
        assert (await ledger.account_state("u:1")).rung is None

    run(open_ledger, scenario)


def test_upheld_appeal_is_recorded_and_changes_nothing(open_ledger: OpenLedger, make_violation: MakeViolation,
                                                       ) -> None:
    async def scenario(ledger: Ledger) -> None:
        strikes = [make_violation(at=day(n)) for n in range(3)]
        for v in strikes:
            await ledger.apply(v)
        result = await ledger.appeal("u:1", strikes[0].violation_id, decision="upheld", appeal_id="ap", at=day(4))
        assert result.found and result.applied and result.reversals == ()
        assert (result.points_before, result.points_after) == (6, 6)
        assert (await ledger.account_state("u:1")).points == 6
        kinds = [entry["kind"] for entry in await ledger.audit("u:1")]
        assert kinds[-1] == "appeal"

    run(open_ledger, scenario)


def test_appeal_of_unknown_violation_is_not_found(open_ledger: OpenLedger) -> None:
    async def scenario(ledger: Ledger) -> None:
        result = await ledger.appeal("u:9", "nope", decision="overturned", appeal_id="ap", at=day(0))
        assert not result.found and not result.applied

    run(open_ledger, scenario)


def _title(n: int, at: datetime) -> Violation:
    """A D6 strike on u:1 under the default policy: 3 points, ×1.5 once a warning stands."""
    return Violation("u:1", "professional_title_uncredentialed", 1.0, f"ev-title-{n}", at)


def test_overturning_the_first_of_three_reattributes_and_restores_the_short_mute(
        open_ledger: OpenLedger, default_policy: Policy) -> None:
    """Warning (3) → short mute (8) → long mute (13). Overturning the first strike leaves 3 + 5 = 8 points:
    the long mute falls; the warning and the short mute still stand but both cite the overturned strike,
    so each is restated under a new id citing the strikes that now reach it. The short mute keeps its own
    end (day 8), and it is what the ledger holds afterwards — nothing it keeps cites the overturned strike."""

    async def scenario(ledger: Ledger) -> None:
        strikes = [_title(n, day(n)) for n in range(3)]
        warning, short, long = [(await ledger.apply(v)).actions[0] for v in strikes]
        assert [a.rung for a in (warning, short, long)] == ["warning", "short_mute", "long_mute"]
        first, second, third = (v.violation_id for v in strikes)
        result = await ledger.appeal("u:1", first, decision="overturned", appeal_id="ap-1", at=day(3))
        assert (result.points_before, result.points_after) == (13, 8)
        assert [(r.sanction, r.reverses) for r in result.reversals] == [("unmute", long.action_id)]
        assert [(r.sanction, r.rung, r.supersedes, r.violation_ids, r.reason, r.ends_at, r.duration_s)
                for r in result.reattributed] == [
            ("warning", "warning", warning.action_id, (second,), "appeal_reattributed", None, None),
            ("mute", "short_mute", short.action_id, tuple(sorted([second, third])), "appeal_reattributed",
             short.ends_at, short.duration_s)]
        new_ids = [r.action_id for r in result.reattributed]
        assert len(set(new_ids) | {warning.action_id, short.action_id}) == 4  # new ids, not the old ones
        assert all(r.occurred_at == day(3) and r.reverses is None for r in result.reattributed)

        state = await ledger.account_state("u:1")
        assert (state.points, state.rung) == (8, "short_mute")
        held = {s.violation_id: s.action_ids for s in state.strikes}
        assert held == {second: (new_ids[0],), third: (new_ids[1],)}
        # a redelivered strike re-sends the sanction as it stands now (pinned: repeats re-send)
        again = await ledger.apply(strikes[1])
        assert not again.applied and [a.action_id for a in again.actions] == [new_ids[0]]
        # a repeated appeal answers the same
        repeat = await ledger.appeal("u:1", first, decision="overturned", appeal_id="ap-1", at=day(4))
        assert not repeat.applied and repeat.reattributed == result.reattributed
        # the ladder goes on from the restated rungs: the next strike earns ×1.5 and reaches the long mute
        nxt = await ledger.apply(_title(3, day(5)))
        assert (nxt.points, [a.rung for a in nxt.actions]) == (5, ["long_mute"])

    run(open_ledger, scenario, default_policy)


def test_overturning_the_last_strike_restores_the_mute_it_had_superseded(
        open_ledger: OpenLedger, default_policy: Policy) -> None:
    """The long mute's own strike overturned: the short mute it had superseded is back in force, restated
    with its own violations and end (reason mute_restored); the warning cites nothing overturned."""

    async def scenario(ledger: Ledger) -> None:
        strikes = [_title(n, day(n)) for n in range(3)]
        _, short, long = [(await ledger.apply(v)).actions[0] for v in strikes]
        result = await ledger.appeal("u:1", strikes[2].violation_id, decision="overturned", appeal_id="ap",
                                     at=day(3))
        assert [(r.sanction, r.reverses) for r in result.reversals] == [("unmute", long.action_id)]
        assert [(r.rung, r.supersedes, r.violation_ids, r.reason, r.ends_at) for r in result.reattributed] == [
            ("short_mute", short.action_id, short.violation_ids, "mute_restored", short.ends_at)]
        assert (await ledger.account_state("u:1")).rung == "short_mute"

    run(open_ledger, scenario, default_policy)


def test_a_mute_already_over_is_not_restored(open_ledger: OpenLedger, default_policy: Policy) -> None:
    """Appeal on day 20: the short mute (ends day 8) is over, so only the long mute is reversed; the
    warning is still re-attributed (a warning stands for as long as its strikes count)."""

    async def scenario(ledger: Ledger) -> None:
        strikes = [_title(n, day(n)) for n in range(3)]
        warning, _, long = [(await ledger.apply(v)).actions[0] for v in strikes]
        result = await ledger.appeal("u:1", strikes[0].violation_id, decision="overturned", appeal_id="ap",
                                     at=day(20))
        assert [r.reverses for r in result.reversals] == [long.action_id]
        assert [(r.sanction, r.supersedes) for r in result.reattributed] == [("warning", warning.action_id)]

    run(open_ledger, scenario, default_policy)


def test_a_standing_close_is_reattributed_away_from_the_overturned_strike(
        open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    """2 points a strike, nine strikes: notice, warning, short and long mute, close (at 16). Without the
    first strike the ninth still reaches 16: nothing is reversed, and the close — and the notice and
    warning — are restated citing only the remaining strikes. The mutes, superseded by the close, are
    not in force and are not re-sent."""

    async def scenario(ledger: Ledger) -> None:
        strikes = [make_violation(at=day(n), event=f"close-{n}") for n in range(9)]
        fired = [a for v in strikes for a in (await ledger.apply(v)).actions]
        assert [a.rung for a in fired] == ["notice", "warning", "short_mute", "long_mute", "close"]
        ids = [v.violation_id for v in strikes]
        result = await ledger.appeal("u:1", ids[0], decision="overturned", appeal_id="ap", at=day(9))
        assert result.reversals == ()
        by_rung = {r.rung: r for r in result.reattributed}
        assert sorted(by_rung) == ["close", "notice", "warning"]
        assert by_rung["close"].supersedes == fired[4].action_id
        assert by_rung["close"].violation_ids == tuple(sorted(ids[1:]))
        assert by_rung["notice"].violation_ids == (ids[1],)
        assert by_rung["warning"].violation_ids == tuple(sorted(ids[1:3]))
        assert all(ids[0] not in r.violation_ids for r in result.reattributed)
        state = await ledger.account_state("u:1")
        assert (state.points, state.rung) == (16, "close")

    run(open_ledger, scenario)


def test_the_appeal_audit_entry_names_who_resolved_it_when_the_resolution_does(
        open_ledger: OpenLedger, make_violation: MakeViolation) -> None:
    async def scenario(ledger: Ledger) -> None:
        strikes = [make_violation(at=day(n)) for n in range(3)]
        for v in strikes:
            await ledger.apply(v)
        await ledger.appeal("u:1", strikes[0].violation_id, decision="upheld", appeal_id="ap-1", at=day(4),
                            resolved_by="wang")
        await ledger.appeal("u:1", strikes[1].violation_id, decision="overturned", appeal_id="ap-2", at=day(4))
        appeals = [entry for entry in await ledger.audit("u:1") if entry["kind"] == "appeal"]
        assert [(e["appeal_id"], e.get("resolved_by")) for e in appeals] == [("ap-1", "wang"), ("ap-2", None)]

    run(open_ledger, scenario)
