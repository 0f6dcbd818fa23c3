"""RedisSchedule and RedisDirectory on the session's real Redis behave as their in-memory twins."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime

from redis.asyncio import Redis

from enforcement.ledger import to_epoch_ms
from enforcement.sanctions.redis_stores import SCHEDULE_BUCKETS, RedisDirectory, RedisSchedule, schedule_buckets
from enforcement.sanctions.stores import (
    AccountDirectory,
    Blacklisting,
    Creation,
    InMemoryDirectory,
    InMemorySchedule,
    LiftedBlacklist,
    OwnerBlacklist,
    Registration,
    Schedule,
)
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


def _at(day: int) -> datetime:
    return datetime(2026, 11, 1 + day, 8, 0, tzinfo=UTC)


def _blacklisting(action_id: str, day: int, account_id: str = "x") -> Blacklisting:
    evidence = b'{"blacklist_action_id":"%s"}' % action_id.encode()
    return Blacklisting(to_epoch_ms(_at(day)), action_id, account_id, evidence)


async def _created(directory: AccountDirectory, account_id: str, identity_hash: str, day: int = 0,
                   *, refused: bool = False) -> Registration:
    """A creation as the sanctioner makes it: the registration, then the account's own part."""
    registration = await directory.register(account_id, identity_hash, Creation(f"c-{account_id}", _at(day)))
    await directory.settle(account_id, identity_hash, registration, refused=refused)
    return registration


async def _directory_story(directory: AccountDirectory) -> list[object]:
    seen: list[object] = []
    await _created(directory, "a", "owner-1", 0)
    await _created(directory, "a", "owner-2", 5)  # came again under another owner: the first one wins
    seen += [await directory.identity_of("a"), await directory.identity_of("b")]
    await _created(directory, "c", "owner-1", 3)
    seen.append(await _created(directory, "c", "owner-1", 9))  # redelivered (even altered): the first creation stays
    await _created(directory, "d", "owner-2", 1)
    # blacklisting writes, then reads the owner's accounts with their creations
    seen.append(await directory.blacklist_owner("owner-1", _blacklisting("bl-2", 2)))
    seen.append(await directory.is_blacklisted("owner-1"))
    # an earlier blacklisting met later stands instead and names the one it displaced; a later one does not
    # replace it; a tie goes to the lower id; a redelivered displacer names what it displaced again
    for action, day in (("bl-1", 1), ("bl-3", 4), ("bl-0", 1), ("bl-1", 1)):
        recorded = await directory.blacklist_owner("owner-1", _blacklisting(action, day))
        seen.append((recorded.standing, recorded.displaced))
    seen.append(await _created(directory, "e", "owner-1", 6))  # a registration reads the blacklisting that stands
    seen.append(await directory.unblacklist("owner-1", "bl-1"))  # not the one that stands: nothing changes
    seen.append(await directory.is_blacklisted("owner-1"))
    # lifted, with the owner's accounts; the earliest blacklisting left (bl-1's was lifted too) stands instead
    seen.append(await directory.unblacklist("owner-1", "bl-0"))
    seen.append(await directory.is_blacklisted("owner-1"))
    seen.append((await directory.unblacklist("owner-1", "bl-0")) == seen[-2])  # asked again: the same answer
    seen.append(await directory.blacklist_owner("owner-3", _blacklisting("bl-9", 0)))
    await _created(directory, "f", "owner-2", 2, refused=True)
    await directory.refuse("d")
    seen.append([await directory.is_blocked(account) for account in "adef"])
    seen.append(await _created(directory, "f", "owner-2", 2))  # redelivered after its refusal
    return seen


def test_redis_directory_matches_its_twin_and_stores_fixed_values(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        prefix = f"t{secrets.token_hex(4)}:"
        try:
            on_redis = await _directory_story(RedisDirectory(client, key_prefix=prefix))
            registered = await client.hgetall(prefix + "{own:owner-1}:registered")
            blacklist = [await client.get(prefix + f"{{own:{owner}}}:blacklisting") for owner in ("owner-1", "owner-3")]
            displaced = await client.hgetall(prefix + "{own:owner-1}:displaced")
            identity, blocked = await client.get(prefix + "{a}:identity"), await client.get(prefix + "{f}:blocked")
        finally:
            await client.aclose()
        assert on_redis == await _directory_story(InMemoryDirectory())
        c, e = Creation("c-c", _at(3)), Creation("c-e", _at(6))
        assert on_redis == [
            "owner-1", None,
            Registration(refused_before=False, earlier_identity="owner-1", blacklisting=None),
            OwnerBlacklist(_blacklisting("bl-2", 2), None, (("a", Creation("c-a", _at(0))), ("c", c))),
            True,
            (_blacklisting("bl-1", 1), _blacklisting("bl-2", 2)), (_blacklisting("bl-1", 1), None),
            (_blacklisting("bl-0", 1), _blacklisting("bl-1", 1)), (_blacklisting("bl-0", 1), _blacklisting("bl-2", 2)),
            Registration(refused_before=False, earlier_identity=None, blacklisting=_blacklisting("bl-0", 1)),
            None, True,
            LiftedBlacklist(_blacklisting("bl-0", 1), (("a", Creation("c-a", _at(0))), ("c", c), ("e", e)),
                            _blacklisting("bl-2", 2)),
            True, True,
            OwnerBlacklist(_blacklisting("bl-9", 0), None, ()),
            [False, True, False, True],
            Registration(refused_before=True, earlier_identity="owner-2", blacklisting=None),
        ]
        # what the keys hold, byte for byte: a creation and a blacklisting are JSON with sorted keys
        assert registered == {
            b"a": b'{"at":"2026-11-01T08:00:00+00:00","event_id":"c-a"}',
            b"c": b'{"at":"2026-11-04T08:00:00+00:00","event_id":"c-c"}',
            b"e": b'{"at":"2026-11-07T08:00:00+00:00","event_id":"c-e"}',
        }
        assert e.at_ms == 1_794_038_400_000  # 2026-11-07T08:00:00Z
        assert blacklist == [b'{"account_id":"x","action_id":"bl-2","at_ms":1793692800000,'
                             b'"evidence":{"blacklist_action_id":"bl-2"}}',
                             b'{"account_id":"x","action_id":"bl-9","at_ms":1793520000000,'
                             b'"evidence":{"blacklist_action_id":"bl-9"}}']
        assert (identity, blocked) == (b"owner-1", b"1")
        assert sorted(displaced) == [b"bl-0", b"bl-1"]  # displacing action -> the blacklisting it displaced
        assert Blacklisting.from_bytes(displaced[b"bl-0"]) == _blacklisting("bl-1", 1)

    asyncio.run(main())
