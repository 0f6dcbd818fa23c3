"""A release that grows the shipped registry re-checks existing accounts against what it adds (D1–D3):
the names a shipped identity gains, and identities new to the release; only once, and not on the first
start (nothing says what the shipped registry held before)."""

from __future__ import annotations

import asyncio
import json
import secrets
import tracemalloc
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from types import MappingProxyType

import pytest
from redis.asyncio import Redis
from stateful_events import World, event

from enforcement.registry import ProtectedIdentity, Registry, load_default_registry
from enforcement.registry.redis_release import RedisReleaseManifest
from enforcement.registry.release import (
    DIVISIONS_KEY,
    VOCABULARY_KEY,
    InMemoryReleaseManifest,
    check_release,
    divisions_entry,
    divisions_of,
    manifest_entry,
    release_digest,
    release_manifest,
)
from enforcement.registry_recheck import RegistryRecord

BODY = ProtectedIdentity("test:qinglang-radio", "media", ("青朗广播电台",), aliases=("青朗之声",))
NEW = ProtectedIdentity("test:qinglang-data", "state_organ", ("青朗数据局",))


def releases(vocabulary: Registry) -> tuple[Registry, Registry]:
    """The release before (BODY without its alias) and this one (BODY with it, and NEW)."""
    old = replace(vocabulary, identities=MappingProxyType({BODY.identity_id: replace(BODY, aliases=())}))
    new = replace(vocabulary, identities=MappingProxyType({BODY.identity_id: BODY, NEW.identity_id: NEW}))
    return old, new


async def accounts(w: World, names: dict[str, str]) -> set[tuple[str, str]]:
    """Create the accounts; the (account, identity) of each violation their creation raised."""
    raised: set[tuple[str, str]] = set()
    for account, name in names.items():
        out = await w.enforcement.handle(event("profile.created", account_id=account, event_id=f"{account}-c",
                                               name=name, bio="", occurred_at="2026-01-01T00:00:00Z"))
        raised |= {(v["account_id"], v["identity"]) for v in out.violations}
        await w.enforcement.acknowledge(out)
    return raised


def rechecking(w: World, found: list[dict[str, object]]) -> Callable[[Registry, list[RegistryRecord]],
                                                                    Awaitable[bool]]:
    """The re-check the worker hands `check_release`, collecting the violations it sends into `found`."""
    async def recheck(before: Registry, records: list[RegistryRecord]) -> bool:
        out = await w.enforcement.registry_changed(before, records)
        found.extend(out.violations)
        await w.enforcement.acknowledge(out)
        return True
    return recheck


def test_what_a_release_adds_catches_existing_accounts_once(world: Callable[..., World], vocabulary: Registry,
                                                           ) -> None:
    async def main() -> None:
        old, new = releases(vocabulary)
        w = world(registry=old)
        await accounts(w, {"a": "青朗之声", "b": "青朗数据局", "c": "青朗广播电台", "d": "美食日记"})
        manifest = InMemoryReleaseManifest(release_manifest(old), release_digest(old))
        found: list[dict[str, object]] = []
        recheck = rechecking(w, found)
        assert await check_release(new, new, manifest, recheck) == 2
        # a, b: what the release adds; c carried a name the old release protected already (flagged then)
        assert sorted((v["account_id"], v["identity"]) for v in found) == [
            ("a", BODY.identity_id), ("b", NEW.identity_id)]
        assert (manifest.entries, manifest.recorded) == (release_manifest(new), release_digest(new))
        found.clear()
        reads = manifest.reads
        assert await check_release(new, new, manifest, recheck) == 0  # the next start: nothing new
        assert manifest.reads == reads  # the same release: its digest matched, the manifest was not read
        assert found == []

    asyncio.run(main())


def test_the_first_start_only_records_the_release_and_a_failed_recheck_is_tried_again(
        vocabulary: Registry) -> None:
    async def main() -> None:
        old, new = releases(vocabulary)
        manifest = InMemoryReleaseManifest()
        calls: list[int] = []

        async def failing(before: Registry, records: list[RegistryRecord]) -> bool:
            calls.append(len(records))
            return False

        assert await check_release(old, old, manifest, failing) == 0 and calls == []
        assert manifest.entries == release_manifest(old)
        assert await check_release(new, new, manifest, failing) == 0 and calls == [2]
        assert manifest.entries == release_manifest(old)  # kept: the next start re-checks again

    asyncio.run(main())


