"""Test rig for the content rules (D11, D12, S5, S6, P7): an Enforcement over twins or real Redis."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from enforcement.content import ContentRules
from enforcement.content.redis_stores import RedisReportStore, RedisReviewStore
from enforcement.content.stores import InMemoryReportStore, InMemoryReviewStore
from enforcement.events import (
    AppealFiled,
    AppealResolved,
    ContentLabelled,
    Event,
    ProfileCreated,
    ReportFiled,
    ReviewDecided,
)
from enforcement.identity import IdentityIndex
from enforcement.identity.holder import IndexHolder
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.redis import RedisLedger
from enforcement.pipeline import Enforcement
from enforcement.policy import Policy, load_policy
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.brakes import InMemoryBrakes
from enforcement.sanctions.redis_stores import RedisDirectory, RedisSchedule
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.watermark import InMemoryWatermark

BASE = datetime(2026, 3, 1, tzinfo=UTC)
POLICY = load_policy()


def at(minutes: float) -> datetime:
    return BASE + timedelta(minutes=minutes)


class Events:
    """Event factories with unique ids."""

    def __init__(self) -> None:
        self.n = 0

    def _id(self) -> str:
        self.n += 1
        return f"ev-{self.n:04d}"

    def created(self, account: str, minutes: float, owner: str, name: str = "") -> ProfileCreated:
        return ProfileCreated(schema_version=1, event_id=self._id(), type="profile.created", account_id=account,
                              occurred_at=at(minutes), name=name or f"普通用户{account}", identity_hash=owner)

    def report(self, account: str, reporter: str, minutes: float, category: str = "impersonation") -> ReportFiled:
        return ReportFiled(schema_version=1, event_id=self._id(), type="report.filed", account_id=account,
                           occurred_at=at(minutes), reporter_id=reporter, category=category)

    def label(self, account: str, post: str, minutes: float, label: str = "rumour", *, first: bool = False,
              reposts: int = 0, debunked: float | None = None) -> ContentLabelled:
        return ContentLabelled(schema_version=1, event_id=self._id(), type="content.labelled", account_id=account,
                               occurred_at=at(minutes), post_id=post, label=label, first_post=first,
                               repost_count=reposts, debunked_at=None if debunked is None else at(debunked))

    def decide(self, account: str, review_id: str, decision: str, minutes: float) -> ReviewDecided:
        return ReviewDecided(schema_version=1, event_id=self._id(), type="review.decided", account_id=account,
                             occurred_at=at(minutes), review_id=review_id, decision=decision, reviewer_id="r:1")

    def filed(self, account: str, violation_id: str, minutes: float) -> AppealFiled:
        return AppealFiled(schema_version=1, event_id=self._id(), type="appeal.filed", account_id=account,
                           occurred_at=at(minutes), violation_id=violation_id, statement="这是我本人的账号，请复核。")

    def appeal(self, account: str, violation_id: str, minutes: float) -> AppealResolved:
        return AppealResolved(schema_version=1, event_id=self._id(), type="appeal.resolved", account_id=account,
                              occurred_at=at(minutes), violation_id=violation_id, outcome="overturned")


@dataclass
class Rig:
    enforcement: Enforcement

    async def run(self, event: Event) -> dict[str, Any]:
        out = await self.enforcement.handle(event)
        return {"violations": list(out.violations), "actions": list(out.actions), "reviews": list(out.reviews),
                "decision": out.review_decision, "category": out.report_category, "resent": list(out.resent)}


def memory_rig(index: IdentityIndex, policy: Policy = POLICY, *, brakes: bool = False) -> Rig:
    holder = IndexHolder(index)
    holder.caught_up.set()
    sanctioner = Sanctioner(ledger=InMemoryLedger(policy), directory=InMemoryDirectory(),
                            schedule=InMemorySchedule(), policy=policy, brakes=InMemoryBrakes() if brakes else None)
    content = ContentRules(reports=InMemoryReportStore(), reviews=InMemoryReviewStore(), policy=policy)
    return Rig(Enforcement(watermark=InMemoryWatermark(0), index=holder, policy=policy, sanctioner=sanctioner,
                           content=content, clock_ms=lambda: 0))


def redis_rig(index: IdentityIndex, client: Any, prefix: str, policy: Policy = POLICY) -> Rig:
    holder = IndexHolder(index)
    holder.caught_up.set()
    sanctioner = Sanctioner(ledger=RedisLedger(client, policy, key_prefix=prefix),
                            directory=RedisDirectory(client, key_prefix=prefix),
                            schedule=RedisSchedule(client, key_prefix=prefix), policy=policy)
    content = ContentRules(reports=RedisReportStore(client, key_prefix=prefix),
                           reviews=RedisReviewStore(client, key_prefix=prefix), policy=policy)
    return Rig(Enforcement(watermark=InMemoryWatermark(0), index=holder, policy=policy, sanctioner=sanctioner,
                           content=content, clock_ms=lambda: 0))
