"""A consumed Kafka record as the processor sees it, and the sink that sends output records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One input record: logical topic name, position, raw key/value/headers and broker timestamp."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...] = ()
    timestamp_ms: int | None = None


class Sink(Protocol):
    """Sends one output record and returns once the broker has it (at-least-once delivery)."""

    async def send_all(self, records: list[OutputRecord]) -> None: ...


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """One record for an output topic (logical name), already encoded."""

    topic: str
    key: bytes | None
    value: bytes
    timestamp_ms: int | None = None
