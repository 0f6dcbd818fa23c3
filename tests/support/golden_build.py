"""What the golden build scripts (tests/golden/<case>/build_recording.py) share: account events numbered
in the order they are built, and the phase files they are written to.

The scripts are run as files from the repository root, so they put this directory on `sys.path`
themselves (as pytest does through `pythonpath`) and import this module by its bare name.
Every recording is checked in; a change here must leave each script's output byte-identical, or every
golden case built with it changes at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

import orjson

from streams.bus.recording import RecordedRecord, write_recording

Unit = Literal["days", "hours", "minutes"]


def iso(moment: datetime) -> str:
    """The wire's form of a UTC time: ISO 8601 with `Z`, as producers write it."""
    return moment.isoformat().replace("+00:00", "Z")


def millis(moment: datetime) -> int:
    """A Kafka record timestamp (milliseconds since the epoch)."""
    return int(moment.timestamp() * 1000)


class Builder:
    """Account events of one golden case. Each event gets the next number: its event id is `prefix` and that
    number, and it occurs that many seconds after `base` plus its offset (counted in `unit`), so events
    built at the same offset still have distinct, ordered times. Building an event earlier in a script
    renumbers every later one: cases append new events last to keep their recordings stable."""

    def __init__(self, base: datetime, prefix: str, unit: Unit = "days") -> None:
        self.base = base
        self.prefix = prefix
        self.unit = unit
        self.n = 0

    def moment(self, offset: float) -> datetime:
        """`offset` units after `base`, without taking a number (for times carried in fields)."""
        return self.base + timedelta(**{self.unit: offset})

    def event(self, offset: float, topic: str, event_type: str, account: str, **fields: object) -> RecordedRecord:
        self.n += 1
        at = self.base + timedelta(**{self.unit: offset, "seconds": self.n})
        body = {"schema_version": 1, "event_id": f"{self.prefix}{self.n:03d}", "type": event_type,
                "account_id": account, "occurred_at": iso(at), **fields}
        return RecordedRecord(topic, account.encode(), orjson.dumps(body), millis(at))

    def profile(self, offset: float, event_type: str, account: str, **fields: object) -> RecordedRecord:
        return self.event(offset, "account.profile", event_type, account, **fields)

    def created(self, offset: float, account: str, name: str, owner: str | None = None) -> RecordedRecord:
        """`owner` is the identity hash; by default one of the account's own, so no two accounts share it."""
        return self.profile(offset, "profile.created", account, name=name, identity_hash=owner or f"owner-{account}")

    def renamed(self, offset: float, account: str, old: str, new: str) -> RecordedRecord:
        return self.profile(offset, "profile.renamed", account, old_name=old, new_name=new)


def write_phases(case_dir: Path, phases: Sequence[Sequence[RecordedRecord]]) -> None:
    """The first phase to `recording.jsonl`, each later one to `then.<n>.jsonl` (the golden harness's names)."""
    names = ["recording.jsonl", *(f"then.{n}.jsonl" for n in range(1, len(phases)))]
    for name, records in zip(names, phases, strict=True):
        with (case_dir / name).open("wb") as sink:
            write_recording(records, sink)
