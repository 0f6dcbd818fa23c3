"""Where the consumer stands on each assigned input partition: the lag sampled into the metrics on a timer
(P3), and which partitions are still behind (they hold the watermark back, `enforcement.watermark.holds`)."""

from __future__ import annotations

from collections.abc import Mapping

import faust

from streams.bus import topics
from streams.observability.metrics import Metrics
from streams.worker.processor import Lane, LaneState, LaneView


def record_consumer_lag(app: faust.App, names: topics.TopicNames, metrics: Metrics) -> None:
    """P3: records behind the high watermark per assigned input partition (highwater − committed).

    Both are Kafka's "next offset" convention. Faust has no public accessor for the committed offset,
    so this reads its `_committed_offset` map; a partition with no commit yet counts from 0.
    """
    consumer = app.consumer
    committed = consumer._committed_offset
    lags: dict[tuple[str, str], int] = {}
    for tp in consumer.assignment():
        logical = names.logical(tp.topic)
        if logical not in topics.INPUT_TOPICS:
            continue
        highwater = consumer.highwater(tp)
        if highwater is None:
            continue
        lags[(logical, str(tp.partition))] = max(highwater - (committed.get(tp) or 0), 0)
    metrics.set_consumer_lag(lags)


def lanes_behind(app: faust.App, names: topics.TopicNames) -> LaneView:
    """The worker's input partitions, and those with records past what it processed (`done`, the next
    offset per partition) or, for a partition it has not processed yet, past the committed offset. A
    partition whose end the consumer has not fetched yet counts as not behind."""

    def view(done: Mapping[Lane, int]) -> LaneState:
        consumer = app.consumer
        committed = consumer._committed_offset
        assigned: set[Lane] = set()
        behind: set[Lane] = set()
        for tp in consumer.assignment():
            logical = names.logical(tp.topic)
            if logical not in topics.INPUT_TOPICS:
                continue
            lane = (logical, tp.partition)
            assigned.add(lane)
            highwater = consumer.highwater(tp)
            if highwater is not None and highwater > max(done.get(lane, 0), committed.get(tp) or 0):
                behind.add(lane)
        return LaneState(frozenset(assigned), frozenset(behind))

    return view
