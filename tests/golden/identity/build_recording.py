"""Builds tests/golden/identity/recording.jsonl : every identity requirement, over the wire.

A `registry.official` record adds a protected identity with a verified account and a logo hash, so the
replay also proves the live registry: the verified account is exempt, others are caught,
and an avatar near the logo is a D2 match (or review when only near).
Run: .venv/bin/python tests/golden/identity/build_recording.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

import orjson

from streams.bus.recording import RecordedRecord, write_recording

OUT = Path(__file__).with_name("recording.jsonl")
LOGO = "a5" * 32
# Kafka timestamps count from 2026-11-27T08:00:00Z, not from the events' occurred_at day (2026-11-22): the
# checked-in recording was built so. The shared builder (tests/support/golden_build.py) derives both
# from one time, so this case keeps its own.
BASE_MS = 1795766400000


def _flip(hex_hash: str, bits: int) -> str:
    value = int(hex_hash, 16) ^ ((1 << bits) - 1)
    return f"{value:064x}"


def event(n: int, event_type: str, account: str, **fields: object) -> RecordedRecord:
    body = {"schema_version": 1, "event_id": f"id-{n:03d}", "type": event_type, "account_id": account,
            "occurred_at": f"2026-11-22T00:{n // 60:02d}:{n % 60:02d}Z", **fields}
    return RecordedRecord("account.profile", account.encode(), orjson.dumps(body), BASE_MS + n * 1000)


def build() -> list[RecordedRecord]:
    registry = {"schema_version": 1, "identity_id": "test:qinglang-daily", "kind": "media",
                "names": ["青朗日报社"], "aliases": ["青朗日报"], "source": "test fixture",
                "account_ids": ["u:verified"], "logo_hashes": [LOGO]}
    records = [RecordedRecord("registry.official", b"test:qinglang-daily", orjson.dumps(registry), BASE_MS)]
    names = [
        ("u:1", "人民日报"), ("u:2", "人民日報官方"), ("u:3", "人民曰报"), ("u:4", "renminribao"),
        ("u:5", "人 民🔥日\u200b报"), ("u:6", "成都市公安局"), ("u:7", "平安北京"), ("u:8", "张警官说法"),
        ("u:9", "刘医生讲健康"), ("u:10", "成都新闻快讯"), ("u:11", "成都美食探店"), ("u:12", "朝阳群众吃瓜"),
        ("u:verified", "青朗日报"), ("u:13", "青朗日报"), ("u:14", "医生的女儿"),
    ]
    n = 1
    for account, name in names:
        records.append(event(n, "profile.created", account, name=name, identity_hash=f"owner-{account}"))
        n += 1
    records.append(event(n, "profile.bio_changed", "u:11", bio="人民日报社官方账号，权威发布。"))
    n += 1
    records.append(event(n, "profile.bio_changed", "u:12", bio="本人系成都某医院主任医师，专治疑难杂症。"))
    n += 1
    records.append(event(n, "profile.renamed", "u:11", old_name="成都美食探店", new_name="西安发布"))
    n += 1
    for account, pdq in [("u:20", _flip(LOGO, 8)), ("u:21", _flip(LOGO, 50)), ("u:22", _flip(LOGO, 128)),
                         ("u:verified", LOGO)]:
        records.append(event(n, "profile.avatar_changed", account, avatar_pdq=pdq))
        n += 1
    return records


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    with OUT.open("wb") as sink:
        print(f"wrote {write_recording(build(), sink)} records to {OUT}")
