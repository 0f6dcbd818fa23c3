"""A registry change re-checks existing accounts (D1–D3; decision "Brakes"): only what the record adds,
one claim per record content, a burst goes to review as `registry_burst`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import pytest
from stateful_events import World, event

from enforcement.identity import shipped_index
from enforcement.policy import PolicyError, load_policy, parse_policy
from enforcement.policy.load import DEFAULT_POLICY_PATH
from enforcement.registry import Registry, parse_registry_record
from enforcement.registry_recheck import RegistryRecord, recheck_trigger
from streams.offline.what_if import in_memory_enforcement

AT_MS = 1_780_000_000_000  # the registry record's Kafka timestamp: the re-check's occurred_at


def record(names: list[str], aliases: list[str] = (), accounts: list[str] = (), ts: int = AT_MS) -> RegistryRecord:
    body = {"schema_version": 1, "identity_id": "test:qinglang-culture", "kind": "state_organ", "names": names,
            "aliases": list(aliases), "account_ids": list(accounts)}
    value = orjson.dumps(body)
    return RegistryRecord.of(parse_registry_record(b"test:qinglang-culture", value), value, ts)


async def accounts(w: World, names: dict[str, str]) -> None:
    for account, name in names.items():
        await w.enforcement.handle(event("profile.created", account_id=account, event_id=f"{account}-c", name=name,
                                         bio="", occurred_at="2026-01-01T00:00:00Z"))


def test_a_new_identity_catches_an_existing_account_once(world: Callable[..., World], vocabulary: Registry) -> None:
    async def main() -> None:
        w = world()
        await accounts(w, {"a": "青朗市文化和旅游局", "b": "美食日记", "v": "青朗市文化和旅游局"})
        added = record(["青朗市文化和旅游局"], accounts=["v"])  # v is the body's own verified account
        out = await w.enforcement.registry_changed(vocabulary, [added])
        assert [(v["account_id"], v["rule"], v["occurred_at"]) for v in out.violations] == [
            ("a", "official_name_exact", "2026-05-28T20:26:40Z")]
        assert out.violations[0]["source_event_id"].startswith("registry.official:test:qinglang-culture:")
        assert [(a["account_id"], a["sanction"]) for a in out.actions] == [("a", "close")]  # D1 exact: min_rung
        assert out.rechecked == (added.content_hash,)
        await w.enforcement.acknowledge(out)
        # another worker (or this one after a restart) reading the same record does nothing
        again = await w.enforcement.registry_changed(vocabulary, [added])
        assert again.violations == () and again.rechecked == ()

    asyncio.run(main())


def test_a_rename_away_met_before_the_record_does_not_hide_the_name_that_stood_at_its_time(
        world: Callable[..., World], vocabulary: Registry) -> None:
    """The account showed the name when the record came (event time) and renamed away after it: the same
    violation whether the rename is met before the record or after it."""
    away = event("profile.renamed", account_id="a", event_id="a-away", old_name="青朗市文化和旅游局",
                 new_name="美食日记", occurred_at="2026-06-01T00:00:00Z")  # after AT_MS (2026-05-28)

    async def run(rename_first: bool) -> tuple[Any, ...]:
        w = world()
        await accounts(w, {"a": "青朗市文化和旅游局"})
        if rename_first:
            await w.enforcement.handle(away)
        out = await w.enforcement.registry_changed(vocabulary, [record(["青朗市文化和旅游局"])])
        if not rename_first:
            await w.enforcement.handle(away)
        return out.violations

    async def main() -> None:
        record_first, rename_first = await run(False), await run(True)
        assert [(v["account_id"], v["rule"], v["occurred_at"]) for v in record_first] == [
            ("a", "official_name_exact", "2026-05-28T20:26:40Z")]
        assert rename_first == record_first

    asyncio.run(main())


@pytest.mark.parametrize("kind", ["profile.renamed", "profile.created"])
def test_a_rename_to_the_name_after_the_records_time_gives_the_same_ids_whichever_is_met_first(
        world: Callable[..., World], vocabulary: Registry, kind: str) -> None:
    """The account renamed to the newly protected name (or was created with it) after the record's time: met
    after the record, the detectors judge the event; met before it, the re-check finds the name the event put
    in place and reports it as that event's, at its time — the same violation and action ids either way."""
    if kind == "profile.renamed":
        to = event(kind, account_id="a", event_id="a-to", old_name="美食日记", new_name="青朗市文化和旅游局",
                   occurred_at="2026-06-01T00:00:00Z")  # after AT_MS (2026-05-28)
    else:
        to = event(kind, account_id="a", event_id="a-to", name="青朗市文化和旅游局", bio="",
                   occurred_at="2026-06-01T00:00:00Z")

    async def run(rename_first: bool) -> tuple[list[tuple[str, str, str]], list[str]]:
        w = world()
        if kind == "profile.renamed":
            await accounts(w, {"a": "美食日记"})
        added = record(["青朗市文化和旅游局"])
        outs = []
        if rename_first:
            outs.append(await w.enforcement.handle(to))
        await w.holder.apply([added.update])
        outs.append(await w.enforcement.registry_changed(vocabulary, [added]))
        if not rename_first:
            outs.append(await w.enforcement.handle(to))
        violations = [(v["violation_id"], v["source_event_id"], v["occurred_at"]) for o in outs for v in o.violations]
        return violations, sorted(a["action_id"] for o in outs for a in o.actions)

    async def main() -> None:
        record_first, rename_first = await run(False), await run(True)
        assert [(source, at) for _, source, at in record_first[0]] == [("a-to", "2026-06-01T00:00:00Z")]
        assert rename_first == record_first and record_first[1]

    asyncio.run(main())


