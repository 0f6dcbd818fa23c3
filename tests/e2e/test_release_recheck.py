"""A worker that starts on a release whose shipped registry protects a name, or ships a vocabulary word, the
previous release did not re-checks the accounts Redis already holds against it, once (D1, D4;
`enforcement/registry/release.py`)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from pipeline_run import PipelineRun, run_pipeline
from redis.asyncio import Redis

from enforcement.accounts.redis_stores import RedisProfileStore
from enforcement.identity import shipped_index
from enforcement.registry.redis_release import RedisReleaseManifest
from enforcement.registry.release import VOCABULARY_KEY, manifest_entry, release_manifest
from enforcement.watermark.redis import RedisWatermark
from streams.bus import topics
from streams.bus.recording import RecordedRecord
from streams.settings import Settings

pytestmark = pytest.mark.e2e

ALIAS, BODY = "玉渊谭天", "media:cmg"  # an account name of the central broadcaster, added as an alias
AT = datetime(2026, 11, 1, 8, tzinfo=UTC)


def _created(account: str, name: str) -> RecordedRecord:
    value = orjson.dumps({"schema_version": 1, "event_id": f"{account}-created", "type": "profile.created",
                          "account_id": account, "occurred_at": "2026-11-02T08:00:00Z", "name": name,
                          "identity_hash": "0" * 32})
    return RecordedRecord("account.profile", account.encode(), value, int(AT.timestamp() * 1000) + 86_400_000)


WORD, PLACE_OFFICE = "行署", "阿里地区行署"  # a prefecture's administrative office, an organ word added later


def _without_the_word(entry: bytes) -> bytes:
    lists = orjson.loads(entry)
    lists["organ_words"] = [w for w in lists["organ_words"] if w != WORD]
    return orjson.dumps(lists)


@pytest.mark.parametrize(("added", "name", "expected"), [
    ("alias", ALIAS, ("official_name_exact", BODY)),
    ("word", PLACE_OFFICE, ("division_official_function", "division:542500")),
])
def test_an_alias_or_word_a_release_adds_flags_an_account_that_already_carries_it(
        kafka_bootstrap: str, redis_url: str, run_dir: Path, added: str, name: str, expected: tuple[str, str],
        ) -> None:
    def previous_release(run: PipelineRun) -> None:
        """Redis as the previous release left it: its manifest (the broadcaster without the alias), an
        account named after the alias, checked when that release did not protect it, and the watermark."""
        async def seed() -> None:
            client = Redis.from_url(redis_url)
            prefix = Settings(topic_prefix=run.prefix).key_prefix()
            try:
                shipped = shipped_index().registry
                entries = release_manifest(shipped)
                body = shipped.identities[BODY]
                if added == "alias":
                    entries[BODY] = manifest_entry(replace(body, aliases=tuple(a for a in body.aliases if a != ALIAS)))
                else:
                    entries[VOCABULARY_KEY] = _without_the_word(entries[VOCABULARY_KEY])
                await RedisReleaseManifest(client, key_prefix=prefix).write(entries, digest="the previous release",
                                                                            previous={})
                at_ms = int(AT.timestamp() * 1000)
                await RedisProfileStore(client, key_prefix=prefix).apply("u:old", {"name": name}, at_ms, "old-c")
                watermark = RedisWatermark(client, key_prefix=prefix, allowed_lateness_ms=0)
                await watermark.observe(AT)
            finally:
                await client.aclose()
        asyncio.run(seed())

    run = run_pipeline([_created("u:new", "美食日记")], kafka_bootstrap=kafka_bootstrap, redis_url=redis_url,
                       workdir=run_dir, before_worker=previous_release)
    found = [(v["account_id"], v["rule"], v["identity"]) for v in run.outputs[topics.VIOLATIONS]]
    assert found == [("u:old", *expected)]
    (violation,) = run.outputs[topics.VIOLATIONS]
    assert violation["evidence"]["recheck"] is True and violation["occurred_at"] == "2026-11-01T08:00:00Z"
