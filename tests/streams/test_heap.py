"""The worker's collector work happens between batches: young cycles after each batch, a full collection
once `full_every_s` has passed, and the automatic collector only as a safety net."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from streams.worker.heap import SAFETY_THRESHOLDS, BatchCollector


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture(autouse=True)
def restore_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_a_cycle_a_batch_left_is_collected_after_the_batch() -> None:
    collector = BatchCollector(clock=lambda: 0.0)
    assert gc.get_threshold() == SAFETY_THRESHOLDS
    cycle = Cycle()
    gone = weakref.ref(cycle)
    del cycle  # garbage, but only the cyclic collector frees it
    assert gone() is not None
    collector.after_batch()
    assert gone() is None


def test_a_cycle_that_lived_through_batches_goes_at_the_next_full_collection() -> None:
    now = [0.0]
    collector = BatchCollector(full_every_s=60.0, clock=lambda: now[0])
    cycle = Cycle()
    gone = weakref.ref(cycle)
    gc.collect(1)  # survives the young collections, as a cycle alive during a batch does: now in the oldest
    del cycle
    now[0] = 30.0
    collector.after_batch()
    assert gone() is not None  # the young generations only: it is in the oldest
    now[0] = 61.0
    collector.after_batch()
    assert gone() is None
