"""Builds tests/golden/churn/{recording,then.1}.jsonl (D10): rename churn over the wire.

Default policy ([churn] max_changes 5 in 24 h, after_sanction_hours 72 from a mute or above). The
worker is restarted between the phases (`restart_between_phases`), and each story crosses that
boundary, so every decision of phase two rests on state read back from Redis:
- c:1 created, then 3 renames, an avatar change and a bio change in 4 hours (5 changes; a creation is
  not a change); phase two: the 6th change (a rename at hour 5) crosses → rename_churn once (notice);
  that record is delivered twice (the repeat adds nothing); the 7th at hour 6 crosses nothing new.
- c:2 created clean, renamed 新华社 (D1 → closed, S3), renamed clean 100 hours later (past the
  after-sanction window); phase two: renamed back into 新华社 → official_name_exact and
  rename_into_impersonation (cycling back into an earlier impersonating name).
- c:3 刘医生讲健康 (D6 warning), renamed 王医生聊养生 (D6 again → short mute); phase two: renamed
  to a clean name an hour after the mute → rename_after_sanction (S2 repeat → long mute); renamed
  again 80 hours after that long mute → nothing (outside the 72-hour window).
Run: .venv/bin/python tests/golden/churn/build_recording.py
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

from streams.bus.recording import RecordedRecord

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "support"))  # the builder every golden case shares
from golden_build import Builder, write_phases  # noqa: E402

BASE = datetime(2026, 4, 1, tzinfo=UTC)


def build() -> list[list[RecordedRecord]]:
    b = Builder(BASE, "churn-", unit="hours")
    first = [
        b.created(0, "c:1", "小猫日记"),
        b.renamed(0.5, "c:1", "小猫日记", "小猫日志"),
        b.renamed(1, "c:1", "小猫日志", "小猫周记"),
        b.renamed(2, "c:1", "小猫周记", "小猫月记"),
        b.profile(3, "profile.avatar_changed", "c:1", avatar_url="https://img.example/cat-2.png",
                  avatar_pdq="a5" * 32),
        b.profile(4, "profile.bio_changed", "c:1", bio="每天一只猫"),
        b.created(0, "c:2", "晚风读书"),
        b.renamed(1, "c:2", "晚风读书", "新华社"),
        b.renamed(101, "c:2", "新华社", "旅行日记"),
        b.created(0, "c:3", "刘医生讲健康"),
        b.renamed(1, "c:3", "刘医生讲健康", "王医生聊养生"),
    ]
    crossing = b.renamed(5, "c:1", "小猫月记", "小猫年记")
    second = [
        crossing, crossing,  # the same record twice: a redelivery
        b.renamed(6, "c:1", "小猫年记", "小猫日记"),
        b.renamed(120, "c:2", "旅行日记", "新华社"),
        b.renamed(2, "c:3", "王医生聊养生", "今日菜谱"),
        b.renamed(82, "c:3", "今日菜谱", "明日菜谱"),
    ]
    return [first, second]


def main() -> None:
    write_phases(HERE, build())


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
