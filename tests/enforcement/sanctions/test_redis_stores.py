"""RedisSchedule and RedisDirectory on the session's real Redis behave as their in-memory twins."""

from __future__ import annotations

import asyncio
import secrets

from redis.asyncio import Redis

from enforcement.sanctions.redis_stores import SCHEDULE_BUCKETS, RedisDirectory, RedisSchedule, schedule_buckets
from enforcement.sanctions.stores import AccountDirectory, InMemoryDirectory, InMemorySchedule, Registration, Schedule
from streams.local.services import RedisClusterNodes
from streams.settings import Settings
from streams.worker.redis_client import connect


async def _schedule_story(schedule: Schedule) -> list[object]:
    seen: list[object] = []
    await schedule.add("lift-b", 2_000, b'{"b":1}')
    await schedule.add("lift-a", 1_000, b'{"a":1}')
    await schedule.add("lift-a", 5_000, b'{"changed":1}')  # already scheduled: unchanged
    seen.append(await schedule.pending())
    seen.append([(i.item_id, i.payload) for i in await schedule.claim(1_500, now_ms=10, lease_ms=100, limit=10)])
    seen.append(await schedule.claim(1_500, now_ms=20, lease_ms=100, limit=10))  # leased
    seen.append([i.item_id for i in await schedule.claim(1_500, now_ms=200, lease_ms=100, limit=10)])  # re-handed
    await schedule.add("lift-a", 1_000, b'{"a":1}')  # a redelivery while it is out: not armed a second time
    await schedule.ack(["lift-a"])
    await schedule.add("lift-a", 1_000, b'{"a":1}')  # nor once it was sent
    await schedule.cancel("lift-b")
    await schedule.add("lift-c", 3_000, b'{"c":1}')
    await schedule.cancel("lift-c")
    await schedule.add("lift-c", 4_000, b'{"c":2}')  # cancelled before it fell due: may be armed again
    seen.append([(i.item_id, i.payload) for i in await schedule.claim(9_000, now_ms=1_000, lease_ms=100, limit=10)])
    await schedule.ack(["lift-c"])
    seen.append(await schedule.pending())
    return seen


