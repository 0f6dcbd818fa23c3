"""Lanes that hold the watermark back while they are behind (decision "Event time and the watermark").

The watermark is the latest event time seen less the allowed lateness, one for every worker. During a
backlog the input partitions ("lanes") are read at different speeds: one far ahead in event time would
carry the watermark past mute lifts and expiries that a lane still behind has records to cancel (a later,
longer mute of the same account), and what fires would depend on how fast each lane was read. So a lane
that is behind its end holds the watermark at its own progress — the latest event time of the records
taken from it — and what the watermark makes due fires only up to the lowest hold less the lateness. A
lane that has caught up holds nothing, so a quiet topic never stops time; a lane seen behind before any
of its records was taken holds at the latest event time known then, so it cannot be overtaken either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

from enforcement.watermark import EARLIEST

NO_TIME = EARLIEST  # the hold of a lane behind before any event time was known: nothing fires until it moves


class LaneHolds(Protocol):
    """Each lane's hold (the event time in epoch ms it has reached), shared by every worker."""

    async def held(self) -> dict[str, int]:
        """Every lane's hold."""
        ...

    async def change(self, holds: Mapping[str, int | None]) -> None:
        """Set these lanes' holds (None: the lane holds nothing any more)."""
        ...


class InMemoryLaneHolds:
    """Single-process twin of `RedisLaneHolds`."""

    def __init__(self) -> None:
        self._holds: dict[str, int] = {}

    async def held(self) -> dict[str, int]:
        return dict(self._holds)

    async def change(self, holds: Mapping[str, int | None]) -> None:
        for lane, at in holds.items():
            if at is None:
                self._holds.pop(lane, None)
            else:
                self._holds[lane] = at


def capped(watermarks: Sequence[int], lanes: Sequence[str], times: Sequence[int], *, elsewhere: int | None,
           starts: Mapping[str, int], ends_behind: Mapping[str, int], lateness_ms: int) -> list[int]:
    """The watermark after each event of a batch, held back by the lanes.

    Event i came from lane `lanes[i]` at event time `times[i]`, and `watermarks[i]` is the watermark after
    it, unheld. `elsewhere` is the lowest hold of the lanes without events in the batch; `starts` the holds
    the batch's lanes had before it; `ends_behind` the event time each of them reaches with the batch, for
    those still behind after it. A lane of the batch holds at the latest event time taken from it so far
    while it has records left — later in the batch, or after it — and holds nothing once it has none."""
    last = {lane: i for i, lane in enumerate(lanes)}
    moving = dict(starts)
    out = []
    for i, (value, lane) in enumerate(zip(watermarks, lanes, strict=True)):
        moving[lane] = max(moving.get(lane, times[i]), times[i])
        if last[lane] == i:
            if lane in ends_behind:
                moving[lane] = ends_behind[lane]
            else:
                del moving[lane]
        hold = min(moving.values(), default=None)
        if elsewhere is not None and (hold is None or elsewhere < hold):
            hold = elsewhere
        out.append(value if hold is None else min(value, hold - lateness_ms))
    return out


def lowest(holds: Iterable[int]) -> int | None:
    """The lowest of some holds, or None when there are none."""
    return min(holds, default=None)
