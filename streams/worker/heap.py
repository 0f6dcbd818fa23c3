"""Keeps the worker's long-lived objects out of the cyclic garbage collector's way, and its work out of batches.

The identity index and the registry behind it are millions of objects that live as long as the worker.
Python's collector walks every tracked object on each full collection, so with the index in memory a full
collection took ~0.35 s and a middle one ~4.5 ms, triggered by the allocations of ordinary event handling:
together ~12 % of a profiled worker's time, and a stall of a third of a second in the middle of a batch.
`gc.freeze()` moves what is alive now into a generation the collector never visits; reference counting
still frees those objects when they are dropped. Only reference cycles among them would outlive their
use, so each new index is settled by unfreezing, collecting once (the replaced index's cycles go) and
freezing again.

With the index frozen, the collector's default thresholds still ran it about every 700 allocations in
the middle of a batch, while the batch's own objects were alive: over ten seconds of a worker draining
simulated records, ~2,000 young, ~180 middle and ~14 full collections took 0.6 s (6 % of the time; a full
one 20–45 ms). Between two batches nearly everything a batch allocated is already freed or garbage, so
`BatchCollector` collects the young generations there (~1.5 ms a batch) and everything once a minute, and
raises the thresholds so the automatic collector only steps in if something allocates far more than a
batch does.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

# the automatic collector as a safety net only: a batch allocates well under this between two collections
SAFETY_THRESHOLDS = (200_000, 100, 100)
FULL_EVERY_S = 60.0


def settle_long_lived() -> None:
    """Collect once, then exempt every object alive now from later collections (after an index build)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class BatchCollector:
    """Runs the cyclic collector between batches: the young generations after each batch, a full collection
    when `full_every_s` has passed since the last (cycles that lived through a batch)."""

    def __init__(self, *, full_every_s: float = FULL_EVERY_S, clock: Callable[[], float] = time.monotonic) -> None:
        self._full_every_s = full_every_s
        self._clock = clock
        self._last_full = clock()
        gc.set_threshold(*SAFETY_THRESHOLDS)

    def after_batch(self) -> None:
        now = self._clock()
        if now - self._last_full >= self._full_every_s:
            gc.collect()
            self._last_full = now
        else:
            gc.collect(1)
