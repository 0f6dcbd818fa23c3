"""The content rules over the session's real Redis give exactly what the in-memory twins
give, so the unit tests of the twins speak for production."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from content_rig import Events, Rig, memory_rig, redis_rig
from redis.asyncio import Redis

from enforcement.content.redis_stores import RedisReportStore
from enforcement.content.stores import InMemoryReportStore, ReportStore
from enforcement.identity import IdentityIndex


async def _story(rig: Rig) -> list[dict[str, Any]]:
    """Reports (duplicate, redelivery, crossing, burst, overturn), labels, S5, S6 and both decisions."""
    ev = Events()
    seen = []
    seen.append(await rig.run(ev.created("r:new", -10, "o:1")))
    first = ev.report("a:1", "r:1", 0)
    for event in (first, first, ev.report("a:1", "r:1", 5), ev.report("a:1", "r:2", 100),
                  ev.report("a:1", "r:3", 200)):
        seen.append(await rig.run(event))
    crossed = seen[-1]["violations"][0]["violation_id"]
    seen.append(await rig.run(ev.appeal("a:1", crossed, 300)))
    for n in range(3):
        seen.append(await rig.run(ev.report("a:2", f"r:{n + 1}", 400 + 100 * n)))
    for n in range(3):
        seen.append(await rig.run(ev.report("a:3", f"r:b{n}", 400 + n)))
    seen.append(await rig.run(ev.decide("a:3", seen[-1]["reviews"][0]["review_id"], "dismiss", 500)))
    seen.append(await rig.run(ev.label("a:4", "p:1", 0, first=True, reposts=200)))
    seen.append(await rig.run(ev.label("a:4", "p:1", 10)))
    seen.append(await rig.run(ev.label("a:5", "p:2", 0, "illegal_profit")))
    seen.append(await rig.run(ev.appeal("a:5", seen[-1]["violations"][0]["violation_id"], 30)))  # S5 restored
    referral = await rig.run(ev.label("a:6", "p:3", 0, "suspected_crime"))
    seen.append(referral)
    seen.append(await rig.run(ev.decide("a:6", referral["reviews"][0]["review_id"], "confirm", 20)))
    return seen


def test_redis_content_rules_match_their_twins(index: IdentityIndex, redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            on_redis = await _story(redis_rig(index, client, f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        in_memory = await _story(memory_rig(index))
        assert on_redis == in_memory
        assert sum(len(step["actions"]) for step in on_redis) >= 13
        assert any(a["sanction"] == "tipping_restored" for step in on_redis for a in step["actions"])
        assert any(r["reason"] == "mass_report" for step in on_redis for r in step["reviews"])

    asyncio.run(main())


async def _window(store: ReportStore) -> list[object]:
    out: list[object] = []
    for n, (reporter, at) in enumerate([("a", 0), ("b", 10), ("a", 20), ("c", 30), ("d", 200), ("e", 210)]):
        result = await store.add_report("acct", "cat", f"e{n}", reporter, at, 400, 100, 1000)
        out.append(result.encode())
    out.append((await store.add_report("acct", "cat", "e1", "zzz", 999, 400, 100, 1000)).encode())  # redelivered
    return out


def test_the_lua_window_matches_the_python_window(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            on_redis = await _window(RedisReportStore(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        assert on_redis == await _window(InMemoryReportStore())
        assert on_redis[3].startswith("counted 800 1200 1 a 0 400 b 10 400 c 30 400")

    asyncio.run(main())
