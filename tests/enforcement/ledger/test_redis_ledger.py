"""What only the Redis leg can show: one round trip per batch, NOSCRIPT recovery, hash-tagged keys,
concurrent clients and processes on one account, and agreement with the in-memory twin (P2; decision "Atomic means
inside the script")."""

from __future__ import annotations

import asyncio
import random
import re
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from redis.asyncio import Connection, ConnectionPool, Redis
from standing import standing

from enforcement.ledger import LedgerItem, LedgerOutcome
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import Policy
from enforcement.rules import RULES
from enforcement.violations import Violation

MakeViolation = Callable[..., Violation]
LadderPolicy = Callable[..., Policy]
BASE = datetime(2026, 1, 1, tzinfo=UTC)


def day(n: float) -> datetime:
    return BASE + timedelta(days=n)

HAMMER = Path(__file__).with_name("hammer.py")


class CountingConnection(Connection):
    """Counts writes to the socket: one packed write per round trip."""

    sends = 0

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        type(self).sends += 1
        await super().send_packed_command(command, check_health)


@asynccontextmanager
async def redis_ledger(url: str, policy: Policy, *, prefix: str | None = None,
                       pool: ConnectionPool | None = None) -> AsyncIterator[RedisLedger]:
    client = Redis(connection_pool=pool) if pool else Redis.from_url(url)
    try:
        yield RedisLedger(client, policy, key_prefix=prefix or f"t{uuid.uuid4().hex[:12]}:")
    finally:
        await client.aclose()
        if pool:
            await pool.aclose()


def _evalsha_calls(info: dict[str, Any]) -> int:
    return int(info.get("cmdstat_evalsha", {}).get("calls", 0))


