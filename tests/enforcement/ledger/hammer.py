"""A separate OS process applying violations to one account, for the two-process contract test.

Usage: hammer.py <redis url> <key prefix> <tag> <count>. Uses the shipped default policy and prints
one JSON line per outcome (seq, points, sanctions fired and reversed) for the test to put together.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime

import orjson
from redis.asyncio import Redis

from enforcement.ledger import LedgerItem
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.violations import Violation

AT = datetime(2026, 1, 1, tzinfo=UTC)


async def hammer(url: str, prefix: str, tag: str, count: int) -> None:
    client = Redis.from_url(url)
    ledger = RedisLedger(client, load_policy(), key_prefix=prefix)
    for start in range(0, count, 3):
        items = [LedgerItem(Violation(account_id="u:hot", rule="rumour_repost", confidence=1.0,
                                      source_event_id=f"{tag}-{i}", occurred_at=AT))
                 for i in range(start, min(start + 3, count))]
        for outcome in await ledger.apply_batch(items):
            line = {"seq": outcome.seq, "applied": outcome.applied, "points_before": outcome.points_before,
                    "points_after": outcome.points_after,
                    "fired": [(a.action_id, a.rung, a.points_after) for a in (*outcome.actions, *outcome.revised)],
                    "reversed": [r.reverses for r in outcome.reversals]}
            sys.stdout.write(orjson.dumps(line).decode() + "\n")
    await client.aclose()


if __name__ == "__main__":
    url, prefix, tag, count = sys.argv[1:5]
    asyncio.run(hammer(url, prefix, tag, int(count)))
