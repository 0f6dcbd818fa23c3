"""Keeps the worker's long-lived objects out of the cyclic garbage collector's way.

The identity index and the registry behind it are millions of objects that live as long as the worker.
Python's collector walks every tracked object on each full collection, so with the index in memory a full
collection took ~0.35 s and a middle one ~4.5 ms, triggered by the allocations of ordinary event handling:
together ~12 % of a profiled worker's time, and a stall of a third of a second in the middle of a batch.
`gc.freeze()` moves what is alive now into a generation the collector never visits; reference counting
still frees those objects when they are dropped. Only reference cycles among them would outlive their
use, so each new index is settled by unfreezing, collecting once (the replaced index's cycles go) and
freezing again.
"""

from __future__ import annotations

import gc


def settle_long_lived() -> None:
    """Collect once, then exempt every object alive now from later collections (after an index build)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
