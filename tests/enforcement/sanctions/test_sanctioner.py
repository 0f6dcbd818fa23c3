"""The Sanctioner over the in-memory ledger and stores (issue 4 §3–5): lifts, supersession, S4, appeals."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from enforcement.ledger import to_epoch_ms
from enforcement.ledger.memory import InMemoryLedger
from enforcement.policy import load_policy
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.violations import Violation

BASE = datetime(2026, 1, 1, tzinfo=UTC)
POLICY = load_policy()  # warning 3, short mute 6 (7 d), long mute 10 (30 d), close 15, blacklist 25


def day(n: float) -> datetime:
    return BASE + timedelta(days=n)


def title(account: str, n: int, at: datetime) -> Violation:
    """A D6 strike: 3 points (×1.5 once a warning stands)."""
    return Violation(account, "professional_title_uncredentialed", 1.0, f"ev-{account}-{n}", at)


def make() -> tuple[Sanctioner, InMemoryDirectory, InMemorySchedule]:
    directory, schedule = InMemoryDirectory(), InMemorySchedule()
    return Sanctioner(ledger=InMemoryLedger(POLICY), directory=directory, schedule=schedule, policy=POLICY), \
        directory, schedule


def test_a_later_mute_supersedes_the_earlier_lift() -> None:
    async def main() -> None:
        sanctioner, _, schedule = make()
        short = (await sanctioner.strike(title("a", 0, day(0)))).actions  # warning
        short = (await sanctioner.strike(title("a", 1, day(1)))).actions
        assert [a["rung"] for a in short] == ["short_mute"]
        long = (await sanctioner.strike(title("a", 2, day(2)))).actions
        assert [a["rung"] for a in long] == ["long_mute"]
        assert await schedule.pending() == 1  # only the long mute's lift is left
        assert (await sanctioner.due(to_epoch_ms(day(20)), 0)).actions == ()
        due = await sanctioner.due(to_epoch_ms(day(40)), 0)
        assert [(a["sanction"], a["reverses"], a["occurred_at"]) for a in due.actions] == [
            ("unmute", long[0]["action_id"], long[0]["ends_at"])]
        await sanctioner.acknowledge(due.acks)
        assert await schedule.pending() == 0

    asyncio.run(main())


def test_unacknowledged_lift_is_handed_out_again_after_its_lease() -> None:
    async def main() -> None:
        sanctioner, _, _ = make()
        for n in range(2):
            await sanctioner.strike(title("a", n, day(n)))
        first = await sanctioner.due(to_epoch_ms(day(30)), now_ms=1_000)
        assert len(first.actions) == 1
        assert (await sanctioner.due(to_epoch_ms(day(30)), now_ms=2_000)).actions == ()  # leased
        again = await sanctioner.due(to_epoch_ms(day(30)), now_ms=1_000 + 61_000)  # the worker died
        assert again.actions == first.actions

    asyncio.run(main())


def test_blacklisted_owner_cannot_register_again() -> None:
    async def main() -> None:
        sanctioner, directory, _ = make()
        assert (await sanctioner.account_created("a", "owner-x", "c1", day(0))).actions == ()
        impersonation = Violation("a", "official_name_exact", 1.0, "e1", day(0))
        assert [x["sanction"] for x in (await sanctioner.strike(impersonation)).actions] == ["close"]
        again = Violation("a", "official_name_exact", 1.0, "e2", day(1))
        assert [x["sanction"] for x in (await sanctioner.strike(again)).actions] == ["blacklist"]
        assert await directory.is_blacklisted("owner-x")
        blocked = (await sanctioner.account_created("b", "owner-x", "c2", day(2))).actions
        assert [(x["sanction"], x["account_id"], x["reason"]) for x in blocked] == [
            ("registration_blocked", "b", "identity_blacklisted")]
        assert (await sanctioner.account_created("c", "owner-y", "c3", day(2))).actions == ()
        assert (await sanctioner.account_created("a", "owner-x", "c1", day(0))).actions == ()  # redelivered
        assert (await sanctioner.account_created("b", "owner-x", "c2", day(2))).actions == blocked

    asyncio.run(main())


def test_overturn_reverses_the_mute_and_cancels_its_lift() -> None:
    async def main() -> None:
        sanctioner, _, schedule = make()
        first = title("a", 0, day(0))
        await sanctioner.strike(first)
        mute = (await sanctioner.strike(title("a", 1, day(1)))).actions[0]
        reversal, found = await sanctioner.appeal("a", first.violation_id, "overturned", "ap-1", day(2))
        assert found
        assert [(x["sanction"], x["reverses"]) for x in reversal.actions] == [("unmute", mute["action_id"])]
        assert await schedule.pending() == 0
        assert (await sanctioner.due(to_epoch_ms(day(40)), 0)).actions == ()

    asyncio.run(main())


def test_overturning_the_blacklisting_strike_lifts_the_registration_ban() -> None:
    async def main() -> None:
        sanctioner, directory, _ = make()
        await sanctioner.account_created("a", "owner-x", "c1", day(0))
        await sanctioner.strike(Violation("a", "official_name_exact", 1.0, "e1", day(0)))
        second = Violation("a", "official_name_exact", 1.0, "e2", day(1))
        await sanctioner.strike(second)
        reversal, _ = await sanctioner.appeal("a", second.violation_id, "overturned", "ap", day(2))
        assert [x["sanction"] for x in reversal.actions] == ["unblacklist"]
        assert not await directory.is_blacklisted("owner-x")

    asyncio.run(main())
