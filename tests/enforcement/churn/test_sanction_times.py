"""D10 inputs shared with the sanctions: when an account was last sanctioned (both directories), the
Sanctioner recording it, and the churn script under two concurrent Redis clients (the
change is counted inside the script)."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis

from enforcement.churn import Change
from enforcement.churn.redis import RedisChurn
from enforcement.ledger.memory import InMemoryLedger
from enforcement.policy import Churn, load_policy
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.redis_stores import RedisDirectory
from enforcement.sanctions.stores import AccountDirectory, InMemoryDirectory, InMemorySchedule
from enforcement.violations import Violation

BASE = datetime(2026, 1, 1, tzinfo=UTC)


async def _sanction_story(directory: AccountDirectory) -> list[dict[str, int]]:
    seen = [await directory.sanctions_of("a")]
    await directory.record_sanction("a", "mute", 2_000)
    await directory.record_sanction("a", "mute", 1_000)  # a late or repeated action keeps the later time
    await directory.record_sanction("a", "close", 3_000)
    await directory.record_sanction("b", "notice", 5)
    seen.append(await directory.sanctions_of("a"))
    seen.append(await directory.sanctions_of("b"))
    return seen


def test_both_directories_keep_the_latest_time_per_sanction(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            redis_story = await _sanction_story(RedisDirectory(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        assert redis_story == await _sanction_story(InMemoryDirectory())
        assert redis_story == [{}, {"mute": 2_000, "close": 3_000}, {"notice": 5}]

    asyncio.run(main())


def test_the_sanctioner_records_the_actions_it_emits() -> None:
    async def main() -> None:
        policy = load_policy()
        directory = InMemoryDirectory()
        sanctioner = Sanctioner(ledger=InMemoryLedger(policy), directory=directory, schedule=InMemorySchedule(),
                                policy=policy)
        strike = Violation("a", "official_name_exact", 1.0, "ev-1", BASE + timedelta(hours=1))
        actions = (await sanctioner.strike(strike)).actions
        assert [a["sanction"] for a in actions] == ["close"]
        assert await sanctioner.last_sanctions("a") == {"close": int((BASE + timedelta(hours=1)).timestamp() * 1000)}
        await sanctioner.strike(strike)  # a repeat re-sends the same action: the time stays
        assert await sanctioner.last_sanctions("a") == {"close": int((BASE + timedelta(hours=1)).timestamp() * 1000)}

    asyncio.run(main())


def test_two_clients_racing_on_one_account_cross_once(redis_url: str) -> None:
    """Every change delivered to both clients at once: counts and crossings as if delivered once."""
    knobs = Churn(max_changes=5, window_hours=24)

    async def main() -> list[tuple[int, bool]]:
        first, second = Redis.from_url(redis_url), Redis.from_url(redis_url)
        prefix = f"t{secrets.token_hex(4)}:"
        try:
            stores = [RedisChurn(first, key_prefix=prefix), RedisChurn(second, key_prefix=prefix)]
            results = []
            for n in range(10):
                change = Change("acct", f"e{n}", "name", n * 60_000, f"name{n}")
                both = await asyncio.gather(*(store.observe(change, knobs) for store in stores))
                assert both[0] == both[1]
                results.append((both[0].changes_in_window, both[0].churn))
            return results
        finally:
            await first.aclose()
            await second.aclose()

    results = asyncio.run(main())
    assert [count for count, _ in results] == list(range(1, 11))
    assert [n for n, (_, churn) in enumerate(results) if churn] == [5]
