"""The Sanctioner over the in-memory ledger and stores, and over Redis where marked: lifts, supersession,
S4, appeals."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime, timedelta

import pytest
from redis.asyncio import Redis
from twins import Twin

from enforcement.ledger import to_epoch_ms
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.sanctions import Sanctioner, Sanctions
from enforcement.sanctions.redis_stores import RedisDirectory, RedisSchedule
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
        first, second = title("a", 0, day(0)), title("a", 1, day(1))
        warning = (await sanctioner.strike(first)).actions[0]
        mute = (await sanctioner.strike(second)).actions[0]
        reversal, found = await sanctioner.appeal("a", first.violation_id, "overturned", "ap-1", day(2))
        assert found
        # the mute falls; the warning still stands on the second strike alone, so it is re-attributed to it
        assert [(x["sanction"], x.get("reverses"), x.get("supersedes"), x["violation_ids"])
                for x in reversal.actions] == [
            ("unmute", mute["action_id"], None, mute["violation_ids"]),
            ("warning", None, warning["action_id"], [second.violation_id])]
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


@pytest.fixture
def open_sanctioner(twin: Twin) -> Callable[[], AbstractAsyncContextManager[Sanctioner]]:
    """`async with open_sanctioner() as s:` over the in-memory twins, or the Redis ledger and stores on the
    session's real redis-server (fresh key prefix)."""

    def redis(client: Redis, prefix: str) -> Sanctioner:
        return Sanctioner(ledger=RedisLedger(client, POLICY, key_prefix=prefix),
                          directory=RedisDirectory(client, key_prefix=prefix),
                          schedule=RedisSchedule(client, key_prefix=prefix), policy=POLICY)

    return twin.opener(lambda: make()[0], redis)


def test_overturning_the_first_of_three_leaves_outputs_and_ledger_agreeing(
        open_sanctioner: Callable[[], AbstractAsyncContextManager[Sanctioner]]) -> None:
    """Warning → short mute → long mute; the first strike overturned on day 3. The long mute is lifted;
    the short mute still stands on the other two strikes and was superseded by the long one, so it is
    re-sent under a new id with its own end (day 8), and its lift — named after that id — fires on day 8.
    The warning is re-attributed to the second strike. Every mute sent is ended by exactly one record."""

    async def main() -> None:
        async with open_sanctioner() as sanctioner:
            strikes = [title("a", n, day(n)) for n in range(3)]
            sent = [a for v in strikes for a in (await sanctioner.strike(v)).actions]
            warning, short, long = sent
            appeal, found = await sanctioner.appeal("a", strikes[0].violation_id, "overturned", "ap-1", day(3))
            assert found
            restated = [a for a in appeal.actions if a.get("supersedes")]
            assert [(a["sanction"], a.get("supersedes"), a["reason"]) for a in appeal.actions] == [
                ("unmute", None, "appeal_overturned"),
                ("warning", warning["action_id"], "appeal_reattributed"),
                ("mute", short["action_id"], "appeal_reattributed")]
            assert appeal.actions[0]["reverses"] == long["action_id"]
            new_mute = restated[1]
            assert (new_mute["rung"], new_mute["ends_at"]) == ("short_mute", short["ends_at"])
            assert strikes[0].violation_id not in new_mute["violation_ids"]
            assert (await sanctioner.due(to_epoch_ms(day(7)), 0)).actions == ()
            lifted = await sanctioner.due(to_epoch_ms(day(8)), 0)
            assert [(a["sanction"], a["reverses"], a["occurred_at"]) for a in lifted.actions] == [
                ("unmute", new_mute["action_id"], short["ends_at"])]
            await sanctioner.acknowledge(lifted.acks)
            assert await sanctioner.schedule.pending() == 0
            # each mute sent ends once: the long one by the appeal, the old short one by its restatement
            # (which the platform applies in its place), the restated one by its lift
            outputs = sent + list(appeal.actions) + list(lifted.actions)
            mutes = {a["action_id"] for a in outputs if a["sanction"] == "mute"}
            ended = [a.get("reverses") or a.get("supersedes") for a in outputs
                     if a.get("reverses") or (a.get("supersedes") and a["sanction"] == "mute")]
            assert sorted(ended) == sorted(mutes)
            # a redelivered appeal re-sends the same records and leaves one lift at most
            again, _ = await sanctioner.appeal("a", strikes[0].violation_id, "overturned", "ap-1", day(3))
            assert again.actions == appeal.actions

    asyncio.run(main())