def test_a_verified_account_of_the_body_is_not_flagged_by_the_alias_a_release_adds(
        world: Callable[..., World], vocabulary: Registry) -> None:
    """The re-check measures the identity as the worker holds it, with the verified accounts that
    `registry.official` gave it."""
    async def main() -> None:
        old, new = releases(vocabulary)
        w = world(registry=old)
        await accounts(w, {"own": "青朗之声", "a": "青朗之声"})
        current = replace(new, identities=MappingProxyType({
            **new.identities, BODY.identity_id: replace(BODY, verified_account_ids=frozenset({"own"}))}))
        found: list[dict[str, object]] = []

        async def recheck(before: Registry, records: list[RegistryRecord]) -> bool:
            found.extend((await w.enforcement.registry_changed(before, records)).violations)
            return True

        await check_release(new, current, InMemoryReleaseManifest(release_manifest(old), release_digest(old)),
                            recheck)
        assert sorted(v["account_id"] for v in found) == ["a"]

    asyncio.run(main())


def test_the_redis_manifest_is_replaced_as_the_in_memory_one_is(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        prefix = f"t{secrets.token_hex(4)}:"
        try:
            on_redis, in_memory = RedisReleaseManifest(client, key_prefix=prefix), InMemoryReleaseManifest()
            assert await on_redis.digest() is None
            for n, entries in enumerate(({"a": b"1", "b": b"2"}, {"b": b"3", "c": b"4"}, {})):
                for manifest in (on_redis, in_memory):
                    await manifest.write(entries, digest=f"release-{n}", previous=await manifest.read())
                assert await on_redis.read() == await in_memory.read() == entries
                assert await on_redis.digest() == await in_memory.digest() == f"release-{n}"
            await on_redis.write({"a": b"1"}, digest="release-3", previous={})
            assert await client.hgetall(prefix + "{registry}:shipped") == {b"a": b"1"}
            assert await client.get(prefix + "{registry}:shipped:digest") == b"release-3"
        finally:
            await client.aclose()

    asyncio.run(main())


def test_the_manifest_of_many_identities_stays_small_in_memory() -> None:
    """The worker holds one entry per shipped identity (~52,000) while it compares releases: each entry must
    be its own size (orjson's bytes keep a ~4 KB buffer each: 160 MB of a worker's peak once)."""
    identities = [ProtectedIdentity(f"local:{n}", "local_organ", (f"青朗{n}市公安局",), aliases=(f"青朗{n}公安",))
                  for n in range(5_000)]
    tracemalloc.start()
    try:
        kept = [manifest_entry(identity) for identity in identities]
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(kept) == 5_000 and held < 2_000_000  # ~100 bytes an entry, not kilobytes


def _without(vocabulary: Registry, **removed: tuple[str, ...]) -> Registry:
    """`vocabulary` as a release before the one that added `removed` (list name -> its words) shipped it."""
    vocab = vocabulary.vocabulary
    changes: dict[str, object] = {}
    for name, words in removed.items():
        kept = getattr(vocab, name)
        changes[name] = (MappingProxyType({k: v for k, v in kept.items() if k not in words})
                         if isinstance(kept, Mapping) else tuple(w for w in kept if w not in words))
    return replace(vocabulary, vocabulary=replace(vocab, **changes))


def test_the_words_a_release_adds_catch_existing_accounts_once(world: Callable[..., World]) -> None:
    """An organ word, a staff role, a title, an institution's kind and a service line new to the release flag the
    accounts already carrying them; an account flagged by a word shipped before is not flagged again, nor one that
    carries none."""
    async def main() -> None:
        shipped = load_default_registry()
        new = replace(shipped, identities=MappingProxyType({}))
        old = _without(new, organ_words=("行署", "行政公署"), staff_roles=("户籍警",),
                       professional_titles=("情感专家",), institution_kinds=("档案馆",), hotline_numbers=("12351",))
        w = world(registry=old)
        raised = await accounts(w, {"a": "阿里地区行署", "b": "户籍警小王", "c": "情感专家小美", "d": "民警小李",
                                    "e": "美食日记", "f": "青朗市档案馆官方", "g": "泉州12351"})
        assert raised == {("d", "role:民警")}  # the old release knew only 民警
        manifest = InMemoryReleaseManifest(release_manifest(old), release_digest(old))
        found: list[dict[str, object]] = []
        recheck = rechecking(w, found)
        assert await check_release(new, new, manifest, recheck) == 1
        assert sorted((v["account_id"], v["identity"]) for v in found) == [
            ("a", "division:542500"), ("b", "role:户籍警"), ("c", "title:psychology"),
            ("f", "institution:青朗市档案馆"), ("g", "division:350500")]
        assert all(v["evidence"]["recheck"] for v in found)
        assert (manifest.entries, manifest.recorded) == (release_manifest(new), release_digest(new))
        found.clear()
        assert await check_release(new, new, manifest, recheck) == 0 and found == []

    asyncio.run(main())


def test_the_divisions_a_release_adds_or_renames_catch_existing_accounts_once(world: Callable[..., World]) -> None:
    """A district new to the release (新津区) and a city renamed under its code (襄樊市 → 襄阳市) flag the
    accounts that name them with an organ word (D4); an account flagged under a division shipped before is not
    flagged again — also when the release gives it a new code (郫都区) — and one that named the old name is not
    flagged by the new."""
    async def main() -> None:
        new = replace(load_default_registry(), identities=MappingProxyType({}))
        renamed = {"420600": {"name": "襄樊市", "short_name": "襄樊"}}
        renamed["510117"] = {"code": "510124"}
        old = replace(new, divisions=tuple(replace(d, **renamed.get(d.code, {})) for d in new.divisions
                                           if d.code != "510118"))
        w = world(registry=old)
        raised = await accounts(w, {"a": "新津区警察局", "b": "襄阳市警察局", "c": "成都市警察局",
                                    "d": "襄樊市警察局", "e": "美食日记", "f": "郫都区警察局"})
        assert raised == {("c", "division:510100"), ("d", "division:420600"), ("f", "division:510124")}
        manifest = InMemoryReleaseManifest(release_manifest(old), release_digest(old))
        found: list[dict[str, object]] = []
        recheck = rechecking(w, found)
        assert await check_release(new, new, manifest, recheck) == 1
        assert sorted((v["account_id"], v["identity"], v["evidence"]["division"]) for v in found) == [
            ("a", "division:510118", "新津区"), ("b", "division:420600", "襄阳市")]
        assert all(v["evidence"]["recheck"] for v in found)
        assert manifest.entries[DIVISIONS_KEY] == release_manifest(new)[DIVISIONS_KEY]
        found.clear()
        assert await check_release(new, new, manifest, recheck) == 0 and found == []

    asyncio.run(main())


def test_a_release_that_gives_divisions_usual_names_catches_the_accounts_named_by_them(
        world: Callable[..., World]) -> None:
    """克州 and 锡盟, abbreviations a release adds to known divisions, flag the accounts that name them with an organ
    word (D4) once; a manifest written before divisions had usual names reads as a table without them."""
    async def main() -> None:
        new = replace(load_default_registry(), identities=MappingProxyType({}))
        old = replace(new, divisions=tuple(replace(d, usual_names=()) for d in new.divisions))
        w = world(registry=old)
        raised = await accounts(w, {"a": "克州公安", "b": "锡盟发布", "c": "克孜勒苏州公安", "d": "美食日记"})
        assert raised == {("c", "division:653000")}
        manifest = InMemoryReleaseManifest(release_manifest(old), release_digest(old))
        found: list[dict[str, object]] = []
        recheck = rechecking(w, found)
        assert await check_release(new, new, manifest, recheck) == 1
        assert sorted((v["account_id"], v["identity"]) for v in found) == [
            ("a", "division:653000"), ("b", "division:152500")]
        found.clear()
        assert await check_release(new, new, manifest, recheck) == 0 and found == []

    asyncio.run(main())


def test_a_division_table_written_without_usual_names_reads_back() -> None:
    shipped = load_default_registry().divisions
    without = json.dumps([row[:8] for row in json.loads(divisions_entry(shipped))], ensure_ascii=False).encode()
    assert divisions_of(without) == tuple(sorted((replace(d, usual_names=()) for d in shipped), key=lambda d: d.code))
    assert divisions_of(divisions_entry(shipped)) == tuple(sorted(shipped, key=lambda d: d.code))


def _before_the_words(new: Registry) -> Registry:
    return _without(new, staff_roles=("户籍警",))


def _before_the_district(new: Registry) -> Registry:
    return replace(new, divisions=tuple(d for d in new.divisions if d.code != "510118"))


@pytest.mark.parametrize(("field", "older", "name"), [
    (VOCABULARY_KEY, _before_the_words, "户籍警小王"), (DIVISIONS_KEY, _before_the_district, "新津区警察局")])
def test_a_manifest_kept_before_a_field_was_only_records_it(
        world: Callable[..., World], field: str, older: Callable[[Registry], Registry], name: str) -> None:
    # a manifest written before the release kept its vocabulary (or its division table): what that release
    # held is not known, so this start re-checks nothing for it and only records it
    async def main() -> None:
        new = replace(load_default_registry(), identities=MappingProxyType({}))
        old = older(new)
        w = world(registry=old)
        await accounts(w, {"a": name})
        entries = release_manifest(old)
        del entries[field]
        manifest = InMemoryReleaseManifest(entries, f"a release before {field} was kept")
        calls: list[list[RegistryRecord]] = []

        async def recheck(registry: Registry, records: list[RegistryRecord]) -> bool:
            calls.append(records)
            return True

        assert await check_release(new, new, manifest, recheck) == 0 and calls == []
        assert manifest.entries[field] == release_manifest(new)[field]

    asyncio.run(main())
