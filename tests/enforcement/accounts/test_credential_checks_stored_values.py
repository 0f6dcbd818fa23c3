"""What RedisCredentialChecks (credential-dependent profile judgements kept for the allowed lateness, and
credential re-check results) returns and writes, as fixed values read back with a plain client, beside the
in-memory twin's answers to the same calls."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

from redis.asyncio import Redis
from redis.crc import key_slot

from enforcement.accounts.checks import CheckedProfile, CredentialChecks, InMemoryCredentialChecks
from enforcement.accounts.redis_stores import RedisCredentialChecks
from enforcement.redis_keys import as_text
from enforcement.violations import Violation

CREATED_AT = datetime(2026, 1, 1, 0, 0, 2, tzinfo=UTC)  # 1_767_225_602_000 epoch ms
CHECKED_AT_MS = 1_767_227_400_000  # 2026-01-01T00:30:00Z: the credential event that re-checked
RENAMED_AT = datetime(2026, 1, 1, 1, tzinfo=UTC)  # 1_767_229_200_000
LATER_AT = datetime(2026, 1, 1, 2, tzinfo=UTC)  # 1_767_232_800_000
HOUR_MS = 3_600_000

TITLE = Violation(account_id="d:1", rule="professional_title_uncredentialed", confidence=1.0,
                  source_event_id="d:1-rn1", occurred_at=RENAMED_AT, field="name", identity="医生",
                  evidence={"title": "医生"})
CREATED = CheckedProfile("d:1-created", CREATED_AT, (("name", "张三的日常"), ("bio", "")), frozenset({"medical"}))
RENAMED_FIRST = CheckedProfile("d:1-rn1", RENAMED_AT, (("name", "张医生"),), frozenset({"medical"}))
RENAMED = CheckedProfile("d:1-rn1", RENAMED_AT, (("name", "张医生"),), frozenset(), (TITLE,))
CREATED_REJUDGED = replace(CREATED, domains=frozenset({"medical", "law"}))
LATER = CheckedProfile("d:1-rn2", LATER_AT, (("bio", "日常"),), frozenset())
RESULT = b'{"withdrawn":[]}'  # what a re-check sent: opaque to the store


async def _story(checks: CredentialChecks, snapshot: Callable[[], Awaitable[None]]) -> list[object]:
    """`snapshot` is awaited between steps to read what Redis holds then (nothing in memory)."""
    seen: list[object] = [await checks.since("d:1", 0)]
    await checks.remember("d:1", CREATED, keep_from_ms=CREATED.at_ms - HOUR_MS)
    await checks.remember("d:1", RENAMED_FIRST, keep_from_ms=RENAMED.at_ms - HOUR_MS)
    await checks.remember("d:1", RENAMED, keep_from_ms=RENAMED.at_ms - HOUR_MS)  # the same event: replaces
    seen += [await checks.since("d:1", RENAMED.at_ms), await checks.since("d:1", 0)]
    seen.append(await checks.result_of("d:1", "cv-1"))
    await checks.save_result("d:1", "cv-1", CHECKED_AT_MS, RESULT, [CREATED_REJUDGED])
    seen += [await checks.result_of("d:1", "cv-1"), await checks.since("d:1", 0)]
    await snapshot()
    # keeping from the rename's time on: the creation and the result (at 00:30) are older and go; the rename,
    # exactly at the bound, stays
    await checks.remember("d:1", LATER, keep_from_ms=RENAMED.at_ms)
    seen += [await checks.result_of("d:1", "cv-1"), await checks.since("d:1", 0)]
    await snapshot()
    return seen


def test_redis_credential_checks_answer_and_store_fixed_values(redis_url: str) -> None:
    prefix = f"t{secrets.token_hex(4)}:"
    entries_key, times_key = f"{prefix}{{d:1}}:credential_checks", f"{prefix}{{d:1}}:credential_checks_at"
    snapshots: list[tuple[object, ...]] = []

    async def main() -> None:
        client = Redis.from_url(redis_url)

        async def snapshot() -> None:
            snapshots.append((sorted(as_text(k).removeprefix(prefix) for k in await client.keys(f"{prefix}*")),
                              await client.hgetall(entries_key),
                              await client.zrange(times_key, 0, -1, withscores=True)))

        async def nothing() -> None:
            return None

        try:
            on_redis = await _story(RedisCredentialChecks(client, key_prefix=prefix), snapshot)
            ttls = (await client.ttl(entries_key), await client.ttl(times_key))
        finally:
            await client.aclose()

        assert on_redis == await _story(InMemoryCredentialChecks(), nothing)
        assert on_redis == [[], [RENAMED], [CREATED, RENAMED], None,
                            RESULT, [CREATED_REJUDGED, RENAMED],
                            None, [RENAMED, LATER]]
        assert ttls == (-1, -1)  # entries leave by the keep_from bound of a later `remember`, not by a TTL

        # the JSON CheckedProfile.to_json writes (orjson: insertion order, UTF-8, domains sorted, 1.0 kept a
        # float); one hash of entries and re-check results, and one zset of the same members by event time
        created = ('{"event_id":"d:1-created","occurred_at":"2026-01-01T00:00:02+00:00",'
                   '"fields":[["name","张三的日常"],["bio",""]],"domains":["law","medical"],"violations":[]}').encode()
        renamed = ('{"event_id":"d:1-rn1","occurred_at":"2026-01-01T01:00:00+00:00","fields":[["name","张医生"]],'
                   '"domains":[],"violations":[{"account_id":"d:1","rule":"professional_title_uncredentialed",'
                   '"confidence":1.0,"source_event_id":"d:1-rn1","occurred_at":"2026-01-01T01:00:00+00:00",'
                   '"field":"name","identity":"医生","evidence":{"title":"医生"},"trigger_id":""}]}').encode()
        later = ('{"event_id":"d:1-rn2","occurred_at":"2026-01-01T02:00:00+00:00","fields":[["bio","日常"]],'
                 '"domains":[],"violations":[]}').encode()
        keys = ["{d:1}:credential_checks", "{d:1}:credential_checks_at"]
        assert {key_slot(f"{prefix}{k}".encode()) for k in keys} == {key_slot(b"d:1")}
        assert snapshots == [
            (keys,
             {b"d:1-created": created, b"d:1-rn1": renamed, b"result:cv-1": RESULT},
             # a re-check result is a member "result:<credential event id>" at the credential event's time
             [(b"d:1-created", 1_767_225_602_000.0), (b"result:cv-1", 1_767_227_400_000.0),
              (b"d:1-rn1", 1_767_229_200_000.0)]),
            (keys,
             {b"d:1-rn1": renamed, b"d:1-rn2": later},
             [(b"d:1-rn1", 1_767_229_200_000.0), (b"d:1-rn2", 1_767_232_800_000.0)]),
        ]

    asyncio.run(main())


def test_an_entry_a_result_saves_is_found_and_trimmed_like_a_remembered_one(redis_url: str) -> None:
    """`save_result` files the re-judged entries by their own times, as `remember` does: an entry it writes
    first is found by `since` on Redis as in memory."""

    async def story(checks: CredentialChecks) -> list[object]:
        await checks.save_result("d:2", "cv-2", CHECKED_AT_MS, RESULT, [CREATED_REJUDGED])
        return [await checks.since("d:2", 0), await checks.since("d:2", CHECKED_AT_MS)]

    async def on_redis() -> list[object]:
        client = Redis.from_url(redis_url)
        try:
            return await story(RedisCredentialChecks(client, key_prefix=f"t{secrets.token_hex(4)}:"))
        finally:
            await client.aclose()

    found = asyncio.run(on_redis())
    assert found == asyncio.run(story(InMemoryCredentialChecks()))
    assert found == [[CREATED_REJUDGED], []]
