"""The profile and credential stores: event-time ordering, one story run on the in-memory twin
and on the session's real Redis, which must tell it the same way (contract test)."""

from __future__ import annotations

import asyncio
import secrets
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis
from stateful_events import event

from enforcement.accounts.credentials import (
    EXPIRED,
    REVOKED,
    VALID,
    CredentialStore,
    InMemoryCredentialStore,
    next_state,
)
from enforcement.accounts.profiles import CurrentProfile, InMemoryProfileStore, ProfileStore, remember_profile
from enforcement.accounts.redis_stores import RedisCredentialStore, RedisProfileStore, RedisRecheckClaims
from enforcement.registry_recheck import InMemoryRecheckClaims, RecheckClaims


async def _profile_story(store: ProfileStore) -> list[Any]:
    seen: list[Any] = []
    await remember_profile(store, event("profile.created", account_id="a", event_id="e1", name="张医生",
                                        bio="执业医师", occurred_at="2026-01-01T00:00:00Z"))
    await remember_profile(store, event("profile.renamed", account_id="a", event_id="e3", new_name="张三",
                                        occurred_at="2026-01-03T00:00:00Z"))
    # older than the rename: must not overwrite the name (D1–D7 read the current profile)
    await remember_profile(store, event("profile.renamed", account_id="a", event_id="e2", new_name="张律师",
                                        occurred_at="2026-01-02T00:00:00Z"))
    await remember_profile(store, event("profile.bio_changed", account_id="a", event_id="e2b", bio="新简介",
                                        occurred_at="2026-01-02T00:00:00Z"))
    await remember_profile(store, event("profile.avatar_changed", account_id="b", event_id="e9",
                                        avatar_pdq="a" * 64, occurred_at="2026-01-05T00:00:00Z"))
    seen.append(await store.current("a"))
    seen.append(await store.current("b"))
    seen.append(await store.current("nobody"))
    scanned: list[CurrentProfile | None] = []
    then: list[CurrentProfile | None] = []
    async for batch in store.scan(1):
        scanned.extend(p.current() for p in batch)
        # as the profiles stood on 2026-01-02 12:00, read from what the scan returned
        then.extend(p.as_of(1767355200000) for p in batch)
    seen.append(sorted(scanned, key=lambda p: p.account_id if p else ""))
    seen.append(sorted(then, key=lambda p: p.account_id if p else ""))
    seen.append(await store.as_of("a", 1767355200000))
    return seen