def test_a_name_set_changed_away_and_set_again_after_the_records_time_gives_the_same_ids_in_either_order(
        world: Callable[..., World], vocabulary: Registry) -> None:
    """Two renames to the newly protected name after the record's time, with one away between them: met after
    the record, each is judged; met before it, the re-check reports each setting the profile's history keeps,
    as its own event — the same violations and actions either way."""
    renames = [event("profile.renamed", account_id="a", event_id=f"a-{i}", old_name=old, new_name=new,
                     occurred_at=at)
               for i, (old, new, at) in enumerate([("美食日记", "青朗市文化和旅游局", "2026-06-01T00:00:00Z"),
                                                   ("青朗市文化和旅游局", "美食日记", "2026-06-02T00:00:00Z"),
                                                   ("美食日记", "青朗市文化和旅游局", "2026-06-03T00:00:00Z")])]

    async def run(renames_first: bool) -> tuple[list[tuple[str, str, str]], list[str]]:
        w = world()
        await accounts(w, {"a": "美食日记"})
        added = record(["青朗市文化和旅游局"])
        outs = []
        if renames_first:
            outs += [await w.enforcement.handle(r) for r in renames]
        await w.holder.apply([added.update])
        outs.append(await w.enforcement.registry_changed(vocabulary, [added]))
        if not renames_first:
            outs += [await w.enforcement.handle(r) for r in renames]
        violations = sorted((v["violation_id"], v["source_event_id"], v["occurred_at"])
                            for o in outs for v in o.violations)
        return violations, sorted(a["action_id"] for o in outs for a in o.actions)

    async def main() -> None:
        record_first, renames_first = await run(False), await run(True)
        assert [source for _, source, _ in record_first[0]] == ["a-0", "a-2"]
        assert renames_first == record_first

    asyncio.run(main())


def test_an_update_checks_only_what_it_adds(world: Callable[..., World], vocabulary: Registry) -> None:
    async def main() -> None:
        w = world()
        await accounts(w, {"a": "青朗市文化和旅游局", "c": "青朗文旅"})
        first = record(["青朗市文化和旅游局"])
        before = vocabulary.with_updates([first.update])
        update = record(["青朗市文化和旅游局"], aliases=["青朗文旅"])
        out = await w.enforcement.registry_changed(before, [update])
        assert {v["account_id"] for v in out.violations} == {"c"}
        assert out.violations[0]["evidence"]["recheck"] is True
        # the trigger is the registry record (its key) and the account: a later version re-flags nobody twice
        assert recheck_trigger("test:qinglang-culture", "c") != recheck_trigger("test:qinglang-culture", "a")

    asyncio.run(main())


def test_a_registry_burst_goes_to_review_and_sanctions_nobody(world: Callable[..., World],
                                                              vocabulary: Registry) -> None:
    async def main() -> None:
        text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8").replace("recheck_burst_max = 20",
                                                                        "recheck_burst_max = 2")
        w = world(parse_policy(text))
        await accounts(w, {f"u:{n}": "青朗市文化和旅游局" for n in range(3)})
        out = await w.enforcement.registry_changed(vocabulary, [record(["青朗市文化和旅游局"])])
        assert out.actions == ()
        assert sorted((r["account_id"], r["reason"]) for r in out.reviews) == [
            (f"u:{n}", "registry_burst") for n in range(3)]
        assert len(out.violations) == 3  # the violations are published, the strikes are held for a person

    asyncio.run(main())


