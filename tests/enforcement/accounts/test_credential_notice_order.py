"""D6 and D7 under redelivery and reordering, over the in-memory and the real Redis stores: a redelivered
verification after the lapse arms nothing again and sends no new id; an account that adopts a title inside
the warning window is warned, with the same record in either arrival order of the credential and the
rename, and in a replay as in a live run; a credential arriving after a profile event it precedes in
event time re-judges that event's D6 (withdrawn, or raised), so both arrival orders leave the same."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

import pytest
from redis.asyncio import Redis
from stateful_events import POLICY, event
from twins import Twin

from enforcement.accounts.checks import InMemoryCredentialChecks
from enforcement.accounts.credentials import InMemoryCredentialStore
from enforcement.accounts.profiles import InMemoryProfileStore
from enforcement.accounts.redis_stores import RedisCredentialChecks, RedisCredentialStore, RedisProfileStore
from enforcement.credential_lifecycle import CredentialLifecycle
from enforcement.identity import IdentityIndex
from enforcement.identity.holder import IndexHolder
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.redis import RedisLedger
from enforcement.pipeline import Enforcement, Outcome
from enforcement.registry import Registry
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.redis_stores import RedisDirectory, RedisSchedule
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.watermark import InMemoryWatermark

VALID_UNTIL = "2026-06-01T00:00:00Z"
WINDOW_OPENS = "2026-05-18T00:00:00.000Z"  # 14 days before VALID_UNTIL: the notice's time
EXPIRES = "2026-06-01T00:00:00.000Z"  # VALID_UNTIL as the actions write it
LATENESS_MS = 3_600_000

Open = Callable[[], AbstractAsyncContextManager[Enforcement]]


@pytest.fixture
def open_enforcement(twin: Twin, vocabulary: Registry) -> Open:
    """`async with open_enforcement() as enforcement:` over fresh stores of one family (one hour's lateness)."""
    index = IdentityIndex.build(vocabulary)

    def build(profiles: Any, credentials: Any, schedule: Any, sanctioner: Sanctioner, checks: Any) -> Enforcement:
        holder = IndexHolder(index)
        holder.caught_up.set()
        lifecycle = CredentialLifecycle(credentials=credentials, profiles=profiles, schedule=schedule, policy=POLICY,
                                        checks=checks)
        return Enforcement(watermark=InMemoryWatermark(LATENESS_MS), index=holder, policy=POLICY,
                           sanctioner=sanctioner, profiles=profiles, lifecycle=lifecycle, clock_ms=lambda: 0)

    def memory() -> Enforcement:
        return build(InMemoryProfileStore(), InMemoryCredentialStore(), InMemorySchedule(),
                     Sanctioner(ledger=InMemoryLedger(POLICY), directory=InMemoryDirectory(),
                                schedule=InMemorySchedule(), policy=POLICY), InMemoryCredentialChecks())

    def redis(client: Redis, prefix: str) -> Enforcement:
        sanctioner = Sanctioner(ledger=RedisLedger(client, POLICY, key_prefix=prefix),
                                directory=RedisDirectory(client, key_prefix=prefix),
                                schedule=RedisSchedule(client, key_prefix=prefix), policy=POLICY)
        return build(RedisProfileStore(client, key_prefix=prefix), RedisCredentialStore(client, key_prefix=prefix),
                     RedisSchedule(client, key_prefix=f"{prefix}credentials:"), sanctioner,
                     RedisCredentialChecks(client, key_prefix=prefix))

    return twin.opener(memory, redis)


def verified(at: str = "2026-01-01T00:00:01Z") -> Any:
    return event("credential.verified", account_id="d:1", event_id="d:1-verified", credential_id="c1",
                 domain="medical", valid_until=VALID_UNTIL, occurred_at=at)


def created(name: str = "张三的日常", at: str = "2026-01-01T00:00:02Z") -> Any:
    return event("profile.created", account_id="d:1", event_id="d:1-created", name=name, bio="", occurred_at=at)


def renamed(new_name: str, at: str, n: int = 1) -> Any:
    return event("profile.renamed", account_id="d:1", event_id=f"d:1-rn{n}", old_name="张三的日常",
                 new_name=new_name, occurred_at=at)


def tick(at: str) -> Any:
    """An unrelated account's event: only advances the shared watermark."""
    return event("profile.bio_changed", account_id="other:1", event_id=f"tick-{at}", bio="日常", occurred_at=at)


async def feed(enforcement: Enforcement, *events: Any) -> list[Outcome]:
    """Handle each event and acknowledge what it fired, as the worker does once its outputs are sent."""
    outcomes = []
    for e in events:
        outcome = await enforcement.handle(e)
        await enforcement.acknowledge(outcome)
        outcomes.append(outcome)
    return outcomes


def ids(outcomes: list[Outcome]) -> set[str]:
    return {r["violation_id"] for o in outcomes for r in o.violations} | {
        r["action_id"] for o in outcomes for r in o.actions}


def notices(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    return [a for o in outcomes for a in o.actions if a["sanction"] == "credential_expiry_notice"]


def test_a_redelivered_verification_after_the_lapse_arms_nothing_and_sends_no_new_id(open_enforcement: Open) -> None:
    async def main() -> None:
        async with open_enforcement() as enforcement:
            first = await feed(enforcement, verified(), created(), tick("2026-05-19T00:00:00Z"),
                               tick("2026-06-01T02:00:00Z"), renamed("张医生", "2026-06-05T00:00:00Z"))
            assert notices(first) == []  # no title while the credential was valid: nothing to warn of
            assert [v["rule"] for o in first for v in o.violations] == ["professional_title_uncredentialed"]
            again = await feed(enforcement, verified(), tick("2026-06-06T00:00:00Z"))  # same bytes, same key
            assert ids(again) <= ids(first)
            assert notices(again) == [] and [v for o in again for v in o.violations] == []

    asyncio.run(main())


def test_a_title_adopted_inside_the_window_is_warned_of(open_enforcement: Open) -> None:
    async def main() -> None:
        async with open_enforcement() as enforcement:
            # verified when the window had already opened: the scheduled notice finds no title and is dropped
            before = await feed(enforcement, created(), verified("2026-05-20T00:00:00Z"),
                                tick("2026-05-21T00:00:00Z"))
            assert notices(before) == []
            adopted = await feed(enforcement, renamed("张医生", "2026-05-25T00:00:00Z"))
            assert [v for o in adopted for v in o.violations] == []  # covered by the credential: no D6
            assert [(a["occurred_at"], a["ends_at"]) for a in notices(adopted)] == [(WINDOW_OPENS, EXPIRES)]
            redelivered = await feed(enforcement, renamed("张医生", "2026-05-25T00:00:00Z"))
            assert notices(redelivered) == notices(adopted) and redelivered[0].resent == (
                notices(adopted)[0]["action_id"],)  # the same record re-sent, not a new decision
            later = await feed(enforcement, renamed("王医生", "2026-05-27T00:00:00Z", n=2),
                               tick("2026-05-30T00:00:00Z"))
            assert notices(later) == []  # warned once per expiry
            assert [a["sanction"] for a in (await feed(enforcement, renamed("张医生", "2026-06-02T00:00:00Z", 3),
                                                       tick("2026-06-03T00:00:00Z")))[0].actions] != [
                "credential_expiry_notice"]

    asyncio.run(main())


def test_the_notice_is_the_same_in_either_arrival_order_and_in_a_replay(open_enforcement: Open) -> None:
    async def run(order: list[Any], *, live: list[datetime] | None = None) -> list[dict[str, Any]]:
        async with open_enforcement() as enforcement:
            outcomes = []
            for n, e in enumerate(order):
                outcomes += await feed(enforcement, e)
                if live is not None and n < len(live):  # live running: the clock raises the watermark too
                    await enforcement.observe_clock(live[n])
                    outcome = await enforcement.due()
                    await enforcement.acknowledge(outcome)
                    outcomes.append(outcome)
            outcomes += await feed(enforcement, tick("2026-06-10T00:00:00Z"))
            return notices(outcomes)

    async def main() -> None:
        title = renamed("张医生", "2026-05-25T00:00:00Z")
        credential = verified("2026-05-24T23:30:00Z")  # half an hour earlier: within the allowed lateness
        replay = await run([created(), credential, title])
        assert [(a["occurred_at"], a["ends_at"]) for a in replay] == [(WINDOW_OPENS, EXPIRES)]
        assert await run([created(), title, credential]) == replay
        early = verified("2026-05-10T00:00:00Z")  # verified before the window: live, its notice falls due by the clock
        replay = await run([created(), early, title])
        assert len(replay) == 1
        live = await run([created(), early, title], live=[datetime.fromisoformat("2026-01-01T00:01:00+00:00"),
                                                          datetime.fromisoformat("2026-05-20T00:00:00+00:00")])
        assert live == replay

    asyncio.run(main())


def test_a_title_shown_when_the_window_opens_and_renamed_inside_it_is_warned_once(open_enforcement: Open) -> None:
    async def main() -> None:
        async with open_enforcement() as enforcement:
            outcomes = await feed(enforcement, verified(), created("张医生"), tick("2026-05-19T00:00:00Z"),
                                  renamed("王医生", "2026-05-25T00:00:00Z"), tick("2026-06-10T00:00:00Z"))
            assert [(a["occurred_at"], a["ends_at"]) for a in notices(outcomes)] == [(WINDOW_OPENS, EXPIRES)]

    asyncio.run(main())


def standing(outcomes: list[Outcome]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(violations, actions) left standing: a withdrawn violation and a reversed action do not stand."""
    withdrawn = {v["violation_id"] for o in outcomes for v in o.violations if v.get("withdrawn")}
    violations = sorted({(v["violation_id"], v["rule"]) for o in outcomes for v in o.violations
                         if v["violation_id"] not in withdrawn})
    reversed_ids = {a["reverses"] for o in outcomes for a in o.actions if a.get("reverses")}
    actions = sorted({(a["action_id"], a["sanction"]) for o in outcomes for a in o.actions
                      if not a.get("reverses") and a["action_id"] not in reversed_ids})
    return violations, actions


def test_a_credential_arriving_after_the_title_it_covers_withdraws_the_d6(open_enforcement: Open) -> None:
    """Verified at 07:00, the profile with 医生 created at 08:00: in event-time order nothing is raised.
    Arriving the other way round, the creation raised a D6 and a warning; the late credential withdraws
    the D6 (sent again marked withdrawn) and reverses the warning (reason credential_rechecked)."""

    async def run(order: list[Any]) -> list[Outcome]:
        async with open_enforcement() as enforcement:
            return await feed(enforcement, *order)

    async def main() -> None:
        credential = verified("2026-01-01T07:00:00Z")
        profile = created("张医生讲健康", "2026-01-01T08:00:00Z")
        in_order = await run([credential, profile])
        assert standing(in_order) == ([], [])
        late = await run([profile, credential])
        raised = [v for v in late[0].violations]
        assert [v["rule"] for v in raised] == ["professional_title_uncredentialed"]
        assert [a["sanction"] for a in late[0].actions] == ["warning"]
        assert [(v["violation_id"], v["withdrawn"], v["reason"]) for v in late[1].violations] == [
            (raised[0]["violation_id"], True, "credential_rechecked")]
        assert [(a["sanction"], a["reverses"], a["reason"], a["points_after"]) for a in late[1].actions] == [
            ("withdraw", late[0].actions[0]["action_id"], "credential_rechecked", 0)]  # no strike left
        assert standing(late) == standing(in_order)
        async with open_enforcement() as enforcement:  # a redelivered credential re-sends, adds nothing
            first = await feed(enforcement, profile, credential)
            again = await feed(enforcement, credential)
            assert again[0].violations == first[1].violations and again[0].actions == first[1].actions
            assert again[0].resent == tuple(a["action_id"] for a in first[1].actions)

    asyncio.run(main())
