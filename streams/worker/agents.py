"""The Faust agent: batches of consumed records in, handed to the record processor.

One agent reads every input topic (concurrency 1) and takes its records a batch at a time with Faust's
`take_events`, which yields events from all the partitions assigned to the worker. Because the account
topics are co-partitioned by account, one account's events from every topic arrive in this one stream,
and the processor never handles two of them concurrently.

`take_events` acknowledges a taken batch in a `finally`, also when the body is cancelled (SIGTERM, a
rebalance) half-way: that would let Kafka commit offsets whose outputs were never sent. So the agent
holds one more reference on every message of the batch while it works (Faust commits an offset only when
a message's last reference is released) and releases it only once the processor returned, that is once
every output is on Kafka. A cancelled batch keeps its extra references, its offsets stay uncommitted, and
the records are consumed again after the restart or by the partition's next owner.
"""

from __future__ import annotations

from typing import Any

import faust

from streams.bus import topics
from streams.bus.messages import SourceRecord
from streams.settings import Settings
from streams.worker.heap import BatchCollector
from streams.worker.processor import RecordProcessor


def source_record(names: topics.TopicNames, event: faust.EventT) -> SourceRecord:
    """The processor's view of one consumed Faust event (logical topic name, raw bytes)."""
    message = event.message
    # Faust gives the broker's milliseconds as float seconds: round, not truncate, or a record can look
    # a millisecond older than it is (the event-time bound compares against it)
    stamp = round(message.timestamp * 1000) if message.timestamp else None
    return SourceRecord(
        topic=names.logical(message.topic),
        partition=message.partition,
        offset=message.offset,
        key=message.key,
        value=message.value,
        headers=tuple((k, v) for k, v in (message.headers or ())),
        timestamp_ms=stamp,
    )


class RawBytes(faust.Schema):
    """Key and value exactly as consumed. Faust's "raw" codec gives the same bytes, but through a codec
    lookup and two calls per record for each of key and value; the records are decoded inside the agent's
    body anyway (`enforcement.events.decode_event`), where a bad one becomes a dead letter."""

    def __init__(self) -> None:
        super().__init__(key_serializer="raw", value_serializer="raw")

    def loads_key(self, app: Any, message: Any, *, loads: Any = None, serializer: Any = None) -> Any:
        return message.key

    def loads_value(self, app: Any, message: Any, *, loads: Any = None, serializer: Any = None) -> Any:
        return message.value


def add_agent(app: faust.App, names: topics.TopicNames, settings: Settings, processor: RecordProcessor) -> None:
    """The batch agent over every input topic: raw bytes in, decoded inside the body, so no record can make
    Faust's iteration raise."""
    channel = app.topic(*(names.physical(t) for t in topics.INPUT_TOPICS), schema=RawBytes())
    collector = BatchCollector()

    async def agent(stream: faust.StreamT) -> None:
        async for events in stream.take_events(settings.batch_max, within=settings.batch_wait_s):
            for event in events:
                event.message.incref()  # held until the outputs are on Kafka (see the module docstring)
            await processor.process_batch([source_record(names, event) for event in events])
            for event in events:
                await stream.ack(event)  # ours; take_events' finally releases the last reference
            del events
            collector.after_batch()  # the batch's objects are garbage now, not in the middle of the next one

    app.agent(channel, name="qinglang.agent.batch", concurrency=1)(agent)