def test_tombstones_and_unchanged_records_check_nothing(world: Callable[..., World], vocabulary: Registry) -> None:
    async def main() -> None:
        w = world()
        await accounts(w, {"a": "青朗市文化和旅游局"})
        same = record(["青朗市文化和旅游局"])
        before = vocabulary.with_updates([same.update])
        tombstone = RegistryRecord.of(parse_registry_record(b"test:qinglang-culture", None), None, AT_MS)
        for batch in ([same], [tombstone], [same, tombstone]):
            out = await w.enforcement.registry_changed(before, batch)
            assert out.violations == () and out.rechecked == ()

    asyncio.run(main())


def test_the_credential_and_registry_knobs_are_validated_like_the_rest_of_the_policy() -> None:
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    policy = parse_policy(text)
    assert (policy.credentials.notice_before_days, policy.credentials.recheck_burst_max) == (14, 20)
    with pytest.raises(PolicyError) as error:
        parse_policy(text.replace("notice_before_days = 14", "notice_before_days = 0")
                     .replace("recheck_burst_max = 20", "recheck_burst_max = 20\nburst = 1"))
    assert sorted(p.path for p in error.value.problems) == ["credentials.notice_before_days", "registry.burst"]


def test_an_appeal_that_came_before_the_re_check_is_answered_by_it(world: Callable[..., World],
                                                                   vocabulary: Registry) -> None:
    """The appeal of a violation a registry re-check raises can be handled before the re-check ran (it names
    the violation by its id, which follows from the inputs): kept, it is answered by the re-check."""
    async def main() -> None:
        reference = world()
        await accounts(reference, {"a": "青朗市文化和旅游局"})
        found = await reference.enforcement.registry_changed(vocabulary, [record(["青朗市文化和旅游局"])])
        violation_id = found.violations[0]["violation_id"]
        appeal = event("appeal.resolved", account_id="a", event_id="a-appeal", violation_id=violation_id,
                       outcome="overturned", resolved_by="supervisor:1", occurred_at="2026-05-29T00:00:00Z")
        answered = await reference.enforcement.handle(appeal)
        expected = [(a["sanction"], a.get("reverses")) for a in found.actions + answered.actions]
        assert [sanction for sanction, _ in expected] == ["close", "reopen"]

        w = world()
        await accounts(w, {"a": "青朗市文化和旅游局"})
        kept = await w.enforcement.handle(appeal)
        assert kept.appeal_result == "unknown_violation"
        out = await w.enforcement.registry_changed(vocabulary, [record(["青朗市文化和旅游局"])])
        assert [(a["sanction"], a.get("reverses")) for a in out.actions] == expected

    asyncio.run(main())


def test_a_close_a_re_check_gives_after_the_rename_was_handled_re_checks_the_rename() -> None:
    """D10 against a sanction a registry re-check gives: the account renamed an hour after the registry
    record's time, and the rename was handled before the re-check ran; the re-check's close (at the record's
    time) re-checks the rename, which answers it with the same D10 as when the re-check ran first."""
    at = datetime.fromtimestamp(AT_MS / 1000, UTC)
    created = event("profile.created", account_id="g:1", event_id="g-c", name="青朗市文化和旅游局", bio="",
                    occurred_at="2026-01-01T00:00:00Z")
    renamed = event("profile.renamed", account_id="g:1", event_id="g-r", old_name="青朗市文化和旅游局",
                    new_name="青朗市文化和旅游局官方", occurred_at=(at + timedelta(hours=1)).isoformat())

    async def story(rename_first: bool) -> list[dict[str, object]]:
        pipeline = in_memory_enforcement(shipped_index(), load_policy())
        enforcement, before = pipeline.enforcement, pipeline.index.current.registry
        await enforcement.handle(created)
        outcomes = [await enforcement.handle(renamed)] if rename_first else []
        outcomes.append(await enforcement.registry_changed(before, [record(["青朗市文化和旅游局"])]))
        if not rename_first:
            outcomes.append(await enforcement.handle(renamed))
        return [v for o in outcomes for v in o.violations if v["rule"] == "rename_after_sanction"]

    in_order, rename_first = asyncio.run(story(False)), asyncio.run(story(True))
    assert len(in_order) == 1
    assert [(v["violation_id"], v["evidence"]) for v in rename_first] == [
        (v["violation_id"], v["evidence"]) for v in in_order]
