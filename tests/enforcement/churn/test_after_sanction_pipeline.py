"""D10 rename_after_sanction through Enforcement.handle with the in-memory twins: a late sanction earlier
than the rename raises it, a reversed sanction withdraws it, a redelivery adds nothing."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from enforcement.churn import InMemoryChurn
from enforcement.churn.after_sanction import AfterSanctionLog
from enforcement.events import (
    AppealResolved,
    ContentLabelled,
    CredentialVerified,
    Event,
    ProfileCreated,
    ProfileRenamed,
)
from enforcement.identity import shipped_index
from enforcement.pipeline import Outcome
from enforcement.policy import load_policy
from streams.offline.what_if import in_memory_enforcement

BASE = datetime(2026, 3, 1, 8, tzinfo=UTC)
A = "q:1"


def created() -> ProfileCreated:
    return ProfileCreated(schema_version=1, event_id="c", type="profile.created", account_id=A,
                          occurred_at=BASE - timedelta(hours=2), name="晨读书", identity_hash="owner-q")


def label(minutes: float) -> ContentLabelled:
    return ContentLabelled(schema_version=1, event_id="l", type="content.labelled", account_id=A,
                           occurred_at=BASE + timedelta(minutes=minutes), post_id="p", label="rumour",
                           first_post=True, repost_count=0)


def renamed(minutes: float) -> ProfileRenamed:
    return ProfileRenamed(schema_version=1, event_id="r", type="profile.renamed", account_id=A,
                          occurred_at=BASE + timedelta(minutes=minutes), old_name="晨读书", new_name="晚读书")


def run(events: list[Event]) -> list[Outcome]:
    pipeline = in_memory_enforcement(shipped_index(), load_policy())

    async def main() -> list[Outcome]:
        return [await pipeline.enforcement.handle(event) for event in events]
    return asyncio.run(main())


def d10(outcome: Outcome) -> list[dict[str, Any]]:
    return [v for v in outcome.violations if v["rule"] == "rename_after_sanction"]


def test_a_label_arriving_after_a_later_rename_raises_the_rename_after_sanction() -> None:
    in_order = run([created(), label(0), renamed(1)])
    late = run([created(), renamed(1), label(0)])
    assert d10(in_order[2]) and not d10(late[1])
    raised = d10(late[2])
    assert [(v["violation_id"], v["evidence"]) for v in raised] == [
        (v["violation_id"], v["evidence"]) for v in d10(in_order[2])]
    struck = [(a["rung"], a["occurred_at"]) for a in late[2].actions if raised[0]["violation_id"] in a["violation_ids"]]
    assert struck == [(a["rung"], a["occurred_at"]) for a in in_order[2].actions]  # struck as in event-time order


def test_a_label_later_than_the_rename_is_not_answered_whatever_arrives_first() -> None:
    for events in ([created(), label(1), renamed(0)], [created(), renamed(0), label(1)]):
        assert not any(d10(outcome) for outcome in run(events))


def test_an_overturned_sanction_withdraws_the_rename_after_it_and_a_redelivery_adds_nothing() -> None:
    outcomes = run([created(), label(0), renamed(1)])
    mute_violation = outcomes[1].violations[0]["violation_id"]
    appeal = AppealResolved(schema_version=1, event_id="ap", type="appeal.resolved", account_id=A,
                            occurred_at=BASE + timedelta(hours=2), violation_id=mute_violation, outcome="overturned")
    renamed_d10 = d10(outcomes[2])[0]["violation_id"]
    pipeline = in_memory_enforcement(shipped_index(), load_policy())

    async def main() -> tuple[Outcome, Outcome]:
        for event in (created(), label(0), renamed(1)):
            await pipeline.enforcement.handle(event)
        return await pipeline.enforcement.handle(appeal), await pipeline.enforcement.handle(appeal)

    first, again = asyncio.run(main())
    withdrawn = [v for v in first.violations if v.get("withdrawn")]
    assert [(v["violation_id"], v["reason"], v["withdrawn_by"]) for v in withdrawn] == [
        (renamed_d10, "sanction_rechecked", "ap")]
    assert {a["reason"] for a in first.actions} == {"appeal_overturned"}  # the D10's mute went with the appeal
    assert [v["violation_id"] for v in again.violations] == [renamed_d10]  # the first run's records, re-sent


def test_an_overturned_sanction_withdraws_the_rename_after_it_behind_a_later_rename() -> None:
    """The account renames again four days later, so the log's newest entry is more than one after-sanction
    window past the first rename; an appeal of the mute that rename answered still withdraws its D10 (the
    log keeps the ledger's window of history, the reach of an appeal)."""
    later = ProfileRenamed(schema_version=1, event_id="r2", type="profile.renamed", account_id=A,
                           occurred_at=BASE + timedelta(hours=100), old_name="晚读书", new_name="夜读书")
    pipeline = in_memory_enforcement(shipped_index(), load_policy())

    async def main() -> tuple[list[Outcome], Outcome]:
        outcomes = [await pipeline.enforcement.handle(event) for event in (created(), label(0), renamed(1), later)]
        appeal = AppealResolved(schema_version=1, event_id="ap", type="appeal.resolved", account_id=A,
                                occurred_at=BASE + timedelta(hours=110),
                                violation_id=outcomes[1].violations[0]["violation_id"], outcome="overturned")
        return outcomes, await pipeline.enforcement.handle(appeal)

    outcomes, appealed = asyncio.run(main())
    assert not d10(outcomes[3])  # the second rename answers nothing: the mute was answered, and is 100 h back
    withdrawn = [(v["violation_id"], v.get("withdrawn"), v["reason"]) for v in d10(appealed)]
    assert withdrawn == [(d10(outcomes[2])[0]["violation_id"], True, "sanction_rechecked")]


def test_a_late_sanction_between_an_older_one_and_the_rename_is_answered_instead() -> None:
    """The rename first answers the mute of the day before; a label at 08:00 arriving after it mutes again:
    the rename's D10 is sent again under the same id, naming the newer mute, as in event-time order."""
    older = ContentLabelled(schema_version=1, event_id="k", type="content.labelled", account_id=A,
                            occurred_at=BASE - timedelta(days=1), post_id="pk", label="rumour", first_post=True,
                            repost_count=0)
    in_order = run([created(), older, label(0), renamed(1)])
    late = run([created(), older, renamed(1), label(0)])
    first, again = d10(late[2]), d10(late[3])
    assert [v["evidence"]["hours_after"] for v in first] == [24.02]
    assert [(v["violation_id"], v["evidence"]) for v in again] == [
        (v["violation_id"], v["evidence"]) for v in d10(in_order[3])]
    assert again[0]["violation_id"] == first[0]["violation_id"] and again[0]["evidence"]["hours_after"] == 0.02


def test_a_sanction_restated_by_an_appeal_is_answered_as_given_whenever_the_appeal_comes() -> None:
    """A mute the day before, then a label that closes the account, then a rename that answers the closure.
    Overturning the label reverses the closure and restates the mute (re-attributed or back in force while
    it lasts): the mute was given the day before, so the rename now answers it — the same D10 under the same
    id, whether the appeal comes two hours later or nine days later (by then the mute has ended and is not
    restated at all). Before, a restated mute took the appeal's own time, and the early appeal withdrew
    the D10 that the late one kept."""
    older = ContentLabelled(schema_version=1, event_id="k", type="content.labelled", account_id=A,
                            occurred_at=BASE - timedelta(days=1), post_id="pk", label="rumour", first_post=True,
                            repost_count=0)

    def appealed(target: int, hours: float) -> tuple[list[dict[str, Any]], Outcome]:
        pipeline = in_memory_enforcement(shipped_index(), load_policy())

        async def main() -> tuple[list[dict[str, Any]], Outcome]:
            outcomes = [await pipeline.enforcement.handle(e) for e in (created(), older, label(0), renamed(1))]
            appeal = AppealResolved(schema_version=1, event_id="ap", type="appeal.resolved", account_id=A,
                                    occurred_at=BASE + timedelta(hours=hours),
                                    violation_id=outcomes[target].violations[0]["violation_id"], outcome="overturned")
            return d10(outcomes[3]), await pipeline.enforcement.handle(appeal)
        return asyncio.run(main())

    # the closing label's violation (the mute comes back in force), the older label's (the mute, which cites
    # it, is re-attributed to the closing label's strike)
    for target in (2, 1):
        results = {hours: appealed(target, hours) for hours in (2, 200)}
        for hours, (raised, outcome) in results.items():
            assert [a["sanction"] for a in outcome.actions if a.get("reverses")] == ["reopen"], (target, hours)
            again = d10(outcome)
            assert [(v["violation_id"], v.get("withdrawn"), v["evidence"]["sanction"]) for v in again] == [
                (raised[0]["violation_id"], None, "mute")], (target, hours)
        restated = [a["reason"] for a in results[2][1].actions if a.get("supersedes")]
        assert restated == ["mute_restored" if target == 2 else "appeal_reattributed"]


def _doctor_rename() -> ProfileRenamed:
    """A rename to a doctor's title one minute after the mute: D6 (no credential seen) and D10."""
    return ProfileRenamed(schema_version=1, event_id="r", type="profile.renamed", account_id=A,
                          occurred_at=BASE + timedelta(minutes=1), old_name="晨读书", new_name="王医生")


def _verified_before() -> CredentialVerified:
    """The account's medical credential, verified an hour before the mute, read after the rename."""
    return CredentialVerified(schema_version=1, event_id="v", type="credential.verified", account_id=A,
                              occurred_at=BASE - timedelta(hours=1), credential_id="c1", domain="medical",
                              valid_until=BASE + timedelta(days=400))


def _appeal_of(violation_id: str) -> AppealResolved:
    return AppealResolved(schema_version=1, event_id="ap", type="appeal.resolved", account_id=A,
                          occurred_at=BASE + timedelta(hours=2), violation_id=violation_id, outcome="overturned")


def _struck(outcomes: list[Outcome], violation_id: str) -> list[tuple[str, str | None]]:
    return [(a["sanction"], a.get("reason")) for o in outcomes for a in o.actions if violation_id in a["violation_ids"]]


def test_a_d10_withdrawn_after_a_credential_re_check_strikes_nothing_the_re_check_withdrew() -> None:
    """The credential, read late, withdraws the rename's D6; then the mute is overturned and the rename's
    D10 with it. The rename's strike is chosen again from what it still holds — nothing — not from the
    D6 it was first judged with."""
    pipeline = in_memory_enforcement(shipped_index(), load_policy())

    async def main() -> list[Outcome]:
        outcomes = [await pipeline.enforcement.handle(e)
                    for e in (created(), label(0), _doctor_rename(), _verified_before())]
        return [*outcomes, await pipeline.enforcement.handle(_appeal_of(outcomes[1].violations[0]["violation_id"]))]

    outcomes = asyncio.run(main())
    d6 = next(v["violation_id"] for v in outcomes[2].violations if v["rule"] == "professional_title_uncredentialed")
    assert [v["violation_id"] for v in outcomes[3].violations if v.get("withdrawn")] == [d6]
    assert [v["rule"] for v in outcomes[4].violations if v.get("withdrawn")] == ["rename_after_sanction"]
    assert _struck(outcomes, d6) == []  # before, the appeal struck the withdrawn D6 again (a warning)


def test_a_credential_re_check_after_a_d10_was_withdrawn_overturns_what_the_rename_struck_since() -> None:
    """The mute is overturned first: the rename's D10 goes and its D6 strikes instead (a warning). Then the
    credential, read late, withdraws the D6 — and its warning with it, chosen again from what the rename
    holds now, not from the D10 it was first judged with."""
    pipeline = in_memory_enforcement(shipped_index(), load_policy())

    async def main() -> list[Outcome]:
        outcomes = [await pipeline.enforcement.handle(e) for e in (created(), label(0), _doctor_rename())]
        outcomes.append(await pipeline.enforcement.handle(_appeal_of(outcomes[1].violations[0]["violation_id"])))
        return [*outcomes, await pipeline.enforcement.handle(_verified_before())]

    outcomes = asyncio.run(main())
    d6 = next(v["violation_id"] for v in outcomes[2].violations if v["rule"] == "professional_title_uncredentialed")
    assert _struck(outcomes[3:4], d6) == [("warning", None)]
    assert [v["violation_id"] for v in outcomes[4].violations if v.get("withdrawn")] == [d6]
    assert _struck(outcomes[4:], d6) == [("withdraw", "credential_rechecked")]


VALID_UNTIL = datetime(2026, 6, 1, tzinfo=UTC)
D = "q:7"


def _lapse_story() -> list[Event]:
    """A doctor's account whose medical credential lapses at VALID_UNTIL while it still shows the title: a
    repost of a debunked rumour the day before brought it to a warning (4 points), so the lapse's D7 strike
    (1 point, ×1.5 after a warning) mutes it. An hour after the lapse it renames."""
    return [
        CredentialVerified(schema_version=1, event_id="d-v", type="credential.verified", account_id=D,
                           occurred_at=datetime(2026, 1, 1, tzinfo=UTC), credential_id="c1", domain="medical",
                           valid_until=VALID_UNTIL),
        ProfileCreated(schema_version=1, event_id="d-c", type="profile.created", account_id=D,
                       occurred_at=datetime(2026, 1, 1, 0, 1, tzinfo=UTC), name="张医生", identity_hash="owner-d"),
        ContentLabelled(schema_version=1, event_id="d-l", type="content.labelled", account_id=D,
                        occurred_at=VALID_UNTIL - timedelta(hours=12), post_id="d-p", label="rumour",
                        first_post=False, repost_count=3, debunked_at=VALID_UNTIL - timedelta(days=3)),
    ]


def _rename_after_lapse() -> ProfileRenamed:
    return ProfileRenamed(schema_version=1, event_id="d-r", type="profile.renamed", account_id=D,
                          occurred_at=VALID_UNTIL + timedelta(hours=1), old_name="张医生", new_name="晨光读书")


def _tick(at: datetime) -> ProfileCreated:
    """Another account's event: it only moves the watermark."""
    return ProfileCreated(schema_version=1, event_id=f"t-{at.isoformat()}", type="profile.created",
                          account_id="t:1", occurred_at=at, name="晚风读书", identity_hash="owner-t")


def test_a_mute_a_lapse_fires_after_the_rename_was_handled_re_checks_it() -> None:
    """D10 against a sanction the schedule fires: the rename that moves the watermark past the lapse is
    handled before the lapse fires (its due items come after it), so the lapse's mute re-checks the rename
    and raises the same D10 as when the lapse fired first."""
    first = run([*_lapse_story(), _tick(VALID_UNTIL + timedelta(minutes=10)), _rename_after_lapse()])
    fired, answered = first[-2], first[-1]
    assert [a["sanction"] for a in fired.actions if a["account_id"] == D] == ["mute"]  # the lapse's strike
    expected = d10(answered)
    assert len(expected) == 1

    late = run([*_lapse_story(), _rename_after_lapse()])[-1]  # the rename itself passes VALID_UNTIL
    # the rename itself raises nothing; the lapse fires after it, and its mute re-checks the rename
    assert [v["rule"] for v in late.violations] == ["credential_lapsed_in_use", "rename_after_sanction"]
    raised = d10(late)
    assert [(v["violation_id"], v["evidence"]) for v in raised] == [
        (v["violation_id"], v["evidence"]) for v in expected]


def test_renames_in_order_are_judged_without_reading_the_whole_log_and_a_late_one_reads_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """An account renaming all day keeps a long D10 log: a rename after every rename judged is answered from
    the newest rename and the standing sanctions; only a rename earlier than one judged reads the log."""
    reads: list[str] = []
    whole_log = InMemoryChurn.after_sanction_log

    async def counted(self: InMemoryChurn, account_id: str) -> AfterSanctionLog:
        reads.append(account_id)
        return await whole_log(self, account_id)
    monkeypatch.setattr(InMemoryChurn, "after_sanction_log", counted)

    def rename_at(n: int, minutes: float) -> ProfileRenamed:
        return replace(renamed(minutes), event_id=f"r{n}", new_name=f"晚读书{n}")

    # every five hours: never churn (more than five in a day); ten renames before the label, the rest after
    spaced = [rename_at(n, 300 * n - 3000) for n in range(1, 300)]
    run([created(), *spaced[:10], label(0), *spaced[10:50]])
    reads_for_fifty = len(reads)  # a sanction given or taken back reads the log, to judge its renames again
    reads.clear()
    outcomes = run([created(), *spaced[:10], label(0), *spaced[10:]])
    assert len(reads) == reads_for_fifty  # 250 renames more, no read more
    fired = [(outcome_index, v["source_event_id"]) for outcome_index, outcome in enumerate(outcomes)
             for v in d10(outcome)]
    assert fired[0] == (12, "r11")  # the first rename after the mute answers it (later ones answer its strikes)

    reads.clear()
    late = run([created(), *spaced[:10], label(0), *spaced[11:50], spaced[10]])  # r11 arrives last
    assert len(reads) > reads_for_fifty  # earlier than renames judged: the log is read to judge them again
    assert "r11" in [v["source_event_id"] for v in d10(late[-1])]
