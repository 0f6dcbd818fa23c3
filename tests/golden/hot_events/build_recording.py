"""Builds tests/golden/hot_events/{recording,then.1}.jsonl (D9): hot events over the wire.

`registry.hot_event` (written before each worker start, as a registry exists in production; the worker
restarts between phases):
- he:1 清河小区坠楼事件, active day 0 to day 10: parties 周小雨, 王建国; figure 林一鸣; keyword 清河坠楼;
- he:2 某地暴雨 with party 赵晓光: an upsert then a tombstone — deleted before the worker starts;
- he:bad expires before it starts: dead-lettered (bad_value), the follower goes on;
- phase two: he:1 is tombstoned and he:3 (party 陈大勇, active day 0 to day 20) appears.
Accounts:
- h:1 created as 周小雨家属 on day 1 → hot_event_party → long mute at once (S1 serious case);
- h:2 created clean, then its bio claims 林一鸣的同学 → hot_event_party on the bio → long mute;
- h:3 周小雨粉丝后援会 (the name alone), h:4 家属院生活 (a claim word alone): nothing;
- h:5 赵晓光家属: the event was tombstoned → nothing;
- h:6 周 小 雨 ​的 妈 妈 (spaces, a zero-width space): seen through → long mute;
- h:7 周小雨家属 on day 12: he:1 expired by event time → nothing;
- phase two: h:8 王建国家属 on day 3 of the (now tombstoned) he:1 → nothing; h:9 陈大勇的哥哥 → long mute.
Run: .venv/bin/python tests/golden/hot_events/build_recording.py
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

from streams.bus.recording import RecordedRecord

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "support"))  # the builder every golden case shares
from golden_build import Builder, iso, millis, write_phases  # noqa: E402

BASE = datetime(2026, 3, 1, tzinfo=UTC)
MS = millis(BASE)


def on_day(day: float) -> str:
    return iso(BASE + timedelta(days=day))


def hot(event_id: str, body: dict[str, object] | None) -> RecordedRecord:
    value = None if body is None else orjson.dumps({"schema_version": 1, "hot_event_id": event_id, **body})
    return RecordedRecord("registry.hot_event", event_id.encode(), value, MS)


def build() -> list[list[RecordedRecord]]:
    b = Builder(BASE, "hot-")
    he1 = {"title": "清河小区坠楼事件", "parties": ["周小雨", "王建国"], "figures": ["林一鸣"],
           "keywords": ["清河坠楼"], "active_from": on_day(0), "expires_at": on_day(10)}
    first = [
        hot("he:1", he1),
        hot("he:2", {"title": "某地暴雨", "parties": ["赵晓光"], "figures": [], "active_from": on_day(0),
                     "expires_at": on_day(30)}),
        hot("he:2", None),
        hot("he:bad", {"title": "时间颠倒", "parties": ["某人"], "figures": [], "active_from": on_day(5),
                       "expires_at": on_day(1)}),
        b.created(1, "h:1", "周小雨家属"),
        b.created(1, "h:2", "晚风读书"),
        b.profile(2, "profile.bio_changed", "h:2", bio="我是林一鸣的同学，爆料内幕"),
        b.created(1, "h:3", "周小雨粉丝后援会"),
        b.created(1, "h:4", "家属院生活"),
        b.created(1, "h:5", "赵晓光家属"),
        b.created(1, "h:6", "周 小 雨 \u200b的 妈 妈"),
        b.created(12, "h:7", "周小雨家属"),
    ]
    second = [
        hot("he:1", None),
        hot("he:3", {"title": "河口渔船失联", "parties": ["陈大勇"], "figures": [], "active_from": on_day(0),
                     "expires_at": on_day(20)}),
        b.created(3, "h:8", "王建国家属"),
        b.created(3, "h:9", "陈大勇的哥哥"),
    ]
    return [first, second]


def main() -> None:
    write_phases(HERE, build())


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
