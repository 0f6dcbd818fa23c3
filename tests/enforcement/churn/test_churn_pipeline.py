"""D9 and D10 through Enforcement.handle with the in-memory twins: violations, scoring and sanctions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from enforcement.churn import InMemoryChurn
from enforcement.events import AvatarChanged, ProfileCreated, ProfileRenamed
from enforcement.hotevents import HotEvent, HotEventHolder, HotEventIndex, HotEventUpdate
from enforcement.identity import IdentityIndex, shipped_index
from enforcement.identity.holder import IndexHolder
from enforcement.ledger.memory import InMemoryLedger
from enforcement.pipeline import Enforcement
from enforcement.policy import load_policy
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.watermark import InMemoryWatermark

BASE = datetime(2026, 3, 1, tzinfo=UTC)
POLICY = load_policy()
HOT = HotEvent(hot_event_id="he:1", title="清河小区坠楼事件", parties=("周小雨",), figures=(), active_from=BASE,
               expires_at=BASE + timedelta(days=10))


@pytest.fixture(scope="module")
def identity_index() -> IdentityIndex:
    return shipped_index()


class Run:
    """One Enforcement over in-memory stores, and a counter for event ids."""

    def __init__(self, index: IdentityIndex) -> None:
        holder = IndexHolder(index)
        holder.caught_up.set()
        self.hot = HotEventHolder(HotEventIndex.build(()))
        self.hot.caught_up.set()
        self.churn = InMemoryChurn()
        sanctioner = Sanctioner(ledger=InMemoryLedger(POLICY), directory=InMemoryDirectory(),
                                schedule=InMemorySchedule(), policy=POLICY)
        self.enforcement = Enforcement(watermark=InMemoryWatermark(0), index=holder, policy=POLICY,
                                       sanctioner=sanctioner, hot_events=self.hot, churn=self.churn)
        self.n = 0

    def handle(self, event: Any) -> tuple[list[str], list[str]]:
        outcome = asyncio.run(self.enforcement.handle(event))
        return [v["rule"] for v in outcome.violations], [a["rung"] for a in outcome.actions]

    def created(self, hours: float, name: str, account: str = "u:1") -> ProfileCreated:
        self.n += 1
        return ProfileCreated(schema_version=1, event_id=f"e{self.n}", type="profile.created", account_id=account,
                              occurred_at=BASE + timedelta(hours=hours), name=name, identity_hash=f"o-{account}")

    def renamed(self, hours: float, name: str, account: str = "u:1") -> ProfileRenamed:
        self.n += 1
        return ProfileRenamed(schema_version=1, event_id=f"e{self.n}", type="profile.renamed", account_id=account,
                              occurred_at=BASE + timedelta(hours=hours), old_name=None, new_name=name)

    def avatar(self, hours: float, account: str = "u:1") -> AvatarChanged:
        self.n += 1
        return AvatarChanged(schema_version=1, event_id=f"e{self.n}", type="profile.avatar_changed",
                             account_id=account, occurred_at=BASE + timedelta(hours=hours),
                             avatar_url=f"https://img.example/{self.n}.png")


def test_hot_event_party_is_a_serious_case(identity_index: IdentityIndex) -> None:
    """D9 / S1: a party of an active hot event impersonated → long mute at once; after expiry nothing."""
    run = Run(identity_index)
    asyncio.run(run.hot.apply([HotEventUpdate("he:1", HOT)]))
    assert run.handle(run.created(1, "周小雨家属")) == (["hot_event_party"], ["long_mute"])
    assert run.handle(run.created(24 * 11, "周小雨家属", account="u:2")) == ([], [])  # expired by event time


def test_renaming_into_impersonation_again_after_a_clean_name(identity_index: IdentityIndex) -> None:
    run = Run(identity_index)
    rules, rungs = run.handle(run.created(0, "人民日报"))
    assert "official_name_exact" in rules and rungs == ["close"]
    assert run.handle(run.renamed(200, "美食日记")) == ([], [])  # long after the closure: no after-sanction
    rules, _ = run.handle(run.renamed(400, "人民日报"))
    assert "official_name_exact" in rules and "rename_into_impersonation" in rules


def test_rename_churn_crosses_once(identity_index: IdentityIndex) -> None:
    run = Run(identity_index)
    run.handle(run.created(0, "小猫日记"))
    seen = [run.handle(run.renamed(h, f"小猫日记{h}") if h % 2 else run.avatar(h))[0] for h in range(1, 9)]
    assert seen == [[], [], [], [], [], ["rename_churn"], [], []]  # the 6th change in 24 h crosses max 5


def test_rename_right_after_a_mute(identity_index: IdentityIndex) -> None:
    run = Run(identity_index)
    assert run.handle(run.created(0, "周医生讲健康"))[1] == ["warning"]  # D6, 3 points
    assert run.handle(run.renamed(1, "吴医生聊养生"))[1] == ["short_mute"]  # D6 again, ×1.5
    rules, rungs = run.handle(run.renamed(2, "小猫日记"))
    assert rules == ["rename_after_sanction"] and rungs == ["long_mute"]  # an hour after the mute (S2 repeat)
    outcome = asyncio.run(run.enforcement.handle(run.renamed(3, "小狗日记")))
    (again,) = outcome.violations  # once per sanction: this one answers the long mute, not the short one
    assert again["rule"] == "rename_after_sanction" and [a["rung"] for a in outcome.actions] == ["close"]
    assert again["evidence"]["sanction_at_ms"] == int((BASE + timedelta(hours=2)).timestamp() * 1000)
    assert run.handle(run.renamed(4, "小鸟日记")) == (["rename_after_sanction"], [])  # answers the closure
    assert run.handle(run.renamed(5, "小鱼日记")) == ([], [])  # every sanction was answered once


def test_a_redelivered_rename_adds_nothing(identity_index: IdentityIndex) -> None:
    run = Run(identity_index)
    run.handle(run.created(0, "周医生讲健康"))
    run.handle(run.renamed(1, "吴医生聊养生"))
    event = run.renamed(2, "小猫日记")
    first = asyncio.run(run.enforcement.handle(event))
    again = asyncio.run(run.enforcement.handle(event))
    assert first.violations == again.violations and first.violations
    assert [a["action_id"] for a in again.actions] == [a["action_id"] for a in first.actions]
    assert len(asyncio.run(run.churn.names("u:1"))) == 3
