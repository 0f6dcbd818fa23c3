"""D12 rumour labels, S5 economic measures, S6 referral and review decisions (decisions "Review",
"Labels come from events")."""

from __future__ import annotations

import asyncio
import dataclasses

from content_rig import POLICY, Events, at, memory_rig

from enforcement.identity import IdentityIndex

ECONOMIC_SHORT_MUTE = ["monetization_suspended", "tipping_suspended", "live_streaming_suspended",
                       "paid_knowledge_suspended"]


def test_first_post_repost_and_debunked_repost(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        first = await rig.run(events.label("a:1", "p:1", 0, first=True))
        assert [v["rule"] for v in first["violations"]] == ["rumour_first_post"]
        assert [a["rung"] for a in first["actions"]] == ["short_mute"]  # min_rung (S1)
        repost = await rig.run(events.label("a:2", "p:2", 0))
        assert [(v["rule"], v["severity"]) for v in repost["violations"]] == [("rumour_repost", "low")]
        assert [a["rung"] for a in repost["actions"]] == ["notice"]
        debunked = await rig.run(events.label("a:3", "p:3", 60, debunked=30))
        assert [v["rule"] for v in debunked["violations"]] == ["rumour_repost_after_debunk"]
        assert [a["rung"] for a in debunked["actions"]] == ["warning"]
        not_yet = await rig.run(events.label("a:4", "p:4", 60, debunked=90))  # debunked after the label
        assert [v["rule"] for v in not_yet["violations"]] == ["rumour_repost"]
        wide = await rig.run(events.label("a:5", "p:5", 0, reposts=1500))
        assert [(v["rule"], v["severity"]) for v in wide["violations"]] == [("rumour_repost", "critical")]
        assert [(a["rung"], a["points_after"]) for a in wide["actions"]] == [("short_mute", 6)]  # 2 + 4 (band)
        assert (await rig.run(events.label("a:1", "p:1", 0, "unverified")))["violations"] == []  # not a rule

    asyncio.run(main())


def test_the_same_post_labelled_twice_strikes_once(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        first = await rig.run(events.label("a:1", "p:1", 0))
        again = await rig.run(events.label("a:1", "p:1", 120, debunked=60, reposts=5000))  # relabelled later
        assert [v["violation_id"] for v in again["violations"]] == [v["violation_id"] for v in first["violations"]]
        assert again["actions"] == first["actions"] and again["resent"] == [a["action_id"] for a in first["actions"]]

    asyncio.run(main())


def test_illegal_profit_brings_the_economic_measures(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        out = await rig.run(events.label("a:1", "p:1", 0, "illegal_profit"))
        assert [v["rule"] for v in out["violations"]] == ["labelled_illegal_profit"]
        mute, *economic = out["actions"]
        assert (mute["sanction"], mute["rung"]) == ("mute", "short_mute")
        assert [a["sanction"] for a in economic] == ECONOMIC_SHORT_MUTE
        assert all(a["violation_ids"] == mute["violation_ids"] and a["reason"] == "illegal_profit"
                   and a["policy_version"] == mute["policy_version"] for a in economic)
        marketing = await rig.run(events.label("a:2", "p:2", 0, "rumour_marketing", first=True))
        assert [a["sanction"] for a in marketing["actions"]] == ["mute", *ECONOMIC_SHORT_MUTE]
        plain = await rig.run(events.label("a:3", "p:3", 0, first=True))  # a rumour, not for profit
        assert [a["sanction"] for a in plain["actions"]] == ["mute"]

    asyncio.run(main())


def test_referral_confirmed_applies_the_strike_once(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        out = await rig.run(events.label("a:1", "p:1", 0, "suspected_crime"))
        [review] = out["reviews"]
        assert (review["reason"], review["refer_to"], out["actions"]) == ("referral", "public_security", [])
        confirm = events.decide("a:1", review["review_id"], "confirm", 30)
        confirmed = await rig.run(confirm)
        assert confirmed["decision"] == "confirm" and [a["sanction"] for a in confirmed["actions"]] == ["close"]
        again = await rig.run(confirm)  # redelivered: the same action, re-sent, not a second strike
        assert again["actions"] == confirmed["actions"] and again["resent"] == [confirmed["actions"][0]["action_id"]]
        assert (await rig.run(events.decide("a:1", "no-such-review", "confirm", 40)))["decision"] == "unknown_review"

    asyncio.run(main())


def test_dismiss_allow_lists_the_rule_and_identity(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        out = await rig.run(events.label("a:1", "p:1", 0, "suspected_crime"))
        await rig.run(events.decide("a:1", out["reviews"][0]["review_id"], "dismiss", 10))
        assert (await rig.run(events.label("a:1", "p:1", 20, "suspected_crime")))["reviews"] == []
        other = await rig.run(events.label("a:1", "p:2", 20, "suspected_crime"))  # another post: another identity
        assert [r["reason"] for r in other["reviews"]] == ["referral"]

    asyncio.run(main())


def test_an_overturned_appeal_restores_the_economic_measures(index: IdentityIndex, events: Events) -> None:
    async def main() -> None:
        rig = memory_rig(index)
        out = await rig.run(events.label("a:1", "p:1", 0, "illegal_profit"))
        mute, *measures = out["actions"]
        appeal = events.appeal("a:1", out["violations"][0]["violation_id"], 60)
        reversed_ = await rig.run(appeal)
        unmute, *restores = reversed_["actions"]
        assert (unmute["sanction"], unmute["reverses"]) == ("unmute", mute["action_id"])
        assert [(r["sanction"], r["reverses"]) for r in restores] == [
            (m["sanction"].rsplit("_", 1)[0] + "_restored", m["action_id"]) for m in measures]
        assert (await rig.run(appeal))["actions"] == reversed_["actions"]  # redelivered: same records

    asyncio.run(main())


def test_filing_an_appeal_changes_no_strike_and_emits_nothing(index: IdentityIndex, events: Events) -> None:
    """appeal.filed waits for a supervisor: the ledger stays as it was, only the watermark moves; the
    resolution that follows still overturns the strike, and its audit entry names who resolved it."""
    async def main() -> None:
        rig = memory_rig(index)
        out = await rig.run(events.label("a:1", "p:1", 0, "illegal_profit"))
        violation_id = out["violations"][0]["violation_id"]
        ledger = rig.enforcement._sanctioners[0]._ledger  # type: ignore[attr-defined]
        before = await ledger.account_state("a:1")
        filed = await rig.enforcement.handle(events.filed("a:1", violation_id, 30))
        assert (filed.violations, filed.actions, filed.reviews, filed.appeal_result) == ((), (), (), None)
        assert filed.watermark_ms == int(at(30).timestamp() * 1000)
        assert await ledger.account_state("a:1") == before
        resolved = await rig.run(dataclasses.replace(events.appeal("a:1", violation_id, 60), resolved_by="wang"))
        assert resolved["actions"][0]["sanction"] == "unmute"
        appeals = [e for e in await ledger.audit("a:1") if e["kind"] == "appeal"]
        assert [e["resolved_by"] for e in appeals] == ["wang"]  # who resolved it, from the resolution

    asyncio.run(main())


def test_a_closure_held_by_the_cap_is_applied_when_a_reviewer_confirms(index: IdentityIndex, events: Events) -> None:
    """Review with the brakes: the hour's closure cap sends the second impersonator to review; confirm closes."""
    async def main() -> None:
        policy = dataclasses.replace(POLICY, brakes=dataclasses.replace(POLICY.brakes, closures_per_hour=1))
        rig = memory_rig(index, policy, brakes=True)
        first = await rig.run(events.created("a:1", 0, "o:1", "人民日报"))
        assert [a["sanction"] for a in first["actions"]] == ["close"]
        held = await rig.run(events.created("a:2", 1, "o:2", "人民日报"))
        assert held["actions"] == [] and [r["reason"] for r in held["reviews"]] == ["closure_cap"]
        confirmed = await rig.run(events.decide("a:2", held["reviews"][0]["review_id"], "confirm", 5))
        assert [a["sanction"] for a in confirmed["actions"]] == ["close"]
        assert confirmed["actions"][0]["violation_ids"] == [held["violations"][0]["violation_id"]]
        dismissed = await rig.run(events.created("a:3", 2, "o:3", "人民日报"))
        await rig.run(events.decide("a:3", dismissed["reviews"][0]["review_id"], "dismiss", 6))
        again = await rig.run(events.created("a:3", 7, "o:3", "人民日报"))  # the same name again: allow-listed
        rules = {v["rule"] for v in dismissed["violations"]}
        assert "official_name_exact" in rules
        assert {v["rule"] for v in again["violations"]} == rules - {"official_name_exact"}  # D8 is another rule
        assert "close" not in [a["sanction"] for a in again["actions"]] and again["reviews"] == []

    asyncio.run(main())
