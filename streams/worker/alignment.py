"""Takes the worker's input partitions in event-time order across topics, as Kafka Streams does.

Kafka keeps each partition's order and nothing across topics. Inside one batch the processor merges the
topics by event time; across batches the order was the fetches': one account's profile and label records,
on two topics, could be taken in one order in one run and the other in the next (a correction sent in one
run and not the other; the worker's first batches, before every partition's position is known, most of all).

So taken records wait here, their offsets uncommitted (the agent holds a reference on each), while some
input partition still has records the worker has not taken: a record goes once every such partition has
delivered one at or past its time. Records are ordered by (record timestamp, topic, partition, offset);
producers and replays stamp a record with its event time, so this is event-time order, each partition's
own order kept. When nothing is left to fetch, everything goes. Two bounds keep the wait finite, as
Kafka Streams' `max.task.idle.ms` and buffer bounds do: a partition that has delivered nothing for
`max_wait_s` while records wait on it is waited on no longer (one that never delivers, say one ending in a
transaction marker, holds nothing for longer), and beyond `max_held` records the earliest go regardless
(a backlog of one topic far behind the others must not fill the memory). Either bound gives the arrival
order back for what it lets go.
"""

from __future__ import annotations

import heapq
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from streams.bus.messages import SourceRecord
from streams.worker.processor import Lane

Key = tuple[int, str, int, int]  # record timestamp (ms), topic, partition, offset


# a held record: its key, the record, and what the caller acknowledges once it is processed (a Faust event).
# A plain tuple: every record the worker takes passes through here.
_Held = tuple[Key, SourceRecord, Any]


_BEFORE_ALL: Key = (-1, "", -1, -1)


@dataclass(slots=True)
class EventTimeAligner:
    """Holds taken records until event-time order allows them (see the module docstring). Not thread-safe;
    the intake calls it under its lock."""

    max_held: int
    max_wait_s: float
    clock: Callable[[], float] = time.monotonic
    _lanes: dict[Lane, deque[_Held]] = field(default_factory=dict)
    _frontier: dict[Lane, Key] = field(default_factory=dict)  # the key of the last record taken, per partition
    _last_delivery: dict[Lane, float] = field(default_factory=dict)  # when each partition last delivered
    _started: float | None = None  # the first delivery of all: partitions never heard from count from it
    _idle_from: float = 0.0  # silence counts from here: the time the records taken were being processed is not
    _count: int = 0

    def __len__(self) -> int:
        return self._count

    def taken_offsets(self) -> dict[Lane, int]:
        """The next offset after the last record taken from each partition (held ones included)."""
        return {lane: key[3] + 1 for lane, key in self._frontier.items()}

    def add(self, records: Iterable[tuple[SourceRecord, Any]]) -> None:
        now = self.clock()
        if self._started is None:
            self._started = now
        lanes = self._lanes
        last: dict[Lane, _Held] = {}
        added = 0
        for record, handle in records:
            lane = (record.topic, record.partition)
            queue = lanes.get(lane)
            if queue is None:
                queue = lanes[lane] = deque()
            held = ((record.timestamp_ms or 0, record.topic, record.partition, record.offset), record, handle)
            queue.append(held)
            last[lane] = held
            added += 1
        for lane, (key, _, _) in last.items():  # a partition's records come in offset order
            self._frontier[lane] = key
            self._last_delivery[lane] = now
        self._count += added

    def release(self, waiting_on: Iterable[Lane], whole: int = 1) -> list[tuple[SourceRecord, Any]]:
        """What may go now, in event-time order, given the partitions `waiting_on` that still have records
        not taken (a partition not yet fetched counts as such). One that has delivered nothing for
        `max_wait_s` is waited on no longer. Only a multiple of `whole` records goes, the earliest of what
        may go; the rest goes with a later release (whole batches cost the worker less than a batch and
        a remainder)."""
        if not self._count:
            return []
        now = self.clock()
        bound: Key | None = None
        for lane in waiting_on:
            heard = max(self._last_delivery.get(lane, self._started or now), self._idle_from)
            if now - heard >= self.max_wait_s:
                continue  # silent for too long: what it may still bring comes late
            frontier = self._frontier.get(lane, _BEFORE_ALL)  # nothing taken yet: anything it brings may be first
            bound = frontier if bound is None or frontier < bound else bound
        released = self._pop_earliest(bound)
        back = len(released) % whole
        if back:  # not a whole batch: the latest of what may go stays, each partition's order kept
            for lane, held in reversed(released[len(released) - back:]):
                self._lanes[lane].appendleft(held)
            self._count += back
            del released[len(released) - back:]
        if self._count > self.max_held:
            released += self._pop_earliest(None, self._count - self.max_held)
        return [(held[1], held[2]) for _, held in released]

    def processed(self) -> None:
        """What was released has been processed: silence counts from now (while the worker was busy, no
        partition could deliver)."""
        self._idle_from = self.clock()

    def drop(self) -> None:
        """Forget what is held, unprocessed, and what was learnt of each partition's position: the worker
        stops or its partitions are being reassigned, its offsets are uncommitted, and the records are
        consumed again from the committed offsets (after the restart, or by whoever is assigned them)."""
        self._lanes.clear()
        self._frontier.clear()
        self._last_delivery.clear()
        self._started = None
        self._idle_from = 0.0
        self._count = 0

    def _pop_earliest(self, bound: Key | None, count: int | None = None) -> list[tuple[Lane, _Held]]:
        """Held records, each time the lowest key among the partitions' heads, so each partition's order is
        kept: those at or before `bound` (every one for None), or `count` of them."""
        out: list[tuple[Lane, _Held]] = []
        heads = [(queue[0][0], lane) for lane, queue in self._lanes.items() if queue]
        heapq.heapify(heads)
        while heads and (count is None or len(out) < count):
            key, lane = heads[0]
            if bound is not None and key > bound:
                break  # the lowest head is past the bound: so is every other
            queue = self._lanes[lane]
            out.append((lane, queue.popleft()))
            if queue:
                heapq.heapreplace(heads, (queue[0][0], lane))
            else:
                heapq.heappop(heads)
        self._count -= len(out)
        return out
