"""Builds tests/golden/sanctions/{recording,then.1,then.2}.jsonl (S1–S4): the ladder over the wire.

Default policy (enforcement/policy/default_policy.toml). Accounts:
- s:1 climbs the ladder with D6 titles: warning, then short mute (S2 repeat ×1.5), then long mute;
  one record is delivered twice (a redelivery adds nothing); the short mute's lift is superseded by
  the long mute's, which fires when the watermark passes its end.
- s:2 strikes on day 0 and (phase three) day 200: the first strike has expired by event time
  (180-day window); that event moves the watermark past the long mute's end, so its lift fires.
- s:3 warning then short mute; phase two (day 5, before the mute ends) overturns the first strike
  on appeal: the mute is reversed and its lift cancelled. s:1's appeal is upheld; one names no strike.
- s:4 is closed for impersonating 人民日报 (S3) and blacklisted on the next strike; phase two
  registers s:5 with the same owner identity: registration_blocked (S4). s:6 registers cleanly.
- s:8 and s:9 share owner-9 (phase two); s:9 is closed as 人民日报, and in phase three blacklisted as
  新华社: s:8, which existed before, becomes a review item `owner_blacklisted` (S4 by owner).
- s:3's appeal also leaves its warning standing on the second strike alone: the warning is re-attributed
  (a `warning` record that `supersedes` the old one and cites only the second strike).
Phases exist because Kafka orders nothing across topics and partitions; each starts when the
previous one is fully processed.
Run: .venv/bin/python tests/golden/sanctions/build_recording.py
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from enforcement.detectors import detect_profile, profile_view
from enforcement.events import decode_event
from enforcement.identity import shipped_index
from streams.bus.recording import RecordedRecord, write_recording

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "support"))  # the builder every golden case shares
from golden_build import Builder, write_phases  # noqa: E402

BASE = datetime(2026, 1, 1, tzinfo=UTC)


class SanctionsBuilder(Builder):
    def __init__(self) -> None:
        super().__init__(BASE, "sanc-")
        self.index = shipped_index()

    def violation_id(self, record: RecordedRecord, rule: str) -> str:
        event = decode_event(record.value, topic=record.topic, key=record.key)
        found = [v for v in detect_profile(self.index, profile_view(event)) if v.rule == rule]
        assert found, f"{rule} not detected in {record.value!r}"
        return found[0].violation_id


def build() -> list[list[RecordedRecord]]:
    b = SanctionsBuilder()
    first: list[RecordedRecord] = []
    s1 = [b.profile(0, "profile.created", "s:1", name="刘医生讲健康", identity_hash="owner-1"),
          b.profile(1, "profile.renamed", "s:1", old_name="刘医生讲健康", new_name="王医生聊养生"),
          b.profile(2, "profile.renamed", "s:1", old_name="王医生聊养生", new_name="赵医生谈保健")]
    first += [s1[0], s1[1], s1[1], s1[2]]  # s1[1] twice: a redelivered record
    first += [b.profile(0, "profile.created", "s:2", name="孙律师说法", identity_hash="owner-2")]
    s3 = [b.profile(0, "profile.created", "s:3", name="李医生说健康", identity_hash="owner-3"),
          b.profile(1, "profile.renamed", "s:3", old_name="李医生说健康", new_name="吴医生讲科普")]
    first += s3
    first += [b.profile(3, "profile.created", "s:4", name="人民日报", identity_hash="owner-4"),
              b.profile(4, "profile.renamed", "s:4", old_name="人民日报", new_name="新华社")]
    second = [
        b.event(5, "account.appeal", "appeal.resolved", "s:3",
                violation_id=b.violation_id(s3[0], "professional_title_uncredentialed"), outcome="overturned"),
        b.event(5, "account.appeal", "appeal.resolved", "s:1",
                violation_id=b.violation_id(s1[0], "professional_title_uncredentialed"), outcome="upheld"),
        b.event(5, "account.appeal", "appeal.resolved", "s:1", violation_id="no-such-violation",
                outcome="overturned"),
        b.profile(5, "profile.created", "s:5", name="今天吃什么", identity_hash="owner-4"),
        b.profile(5, "profile.created", "s:6", name="今天喝什么", identity_hash="owner-6"),
    ]
    third = [b.profile(200, "profile.renamed", "s:2", old_name="孙律师说法", new_name="周律师答疑")]
    # built last so the records above keep their event ids; s:8 exists before its owner is blacklisted
    second += [b.profile(5, "profile.created", "s:8", name="今天看什么", identity_hash="owner-9"),
               b.profile(5, "profile.created", "s:9", name="人民日报", identity_hash="owner-9")]
    third += [b.profile(6, "profile.renamed", "s:9", old_name="人民日报", new_name="新华社")]
    return [first, second, third]


def main() -> None:
    phases = build()
    write_phases(HERE, phases)
    first = phases[0]
    shadow = HERE.parent / "shadow"
    with (shadow / "recording.jsonl").open("wb") as sink:
        write_recording([r for r in first if r.key in (b"s:1", b"s:4")], sink)


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
