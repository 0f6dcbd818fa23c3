"""Consumer lag per assigned input partition, sampled into the metrics on a timer (P3)."""

from __future__ import annotations

import faust

from streams.bus import topics
from streams.observability.metrics import Metrics


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
