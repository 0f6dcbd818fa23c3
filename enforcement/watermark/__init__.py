"""The event-time watermark: latest `occurred_at` seen minus an allowed lateness (decision "Event time and
the watermark").

Expiries, mute lifts and credential lapses fire when the watermark passes them, so a replay gives the
same decisions as the live run. One watermark, shared by every worker, kept in Redis (`redis.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

EARLIEST = -(2**62)  # earlier than every event time: a watermark before any event


def to_millis(moment: datetime) -> int:
    """UTC epoch milliseconds of an aware datetime."""
    return int(moment.timestamp() * 1000)


class Watermark(Protocol):
    """Advances monotonically with event time; never moves backwards."""

    async def observe(self, occurred_at: datetime) -> int:
        """Record an event time; returns the watermark in epoch ms after it."""
        ...

    async def current(self) -> int | None:
        """The watermark in epoch ms, or None before any event."""
        ...

    def plan(self, times: Sequence[datetime]) -> list[int]:
        """The watermark after each of `times` in turn, from what this process knows, changing nothing."""
        ...

    async def flush(self) -> None:
        """Make observed event times shared (a deferring watermark writes once per batch)."""
        ...


def planned(known: int | None, lateness_ms: int, times: Sequence[datetime]) -> list[int]:
    """Running maximum of `time - lateness` over `times`, starting from `known`."""
    value = EARLIEST if known is None else known
    out = []
    for moment in times:
        value = max(value, to_millis(moment) - lateness_ms)
        out.append(value)
    return out


class InMemoryWatermark:
    """Single-process twin of RedisWatermark, for unit tests of pure code."""

    def __init__(self, allowed_lateness_ms: int) -> None:
        self._lateness = allowed_lateness_ms
        self._value: int | None = None

    async def observe(self, occurred_at: datetime) -> int:
        candidate = to_millis(occurred_at) - self._lateness
        if self._value is None or candidate > self._value:
            self._value = candidate
        return self._value

    async def current(self) -> int | None:
        return self._value

    def plan(self, times: Sequence[datetime]) -> list[int]:
        return planned(self._value, self._lateness, times)

    async def flush(self) -> None:
        return None
