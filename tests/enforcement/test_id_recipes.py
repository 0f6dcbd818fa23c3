"""Every id recipe, pinned to a fixed value built from fixed inputs (decision "Deterministic ids").

Outputs are keyed by these ids, and a replay must give the ids the live run gave: a change to a recipe changes
every id a replay produces, so it must be deliberate and show here, not only as ids that still agree with
themselves. Each test builds the record with the function the pipeline uses; the comment above each literal
names the parts that are hashed.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from stateful_events import POLICY, event, vocabulary_registry

from enforcement.accounts.checks import InMemoryCredentialChecks
from enforcement.accounts.credentials import InMemoryCredentialStore, StoredCredential
from enforcement.accounts.profiles import InMemoryProfileStore
from enforcement.credential_lifecycle import EXPIRY, NOTICE, CredentialLifecycle, expiry_notice, expiry_trigger, item_id
from enforcement.events import CredentialRevoked, ErrorCode, Event
from enforcement.identity import IdentityIndex
from enforcement.identity.holder import IndexHolder
from enforcement.ledger import ActionRecord
from enforcement.ledger.appeal import reversal_action, superseding_action
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.reorder import ladder_step, place_late
from enforcement.ledger.stored import ladder_params
from enforcement.pipeline import Enforcement
from enforcement.registry_recheck import recheck_trigger
from enforcement.review import owner_review, owner_review_evidence, review_record
from enforcement.sanctions import Sanctioner, lift_action, registration_blocked
from enforcement.sanctions.economic import economic_actions, restored
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.violations import Violation
from enforcement.watermark import InMemoryWatermark
from streams.bus.deadletter import deadletter_record
from streams.bus.messages import SourceRecord

AT = datetime(2026, 11, 22, 8, 0, tzinfo=UTC)
MUTE_ID, NOTICE_ID, BLACKLIST_ID = "a" * 32, "n" * 32, "b" * 32
V1, V2, V3 = "v1" + "0" * 30, "v2" + "0" * 30, "v3" + "0" * 30
VALID_UNTIL_MS = 1_780_272_000_000  # 2026-06-01T00:00:00Z

# a strike that concerns illegal profit (S5), so the notice it fires carries an economic measure
PROFIT = Violation(account_id="u:1", rule="labelled_illegal_profit", confidence=1.0, source_event_id="ev-label",
                   occurred_at=AT, evidence={"label": "illegal_profit"})


def _notice(action_id: str = NOTICE_ID) -> ActionRecord:
    return ActionRecord(action_id=action_id, account_id="u:1", sanction="notice", rung="notice", duration_s=None,
                        ends_at=None, violation_ids=(PROFIT.violation_id,), points_before=0, points_after=1,
                        policy_version="p1", occurred_at=AT)


def _rung_action(vid: str = V2, at_ms: int = 2000) -> dict[str, Any]:
    """The notice a first strike fires, as the ledger stores it."""
    step = ladder_step(ladder_params(POLICY), "u:1", [], vid, at_ms, 1, 0)
    assert step.action is not None
    return step.action


def test_the_mute_lift_is_action_account_unmute_and_the_mute() -> None:
    mute = ActionRecord(action_id=MUTE_ID, account_id="u:1", sanction="mute", rung="short_mute", duration_s=86_400,
                        ends_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC), violation_ids=(V1,), points_before=3,
                        points_after=6, policy_version="p1", occurred_at=AT)
    # ("action", account, "unmute", mute action id)
    assert lift_action(mute).action_id == "f25cead8939a52eab79d7f164906879c"


def test_a_blocked_registration_is_action_account_registration_blocked_and_the_creating_event() -> None:
    # ("action", account, "registration_blocked", event id of the profile.created)
    assert registration_blocked("u:2", "ev-created", AT, POLICY).action_id == "3bac9dd926a6c6d74a950e5dce3b7b1e"


def test_an_economic_measure_is_action_account_measure_and_the_rung_action() -> None:
    measures = economic_actions(POLICY, PROFIT, [_notice()])
    # ("action", account, measure, rung action id)
    assert [(m.sanction, m.action_id) for m in measures] == [
        ("monetization_suspended", "2f76ac9bd05eda8a06c6143c445050c1")]


def test_a_restored_measure_is_action_account_restore_and_the_measure() -> None:
    measure = economic_actions(POLICY, PROFIT, [_notice()])[0]
    withdrawal = ActionRecord(action_id="w" * 32, account_id="u:1", sanction="withdraw", rung="notice",
                              duration_s=None, ends_at=None, violation_ids=(PROFIT.violation_id,), points_before=1,
                              points_after=0, policy_version="p1", occurred_at=AT, reverses=NOTICE_ID,
                              reason="appeal_overturned")
    restoration = restored(measure.to_record(), withdrawal)
    # ("action", account, "restore", measure action id)
    assert (restoration.sanction, restoration.action_id) == ("monetization_restored",
                                                             "6be1aa32280e66b86661c7a87955bcc0")


def test_a_rung_action_is_action_account_rung_and_the_strikes_behind_it() -> None:
    # ("action", account, rung name, every in-window violation id behind the crossing, sorted); the ledger's
    # script (apply_violation.lua) derives the same
    assert _rung_action()["action_id"] == "9ce2cc04155d6535024502423614eee8"


def test_a_reordered_reversal_is_action_account_reversal_and_the_reversed_action() -> None:
    """V2's notice is held; V1, earlier in event time, arrives after it and fires the notice itself, so V2's
    notice is withdrawn."""
    held = [{"violation_id": V2, "account_id": "u:1", "rule": "rumour_repost", "seq": 1, "occurred_at_ms": 2000,
             "base_points": 1, "points": 1, "counted": True, "actions": [_rung_action()]}]
    late = place_late(ladder_params(POLICY), "u:1", held, vid=V1, rule="rumour_repost", at=1000, base=1, min_rung=0,
                      seq=2, clock=2000)
    # ("action", account, reversal sanction, reversed action id)
    assert [(a["sanction"], a["action_id"]) for a in late.new_actions] == [
        ("notice", "4a3fedfa5c65da935ae2f27485673d9c"), ("withdraw", "17b8dc9981dc42e2afbe377e436231d7")]


def test_an_appeal_reversal_is_action_account_reversal_and_the_reversed_action() -> None:
    reversal = reversal_action(_rung_action(), appeal_id="ap", at_ms=3000, policy_version="p1", points_before=1,
                               points_after=0)
    # the same recipe as a reordered reversal, so one sanction has one reversal id whatever undoes it
    assert reversal["action_id"] == "17b8dc9981dc42e2afbe377e436231d7"


def test_a_superseding_record_is_action_account_rung_supersedes_the_old_action_and_its_new_strikes() -> None:
    restated = superseding_action(_rung_action(), violation_ids=[V3], reason="appeal_reattributed", appeal_id="ap",
                                  at_ms=3000, policy_version="p1", points_before=1, points_after=1)
    # ("action", account, rung name, "supersedes", old action id, *new violation ids)
    assert restated["action_id"] == "e47b860586682b5781595e5e3699d264"


def test_credential_schedule_items_are_kind_account_credential_and_valid_until() -> None:
    # ("credential_expiry" | "credential_notice", account, credential id, valid_until ms)
    assert item_id(EXPIRY, "u:1", "c1", VALID_UNTIL_MS) == "360c9921022c545e0824b88d64f33e4f"
    assert item_id(NOTICE, "u:1", "c1", VALID_UNTIL_MS) == "a13391ac97614b45086a7a1b979d3243"


def test_a_lapse_trigger_is_credential_account_credential_lapsed_and_valid_until() -> None:
    # ("credential", account, credential id, "lapsed", valid_until ms); an expiry whose time is not known
    # hashes the text "None" in its place
    assert expiry_trigger("u:1", "c1", VALID_UNTIL_MS) == "85ba4b8fdeccd8e7bea8b9d551f50d6d"
    assert expiry_trigger("u:1", "c1", None) == "2dce581429d2535dd30f4442f49fb688"


def test_the_pre_expiry_notice_is_action_account_notice_credential_and_valid_until() -> None:
    state = StoredCredential(credential_id="c1", domain="medical", status="valid", valid_until_ms=VALID_UNTIL_MS,
                             version="v", source_event_id="ev-verified")
    notice = expiry_notice("u:1", state, POLICY, VALID_UNTIL_MS - 14 * 86_400_000)
    # ("action", account, "credential_expiry_notice", credential id, valid_until ms)
    assert notice.action_id == "5edbf7469e1dad6743fd0abbf8d7000d"


def _enforcement() -> tuple[Enforcement, CredentialLifecycle, InMemoryLedger, IndexHolder]:
    """An Enforcement over in-memory stores with the credential lifecycle and its re-checks."""
    holder = IndexHolder(IdentityIndex.build(vocabulary_registry()))
    holder.caught_up.set()
    profiles = InMemoryProfileStore()
    lifecycle = CredentialLifecycle(credentials=InMemoryCredentialStore(), profiles=profiles,
                                    schedule=InMemorySchedule(), policy=POLICY, checks=InMemoryCredentialChecks())
    ledger = InMemoryLedger(POLICY)
    sanctioner = Sanctioner(ledger=ledger, directory=InMemoryDirectory(), schedule=InMemorySchedule(), policy=POLICY)
    enforcement = Enforcement(watermark=InMemoryWatermark(3_600_000), index=holder, policy=POLICY,
                              sanctioner=sanctioner, profiles=profiles, lifecycle=lifecycle, clock_ms=lambda: 0)
    return enforcement, lifecycle, ledger, holder


def _created() -> Event:
    return event("profile.created", account_id="d:1", event_id="d:1-created", name="张医生讲健康", bio="",
                 occurred_at="2026-01-01T08:00:00Z")


def _verified() -> Event:
    return event("credential.verified", account_id="d:1", event_id="d:1-verified", credential_id="c1",
                 domain="medical", valid_until="2026-06-01T00:00:00Z", occurred_at="2026-01-01T07:00:00Z")


def test_a_revocation_trigger_is_credential_account_credential_revoked_and_the_revoking_event() -> None:
    async def main() -> str:
        enforcement, lifecycle, _, holder = _enforcement()
        for e in (_verified(), _created()):
            await enforcement.acknowledge(await enforcement.handle(e))
        revoked = event("credential.revoked", account_id="d:1", event_id="d:1-revoked", credential_id="c1",
                        domain="medical", reason="fake", occurred_at="2026-02-01T00:00:00Z")
        assert isinstance(revoked, CredentialRevoked)
        found = await lifecycle.on_event(revoked, holder.current)
        assert [v.rule for v in found] == ["credential_revoked_in_use"]
        return found[0].trigger_id

    # ("credential", account, credential id, "revoked", event id of the credential.revoked)
    assert asyncio.run(main()) == "68500337416522c7bbae5924b0e21521"


def test_a_recheck_appeal_is_kind_trigger_and_the_overturned_violation() -> None:
    """The profile with 医生 arrives before the credential that covers it (earlier in event time): its D6
    strike is overturned by the late credential, under an appeal id the pipeline derives."""

    async def main() -> tuple[str, list[str]]:
        enforcement, _, ledger, _ = _enforcement()
        struck = await enforcement.handle(_created())
        await enforcement.acknowledge(struck)
        await enforcement.acknowledge(await enforcement.handle(_verified()))
        appeals = [entry["appeal_id"] for entry in await ledger.audit("d:1") if entry["kind"] == "appeal"]
        return struck.violations[0]["violation_id"], appeals

    # ("credential_recheck", event id of the credential, overturned violation id); a D10 re-check derives
    # its appeal the same way with "sanction_recheck"
    assert asyncio.run(main()) == ("d04b4dcb21f7c550c9aff812a3599a25", ["a027f791db7ed17947ce70564e085f35"])


def test_a_registry_recheck_trigger_is_registry_recheck_identity_and_account() -> None:
    # ("registry_recheck", identity id, account)
    assert recheck_trigger("central:gov-0001", "u:1") == "885350ce106f232fbd8d577eb53d21a8"


def test_a_review_item_is_review_violation_and_reason() -> None:
    # ("review", violation id, reason)
    assert review_record(PROFIT, "uncertain", "high")["review_id"] == "91495b6d201c77db8b513455ab5f298f"


def test_an_owner_review_item_is_review_blacklisting_account_and_owner_blacklisted() -> None:
    evidence = owner_review_evidence(PROFIT, "high", blacklist_action_id=BLACKLIST_ID)
    # ("review", blacklisting action id, the other account, "owner_blacklisted")
    assert owner_review(evidence, account_id="u:3")["review_id"] == "597c29e6c933b19b79854ed326c17fb4"


def test_a_dead_letter_is_deadletter_topic_partition_and_offset() -> None:
    refused = SourceRecord(topic="profile-events", partition=3, offset=41, key=b"u:1", value=b"{")
    record = deadletter_record(refused, ErrorCode.NOT_JSON, "not JSON", None, prefix_bytes=64)
    # ("deadletter", logical topic, partition, offset)
    assert record["deadletter_id"] == "d26853e65c4f69365c2b88c8da3dda96"
