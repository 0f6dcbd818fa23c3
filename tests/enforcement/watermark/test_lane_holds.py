"""Lanes behind hold the watermark back: the batch sweep, and the two stores with fixed values."""

from __future__ import annotations

import asyncio
import secrets

import pytest
import redis.asyncio

from enforcement.watermark.holds import NO_TIME, InMemoryLaneHolds, LaneHolds, capped, lowest
from enforcement.watermark.redis import RedisLaneHolds

LATE = 10


def test_nothing_held_leaves_the_watermarks_as_they_are() -> None:
    assert capped([5, 7, 9], ["a:0", "b:0", "c:0"], [15, 17, 19], elsewhere=None, starts={}, ends_behind={},
                  lateness_ms=LATE) == [5, 7, 9]


def test_records_left_in_the_batch_hold_even_a_lane_that_had_no_hold() -> None:
    # a's second record is still to come after b's: until then the watermark stays at a's first, 15
    assert capped([5, 7, 9], ["a:0", "b:0", "a:0"], [15, 17, 19], elsewhere=None, starts={}, ends_behind={},
                  lateness_ms=LATE) == [5, 5, 9]


def test_a_lane_outside_the_batch_caps_every_event() -> None:
    assert capped([5, 7, 9], ["a:0", "a:0", "a:0"], [15, 17, 19], elsewhere=16, starts={}, ends_behind={},
                  lateness_ms=LATE) == [5, 6, 6]


def test_a_lane_with_records_left_in_the_batch_holds_at_its_progress() -> None:
    # b's records: 12 then 30; a's run ahead. Until b's second record, nothing passes 12 - lateness.
    got = capped([10, 15, 19, 20], ["b:0", "a:0", "a:0", "b:0"], [12, 25, 29, 30], elsewhere=None, starts={},
                 ends_behind={}, lateness_ms=LATE)
    assert got == [2, 2, 2, 20]


def test_a_lane_still_behind_after_the_batch_keeps_holding_from_its_last_record() -> None:
    got = capped([10, 15, 19], ["b:0", "a:0", "a:0"], [12, 25, 29], elsewhere=None, starts={},
                 ends_behind={"b:0": 14}, lateness_ms=LATE)
    assert got == [4, 4, 4]


def test_a_lane_that_held_before_the_batch_starts_from_its_hold() -> None:
    got = capped([10, 15], ["a:0", "b:0"], [20, 25], elsewhere=None, starts={"b:0": NO_TIME},
                 ends_behind={}, lateness_ms=LATE)
    assert got == [NO_TIME - LATE, 15]


def test_lowest() -> None:
    assert lowest([]) is None
    assert lowest([3, 1, 2]) == 1


async def _exercise(holds: LaneHolds) -> list[dict[str, int]]:
    seen = [await holds.held()]
    await holds.change({"qinglang.profile:0": 1_700_000_000_000, "qinglang.reports:3": NO_TIME})
    seen.append(await holds.held())
    await holds.change({"qinglang.profile:0": None, "qinglang.reports:3": 1_700_000_000_500, "x:1": None})
    seen.append(await holds.held())
    return seen


EXPECTED = [
    {},
    {"qinglang.profile:0": 1_700_000_000_000, "qinglang.reports:3": NO_TIME},
    {"qinglang.reports:3": 1_700_000_000_500},
]


def test_in_memory_holds() -> None:
    assert asyncio.run(_exercise(InMemoryLaneHolds())) == EXPECTED


@pytest.mark.e2e
def test_redis_holds_are_one_hash_of_event_times(redis_url: str) -> None:
    prefix = f"ql:h{secrets.token_hex(4)}."

    async def run() -> tuple[list[dict[str, int]], dict[bytes, bytes]]:
        client = redis.asyncio.Redis.from_url(redis_url)
        try:
            seen = await _exercise(RedisLaneHolds(client, key_prefix=prefix))
            return seen, await client.hgetall(f"{prefix}watermark:holds")
        finally:
            await client.aclose()

    seen, stored = asyncio.run(run())
    assert seen == EXPECTED
    assert stored == {b"qinglang.reports:3": b"1700000000500"}
