"""What the batch-processor tests share: recorded records as the worker consumes them, and a sink that
keeps what the processor sends."""

from __future__ import annotations

import zlib
from collections.abc import Iterable

from streams.bus.messages import OutputRecord, SourceRecord
from streams.bus.recording import RecordedRecord


class ListSink:
    """Keeps what the processor sends, and how many times it waited for the broker."""

    def __init__(self) -> None:
        self.records: list[OutputRecord] = []
        self.flushes = 0

    async def send_all(self, records: list[OutputRecord]) -> None:
        self.flushes += 1
        self.records += records


def as_consumed(records: Iterable[RecordedRecord], partitions: int = 3) -> list[SourceRecord]:
    """Each record on the partition its key hashes to, with the offsets a topic would give them."""
    offsets: dict[tuple[str, int], int] = {}
    out = []
    for record in records:
        partition = zlib.crc32(record.key) % partitions if record.key else 0
        offset = offsets.get((record.topic, partition), 0)
        offsets[(record.topic, partition)] = offset + 1
        out.append(SourceRecord(record.topic, partition, offset, record.key, record.value, record.headers,
                                record.timestamp_ms))
    return out