def test_a_batch_is_one_round_trip(
    redis_url: str, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """One round trip per batch: 100 violations (with owners) cost one packed write and 150 EVALSHA calls."""

    async def main() -> None:
        pool = ConnectionPool.from_url(redis_url, connection_class=CountingConnection)
        observer = Redis.from_url(redis_url)
        async with redis_ledger(redis_url, ladder_policy(), pool=pool) as ledger:
            await ledger.apply(make_violation(account="u:warm"))  # connect and load the script once
            items = [LedgerItem(make_violation(account=f"u:{i % 7}", at=day(i)),
                                owner_identity=f"idh-{i % 3}" if i % 2 else None) for i in range(100)]
            before_sends = CountingConnection.sends
            before = _evalsha_calls(await observer.info("commandstats"))
            outcomes = await ledger.apply_batch(items)
            sends = CountingConnection.sends - before_sends
            calls = _evalsha_calls(await observer.info("commandstats")) - before
        await observer.aclose()
        assert len(outcomes) == 100 and all(o.applied for o in outcomes)
        assert sends == 1
        assert calls == 150

    asyncio.run(main())


def test_noscript_is_recovered(
    redis_url: str, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """After SCRIPT FLUSH (restart, failover) the ledger loads the script and applies the batch once."""

    async def main() -> None:
        async with redis_ledger(redis_url, ladder_policy()) as ledger:
            await ledger.apply(make_violation(account="u:ns", at=day(0)))
            observer = Redis.from_url(redis_url)
            await observer.script_flush()
            await observer.aclose()
            outcomes = await ledger.apply_batch([LedgerItem(make_violation(account="u:ns", at=day(i)))
                                                 for i in range(1, 4)])
            assert [o.points_after for o in outcomes] == [4, 6, 8]
            assert all(o.applied for o in outcomes)

    asyncio.run(main())


def test_every_key_carries_its_subject_hash_tag(
    redis_url: str, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """Redis Cluster: each script call touches only keys of one hash tag, `{account}` or `{own:…}`."""

    async def main() -> None:
        prefix = f"t{uuid.uuid4().hex[:12]}:"
        async with redis_ledger(redis_url, ladder_policy(), prefix=prefix) as ledger:
            await ledger.apply_batch([
                LedgerItem(make_violation(account="u:1"), owner_identity="idh-1"),
                LedgerItem(make_violation(account="用户:2", rule="official_name_exact")),
            ])
        scanner = Redis.from_url(redis_url, decode_responses=True)
        keys = [key async for key in scanner.scan_iter(match=f"{prefix}*")]
        await scanner.aclose()
        pattern = re.compile(re.escape(prefix) + r"\{([^}]+)\}:(state|strikes|strike|outcome|seen|action|audit)$")
        tags = {pattern.fullmatch(key).group(1) for key in keys}  # type: ignore[union-attr]
        assert tags == {"u:1", "用户:2", "own:idh-1"}
        assert len(keys) == 20  # 7 per account; the owner ledger fires nothing, so it has no action key

    asyncio.run(main())


def test_two_clients_on_separate_connections_never_double_fire(
    redis_url: str, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """Concurrent writers on one account; the rung is decided inside the script."""

    async def main() -> None:
        prefix = f"t{uuid.uuid4().hex[:12]}:"

        async def writer(tag: str) -> list[LedgerOutcome]:
            results: list[LedgerOutcome] = []
            async with redis_ledger(redis_url, ladder_policy(), prefix=prefix) as ledger:
                for chunk in range(40):
                    results += await ledger.apply_batch([
                        LedgerItem(make_violation(account="u:hot", at=BASE, event=f"{tag}-{chunk}-{i}"))
                        for i in range(2)])
            return results

        left, right = await asyncio.gather(writer("L"), writer("R"))
        # one event time: strikes are ordered by violation id, so some arrive late and are placed
        assert sorted(o.seq for o in left + right) == list(range(1, 161))
        assert sum(o.points for o in left + right) == 320
        assert [a.rung for a in standing(left + right)] == [
            "notice", "warning", "short_mute", "long_mute", "close", "blacklist"]
        assert {o.seq for o in left} and {o.seq for o in right}

    asyncio.run(main())


def test_two_processes_never_double_fire(redis_url: str) -> None:
    """The same with two OS processes (hammer.py), under the shipped default policy."""
    prefix = f"t{uuid.uuid4().hex[:12]}:"
    procs = [subprocess.Popen([sys.executable, str(HAMMER), redis_url, prefix, tag, "60"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for tag in ("P1", "P2")]
    outcomes = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        outcomes += [orjson.loads(line) for line in out.splitlines()]
    assert len(outcomes) == 120 and all(o["applied"] for o in outcomes)
    assert sorted(o["seq"] for o in outcomes) == list(range(1, 121))
    # one event time: strikes are ordered by violation id, so some arrive late and are placed
    reversed_ids = {reverses for o in outcomes for reverses in o["reversed"]}
    standing = sorted((points, rung) for o in outcomes for action_id, rung, points in o["fired"]
                      if action_id not in reversed_ids)
    assert [rung for _, rung in standing] == ["notice", "warning", "short_mute", "long_mute", "close", "blacklist"]


def test_lua_and_python_twins_agree_on_random_histories(
    redis_url: str, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """The in-memory twin is only useful if it decides exactly as the script does: compare outcomes."""
    rng = random.Random(20261122)
    rule_ids = [rule.rule_id for rule in RULES]
    items: list[LedgerItem] = []
    for n in range(400):
        if items and rng.random() < 0.1:  # a redelivery of an earlier item
            items.append(rng.choice(items))
            continue
        # mostly advancing event time, with stragglers up to 250 days late
        late = rng.uniform(0, 250) if rng.random() < 0.1 else rng.uniform(0, 5)
        at = BASE + timedelta(days=max(0.0, n * 1.5 - late))
        items.append(LedgerItem(make_violation(account=f"u:{rng.randrange(6)}", rule=rng.choice(rule_ids), at=at,
                                               event=f"e{n}", confidence=rng.random()),
                                owner_identity=f"idh-{rng.randrange(3)}" if rng.random() < 0.5 else None))
    policy = ladder_policy(multiplier=1.5)

    async def main() -> tuple[list[LedgerOutcome], list[LedgerOutcome]]:
        client = Redis.from_url(redis_url)
        redis_ledger_ = RedisLedger(client, policy, key_prefix=f"t{uuid.uuid4().hex[:12]}:")
        memory = InMemoryLedger(policy)
        got_redis: list[LedgerOutcome] = []
        got_memory: list[LedgerOutcome] = []
        for start in range(0, len(items), 37):
            got_redis += await redis_ledger_.apply_batch(items[start:start + 37])
            got_memory += await memory.apply_batch(items[start:start + 37])
        for account in (f"u:{i}" for i in range(6)):
            assert await redis_ledger_.account_state(account) == await memory.account_state(account)
            assert await redis_ledger_.audit(account) == await memory.audit(account)
        await client.aclose()
        return got_redis, got_memory

    got_redis, got_memory = asyncio.run(main())
    assert got_redis == got_memory
    assert sum(len(o.actions) for o in got_redis) > 10 and any(not o.counted for o in got_redis)
    assert any(not o.applied for o in got_redis)



def test_an_appeal_and_a_strike_from_another_client_land_one_after_the_other(
    redis_url: str, make_violation: MakeViolation, ladder_policy: LadderPolicy
) -> None:
    """An appeal is decided and written in one script call, so a strike another worker applies meanwhile
    lands wholly before or wholly after it: the account ends as the in-memory ledger leaves it in that order."""

    async def main() -> None:
        prefix = f"t{uuid.uuid4().hex[:12]}:"
        first, second, late = (make_violation(account="u:cas", at=day(n)) for n in (0, 1, 2))
        async with redis_ledger(redis_url, ladder_policy(), prefix=prefix) as ledger, \
                redis_ledger(redis_url, ladder_policy(), prefix=prefix) as other:
            for violation in (first, second):
                await ledger.apply(violation)
            got, _ = await asyncio.gather(
                ledger.appeal("u:cas", first.violation_id, decision="overturned", appeal_id="ap-1", at=day(3)),
                other.apply(late))
            audit = [(e["kind"], e.get("violation_id")) for e in await ledger.audit("u:cas")]
            appeal_first = audit.index(("appeal", first.violation_id)) < audit.index(("strike", late.violation_id))
            memory = InMemoryLedger(ladder_policy())
            for violation in (first, second):
                await memory.apply(violation)
            if appeal_first:
                want = await memory.appeal("u:cas", first.violation_id, decision="overturned", appeal_id="ap-1",
                                           at=day(3))
                await memory.apply(late)
            else:
                await memory.apply(late)
                want = await memory.appeal("u:cas", first.violation_id, decision="overturned", appeal_id="ap-1",
                                           at=day(3))
            assert got == want
            assert await ledger.account_state("u:cas") == await memory.account_state("u:cas")
            assert await ledger.audit("u:cas") == await memory.audit("u:cas")

    asyncio.run(main())


def test_a_late_strike_and_an_appeal_on_an_account_with_thousands_of_strikes(redis_url: str) -> None:
    """4,100 strikes in the window, then one earlier than all of them, then an appeal of it: every strike
    after it is stepped again, more values than one Lua call can unpack (8,000), so the scripts write in
    slices — and step the strikes through a sliding window, so each call holds Redis for a moment, not the
    seconds a re-scan of the window per strike took (2.3 s for a late strike among 4,500)."""
    from enforcement.policy import load_policy

    policy = load_policy()

    async def main() -> None:
        async with redis_ledger(redis_url, policy) as ledger:
            strikes = [Violation("u:many", "rumour_repost", 1.0, f"e{i}", BASE + timedelta(minutes=i))
                       for i in range(4_100)]
            for start in range(0, len(strikes), 500):
                await ledger.apply_batch([LedgerItem(v, None) for v in strikes[start:start + 500]])
            before = await ledger.account_state("u:many")
            earliest = Violation("u:many", "rumour_repost", 1.0, "late", BASE - timedelta(minutes=1))
            late = await ledger.apply(earliest)
            assert late.applied and late.counted and late.points == policy.points_of(earliest)
            after = await ledger.account_state("u:many")
            assert len(after.strikes) == len(before.strikes) + 1 == 4_101
            # the ladder fires at its first crossings: placed first, the late strike takes the earliest ones
            assert late.actions and late.reversals and late.revised
            overturned = await ledger.appeal("u:many", late.violation_id, decision="overturned", appeal_id="ap",
                                             at=BASE + timedelta(days=10))
            final = await ledger.account_state("u:many")
            assert overturned.applied and (overturned.points_before, overturned.points_after) == (
                after.points, final.points)
            assert len(final.strikes) == 4_100

    asyncio.run(main())
