"""D7 with D6 through Enforcement over in-memory twins: expiry by the watermark with no event, renewal,
revocation, the pre-expiry notice, a dropped title, dynamic verification, idempotent redelivery."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from stateful_events import World, event

from enforcement.pipeline import Outcome

VALID_UNTIL = "2026-06-01T00:00:00Z"


def run(coro: Any) -> Any:
    return asyncio.run(coro)


async def feed(world: World, *events: Any) -> list[Outcome]:
    return [await world.enforcement.handle(e) for e in events]


def doctor(account: str = "d:1", at: str = "2026-01-01T00:00:02Z", name: str = "张医生") -> Any:
    return event("profile.created", account_id=account, event_id=f"{account}-created", name=name, bio="",
                 occurred_at=at)


def verified(account: str = "d:1", domain: str = "medical", until: str = VALID_UNTIL) -> Any:
    return event("credential.verified", account_id=account, event_id=f"{account}-verified", credential_id="c1",
                 domain=domain, valid_until=until, occurred_at="2026-01-01T00:00:01Z")


def tick(at: str, account: str = "other:1") -> Any:
    """An unrelated account's event: only advances the shared watermark."""
    return event("profile.bio_changed", account_id=account, event_id=f"tick-{at}", bio="日常", occurred_at=at)


