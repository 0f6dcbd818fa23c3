"""One ladder, two statements of it: apply_violation.lua and reorder.py must decide every strike alike.

Hypothesis draws one account's history — rules of the default policy, event times mostly rising,
some ties, some strikes late and some older than the 180-day window, redeliveries and appeals against a
random earlier strike — and the Redis ledger must answer every step as the in-memory ledger does: the
outcome (points, rungs, the actions fired with their rung and points, revised sanctions and reversals),
the appeal's reversals and re-attributions, the account state after each step, and the audit at the end.

On Redis every step is decided in Lua — a strike in order or late by apply_violation.lua, an appeal by
appeal.lua, the brakes' prediction by preview_violation.lua, all stepping with ladder.lua — and in memory by
reorder.py and appeal.py: this is where the two statements of the ladder are held to each other.

test_redis_ledger.py's seeded random history covers many accounts, owners and batches; this one adds
appeals, and Hypothesis shrinks a disagreement to a short history.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from redis.asyncio import Redis
from twins import fresh_prefix

from enforcement.ledger import AppealOutcome, LedgerOutcome
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.redis import KEY_NAMES, RedisLedger
from enforcement.policy import Policy, load_policy
from enforcement.violations import Violation

BASE = datetime(2026, 1, 1, tzinfo=UTC)
ACCOUNT = "u:ladder"
POLICY = load_policy()
RULES = sorted(POLICY.rules)
WINDOW_H = POLICY.window_days * 24


@dataclass(frozen=True)
class Strike:
    """A new violation: the account's clock moves on `advance_h` hours, and the strike happened `back_h`
    hours before it (0: in order; less than the window: placed late; more: outside the window)."""

    rule: str
    advance_h: int
    back_h: int


@dataclass(frozen=True)
class Appeal:
    """An appeal against the `pick`-th violation applied so far (modulo their number)."""

    pick: int
    overturned: bool


@dataclass(frozen=True)
class Repeat:
    """The `pick`-th violation applied so far, delivered again."""

    pick: int


Op = Strike | Appeal | Repeat

# branches are drawn about evenly: strikes mostly in order, appeals and redeliveries now and then
_BACK = st.one_of(st.just(0), st.just(0), st.integers(1, WINDOW_H - 1), st.integers(WINDOW_H, WINDOW_H + 70 * 24))
_STRIKES = st.builds(Strike, st.sampled_from(RULES), st.integers(0, 45 * 24), _BACK)
_OPS = st.one_of(
    _STRIKES, _STRIKES, _STRIKES,
    st.builds(Appeal, st.integers(0, 63), st.sampled_from([True, True, True, False])),  # mostly overturned
    st.builds(Repeat, st.integers(0, 63)),
)


def _features(policy: Policy, violation: Violation, outcome: LedgerOutcome) -> set[str]:
    """What a strike's outcome exercised, so a reader (and the companion test) can see the ladder was used."""
    seen: set[str] = set()
    if not outcome.applied:
        seen.add("repeat")
    elif not outcome.counted:
        seen.add("outside_window")
    elif outcome.points > policy.points_of(violation):
        seen.add("multiplied")
    if outcome.actions:
        seen.add("fired")
    if policy.rule(violation.rule).min_rung and outcome.actions:
        seen.add("min_rung_rule_fired")
    if outcome.revised:
        seen.add("revised")
    if outcome.reversals:
        seen.add("reordered")
    return seen


def _appeal_features(outcome: AppealOutcome) -> set[str]:
    seen = {"appeal"}
    if outcome.reversals:
        seen.add("appeal_reversed")
    if outcome.reattributed:
        seen.add("reattributed")
    return seen