def test_blacklisting_an_owner_sends_its_other_existing_accounts_to_review(
        open_sanctioner: Callable[[], AbstractAsyncContextManager[Sanctioner]]) -> None:
    """S4 by owner: b and c (owner-x, created before) become review items `owner_blacklisted`; the
    blacklisted account itself and d (created after, refused) do not; a redelivered blacklisting strike
    emits the same items with the same ids."""

    async def main() -> None:
        async with open_sanctioner() as sanctioner:
            for account, created in (("c", "k3"), ("a", "k1"), ("b", "k2")):
                await sanctioner.account_created(account, "owner-x", created, day(0))
            await sanctioner.account_created("z", "owner-y", "k9", day(0))
            first = await sanctioner.strike(Violation("a", "official_name_exact", 1.0, "e1", day(1)))
            assert [x["sanction"] for x in first.actions] == ["close"] and first.reviews == ()
            strike = Violation("a", "official_name_exact", 1.0, "e2", day(2))
            blacklisted = await sanctioner.strike(strike)
            blacklist = blacklisted.actions[0]
            assert blacklist["sanction"] == "blacklist"
            reviews = blacklisted.reviews
            assert [(r["account_id"], r["reason"], r["blacklisted_account_id"], r["blacklist_action_id"])
                    for r in reviews] == [("b", "owner_blacklisted", "a", blacklist["action_id"]),
                                          ("c", "owner_blacklisted", "a", blacklist["action_id"])]
            assert [r["violations"][0]["violation_id"] for r in reviews] == [strike.violation_id] * 2
            assert len({r["review_id"] for r in reviews}) == 2
            refused = await sanctioner.account_created("d", "owner-x", "k4", day(3))
            assert [x["sanction"] for x in refused.actions] == ["registration_blocked"]
            again = await sanctioner.strike(strike)  # redelivered
            assert again.reviews == reviews

    asyncio.run(main())


def test_overturning_a_blacklisting_withdraws_the_review_items_it_gave_the_owners_accounts(
        open_sanctioner: Callable[[], AbstractAsyncContextManager[Sanctioner]]) -> None:
    """S4: a's blacklisting gave b and c review items; an appeal that overturns it lifts the owner's
    blacklisting and sends those items again withdrawn, `withdrawn_by` the unblacklist; a redelivered
    appeal sends the same records again."""

    async def main() -> None:
        async with open_sanctioner() as sanctioner:
            for account in "abc":
                await sanctioner.account_created(account, "owner-x", f"k-{account}", day(0))
            await sanctioner.strike(Violation("a", "official_name_exact", 1.0, "e1", day(1)))
            second = Violation("a", "official_name_exact", 1.0, "e2", day(2))
            given = (await sanctioner.strike(second)).reviews
            assert sorted(r["account_id"] for r in given) == ["b", "c"]
            lifted, found = await sanctioner.appeal("a", second.violation_id, "overturned", "ap", day(3))
            unblacklist = next(x for x in lifted.actions if x["sanction"] == "unblacklist")
            assert found and [r["review_id"] for r in lifted.reviews] == [r["review_id"] for r in given]
            assert all(r["withdrawn"] and r["withdrawn_by"] == unblacklist["action_id"] for r in lifted.reviews)
            assert [{k: v for k, v in r.items() if k not in ("withdrawn", "withdrawn_by")}
                    for r in lifted.reviews] == list(given)
            again, _ = await sanctioner.appeal("a", second.violation_id, "overturned", "ap", day(3))
            assert again == lifted

    asyncio.run(main())


def _blacklisting_strikes(account: str, first: int) -> list[Violation]:
    """Two D1 strikes a day apart, from day `first`: the second blacklists the account's owner."""
    return [Violation(account, "official_name_exact", 1.0, f"e-{account}-{n}", day(n)) for n in (first, first + 1)]


async def _blacklist_a_and_b(sanctioner: Sanctioner, *, earlier_first: bool) -> list[dict[str, object]]:
    """a, b and c are owner-x's accounts, created at day 0; a is blacklisted at day 2 and b at day 4, met in
    event-time order or the other way round. Returns the review items sent, in order."""
    for account in "abc":
        await sanctioner.account_created(account, "owner-x", f"k-{account}", day(0))
    order = [_blacklisting_strikes("a", 1), _blacklisting_strikes("b", 3)]
    sent: list[dict[str, object]] = []
    for violations in order if earlier_first else order[::-1]:
        for violation in violations:
            sent += (await sanctioner.strike(violation)).reviews
    return sent


def test_of_two_blacklistings_of_an_owner_the_earlier_gives_the_review_items_whichever_is_met_first(
        open_sanctioner: Callable[[], AbstractAsyncContextManager[Sanctioner]]) -> None:
    """S4 across partitions: a and b, two accounts of one owner, are each blacklisted (a at day 2, b at day
    4); c, created before both, is the owner's third account. In event-time order a's blacklisting gives b
    and c their review items and b's gives none (the owner is blacklisted already). Met the other way
    round, b's gives a and c theirs first; a's then sends those again withdrawn (`withdrawn_by` a's action)
    and gives b and c theirs. What stands — the last body of each review id, less the withdrawn — is the
    same, and a redelivery of either changes nothing."""

    async def run(earlier_first: bool) -> tuple[dict[str, dict[str, object]], list[dict[str, object]]]:
        async with open_sanctioner() as sanctioner:
            sent = await _blacklist_a_and_b(sanctioner, earlier_first=earlier_first)
            last = {r["review_id"]: r for r in sent}
            for account, first in (("a", 1), ("b", 3)):  # redelivered: nothing that stands changes
                reviews = (await sanctioner.strike(_blacklisting_strikes(account, first)[-1])).reviews
                last.update({r["review_id"]: r for r in reviews})
        return {i: r for i, r in last.items() if not r.get("withdrawn")}, sent

    async def main() -> None:
        (in_order, sent_in_order), (reversed_, sent_reversed) = await run(True), await run(False)
        assert in_order == reversed_
        assert sorted((r["account_id"], r["blacklisted_account_id"]) for r in in_order.values()) == [
            ("b", "a"), ("c", "a")]
        assert not any(r.get("withdrawn") for r in sent_in_order)
        withdrawn = [r for r in sent_reversed if r.get("withdrawn")]
        a_blacklist = next(iter(in_order.values()))["blacklist_action_id"]
        assert sorted((r["account_id"], r["blacklisted_account_id"], r["withdrawn_by"]) for r in withdrawn) == [
            ("a", "b", a_blacklist), ("c", "b", a_blacklist)]

    asyncio.run(main())