def test_a_credential_lapses_with_no_event_once_the_watermark_passes_it(world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        _, created = await feed(w, verified(), doctor())
        assert created.violations == ()  # 张医生 with a valid medical credential: no D6
        before = await feed(w, tick("2026-05-31T23:59:59Z"))
        assert before[0].violations == ()
        assert [a["sanction"] for a in before[0].actions] == ["credential_expiry_notice"]
        await w.enforcement.acknowledge(before[0])
        fired = (await feed(w, tick("2026-06-01T00:00:01Z")))[0]
        assert [(v["account_id"], v["rule"], v["requirement"], v["occurred_at"]) for v in fired.violations] == [
            ("d:1", "credential_lapsed_in_use", "D7", "2026-06-01T00:00:00Z")]
        assert [(a["account_id"], a["sanction"]) for a in fired.actions] == [("d:1", "notice")]  # the D7 strike
        await w.enforcement.acknowledge(fired)
        again = await feed(w, tick("2026-07-01T00:00:00Z"))
        assert again[0].violations == () and await w.schedule.pending() == 0  # exactly once

    run(main())


def test_the_notice_goes_out_before_expiry_and_a_renewal_prevents_the_lapse(world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        await feed(w, verified(), doctor())
        notice = (await feed(w, tick("2026-05-18T00:00:01Z")))[0]  # 14 days before valid_until
        assert [(a["sanction"], a["occurred_at"], a["points_after"]) for a in notice.actions] == [
            ("credential_expiry_notice", "2026-05-18T00:00:00.000Z", 0)]
        await w.enforcement.acknowledge(notice)
        renewed = event("credential.renewed", account_id="d:1", event_id="d:1-renewed", credential_id="c1",
                        domain="medical", valid_until="2027-06-01T00:00:00Z", occurred_at="2026-05-20T00:00:00Z")
        await feed(w, renewed)
        later = (await feed(w, tick("2026-09-01T00:00:00Z")))[0]
        assert later.violations == () and later.actions == ()

    run(main())


def test_a_revocation_while_the_title_is_shown_is_d7_and_a_redelivery_resends_the_same(
        world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        await feed(w, verified(domain="legal"), doctor(name="王律师"))
        revoked = event("credential.revoked", account_id="d:1", event_id="d:1-revoked", credential_id="c1",
                        domain="legal", reason="fake", occurred_at="2026-02-01T00:00:00Z")
        first = (await feed(w, revoked))[0]
        assert [(v["rule"], v["evidence"]["found_fake"]) for v in first.violations] == [
            ("credential_revoked_in_use", True)]
        assert [a["sanction"] for a in first.actions] == ["mute"]  # min_rung short_mute
        again = (await feed(w, revoked))[0]
        assert again.violations == first.violations and [a["action_id"] for a in again.actions] == [
            a["action_id"] for a in first.actions]
        assert (await feed(w, tick("2026-07-01T00:00:00Z")))[0].violations == ()  # the expiry was cancelled

    run(main())


def test_an_account_that_dropped_its_title_before_expiry_gets_nothing(world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        await feed(w, verified(), doctor())
        await feed(w, event("profile.renamed", account_id="d:1", event_id="d:1-rn", old_name="张医生",
                            new_name="张三的日常", occurred_at="2026-03-01T00:00:00Z"))
        outcomes = await feed(w, tick("2026-05-20T00:00:00Z"), tick("2026-06-02T00:00:00Z"))
        assert all(o.violations == () and o.actions == () for o in outcomes)

    run(main())


def test_a_credential_expired_event_after_the_fired_lapse_gives_the_same_violation(
        world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        await feed(w, verified(), doctor(), tick("2026-05-31T23:59:00Z"))  # the pre-expiry notice goes here
        fired = (await feed(w, tick("2026-06-01T00:00:01Z")))[0]
        await w.enforcement.acknowledge(fired)
        expired = event("credential.expired", account_id="d:1", event_id="d:1-expired", credential_id="c1",
                        domain="medical", occurred_at="2026-06-01T00:00:05Z")
        late = (await feed(w, expired))[0]
        assert late.violations == fired.violations  # the same id and record: one strike
        strikes = [a["action_id"] for a in fired.actions if a["sanction"] != "credential_expiry_notice"]
        assert [a["action_id"] for a in late.actions] == strikes and late.resent == tuple(strikes)

    run(main())


@pytest.mark.parametrize("ending", ["lapse", "credential.expired", "credential.revoked"])
def test_renames_inside_the_lateness_after_the_end_leave_the_title_it_ended_on(
        world: Callable[..., World], ending: str) -> None:
    # the credential ends while 张医生 is shown; two renames a minute and two after it, inside the allowed
    # lateness, are met before the end is handled (the lapse fires later, with the watermark) or before or
    # after the end's own event: in every order the end reads the profile as it stood then, 张医生 — an older
    # rename does not stand in for it
    ends_at = {"lapse": VALID_UNTIL, "credential.expired": VALID_UNTIL, "credential.revoked": "2026-05-31T23:59:00Z"}
    end = None if ending == "lapse" else event(
        ending, account_id="d:1", event_id="d:1-end", credential_id="c1", domain="medical",
        occurred_at=ends_at[ending], **({"reason": "fake"} if ending == "credential.revoked" else {}))
    renames = [event("profile.renamed", account_id="d:1", event_id=f"d:1-rn{n}", old_name=old, new_name=new,
                     occurred_at=f"2026-06-01T00:0{n}:00Z") for n, (old, new) in enumerate(
                         [("张医生", "小张"), ("小张", "小张的日常")], start=1)]
    orders = [[*renames, end], [end, *renames]] if end is not None else [renames]

    async def main(order: list[Any]) -> list[tuple[str, str]]:
        w = world(allowed_lateness_ms=300_000)
        await feed(w, verified(), doctor())
        found = []
        for outcome in await feed(w, *order, tick("2026-06-01T00:10:00Z")):
            found += [(v["rule"], v["occurred_at"]) for v in outcome.violations]
            await w.enforcement.acknowledge(outcome)
        return found

    rule = "credential_revoked_in_use" if ending == "credential.revoked" else "credential_lapsed_in_use"
    for order in orders:
        assert run(main(order)) == [(rule, ends_at[ending])], [e.event_id for e in order]


def test_another_domains_credential_is_a_d6_mismatch_not_a_cover(world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        await feed(w, verified(domain="legal"))
        created = (await feed(w, doctor()))[0]
        assert [v["rule"] for v in created.violations] == ["professional_title_domain_mismatch"]
        assert created.violations[0]["evidence"]["credential_domains"] == ["legal"]

    run(main())


def test_a_credential_verified_later_in_event_time_does_not_cover_an_earlier_title(
        world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        # consumed first (another topic), but verified an hour after the profile was created
        late = event("credential.verified", account_id="d:1", event_id="d:1-verified", credential_id="c1",
                     domain="medical", valid_until=VALID_UNTIL, occurred_at="2026-01-01T01:00:00Z")
        _, created = await feed(w, late, doctor(at="2026-01-01T00:00:00Z"))
        assert [v["rule"] for v in created.violations] == ["professional_title_uncredentialed"]
        renamed = event("profile.renamed", account_id="d:1", event_id="d:1-rn", old_name="张医生",
                        new_name="张医生说", occurred_at="2026-01-01T02:00:00Z")
        assert (await feed(w, renamed))[0].violations == ()  # covered from its verification on

    run(main())


def test_a_never_expiring_credential_is_open_ended(world: Callable[..., World]) -> None:
    """valid_until 9999-12-31 (the usual "never expires") was dead-lettered, so the account's title raised D6:
    it covers the title, schedules no expiry or notice, and never lapses."""
    async def main() -> None:
        w = world()
        forever = verified(until="9999-12-31T23:59:59Z")
        assert w.enforcement.earliest_scheduled_by(forever) is None
        _, created = await feed(w, forever, doctor())
        assert created.violations == () and created.actions == ()  # 张医生 with a valid medical credential
        assert await w.schedule.pending() == 0
        later = await feed(w, tick("2099-12-31T23:59:59Z"),
                           event("profile.renamed", account_id="d:1", event_id="d:1-rn", old_name="张医生",
                                 new_name="张医生讲健康", occurred_at="2099-12-31T23:59:59.5Z"))
        assert all(o.violations == () and o.actions == () for o in later)
        # renewed to a real date: from then on it lapses like any other
        renewed = event("credential.renewed", account_id="d:1", event_id="d:1-renewed", credential_id="c1",
                        domain="medical", valid_until="2100-01-01T00:00:00+08:00", occurred_at="2026-05-20T00:00:00Z")
        await feed(w, renewed)
        assert await w.schedule.pending() == 2  # its expiry and its pre-expiry notice

    run(main())


def appeal(violation_id: str, at: str, account: str = "d:1") -> Any:
    return event("appeal.resolved", account_id=account, event_id=f"{account}-appeal", violation_id=violation_id,
                 outcome="overturned", resolved_by="supervisor:1", occurred_at=at)


def test_an_appeal_that_came_before_the_lapse_fired_is_answered_when_it_fires(world: Callable[..., World]) -> None:
    """The appeal of a D7 lapse is later in event time than the lapse, but its record can be handled before
    the watermark passes `valid_until`: kept, it is answered as soon as the lapse fires, as in event-time
    order."""
    async def in_order() -> tuple[str, list[tuple[str, str | None]]]:
        w = world()
        await feed(w, verified(), doctor(), tick("2026-05-31T23:59:00Z"))  # the pre-expiry notice goes here
        fired = (await feed(w, tick("2026-06-01T00:00:01Z")))[0]
        violation_id = fired.violations[0]["violation_id"]
        answered = (await feed(w, appeal(violation_id, "2026-06-01T00:00:30Z")))[0]
        return violation_id, [(a["sanction"], a.get("reverses")) for a in fired.actions + answered.actions]

    async def appeal_first(violation_id: str) -> tuple[str | None, list[tuple[str, str | None]]]:
        w = world()
        await feed(w, verified(), doctor(), tick("2026-05-31T23:59:00Z"))
        kept = (await w.enforcement.handle(appeal(violation_id, "2026-06-01T00:00:30Z"), fire_due=False))
        assert kept.appeal_result == "unknown_violation" and kept.actions == ()
        fired = await w.enforcement.due(await w.enforcement.watermark())  # the lapse fires after the appeal
        return fired.violations[0]["violation_id"], [(a["sanction"], a.get("reverses")) for a in fired.actions]

    violation_id, expected = run(in_order())
    assert [sanction for sanction, _ in expected] == ["notice", "withdraw"]  # the D7 strike, and its reversal
    assert expected[1][1] is not None
    assert run(appeal_first(violation_id)) == (violation_id, expected)


def test_a_profile_event_met_after_a_later_revocation_owes_d7_only_for_a_title_it_shows(
        world: Callable[..., World]) -> None:
    """Met after the revocation, a rename earlier in event time that shows the title owes the D7 the
    revocation would have found; an avatar change, whose texts name no title, is not judged again (the
    profile as it stood at the revocation is not even read)."""
    async def main() -> None:
        w = world()
        await feed(w, verified(domain="legal"), doctor(name="王小二"))
        revoked = event("credential.revoked", account_id="d:1", event_id="d:1-revoked", credential_id="c1",
                        domain="legal", reason="fake", occurred_at="2026-02-01T00:00:00Z")
        assert (await feed(w, revoked))[0].violations == ()  # no title shown at the revocation
        reads: list[int] = []
        as_of = w.profiles.as_of

        async def counted(account_id: str, at_ms: int) -> Any:
            reads.append(at_ms)
            return await as_of(account_id, at_ms)

        w.profiles.as_of = counted  # type: ignore[method-assign]
        avatar = event("profile.avatar_changed", account_id="d:1", event_id="d:1-avatar",
                       avatar_pdq="0" * 64, occurred_at="2026-01-10T00:00:00Z")
        assert (await feed(w, avatar))[0].violations == () and reads == []
        renamed = event("profile.renamed", account_id="d:1", event_id="d:1-rn", old_name="王小二",
                        new_name="王律师", occurred_at="2026-01-15T00:00:00Z")
        late = (await feed(w, renamed))[0]
        assert [(v["rule"], v["occurred_at"]) for v in late.violations] == [
            ("credential_revoked_in_use", "2026-02-01T00:00:00Z")]
        assert reads

    run(main())


def test_a_rename_that_took_the_title_away_before_a_revocation_met_after_it_withdraws_the_d7(
        world: Callable[..., World]) -> None:
    """Event-time order: the rename drops 王律师 before the revocation, which then finds no title. Met the
    other way, the revocation raised a D7 and struck it; the rename, met late, withdraws both (reason
    `profile_rechecked`), so what stands is the same; a redelivery of the rename sends the same again."""
    revoked = event("credential.revoked", account_id="d:1", event_id="d:1-revoked", credential_id="c1",
                    domain="legal", reason="fake", occurred_at="2026-02-01T00:00:00Z")
    renamed = event("profile.renamed", account_id="d:1", event_id="d:1-rn", old_name="王律师",
                    new_name="王小二", occurred_at="2026-01-15T00:00:00Z")

    async def in_order() -> list[Outcome]:
        return await feed(world(), verified(domain="legal"), doctor(name="王律师"), renamed, revoked)

    async def revocation_first() -> tuple[Outcome, Outcome, Outcome]:
        w = world()
        await feed(w, verified(domain="legal"), doctor(name="王律师"))
        first, late, again = await feed(w, revoked, renamed, renamed)
        return first, late, again

    ordered = run(in_order())
    assert all(o.violations == () and o.actions == () for o in ordered[2:])
    first, late, again = run(revocation_first())
    [d7] = first.violations
    [mute] = first.actions
    assert d7["rule"] == "credential_revoked_in_use" and mute["sanction"] == "mute"
    [withdrawn] = late.violations
    assert (withdrawn["violation_id"], withdrawn["withdrawn"], withdrawn["withdrawn_by"], withdrawn["reason"]) == (
        d7["violation_id"], True, "d:1-rn", "profile_rechecked")
    [unmute] = late.actions
    assert (unmute["sanction"], unmute["reverses"], unmute["reason"]) == ("unmute", mute["action_id"],
                                                                           "profile_rechecked")
    assert again.violations == late.violations and [a["action_id"] for a in again.actions] == [unmute["action_id"]]


def test_a_late_rename_that_keeps_no_title_the_revocation_never_saw_changes_nothing(
        world: Callable[..., World]) -> None:
    async def main() -> None:
        w = world()
        await feed(w, verified(domain="legal"), doctor(name="王小二"))
        revoked = event("credential.revoked", account_id="d:1", event_id="d:1-revoked", credential_id="c1",
                        domain="legal", reason="fake", occurred_at="2026-02-01T00:00:00Z")
        renamed = event("profile.renamed", account_id="d:1", event_id="d:1-rn", old_name="王小二",
                        new_name="王小三", occurred_at="2026-01-15T00:00:00Z")
        first, late = await feed(w, revoked, renamed)
        assert first.violations == () and late.violations == () and late.actions == ()

    run(main())
