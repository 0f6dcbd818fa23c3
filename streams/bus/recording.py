"""Recordings (P4): one Kafka record per JSON line — topic, key, value, headers, timestamp.

Topics are logical names (no deployment prefix), so a recording replays into any deployment.
Keys, values and header values are text when UTF-8, else {"b64": …}; null is a null value (tombstone).
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import orjson

from streams.bus.byte_codec import decode_bytes, encode_bytes


class RecordingError(ValueError):
    """A recording line that cannot be read, with its line number."""

    def __init__(self, line_no: int, message: str) -> None:
        super().__init__(f"line {line_no}: {message}")
        self.line_no = line_no


@dataclass(frozen=True, slots=True)
class RecordedRecord:
    """One Kafka record as recorded; partition and offset are informative only (replay re-partitions by key)."""

    topic: str
    key: bytes | None
    value: bytes | None
    timestamp_ms: int | None = None
    headers: tuple[tuple[str, bytes], ...] = ()
    partition: int | None = None
    offset: int | None = None

    def to_json(self) -> dict[str, Any]:
        line: dict[str, Any] = {
            "topic": self.topic,
            "key": encode_bytes(self.key),
            "value": encode_bytes(self.value),
            "timestamp": self.timestamp_ms,
            "headers": [[name, encode_bytes(value)] for name, value in self.headers],
        }
        if self.partition is not None:
            line["partition"] = self.partition
            line["offset"] = self.offset
        return line


def parse_line(line_no: int, line: bytes | str) -> RecordedRecord:
    """One recording line into a RecordedRecord, or RecordingError saying what is wrong."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise RecordingError(line_no, f"not JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise RecordingError(line_no, "not a JSON object")
    topic = obj.get("topic")
    if not isinstance(topic, str) or not topic:
        raise RecordingError(line_no, "'topic' must be a non-empty string")
    timestamp = obj.get("timestamp")
    if timestamp is not None and (not isinstance(timestamp, int) or isinstance(timestamp, bool) or timestamp < 0):
        raise RecordingError(line_no, "'timestamp' must be epoch milliseconds or null")
    headers_raw = obj.get("headers") or []
    try:
        key = decode_bytes(obj.get("key"))
        value = decode_bytes(obj.get("value"))
        if not isinstance(headers_raw, list):
            raise ValueError("'headers' must be a list of [name, value] pairs")
        headers = []
        for pair in headers_raw:
            if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], str)):
                raise ValueError("'headers' must be a list of [name, value] pairs")
            headers.append((pair[0], decode_bytes(pair[1]) or b""))
    except ValueError as exc:
        raise RecordingError(line_no, str(exc)) from None
    return RecordedRecord(
        topic, key, value, timestamp, tuple(headers), obj.get("partition"), obj.get("offset")
    )


def read_recording(source: Path | IO[bytes]) -> Iterator[RecordedRecord]:
    """Every record of a recording file (blank lines skipped); raises RecordingError on a bad line."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            yield from read_recording(handle)
        return
    for line_no, line in numbered_lines(source):
        if line.strip():
            yield parse_line(line_no, line)


def numbered_lines(source: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """A file's lines numbered from 1, the first without a UTF-8 byte order mark: editors on Windows start a
    file with one, and it belongs to the file, not to its first record (on Kafka a record's value starting
    with one is refused, as the decoder says)."""
    for line_no, line in enumerate(source, start=1):
        yield line_no, line.removeprefix(codecs.BOM_UTF8) if line_no == 1 else line


def write_recording(records: Iterable[RecordedRecord], sink: IO[bytes]) -> int:
    """Write records as JSON lines; returns how many were written."""
    count = 0
    for record in records:
        sink.write(orjson.dumps(record.to_json()) + b"\n")
        count += 1
    return count