def test_profile_store_keeps_the_newest_field_and_redis_matches_its_twin(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            redis_story = await _profile_story(RedisProfileStore(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        twin_story = await _profile_story(InMemoryProfileStore())
        assert redis_story == twin_story
        assert twin_story[0] == CurrentProfile("a", name="张三", bio="新简介", avatar_pdq="")
        assert twin_story[1] == CurrentProfile("b", avatar_pdq="a" * 64)
        assert twin_story[2] is None
        assert [p.account_id for p in twin_story[3]] == ["a", "b"]
        # the scan's profiles read as of an earlier time: the rename of 01-03 not yet made
        assert twin_story[4][0] == twin_story[5] == CurrentProfile("a", name="张律师", bio="新简介", avatar_pdq="")

    asyncio.run(main())


async def _many_renames_story(store: ProfileStore) -> list[Any]:
    """Ten renames a day apart, delivered newest first but for two, then two redeliveries: the profile read as
    of each day, and the day before them all."""
    days = [f"2026-03-{day:02d}T00:00:00Z" for day in range(1, 11)]
    order = [9, 8, 7, 6, 5, 4, 3, 2, 0, 1, 5, 0]  # arrival order; the last two are redeliveries
    for i in order:
        await remember_profile(store, event("profile.renamed", account_id="a", event_id=f"r{i}",
                                            new_name=f"名字{i}", occurred_at=days[i]))
    day_ms = 86_400_000
    first = 1772323200000  # 2026-03-01T00:00:00Z
    return [await store.as_of("a", first + i * day_ms + 1) for i in range(-1, 10)]


def test_profile_store_reads_any_of_the_kept_versions_in_any_arrival_order_and_redis_matches(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            redis_story = await _many_renames_story(RedisProfileStore(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        twin_story = await _many_renames_story(InMemoryProfileStore())
        assert redis_story == twin_story
        names = [p.name if p else None for p in twin_story]
        # the current and eight older versions kept: days 1..9 read as they stood (day 0 is the tenth-newest,
        # dropped, so before day 1 and on it the oldest kept stands in)
        assert names == ["名字1", "名字1", *(f"名字{i}" for i in range(1, 10))]

    asyncio.run(main())


def test_a_profile_hash_written_when_one_older_version_was_kept_is_read_and_carried_over(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        prefix = f"t{secrets.token_hex(4)}:"
        store = RedisProfileStore(client, key_prefix=prefix)
        key = store._key("a")
        try:
            await client.hset(key, mapping={"name": "张三", "name@": "001772409600000:r2",
                                            "name~": "张医生", "name~@": "001772323200000:r1"})
            assert (await store.as_of("a", 1772323200001)).name == "张医生"
            await remember_profile(store, event("profile.renamed", account_id="a", event_id="r3", new_name="李四",
                                                occurred_at="2026-03-03T00:00:00Z"))
            assert [(await store.as_of("a", ms)).name for ms in (1772323200001, 1772409600001, 1772496000001)] \
                == ["张医生", "张三", "李四"]
            assert not await client.hexists(key, "name~@")
        finally:
            await client.aclose()

    asyncio.run(main())


async def _credential_story(store: CredentialStore) -> list[Any]:
    seen: list[Any] = []
    verified = event("credential.verified", account_id="a", event_id="v1", credential_id="c1", domain="medical",
                     valid_until="2026-06-01T00:00:00Z", occurred_at="2026-01-01T00:00:00Z")
    renewed = event("credential.renewed", account_id="a", event_id="r1", credential_id="c1", domain="medical",
                    valid_until="2027-06-01T00:00:00Z", occurred_at="2026-05-01T00:00:00Z")
    revoked = event("credential.revoked", account_id="a", event_id="x1", credential_id="c2", domain="legal",
                    reason="fake", occurred_at="2026-02-01T00:00:00Z")
    for ev in (verified, renewed):
        seen.append(await store.put("a", next_state(ev, await store.get("a", "c1"))))
    seen.append(await store.put("a", next_state(verified, None)))  # older: refused
    seen.append(await store.get("a", "c1"))
    seen.append(sorted(await store.valid_domains("a", datetime(2027, 1, 1, tzinfo=UTC))))
    seen.append(sorted(await store.valid_domains("a", datetime(2027, 6, 1, tzinfo=UTC))))  # at valid_until: lapsed
    seen.append(await store.put("a", next_state(revoked, None)))
    expired = event("credential.expired", account_id="a", event_id="x2", credential_id="c1", domain="medical",
                    occurred_at="2027-06-02T00:00:00Z")
    seen.append(await store.put("a", next_state(expired, await store.get("a", "c1"))))
    seen.append(await store.get("a", "c1"))
    seen.append(await store.get("a", "c2"))
    seen.append(sorted(await store.valid_domains("a", datetime(2026, 3, 1, tzinfo=UTC))))
    return seen


def test_credential_store_orders_by_event_time_and_redis_matches_its_twin(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            redis_story = await _credential_story(RedisCredentialStore(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()
        twin = await _credential_story(InMemoryCredentialStore())
        assert redis_story == twin
        assert twin[:3] == [True, True, False]
        assert twin[3].status == VALID and twin[3].source_event_id == "r1"
        assert twin[4] == ["medical"] and twin[5] == []
        # an expiry event keeps the known valid_until and the renewal as source (one D7 id either way)
        assert (twin[8].status, twin[8].valid_until_ms, twin[8].source_event_id) == (EXPIRED, twin[3].valid_until_ms,
                                                                                     "r1")
        assert (twin[9].status, twin[9].reason) == (REVOKED, "fake")
        # an expired credential still covers the time it was valid in (c1 from its verification to its
        # expiry); a revoked one whose start was never seen (c2) covers nothing
        assert twin[10] == ["medical"]

    asyncio.run(main())


async def _claims_story(claims: RecheckClaims) -> list[bool]:
    seen = [await claims.claim("h1", 60_000), await claims.claim("h1", 60_000)]
    await claims.done("h1")
    seen.append(await claims.claim("h1", 60_000))
    seen.append(await claims.claim("h2", 60_000))
    return seen


def test_recheck_claims_let_one_worker_in_and_redis_matches_its_twin(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            prefix = f"t{secrets.token_hex(4)}:"
            redis_story = await _claims_story(RedisRecheckClaims(client, key_prefix=prefix))
            # two workers racing for one record: exactly one wins
            racers = [RedisRecheckClaims(client, key_prefix=prefix) for _ in range(8)]
            wins = await asyncio.gather(*(r.claim("h3", 60_000) for r in racers))
            # a claim whose worker died runs out and can be taken again
            assert await RedisRecheckClaims(client, key_prefix=prefix).claim("h4", 1)
            await asyncio.sleep(0.01)
            retaken = await RedisRecheckClaims(client, key_prefix=prefix).claim("h4", 60_000)
        finally:
            await client.aclose()
        assert redis_story == await _claims_story(InMemoryRecheckClaims()) == [True, False, False, True]
        assert sum(wins) == 1
        assert retaken

    asyncio.run(main())