async def _compare(redis_url: str, history: Sequence[Op]) -> Counter[str]:
    """Runs `history` over a fresh Redis ledger and a fresh in-memory one, asserting equal answers step by
    step; returns what the steps exercised."""
    memory = InMemoryLedger(POLICY)
    client = Redis.from_url(redis_url)
    seen: Counter[str] = Counter()
    try:
        redis = RedisLedger(client, POLICY, key_prefix=fresh_prefix())
        applied: list[Violation] = []
        clock_h = 0
        for n, op in enumerate(history):
            if isinstance(op, Appeal):
                if not applied:
                    continue
                target = applied[op.pick % len(applied)]
                decision = "overturned" if op.overturned else "upheld"
                at = BASE + timedelta(hours=clock_h)
                got_appeal = await redis.appeal(ACCOUNT, target.violation_id, decision=decision,
                                                appeal_id=f"ap-{n}", at=at)
                want_appeal = await memory.appeal(ACCOUNT, target.violation_id, decision=decision,
                                                  appeal_id=f"ap-{n}", at=at)
                assert got_appeal == want_appeal, (n, op)
                seen.update(_appeal_features(want_appeal))
            else:
                if isinstance(op, Repeat):
                    if not applied:
                        continue
                    violation = applied[op.pick % len(applied)]
                else:
                    clock_h += op.advance_h
                    violation = Violation(ACCOUNT, op.rule, 1.0, f"e{n}",
                                          BASE + timedelta(hours=clock_h - op.back_h))
                    applied.append(violation)
                # the brakes' prediction, before the strike: stepped by each ledger's own ladder, written nowhere
                assert await redis.climb(violation) == await memory.climb(violation), (n, op)
                got = await redis.apply(violation)
                want = await memory.apply(violation)
                assert got == want, (n, op)
                seen.update(_features(POLICY, violation, want))
            assert await redis.account_state(ACCOUNT) == await memory.account_state(ACCOUNT), (n, op)
            assert await _kept_sums(client, redis) in (None, await _sums_of_strikes(client, redis)), (n, op)
        assert await redis.audit(ACCOUNT) == await memory.audit(ACCOUNT)
    finally:
        await client.aclose()
    return seen


async def _kept_sums(client: Redis, ledger: RedisLedger) -> str | None:
    """The window's sums the scripts keep beside the strikes (ladder.lua, WINDOW_FIELD), if any."""
    keys = dict(zip(KEY_NAMES, ledger.keys(ACCOUNT), strict=True))
    raw = await client.hget(keys["strike"], "window")
    return None if raw is None else raw.decode()


async def _sums_of_strikes(client: Redis, ledger: RedisLedger) -> str:
    """The same sums worked out from the strikes the sorted set holds: what the kept ones must equal."""
    keys = dict(zip(KEY_NAMES, ledger.keys(ACCOUNT), strict=True))
    ids = await client.zrange(keys["strikes"], 0, -1)
    values = await client.hmget(keys["strike"], ids) if ids else []
    rungs = [rung.name for rung in POLICY.rungs]
    total, fired = 0, [0] * len(rungs)
    for value in values:
        points, rung = value.decode().split("|")
        total += int(points)
        if rung:
            fired[rungs.index(rung)] += 1
    return f"{POLICY.version}|{total}|{','.join(map(str, fired))}"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(_OPS, min_size=4, max_size=40))
# a late strike rewrites the strikes after it; an appeal against it restates their sanctions in event-time
# order, which the twin once took in the order it had first stored the strikes
@example([Strike("credential_lapsed_in_use", 0, 0), Appeal(0, True), Appeal(0, True), Repeat(0),
          Strike("staff_impersonation", 0, 0), Strike("professional_title_domain_mismatch", 0, 0),
          Strike("credential_lapsed_in_use", 0, 1), Appeal(3, True)])
def test_the_script_and_the_python_ladder_agree_step_by_step(redis_url: str, history: list[Op]) -> None:
    for feature in sorted(asyncio.run(_compare(redis_url, history))):
        event(feature)  # shown by --hypothesis-show-statistics: what the drawn histories exercised


def test_the_comparison_sees_every_part_of_the_ladder(redis_url: str) -> None:
    """The property is only worth something if its steps fire, multiply, reorder, expire, repeat and appeal
    — and the comparison sees them all. A history that does every one of them:"""
    history: list[Op] = [
        Strike("official_name_similar", 0, 0),  # 5 points: warning
        Strike("rumour_repost", 24, 0),  # S2 from warning: 3 points, short mute
        Strike("rumour_first_post", 0, 12),  # placed between the two: long mute, the second now closes
        Strike("rumour_repost", 24, WINDOW_H + 24),  # older than the window: recorded, earns nothing
        Repeat(0),
        Appeal(2, overturned=True),  # the late strike goes: the close no longer stands
        Appeal(0, overturned=False),
    ]
    seen = asyncio.run(_compare(redis_url, history))
    assert set(seen) >= {"fired", "multiplied", "min_rung_rule_fired", "revised", "reordered", "outside_window",
                         "repeat", "appeal", "appeal_reversed"}, seen
