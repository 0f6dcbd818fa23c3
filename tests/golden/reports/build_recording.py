"""Builds tests/golden/reports/{recording,then.1,then.2,then.3}.jsonl (D11, D12, S5, S6, review decisions).

Default policy. Phases exist because Kafka orders nothing across topics and partitions; each starts
when the previous one is fully processed. Accounts:
- g:1 is reported for impersonation by r:1, r:2, r:3 (hours apart): a notice (D11). r:1 also reports
  twice more (a duplicate reporter) and one report is delivered twice (a redelivery): neither counts.
  Phase two overturns g:1's reports_threshold violation on appeal: r:1–r:3 now weigh 0.5 each, and in
  phase three the same three reports on g:3 no longer cross (1.5 of 3.0). g:4, reported by three
  fresh reporters at the same pace, does cross (the control).
- g:2 is reported by lk:1, lk:2 (one owner, created two days before) and nr:1, nr:2 (created the day
  before) within minutes (phase two): a mass_report review, never a sanction. Phase three dismisses it: the category
  is allow-listed on g:2 (phase four: three established reporters cross again, and nothing happens).
- Rumours (D12): g:5 first-posts a rumour (short mute, min_rung); g:7 reposts one (2 points: notice)
  and another after it was debunked (4 more: short mute); g:7's first repost is labelled again later,
  debunked and wider: the post's first violation stands, re-sent with the same ids (nothing new).
  g:8 reposts a rumour reposted 1,500 times (band: critical, 2 + 4 points: short mute).
- g:9 is labelled illegal_profit: short mute plus the S5 economic measures of that rung; phase two
  overturns it on appeal: unmute, and each measure restored.
- g:6 is labelled suspected_crime: a referral review (S6); phase two confirms it: closed (min_rung).
The worker is restarted between phases (file `restart_between_phases`): every decision that spans
phases (reporter weights, review items, allow-list, post claims) comes from Redis.
Run: .venv/bin/python tests/golden/reports/build_recording.py
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from enforcement.content.labels import label_violation
from enforcement.events import decode_event
from enforcement.ids import derive_id
from enforcement.policy import load_policy
from enforcement.violations import Violation
from streams.bus.recording import RecordedRecord

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "support"))  # the builder every golden case shares
from golden_build import Builder, write_phases  # noqa: E402

BASE = datetime(2026, 5, 1, tzinfo=UTC)
POLICY = load_policy()


class ReportsBuilder(Builder):
    def __init__(self) -> None:
        super().__init__(BASE, "rep-", unit="minutes")

    def user(self, minutes: float, account: str, owner: str) -> RecordedRecord:
        return self.created(minutes, account, f"用户{account}", owner=owner)

    def report(self, minutes: float, account: str, reporter: str, category: str = "impersonation") -> RecordedRecord:
        return self.event(minutes, "account.report", "report.filed", account, reporter_id=reporter,
                          category=category, detail="冒充官方账号")

    def label(self, minutes: float, account: str, post: str, label: str = "rumour", *, first: bool = False,
              reposts: int = 0, debunked: str | None = None) -> RecordedRecord:
        return self.event(minutes, "content.label", "content.labelled", account, post_id=post, label=label,
                          first_post=first, repost_count=reposts, debunked_at=debunked)

    def decide(self, minutes: float, account: str, review_id: str, decision: str) -> RecordedRecord:
        return self.event(minutes, "review.decision", "review.decided", account, review_id=review_id,
                          decision=decision, reviewer_id="rv:1")


def report_violation_id(record: RecordedRecord, category: str = "impersonation") -> str:
    """The reports_threshold violation a crossing report makes (trigger: that report)."""
    event = decode_event(record.value, topic=record.topic, key=record.key)
    return Violation(event.account_id, "reports_threshold", 1.0, event.event_id, event.occurred_at,
                     field="category", identity=category).violation_id


def label_violation_id(record: RecordedRecord) -> str:
    event = decode_event(record.value, topic=record.topic, key=record.key)
    violation = label_violation(event, POLICY.content.labels)  # type: ignore[arg-type]
    assert violation is not None
    return violation.violation_id


def label_review_id(record: RecordedRecord, reason: str) -> str:
    return derive_id("review", label_violation_id(record), reason)


def build() -> list[list[RecordedRecord]]:
    b = ReportsBuilder()
    day = 24 * 60
    first: list[RecordedRecord] = []
    # Every event time of a run stays within 7 days: the test broker keeps 168 h of record timestamps
    # (event time here) and deletes a rolled segment older than that, outputs included.
    first += [b.user(-day, "nr:1", "o:nr1"), b.user(-day, "nr:2", "o:nr2"),
              b.user(-2 * day, "lk:1", "o:linked"), b.user(-2 * day, "lk:2", "o:linked")]
    g1 = [b.report(0, "g:1", "r:1"), b.report(30, "g:1", "r:1"), b.report(60, "g:1", "r:2"),
          b.report(90, "g:1", "r:1"), b.report(120, "g:1", "r:3")]
    first += [g1[0], g1[0], *g1[1:]]  # g1[0] twice: a redelivered record
    first += [b.label(0, "g:5", "p:5", first=True, reposts=40),
              b.label(0, "g:7", "p:7a", reposts=3),
              b.label(600, "g:7", "p:7b", reposts=12, debunked="2026-05-01T05:00:00Z"),
              b.label(0, "g:8", "p:8", reposts=1500),
              b.label(0, "g:9", "p:9", "illegal_profit", reposts=0)]
    first.append(b.label(900, "g:7", "p:7a", reposts=80, debunked="2026-05-01T08:00:00Z"))  # relabelled: nothing new
    profit = next(r for r in first if r.key == b"g:9")
    referral = b.label(0, "g:6", "p:6", "suspected_crime")
    first.append(referral)
    second = [b.report(200, "g:2", "lk:1"), b.report(202, "g:2", "lk:2"), b.report(204, "g:2", "nr:1"),
              b.report(206, "g:2", "nr:2"),
              b.event(300, "account.appeal", "appeal.resolved", "g:1", violation_id=report_violation_id(g1[-1]),
                      outcome="overturned"),
              b.decide(300, "g:6", label_review_id(referral, "referral"), "confirm"),
              b.event(300, "account.appeal", "appeal.resolved", "g:9", violation_id=label_violation_id(profit),
                      outcome="overturned")]
    mass = second[2]  # nr:1's report crosses 3.0 (lk:1, lk:2, nr:1: all new, two linked)
    third = [b.report(400, "g:3", "r:1"), b.report(460, "g:3", "r:2"), b.report(520, "g:3", "r:3"),
             b.report(400, "g:4", "r:4"), b.report(460, "g:4", "r:5"), b.report(520, "g:4", "r:6"),
             b.decide(400, "g:2", derive_id("review", report_violation_id(mass), "mass_report"), "dismiss")]
    fourth = [b.report(5000, "g:2", "r:7"), b.report(5060, "g:2", "r:8"), b.report(5120, "g:2", "r:9")]  # > 72 h on
    return [first, second, third, fourth]


def main() -> None:
    write_phases(HERE, build())


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
