"""D11 reports over the in-memory twins: threshold, de-duplication, mass reporting, reporter weights."""

from __future__ import annotations

import asyncio

from content_rig import Events, memory_rig

from enforcement.identity import IdentityIndex


def test_reports_cross_the_threshold_once_and_duplicates_add_nothing(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        first = events.report("a:1", "r:1", 0)
        assert (await rig.run(first))["violations"] == []
        assert (await rig.run(first))["violations"] == []  # redelivered: adds nothing
        assert (await rig.run(events.report("a:1", "r:1", 60)))["violations"] == []  # same reporter again
        out = await rig.run(events.report("a:1", "r:2", 120))
        assert out["violations"] == []  # weight 2.0 of 3.0: r:1 counted once
        crossed = await rig.run(events.report("a:1", "r:3", 180))
        [violation] = crossed["violations"]
        assert (violation["rule"], violation["requirement"], violation["identity"]) == (
            "reports_threshold", "D11", "impersonation")
        assert violation["evidence"]["reports"] == 3 and violation["evidence"]["weight"] == 3.0
        assert [a["sanction"] for a in crossed["actions"]] == ["notice"]
        assert crossed["reviews"] == [] and crossed["category"] == "impersonation"
        assert (await rig.run(events.report("a:1", "r:4", 240)))["violations"] == []  # fires on crossing only

    asyncio.run(main())


def test_reports_outside_the_window_expire_by_event_time(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        await rig.run(events.report("a:1", "r:1", 0))
        await rig.run(events.report("a:1", "r:2", 60))
        later = await rig.run(events.report("a:1", "r:3", 73 * 60))  # 72 h window: r:1 has expired
        assert later["violations"] == []

    asyncio.run(main())


def test_a_burst_goes_to_review_and_never_sanctions(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        for n in range(2):
            await rig.run(events.report("a:1", f"r:{n}", n))
        out = await rig.run(events.report("a:1", "r:9", 3))  # three reports in three minutes
        assert [r["reason"] for r in out["reviews"]] == ["mass_report"]
        assert out["actions"] == [] and out["violations"][0]["evidence"]["burst"] is True

    asyncio.run(main())


def test_new_or_linked_reporters_are_a_mass_report(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        await rig.run(events.created("r:new", -60, "owner-new"))  # created an hour before reporting
        await rig.run(events.created("r:new2", -6 * 24 * 60, "owner-new2"))  # six days before: still new
        await rig.run(events.created("r:x", -90 * 24 * 60, "owner-shared"))
        await rig.run(events.created("r:y", -90 * 24 * 60, "owner-shared"))  # same owner as r:x
        await rig.run(events.report("a:1", "r:new", 0))
        await rig.run(events.report("a:1", "r:new2", 100))
        out = await rig.run(events.report("a:1", "r:old", 200))
        assert [r["reason"] for r in out["reviews"]] == ["mass_report"] and out["actions"] == []  # 2 of 3 new
        evidence = out["violations"][0]["evidence"]
        assert evidence["new_reporters"] == 2 and evidence["linked_reporters"] == 0
        await rig.run(events.report("a:2", "r:x", 0))
        await rig.run(events.report("a:2", "r:y", 100))
        linked = await rig.run(events.report("a:2", "r:z", 200))
        assert [r["reason"] for r in linked["reviews"]] == ["mass_report"] and linked["actions"] == []
        assert linked["violations"][0]["evidence"]["linked_reporters"] == 2

    asyncio.run(main())


def test_an_overturned_reporter_weighs_less_afterwards(index: IdentityIndex, events: Events) -> None:
    """D11 reporter weights: the same three reporters cross on one account, are overturned on appeal, and the same
    three reports on another account no longer cross (0.5 each); three fresh reporters still do."""
    async def main() -> None:
        rig = memory_rig(index)
        for n in range(3):
            out = await rig.run(events.report("a:1", f"r:{n}", 100 * n))
        violation_id = out["violations"][0]["violation_id"]
        await rig.run(events.appeal("a:1", violation_id, 400))
        for n in range(3):
            again = await rig.run(events.report("a:2", f"r:{n}", 500 + 100 * n))
        assert again["violations"] == []
        for n in range(3):
            fresh = await rig.run(events.report("a:3", f"r:f{n}", 500 + 100 * n))
        assert [v["rule"] for v in fresh["violations"]] == ["reports_threshold"]
        crossings = []  # a:2 holds 1.5; fresh reporters weigh 1.0: the second one crosses 3.0
        for n in range(3, 6):
            crossings.append(bool((await rig.run(events.report("a:2", f"r:f{n}", 900 + 100 * n)))["violations"]))
        assert crossings == [False, True, False]

    asyncio.run(main())


def test_dismissing_a_mass_report_allow_lists_and_lowers_the_reporters(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        for n in range(3):
            out = await rig.run(events.report("a:1", f"r:{n}", n))
        [review] = out["reviews"]
        dismissed = await rig.run(events.decide("a:1", review["review_id"], "dismiss", 10))
        assert dismissed["decision"] == "dismiss" and dismissed["actions"] == []
        again = await rig.run(events.decide("a:1", review["review_id"], "confirm", 11))
        assert again["decision"] == "already_decided" and again["actions"] == []
        for n in range(3, 9):  # fresh reporters, spaced out: would cross twice, but the category is allow-listed
            later = await rig.run(events.report("a:1", f"r:{n}", 73 * 60 + 100 * n))
            assert later["violations"] == []
        for n in range(3):  # the dismissed reporters now weigh 0.5: three of them do not cross elsewhere
            other = await rig.run(events.report("a:2", f"r:{n}", 2000 + 100 * n))
        assert other["violations"] == []

    asyncio.run(main())


def test_suspected_crime_reports_are_referred(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        out = await rig.run(events.report("a:1", "r:1", 0, "suspected_crime"))
        [review] = out["reviews"]
        assert (review["reason"], review["refer_to"]) == ("referral", "public_security") and out["actions"] == []
        unknown = await rig.run(events.report("a:1", "r:1", 0, "spam"))
        assert unknown["category"] == "other"

    asyncio.run(main())