def test_when_the_earlier_of_two_blacklistings_is_lifted_the_later_one_stands_again_whichever_was_met_first(
        open_sanctioner: Callable[[], AbstractAsyncContextManager[Sanctioner]]) -> None:
    """S4: a is blacklisted at day 2 and b, another account of the same owner, at day 4; c is the owner's third
    account. An appeal then overturns a's blacklisting strike. In event-time order b's blacklisting would have
    stood all along had a's never been: the owner stays blacklisted from day 4, a and c get b's review items,
    a's items are withdrawn, and an account the owner creates on day 5 is refused. The same stands whichever
    blacklisting was met first, and a redelivered appeal sends the same records again."""

    async def run(earlier_first: bool) -> tuple[dict[str, dict[str, object]], list[str]]:
        async with open_sanctioner() as sanctioner:
            last = {r["review_id"]: r for r in await _blacklist_a_and_b(sanctioner, earlier_first=earlier_first)}
            overturned = _blacklisting_strikes("a", 1)[-1].violation_id
            appealed, found = await sanctioner.appeal("a", overturned, "overturned", "ap", day(6))
            assert found
            last.update({r["review_id"]: r for r in appealed.reviews})
            again, _ = await sanctioner.appeal("a", overturned, "overturned", "ap", day(6))
            assert again == appealed
            refused = (await sanctioner.account_created("d", "owner-x", "k-d", day(5))).actions
        standing = {i: r for i, r in last.items() if not r.get("withdrawn")}
        return standing, [f"{x['account_id']} {x['sanction']}" for x in refused]

    async def main() -> None:
        (in_order, refused_in_order), (reversed_, refused_reversed) = await run(True), await run(False)
        assert in_order == reversed_
        assert sorted((r["account_id"], r["blacklisted_account_id"]) for r in in_order.values()) == [
            ("a", "b"), ("c", "b")]
        assert refused_in_order == refused_reversed == ["d registration_blocked"]

    asyncio.run(main())


def test_an_owners_accounts_are_refused_or_reviewed_by_event_time_whichever_is_met_first(
        open_sanctioner: Callable[[], AbstractAsyncContextManager[Sanctioner]]) -> None:
    """S4 across partitions: the owner is blacklisted at day 2 (a's second strike). b was created at day 1
    (before: a review item), c at day 3 (after: refused) — the same outputs whether their creations are met
    before the blacklisting or after it, and again on redelivery of either."""

    async def run(creations_first: bool) -> list[tuple[str, str, str]]:
        outputs: list[tuple[str, str, str]] = []

        def keep(sanctions: Sanctions) -> None:
            outputs.extend((x["account_id"], x["sanction"], x["action_id"]) for x in sanctions.actions)
            outputs.extend((x["account_id"], x["reason"], x["review_id"]) for x in sanctions.reviews)

        async with open_sanctioner() as sanctioner:
            keep(await sanctioner.account_created("a", "owner-x", "k1", day(0)))
            keep(await sanctioner.strike(Violation("a", "official_name_exact", 1.0, "e1", day(1))))
            blacklisting = Violation("a", "official_name_exact", 1.0, "e2", day(2))
            creations = (("b", "k2", day(1)), ("c", "k3", day(3)))
            if creations_first:
                for account, event, at in creations:
                    keep(await sanctioner.account_created(account, "owner-x", event, at))
            keep(await sanctioner.strike(blacklisting))
            if not creations_first:
                for account, event, at in creations:
                    keep(await sanctioner.account_created(account, "owner-x", event, at))
            for account, event, at in creations:  # redelivered: the same outputs again, nothing new
                keep(await sanctioner.account_created(account, "owner-x", event, at))
            keep(await sanctioner.strike(blacklisting))
        return outputs

    async def main() -> None:
        met_first, met_after = await run(creations_first=True), await run(creations_first=False)
        assert sorted(set(met_first)) == sorted(set(met_after))
        assert sorted({(account, what) for account, what, _ in met_first}) == [
            ("a", "blacklist"), ("a", "close"), ("b", "owner_blacklisted"), ("c", "registration_blocked")]

    asyncio.run(main())
