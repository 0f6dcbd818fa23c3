"""Where the consumer stands on each assigned input partition: the lag sampled into the metrics on a timer
(P3), and which partitions are still behind (they hold the watermark back, `enforcement.watermark.holds`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import faust

from streams.bus import topics
from streams.observability.metrics import Metrics
from streams.worker.processor import Lane, LaneState, LaneView


def _input_positions(app: faust.App, names: topics.TopicNames) -> Iterator[tuple[Lane, int | None, int]]:
    """Per assigned input partition: (logical topic, partition), its high watermark (None until fetched)
    and its committed offset. Both are Kafka's "next offset" convention. Faust has no public accessor for
    the committed offset, so this reads its `_committed_offset` map; a partition with no commit yet
    counts from 0."""
    consumer = app.consumer
    committed = consumer._committed_offset
    for tp in consumer.assignment():
        logical = names.logical(tp.topic)
        if logical in topics.INPUT_TOPICS:
            yield (logical, tp.partition), consumer.highwater(tp), committed.get(tp) or 0


def record_consumer_lag(app: faust.App, names: topics.TopicNames, metrics: Metrics) -> None:
    """P3: records behind the high watermark per assigned input partition (highwater − committed)."""
    metrics.set_consumer_lag({(topic, str(partition)): max(highwater - committed, 0)
                              for (topic, partition), highwater, committed in _input_positions(app, names)
                              if highwater is not None})


def lanes_behind(app: faust.App, names: topics.TopicNames) -> LaneView:
    """The worker's input partitions, and those with records past what it processed (`done`, the next
    offset per partition) or, for a partition it has not processed yet, past the committed offset. A
    partition whose end the consumer has not fetched yet counts as not behind."""

    def view(done: Mapping[Lane, int]) -> LaneState:
        positions = list(_input_positions(app, names))
        return LaneState(frozenset(lane for lane, _, _ in positions), frozenset(
            lane for lane, highwater, committed in positions
            if highwater is not None and highwater > max(done.get(lane, 0), committed)))

    return view


def lanes_not_taken(app: faust.App, names: topics.TopicNames) -> Callable[[Mapping[Lane, int]], frozenset[Lane]]:
    """The worker's input partitions with records it has not taken yet (`taken`, the next offset after the
    last one taken; for a partition not taken from yet, the committed offset), and those whose end the
    consumer has not fetched yet: they may still bring records earlier than what was taken."""

    def view(taken: Mapping[Lane, int]) -> frozenset[Lane]:
        return frozenset(lane for lane, highwater, committed in _input_positions(app, names)
                         if highwater is None or highwater > max(taken.get(lane, 0), committed))

    return view
