"""Appeals on both ledgers (issue 4 §5): an overturned strike goes, later escalations are recomputed,
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