def test_redis_schedule_matches_its_twin(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            redis_story = await _schedule_story(RedisSchedule(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        assert redis_story == await _schedule_story(InMemorySchedule())
        assert redis_story[1] == [("lift-a", b'{"a":1}')]
        assert redis_story[-2] == [("lift-c", b'{"c":2}')]  # lift-a was not armed again

    asyncio.run(main())


async def _many_items_story(schedule: Schedule) -> list[object]:
    """Forty items over several due times and ids, claimed a few at a time, some leases running out: which
    items each claim hands out, in which order."""
    seen: list[object] = []
    for n in range(40):
        await schedule.add(f"item-{n:02d}", 1_000 + (n * 7919) % 13 * 100, f'{{"n":{n}}}'.encode())
    seen.append(await schedule.next_due())
    steps = [(1_500, 10), (1_800, 20), (2_500, 30), (9_000, 500), (9_000, 510), (9_000, 520), (9_000, 2_000)]
    for step, (watermark, now) in enumerate(steps):
        items = await schedule.claim(watermark, now_ms=now, lease_ms=300, limit=7)
        seen.append([(i.item_id, i.payload) for i in items])
        if step % 2 == 0:  # acknowledge every other claim: the others' leases run out at now 330+
            await schedule.ack([i.item_id for i in items])
        schedule.forget_next_due()
        seen.append((await schedule.next_due(), await schedule.pending()))
    return seen


def test_a_schedule_in_buckets_on_redis_cluster_hands_out_what_one_bucket_would(redis_cluster: RedisClusterNodes,
                                                                                 ) -> None:
    """On Redis Cluster the schedule is split into buckets (one slot each): claims across them give the items,
    in the order, that the in-memory twin and a single bucket give."""
    async def main() -> None:
        client = connect(Settings(redis_url=redis_cluster.url), None, autopipeline=True)
        try:
            def bucketed() -> RedisSchedule:
                return RedisSchedule(client, key_prefix=f"t{secrets.token_hex(4)}:", buckets=schedule_buckets(client))
            assert schedule_buckets(client) == SCHEDULE_BUCKETS > 1
            stories = [await _schedule_story(bucketed()), await _many_items_story(bucketed())]
        finally:
            await client.aclose()
        assert stories == [await _schedule_story(InMemorySchedule()), await _many_items_story(InMemorySchedule())]
        claims = [[item for item, _ in claim] for claim in stories[1][1::2]]
        assert max(map(len, claims)) == 7  # the limit cuts across buckets
        handed = [item for claim in claims for item in claim]
        assert len(handed) > len(set(handed))  # an item whose lease ran out was handed out again

    asyncio.run(main())


def test_many_items_in_one_bucket_match_the_twin(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            story = await _many_items_story(RedisSchedule(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        assert story == await _many_items_story(InMemorySchedule())

    asyncio.run(main())


async def _created(directory: AccountDirectory, account_id: str, identity_hash: str) -> Registration:
    """A creation as the sanctioner makes it: the registration, then the account's own part."""
    registration = await directory.register(account_id, identity_hash)
    await directory.settle(account_id, identity_hash, registration)
    return registration


def test_redis_directory(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            for directory in (RedisDirectory(client, key_prefix=f"t{secrets.token_hex(4)}:"), InMemoryDirectory()):
                await _created(directory, "a", "owner-1")
                await _created(directory, "a", "owner-2")  # the first one wins
                assert await directory.identity_of("a") == "owner-1"
                assert await directory.identity_of("b") is None
                await directory.set_blacklisted("owner-1", True)
                assert await directory.is_blacklisted("owner-1")
                await directory.set_blacklisted("owner-1", False)
                assert not await directory.is_blacklisted("owner-1")
                # the owner index: accounts under the owner that won, each once, sorted
                await _created(directory, "c", "owner-1")
                await _created(directory, "c", "owner-1")  # redelivered
                await _created(directory, "d", "owner-2")
                assert await directory.blacklist_owner("owner-1") == ("a", "c")
                assert await directory.is_blacklisted("owner-1")
                assert await directory.blacklist_owner("owner-2") == ("d",)
                assert await directory.blacklist_owner("owner-3") == ()
                assert await directory.replace_lift("a", "l1", 10, 100) == (True, None)
                assert await directory.replace_lift("a", "l2", 20, 50) == (True, "l1")
                assert await directory.replace_lift("a", "l1", 10, 100) == (False, "l2")  # an older decision
                assert await directory.replace_lift("a", "l3", 20, 40) == (False, "l2")  # same time, ends sooner
                assert await directory.replace_lift("a", "l2", 20, 50) == (True, "l2")  # the same decision again
                assert await directory.replace_lift("a", None, 30, 2**53) == (True, "l2")
                assert await directory.replace_lift("a", "l2", 20, 50) == (False, None)  # closed later
                assert await directory.replace_lift("a", None, 30, 2**53) == (True, None)
        finally:
            await client.aclose()

    asyncio.run(main())


def test_registration_reads_and_files_the_new_account_as_its_twin_does(redis_url: str) -> None:
    async def story(directory: AccountDirectory) -> list[object]:
        seen: list[object] = [await _created(directory, "a", "owner-1")]  # a new account, owner not blacklisted
        await directory.set_blacklisted("owner-1", True)
        seen.append(await _created(directory, "b", "owner-1"))  # new, for a blacklisted owner: refused
        seen.append(await _created(directory, "b", "owner-1"))  # redelivered: refused again
        seen.append(await _created(directory, "a", "owner-1"))  # existed before the blacklisting: not refused
        seen.append(await _created(directory, "c", "owner-2"))
        seen.append(await _created(directory, "c", "owner-3"))  # came again with another identity: the first wins
        await directory.register("e", "owner-1")  # a crash before its own part ...
        seen.append(await _created(directory, "e", "owner-1"))  # ... and the redelivery is refused all the same
        seen += [await directory.identity_of("c"), await directory.is_blocked("b"), await directory.is_blocked("a")]
        seen += [await directory.blacklist_owner(owner) for owner in ("owner-1", "owner-2", "owner-3")]
        return seen

    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            redis_story = await story(RedisDirectory(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        assert redis_story == await story(InMemoryDirectory())
        assert [r.refused for r in redis_story[:7]] == [False, True, True, False, False, False, True]
        assert redis_story[7:] == ["owner-2", True, False, ("a", "b", "e"), ("c",), ()]

    asyncio.run(main())
