"""Brakes on automation (decision "Brakes"): the breaker rule, the closure cap, Redis twin = in-memory twin, and the
Sanctioner sending held-back strikes to review."""

from __future__ import annotations

import asyncio
import dataclasses
import secrets
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis

from enforcement.ledger.memory import InMemoryLedger
from enforcement.policy import Brakes, load_policy
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.brakes import ADMITTED, OPEN, OPENED, BrakeStore, InMemoryBrakes, trips
from enforcement.sanctions.redis_stores import RedisBrakes
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.violations import Violation

TIGHT = Brakes(breaker_factor=3.0, breaker_min_per_hour=2, breaker_baseline_hours=3, closures_per_hour=1)
AT = datetime(2026, 3, 1, 10, tzinfo=UTC)


def test_trips_needs_both_the_floor_and_the_factor() -> None:
    assert not trips(2, [0, 0, 0], TIGHT)  # at the floor
    assert trips(3, [0, 0, 0], TIGHT)
    assert not trips(10, [4, 4, 4], TIGHT)  # 10 ≤ 3 × 4: a busy rule, not a sudden one
    assert trips(13, [4, 4, 4], TIGHT)


async def _story(store: BrakeStore) -> list[object]:
    seen: list[object] = []
    for n in range(4):  # a quiet baseline: 4 strikes an hour for 3 hours
        for hour in (97, 98, 99):
            seen.append(await store.breaker("r", f"h{hour}-{n}", hour, TIGHT))
    for n in range(14):
        seen.append(await store.breaker("r", f"v{n}", 100, TIGHT))
    seen.append(await store.breaker("r", "v3", 100, TIGHT))  # a repeat gets its first decision
    seen.append(await store.breaker("other", "w", 100, TIGHT))  # per rule
    seen += [await store.reserve_closure(v, 100, 2) for v in ("a", "b", "c", "a")]
    seen.append(await store.reserve_closure("c", 101, 2))  # a new hour, new slots
    return seen


def test_redis_brakes_match_the_twin(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            redis_story = await _story(RedisBrakes(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        memory_story = await _story(InMemoryBrakes())
        assert redis_story == memory_story
        hour100 = memory_story[12:26]
        assert hour100 == [ADMITTED] * 12 + [OPENED, OPEN]
        assert memory_story[26:] == [ADMITTED, ADMITTED, True, True, False, True, True]

    asyncio.run(main())


def test_sanctioner_sends_held_back_strikes_to_review() -> None:
    async def main() -> None:
        policy = dataclasses.replace(load_policy(), brakes=TIGHT)
        sanctioner = Sanctioner(ledger=InMemoryLedger(policy), directory=InMemoryDirectory(),
                                schedule=InMemorySchedule(), brakes=InMemoryBrakes(), policy=policy)
        results = []
        for n in range(4):
            v = Violation(f"a{n}", "official_name_exact", 1.0, f"e{n}", AT + timedelta(minutes=n))
            results.append(await sanctioner.strike(v))
        assert [x["sanction"] for x in results[0].actions] == ["close"]
        assert [(r.actions, [x["reason"] for x in r.reviews], r.brake) for r in results[1:]] == [
            ((), ["closure_cap"], ("official_name_exact", ADMITTED)),
            ((), ["breaker"], ("official_name_exact", OPENED)),
            ((), ["breaker"], ("official_name_exact", OPEN)),
        ]
        # a strike that does not close is not capped: a D8 notice still goes through
        notice = await sanctioner.strike(Violation("b", "news_word_unlicensed", 1.0, "n1", AT))
        assert [x["sanction"] for x in notice.actions] == ["notice"]

    asyncio.run(main())


_RULES = sorted(load_policy().rules)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_RULES), st.integers(0, 1), st.integers(1, 60 * 24 * 200)),
                min_size=1, max_size=25))
def test_the_closure_prediction_is_the_ledgers_own_decision(strikes: list[tuple[str, int, int]]) -> None:
    # the cap reserves a closure before the ledger decides; the prediction must be what the ledger then does
    # (one ladder: the script, its in-memory twin and this prediction share the arithmetic), including the S2
    # multiplier, S3 jumps and strikes leaving the 180-day window
    async def main() -> None:
        policy = load_policy()
        ledger = InMemoryLedger(policy)
        sanctioner = Sanctioner(ledger=ledger, directory=InMemoryDirectory(), schedule=InMemorySchedule(),
                                policy=policy)
        close = next(i for i, rung in enumerate(policy.rungs, start=1) if rung.sanction == "close")
        minutes = 0
        for n, (rule, account, step) in enumerate(strikes):
            minutes += step  # later and later, as one partition delivers an account's events (a tie or an
            # earlier time is placed by reorder.py, after the prediction)
            strike = Violation(f"a{account}", rule, 1.0, f"e{n}", AT + timedelta(minutes=minutes))
            predicted = await sanctioner._would_close(strike)
            outcome = await ledger.apply(strike)
            closes = bool(outcome.actions) and (policy.rung_index(outcome.rung_before) < close
                                                <= policy.rung_index(outcome.rung_after))
            assert predicted == closes, (n, rule, outcome)

    asyncio.run(main())
