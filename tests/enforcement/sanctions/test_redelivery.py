"""Redelivered and reordered events and the schedule, over both store families (in memory and the
session's real Redis).

A repeat re-sends its stored actions with the same ids and bodies, but the schedule never goes backwards:
a redelivered older mute does not cancel a later, longer mute's lift nor revive one a closure cancelled,
and an item already handed out is not armed again by a redelivery. Strikes that arrive out of event-time
order leave the sanctions and the lifts that event-time order gives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from twins import Twin

from enforcement.ledger import to_epoch_ms
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.redis_stores import RedisDirectory, RedisSchedule
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule, Schedule
from enforcement.violations import Violation

BASE = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = load_policy()  # warning 3, short mute 6 (7 d), long mute 10 (30 d), close 15, blacklist 25


def day(n: float) -> datetime:
    return BASE + timedelta(days=n)


def title(account: str, n: int, at: datetime) -> Violation:
    """A D6 strike: 3 points (×1.5 once a warning stands)."""
    return Violation(account, "professional_title_uncredentialed", 1.0, f"ev-{account}-{n}", at)


@dataclass
class Rig:
    sanctioner: Sanctioner
    schedule: Schedule


Open = Callable[[], AbstractAsyncContextManager[Rig]]


@pytest.fixture
def open_rig(twin: Twin) -> Open:
    """`async with open_rig() as rig:` a Sanctioner over fresh stores of one family."""

    def memory() -> Rig:
        schedule = InMemorySchedule()
        return Rig(Sanctioner(ledger=InMemoryLedger(POLICY), directory=InMemoryDirectory(), schedule=schedule,
                              policy=POLICY), schedule)

    def redis(client: Redis, prefix: str) -> Rig:
        schedule = RedisSchedule(client, key_prefix=prefix)
        return Rig(Sanctioner(ledger=RedisLedger(client, POLICY, key_prefix=prefix),
                              directory=RedisDirectory(client, key_prefix=prefix), schedule=schedule,
                              policy=POLICY), schedule)

    return twin.opener(memory, redis)


async def _lifts(rig: Rig, at: datetime) -> list[tuple[str, str | None, str | None]]:
    due = await rig.sanctioner.due(to_epoch_ms(at), 0)
    await rig.sanctioner.acknowledge(due.acks)
    return [(a["sanction"], a["reverses"], a["occurred_at"]) for a in due.actions]


def test_a_redelivered_short_mute_does_not_end_a_later_long_mute_early(open_rig: Open) -> None:
    async def main() -> None:
        async with open_rig() as rig:
            await rig.sanctioner.strike(title("a", 0, day(0)))  # warning
            e1 = title("a", 1, day(1))
            short = (await rig.sanctioner.strike(e1)).actions
            long = (await rig.sanctioner.strike(title("a", 2, day(2)))).actions
            assert [(a["rung"], a["duration_s"]) for a in (*short, *long)] == [
                ("short_mute", 7 * 86_400), ("long_mute", 30 * 86_400)]
            again = await rig.sanctioner.strike(e1)  # E1 alone redelivered
            assert again.actions == short and again.resent == (short[0]["action_id"],)  # the same record re-sent
            assert await rig.schedule.pending() == 1  # still only the long mute's lift
            assert await _lifts(rig, day(9)) == []  # not unmuted on day 8
            assert await _lifts(rig, day(40)) == [("unmute", long[0]["action_id"], long[0]["ends_at"])]
            await rig.sanctioner.strike(e1)  # and again after that lift was sent
            assert await _lifts(rig, day(41)) == [] and await rig.schedule.pending() == 0

    asyncio.run(main())


def test_a_redelivered_mute_does_not_revive_the_lift_a_later_closure_cancelled(open_rig: Open) -> None:
    async def main() -> None:
        async with open_rig() as rig:
            strikes = [title("a", n, day(n)) for n in range(4)]  # warning, short mute, long mute, close
            sent = [(await rig.sanctioner.strike(s)).actions for s in strikes]
            assert [a["sanction"] for actions in sent for a in actions] == ["warning", "mute", "mute", "close"]
            assert await rig.schedule.pending() == 0
            for s in strikes[1:3]:
                assert (await rig.sanctioner.strike(s)).actions == sent[strikes.index(s)]
            assert await rig.schedule.pending() == 0
            assert await _lifts(rig, day(60)) == []  # a closed account is not unmuted

    asyncio.run(main())


def test_a_redelivery_while_its_lift_is_leased_or_after_it_fired_does_not_arm_it_again(open_rig: Open) -> None:
    async def main() -> None:
        async with open_rig() as rig:
            await rig.sanctioner.strike(title("a", 0, day(0)))
            e1 = title("a", 1, day(1))
            mute = (await rig.sanctioner.strike(e1)).actions[0]
            leased = await rig.sanctioner.due(to_epoch_ms(day(9)), 0)
            assert [a["reverses"] for a in leased.actions] == [mute["action_id"]]
            await rig.sanctioner.strike(e1)  # redelivered while the lift is out, not yet acknowledged
            assert (await rig.sanctioner.due(to_epoch_ms(day(9)), 1)).actions == ()  # not handed out twice
            await rig.sanctioner.acknowledge(leased.acks)
            await rig.sanctioner.strike(e1)  # redelivered after the lift was sent
            assert await rig.schedule.pending() == 0
            assert (await rig.sanctioner.due(to_epoch_ms(day(10)), 2)).actions == ()

    asyncio.run(main())


def test_strikes_out_of_event_time_order_leave_the_in_order_sanctions_and_lifts(open_rig: Open) -> None:
    """Three D6 strikes on days 0, 1, 2 give warning, short mute (ends day 8), long mute (ends day 32),
    and one lift on day 32. Arriving day 2, day 0, day 1, the sanctions sent on the way that event-time
    order does not give are reversed (reason reordered), and the same three, with the same ids, stand."""

    async def run(order: list[int]) -> tuple[list[dict[str, object]], list[tuple[str, str | None, str | None]]]:
        async with open_rig() as rig:
            strikes = [title(f"a{''.join(map(str, order))}", n, day(n)) for n in range(3)]
            sent = [a for n in order for a in (await rig.sanctioner.strike(strikes[n])).actions]
            reversed_ids = {a["reverses"] for a in sent if a.get("reason") == "reordered"}
            standing = [a for a in sent if a.get("reverses") is None and a["action_id"] not in reversed_ids]
            assert await _lifts(rig, day(31)) == []
            return standing, await _lifts(rig, day(40))

    async def main() -> None:
        in_order, in_order_lifts = await run([0, 1, 2])
        shuffled, shuffled_lifts = await run([2, 0, 1])
        assert [(a["rung"], a["ends_at"]) for a in in_order] == [
            ("warning", None), ("short_mute", "2026-01-09T00:00:00.000Z"), ("long_mute", "2026-02-02T00:00:00.000Z")]
        shape = [[(a["rung"], a["ends_at"], a["points_after"], len(a["violation_ids"])) for a in run_]
                 for run_ in (in_order, sorted(shuffled, key=lambda a: a["occurred_at"]))]
        assert shape[0] == shape[1]
        assert [(s, at) for s, _, at in in_order_lifts] == [("unmute", "2026-02-02T00:00:00.000Z")]
        assert [(s, at) for s, _, at in shuffled_lifts] == [("unmute", "2026-02-02T00:00:00.000Z")]

    asyncio.run(main())
