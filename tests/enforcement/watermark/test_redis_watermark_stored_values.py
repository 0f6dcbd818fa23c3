"""What RedisWatermark and RedisLaneHolds write, byte for byte, read back with a plain client: one string key
holding epoch ms that only rises (and that a deferring worker writes only on flush), and one hash of lane
holds beside it."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis

from enforcement.redis_keys import as_bytes
from enforcement.watermark.holds import NO_TIME
from enforcement.watermark.redis import RedisLaneHolds, RedisWatermark
from streams.settings import Settings

T0 = datetime(2026, 3, 1, tzinfo=UTC)  # 1_772_323_200_000 epoch ms
LATENESS_MS = 60_000


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_the_watermark_is_one_key_of_epoch_ms_that_only_rises(redis_url: str) -> None:
    # the worker's own prefix, "ql:" + the topic prefix, so the key names below are the production ones
    topics = f"t{secrets.token_hex(4)}."
    prefix = Settings(topic_prefix=topics).key_prefix()
    assert prefix == f"ql:{topics}"
    key = f"ql:{topics}watermark"

    async def main() -> None:
        client = Redis.from_url(redis_url)

        def worker(*, deferred: bool = False) -> RedisWatermark:
            return RedisWatermark(client, key_prefix=prefix, allowed_lateness_ms=LATENESS_MS, deferred=deferred)

        async def stored() -> bytes | None:
            value = await client.get(key)
            return None if value is None else as_bytes(value)

        try:
            a, b = worker(), worker()
            assert await a.current() is None  # before any event: no key at all
            assert await stored() is None

            # T0 + 5 min less one minute of lateness: 1_772_323_200_000 + 300_000 - 60_000
            assert await a.observe(_at(5)) == 1_772_323_440_000
            assert await stored() == b"1772323440000"  # a decimal string, as raise.lua SETs its argument

            # another worker with an earlier event: raise.lua keeps the later value and hands it back
            assert await b.observe(_at(2)) == 1_772_323_440_000
            assert await stored() == b"1772323440000"

            # b moves the shared value on (T0 + 10 min - 1 min); a, which already knows it is past T0 + 3 min,
            # answers from what it knew without asking Redis, so it returns its own, older value
            assert await b.observe(_at(10)) == 1_772_323_740_000
            assert await a.observe(_at(3)) == 1_772_323_440_000
            assert await stored() == b"1772323740000"
            assert await a.current() == 1_772_323_740_000  # a read catches a up with the shared value

            # a plan is a running maximum from what a knows; it writes nothing
            assert a.plan([_at(4), _at(12), _at(11)]) == [1_772_323_740_000, 1_772_323_860_000, 1_772_323_860_000]
            assert await stored() == b"1772323740000"

            # a deferring worker (the batch worker) keeps what it saw to itself until it flushes
            c = worker(deferred=True)
            assert await c.observe(_at(20)) == 1_772_324_340_000
            assert await c.observe(_at(15)) == 1_772_324_340_000
            assert await stored() == b"1772323740000"
            assert await c.current() == 1_772_324_340_000  # its own pending value, ahead of the shared one
            await c.flush()
            assert await stored() == b"1772324340000"

            # the shared value moved past c's pending one: c's flush leaves it, and c learns the later value
            assert await b.observe(_at(30)) == 1_772_324_940_000
            assert await c.observe(_at(25)) == 1_772_324_640_000
            await c.flush()
            assert await stored() == b"1772324940000"
            assert await c.current() == 1_772_324_940_000

            # one plain string key, no hash tag, nothing else under the prefix
            assert await client.keys(f"{prefix}*") == [key.encode()]
            assert await client.type(key) == b"string"
            assert await client.ttl(key) == -1  # kept for good: the watermark never expires
        finally:
            await client.aclose()

    asyncio.run(main())


def test_lane_holds_sit_in_one_hash_beside_the_watermark(redis_url: str) -> None:
    topics = f"t{secrets.token_hex(4)}."
    prefix = Settings(topic_prefix=topics).key_prefix()

    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            watermark = RedisWatermark(client, key_prefix=prefix, allowed_lateness_ms=LATENESS_MS)
            holds = RedisLaneHolds(client, key_prefix=prefix)
            await watermark.observe(_at(0))
            await holds.change({f"{topics}profile:0": 1_772_323_200_000, f"{topics}reports:3": NO_TIME,
                                f"{topics}profile:1": 1_772_323_100_000})
            first = await client.hgetall(f"ql:{topics}watermark:holds")
            assert await holds.held() == {f"{topics}profile:0": 1_772_323_200_000, f"{topics}reports:3": NO_TIME,
                                          f"{topics}profile:1": 1_772_323_100_000}
            # None drops a lane's field; a lane never held is dropped quietly
            await holds.change({f"{topics}profile:1": None, f"{topics}reports:3": 1_772_323_500_000,
                                f"{topics}profile:9": None})
            second = await client.hgetall(f"ql:{topics}watermark:holds")
            keys = sorted(await client.keys(f"{prefix}*"))
        finally:
            await client.aclose()
        # NO_TIME is EARLIEST, -(2**62): a lane behind before any event time was known is stored as that number
        assert first == {f"{topics}profile:0".encode(): b"1772323200000",
                         f"{topics}reports:3".encode(): b"-4611686018427387904",
                         f"{topics}profile:1".encode(): b"1772323100000"}
        assert second == {f"{topics}profile:0".encode(): b"1772323200000",
                          f"{topics}reports:3".encode(): b"1772323500000"}
        assert keys == [f"ql:{topics}watermark".encode(), f"ql:{topics}watermark:holds".encode()]

    asyncio.run(main())
