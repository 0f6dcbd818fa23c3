"""What RedisReportStore (D11 report windows, reporter facts, overturned reports) returns and writes, as fixed
values read back with a plain client, beside the in-memory twin's answers to the same calls."""

from __future__ import annotations

import asyncio
import secrets

from redis.asyncio import Redis
from redis.crc import key_slot

from enforcement.content.redis_stores import SEEN_TTL_S, RedisReportStore
from enforcement.content.stores import InMemoryReportStore, Report, ReportAdded, ReportStore
from enforcement.redis_keys import as_text

T = 1_772_323_200_000  # 2026-03-01T00:00:00Z in epoch ms
DAY_MS = 86_400_000
THRESHOLD = 1_000  # weights and the threshold are in thousandths


async def _story(store: ReportStore) -> list[object]:
    seen: list[object] = []

    async def report(event_id: str, reporter: str, at_ms: int, weight: int, category: str = "impersonation") -> None:
        added = await store.add_report("a:1", category, event_id, reporter, at_ms, weight, DAY_MS, THRESHOLD)
        seen.append(added)

    await report("ev-1", "r:1", T, 400)
    await report("ev-1", "zzz", T + 50, 900)  # redelivered, even altered: its first result, nothing added
    await report("ev-2", "r:1", T + 5, 400)  # r:1 already counted in the window
    await report("ev-3", "r:2", T + 100, 400)
    await report("ev-4", "r:3", T + 200, 300)  # 800 -> 1100 crosses 1000
    # a day after r:3's report: the window keeps reports at or after T + 200, so r:1 and r:2 leave, r:3 stays
    await report("ev-5", "r:4", T + DAY_MS + 200, 400)
    await report("ev-6", "r:1", T + DAY_MS + 300, 1_000, "spam")  # another category: a window of its own

    await store.remember_account("r:1", 1_772_000_000_000, "owner-1")
    await store.remember_account("r:1", 1_772_100_000_000, "owner-2")  # the first creation stands
    await store.remember_account("r:2", 1_772_323_100_000, "owner-1")
    seen.append(await store.account_facts(["r:2", "r:1", "r:9"]))

    await store.overturn(["r:1", "r:2"], "v-1")
    await store.overturn(["r:1"], "v-1")  # the same cause again counts once
    await store.overturn(["r:1"], "v-2")
    seen.append([await store.overturned(r) for r in ("r:1", "r:2", "r:9")])

    await store.remember_sources("a:1", "v-1", ["r:1", "r:2", "r:3"])
    await store.remember_sources("a:1", "v-1", ["r:9"])  # the first reporters stand
    seen.append([await store.sources("a:1", "v-1"), await store.sources("a:1", "v-unknown")])
    return seen


def test_redis_report_store_answers_and_stores_fixed_values(redis_url: str) -> None:
    prefix = f"t{secrets.token_hex(4)}:"

    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            on_redis = await _story(RedisReportStore(client, key_prefix=prefix))
            keys = sorted(as_text(k).removeprefix(prefix) for k in await client.keys(f"{prefix}*"))
            window = await client.zrange(f"{prefix}{{a:1}}:rep:impersonation:z", 0, -1, withscores=True)
            weights = await client.hgetall(f"{prefix}{{a:1}}:rep:impersonation:w")
            spam = (await client.zrange(f"{prefix}{{a:1}}:rep:spam:z", 0, -1, withscores=True),
                    await client.hgetall(f"{prefix}{{a:1}}:rep:spam:w"))
            results = await client.hgetall(f"{prefix}{{a:1}}:rep:seen")
            results_ttl = await client.ttl(f"{prefix}{{a:1}}:rep:seen")
            window_ttl = await client.ttl(f"{prefix}{{a:1}}:rep:impersonation:z")
            born = [await client.get(f"{prefix}{{{r}}}:born") for r in ("r:1", "r:2")]
            overturned = [await client.smembers(f"{prefix}{{{r}}}:overturned") for r in ("r:1", "r:2")]
            sources = await client.hgetall(f"{prefix}{{a:1}}:rep:src")
        finally:
            await client.aclose()

        assert on_redis == await _story(InMemoryReportStore())
        crossed = (Report("r:1", T, 400), Report("r:2", T + 100, 400), Report("r:3", T + 200, 300))
        assert on_redis == [
            ReportAdded("counted", 0, 400, False),
            ReportAdded("counted", 0, 400, False),
            ReportAdded("duplicate", 400, 400, False),
            ReportAdded("counted", 400, 800, False),
            ReportAdded("counted", 800, 1_100, True, crossed),
            ReportAdded("counted", 300, 700, False),
            ReportAdded("counted", 0, 1_000, True, (Report("r:1", T + DAY_MS + 300, 1_000),)),
            {"r:1": (1_772_000_000_000, "owner-1"), "r:2": (1_772_323_100_000, "owner-1")},
            [2, 1, 0],
            [("r:1", "r:2", "r:3"), ()],
        ]

        # every key sits under its account's hash tag: the reported account's, or the reporter's
        assert keys == ["{a:1}:rep:impersonation:w", "{a:1}:rep:impersonation:z", "{a:1}:rep:seen",
                        "{a:1}:rep:spam:w", "{a:1}:rep:spam:z", "{a:1}:rep:src",
                        "{r:1}:born", "{r:1}:overturned", "{r:2}:born", "{r:2}:overturned"]
        assert {key_slot(f"{prefix}{k}".encode()) for k in keys if k.startswith("{a:1}")} == {key_slot(b"a:1")}
        # the window: reporter -> report time (the zset score), reporter -> weight (thousandths, a hash)
        assert window == [(b"r:3", float(T + 200)), (b"r:4", float(T + DAY_MS + 200))]
        assert weights == {b"r:3": b"300", b"r:4": b"400"}
        assert spam == ([(b"r:1", float(T + DAY_MS + 300))], {b"r:1": b"1000"})
        # each event's result as ReportAdded.encode writes it: status, before, after, crossed, then
        # "reporter at weight" per counted report when it crossed (the at is the zset score, printed by
        # Redis as a whole number)
        assert results == {
            b"ev-1": b"counted 0 400 0",
            b"ev-2": b"duplicate 400 400 0",
            b"ev-3": b"counted 400 800 0",
            b"ev-4": b"counted 800 1100 1 r:1 1772323200000 400 r:2 1772323200100 400 r:3 1772323200200 300",
            b"ev-5": b"counted 300 700 0",
            b"ev-6": b"counted 0 1000 1 r:1 1772409600300 1000",
        }
        # the results are kept as long as the ledger remembers a violation id (400 days); the window's old
        # reports go when a later report comes, and the whole window 400 days after the account's last report
        assert SEEN_TTL_S == 34_560_000
        assert SEEN_TTL_S - 60 < results_ttl <= SEEN_TTL_S
        assert SEEN_TTL_S - 60 < window_ttl <= SEEN_TTL_S
        # "<created ms> <identity_hash>", written once (SET NX)
        assert born == [b"1772000000000 owner-1", b"1772323100000 owner-1"]
        assert overturned == [{b"v-1", b"v-2"}, {b"v-1"}]
        # the reporters behind a reports_threshold violation, joined by spaces
        assert sources == {b"v-1": b"r:1 r:2 r:3"}

    asyncio.run(main())
