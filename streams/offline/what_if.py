"""`qinglang policy diff`: replay a recording through two policies offline and compare the sanctions
before a policy change ships. Detectors run once per event; each policy scores, strikes and escalates on its own
in-memory ledger, exactly as a worker's enforcing and shadow sanctioners do (no Kafka, no Redis).
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from enforcement.accounts.checks import InMemoryCredentialChecks
from enforcement.accounts.credentials import InMemoryCredentialStore
from enforcement.accounts.profiles import InMemoryProfileStore
from enforcement.assembly import Assembled, RuleStores, assemble_enforcement
from enforcement.churn import InMemoryChurn
from enforcement.content.stores import InMemoryReportStore, InMemoryReviewStore
from enforcement.early import InMemoryEarlyRecords
from enforcement.events import InvalidEvent, decode_event
from enforcement.hotevents import parse_hot_event_record
from enforcement.identity import IdentityIndex
from enforcement.ledger.memory import InMemoryLedger
from enforcement.pipeline import Enforcement, Outcome
from enforcement.policy import Policy
from enforcement.registry import InvalidRegistryRecord, parse_registry_record
from enforcement.registry_recheck import InMemoryRecheckClaims, RegistryRecord
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.brakes import InMemoryBrakes
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.watermark import InMemoryWatermark
from streams.bus.recording import RecordedRecord
from streams.bus.topics import INPUT_TOPICS, REGISTRY_HOT_EVENT, REGISTRY_OFFICIAL

Sanction = tuple[str, str]  # (sanction, rung)


@dataclass
class PolicyDiff:
    """Per account, the sanctions each policy decided; plus what was skipped and why."""

    old_version: str
    new_version: str
    events: int = 0
    bad: list[tuple[int, str]] = field(default_factory=list)
    old: dict[str, list[Sanction]] = field(default_factory=lambda: defaultdict(list))
    new: dict[str, list[Sanction]] = field(default_factory=lambda: defaultdict(list))

    def changed(self) -> list[str]:
        """Accounts sanctioned differently, sorted."""
        accounts = set(self.old) | set(self.new)
        return sorted(a for a in accounts if Counter(self.old.get(a, [])) != Counter(self.new.get(a, [])))

    def totals(self, side: dict[str, list[Sanction]]) -> Counter[str]:
        return Counter(sanction for sanctions in side.values() for sanction, _ in sanctions)

    def to_json(self) -> dict[str, Any]:
        return {
            "old_policy": self.old_version, "new_policy": self.new_version, "events": self.events,
            "bad_records": [{"record": n, "error": e} for n, e in self.bad],
            "sanctions_old": dict(sorted(self.totals(self.old).items())),
            "sanctions_new": dict(sorted(self.totals(self.new).items())),
            "accounts_changed": [
                {"account_id": a, "old": [f"{s}:{r}" for s, r in self.old.get(a, [])],
                 "new": [f"{s}:{r}" for s, r in self.new.get(a, [])]}
                for a in self.changed()
            ],
        }


def _sanctioner(policy: Policy, *, shadow: bool) -> Sanctioner:
    return Sanctioner(ledger=InMemoryLedger(policy), directory=InMemoryDirectory(), schedule=InMemorySchedule(),
                      brakes=InMemoryBrakes(), policy=policy, shadow=shadow)


def in_memory_enforcement(index: IdentityIndex, policy: Policy, *, shadow: Policy | None = None,
                          allowed_lateness_ms: int = 300_000) -> Assembled:
    """The worker's enforcement with in-memory twins of its Redis stores (no Kafka, no Redis), its registry
    holders caught up (a caller feeds them registry records); `shadow` runs a second policy beside
    `policy` as a worker's QINGLANG_SHADOW_POLICY does."""
    stores = RuleStores(  # the worker's stores, in memory: D6/D7 and the re-checks as live
        watermark=InMemoryWatermark(allowed_lateness_ms),
        sanctioner=_sanctioner(policy, shadow=False),
        shadow=None if shadow is None else _sanctioner(shadow, shadow=True),
        churn=InMemoryChurn(), profiles=InMemoryProfileStore(), credentials=InMemoryCredentialStore(),
        credential_schedule=InMemorySchedule(), credential_checks=InMemoryCredentialChecks(),
        recheck_claims=InMemoryRecheckClaims(), reports=InMemoryReportStore(), reviews=InMemoryReviewStore(),
        early=InMemoryEarlyRecords(),
    )
    assembled = assemble_enforcement(stores, index=index, policy=policy)
    assembled.index.caught_up.set()
    assembled.hot_events.caught_up.set()
    return assembled


async def _diff(records: Iterable[RecordedRecord], index: IdentityIndex, old: Policy, new: Policy,
                allowed_lateness_ms: int, progress: Callable[[int], None] | None) -> PolicyDiff:
    pipeline = in_memory_enforcement(index, old, shadow=new, allowed_lateness_ms=allowed_lateness_ms)
    enforcement, holder, hot_events = pipeline.enforcement, pipeline.index, pipeline.hot_events
    diff = PolicyDiff(old.version, new.version)
    for n, record in enumerate(records, start=1):
        if progress is not None and n % 500 == 0:
            progress(n)
        try:
            if record.topic == REGISTRY_OFFICIAL:
                update = parse_registry_record(record.key, record.value)
                before = holder.current.registry
                await holder.apply([update])
                await _record(diff, enforcement, await enforcement.registry_changed(
                    before, [RegistryRecord.of(update, record.value, record.timestamp_ms)]))
                continue
            if record.topic == REGISTRY_HOT_EVENT:
                await hot_events.apply([parse_hot_event_record(record.key, record.value)])
                continue
            if record.topic not in INPUT_TOPICS:
                continue
            # bounded by the record's own timestamp, as the worker decoded it
            event = decode_event(record.value, topic=record.topic, key=record.key, timestamp_ms=record.timestamp_ms)
        except (InvalidEvent, InvalidRegistryRecord) as error:
            diff.bad.append((n, f"{error.code}: {error.message}"))
            continue
        diff.events += 1
        await _record(diff, enforcement, await enforcement.handle(event))
    return diff


async def _record(diff: PolicyDiff, enforcement: Enforcement, outcome: Outcome) -> None:
    """Each side's actions by account, then the outcome acknowledged as the worker does once it is sent."""
    for action in outcome.actions:
        diff.old[action["account_id"]].append((action["sanction"], action["rung"]))
    for action in outcome.shadow_actions:
        diff.new[action["account_id"]].append((action["sanction"], action["rung"]))
    await enforcement.acknowledge(outcome)


def diff_policies(records: Iterable[RecordedRecord], index: IdentityIndex, old: Policy, new: Policy, *,
                  allowed_lateness_ms: int = 300_000, progress: Callable[[int], None] | None = None) -> PolicyDiff:
    """Replay `records` (in order) through both policies; the recording's bad records are listed, not fatal."""
    return asyncio.run(_diff(records, index, old, new, allowed_lateness_ms, progress))
