"""The Faust agent: batches of consumed records in, through event-time alignment, to the record processor.

One agent reads every input topic (concurrency 1) and takes its records a batch at a time with Faust's
`take_events`, which yields events from all the partitions assigned to the worker. Because the account
topics are co-partitioned by account, one account's events from every topic arrive in this one stream,
and the processor never handles two of them concurrently. Taken records wait in `EventTimeAligner`
(`alignment.py`) until event-time order across topics lets them go; a timer lets go of what a silent
partition held up. Faust's rebalance and stop wait until every taken record is acknowledged, so before
that wait (`Consumer.before_wait_empty`) what is held is forgotten, uncommitted, and consumed again from
the committed offsets.

`take_events` acknowledges a taken batch in a `finally`, also when the body is cancelled (SIGTERM, a
rebalance) half-way: that would let Kafka commit offsets whose outputs were never sent. So the agent
holds one more reference on every message of the batch while it works (Faust commits an offset only when
a message's last reference is released) and releases it only once the processor returned, that is once
every output is on Kafka. A cancelled batch keeps its extra references, its offsets stay uncommitted, and
the records are consumed again after the restart or by the partition's next owner.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any

import faust

from streams.bus import topics
from streams.bus.messages import SourceRecord
from streams.settings import Settings
from streams.worker.alignment import EventTimeAligner
from streams.worker.heap import BatchCollector
from streams.worker.processor import Lane, RecordProcessor
from streams.worker.transport import Consumer


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


# How many taken records may wait for event-time order, and how often the timer looks
ALIGN_HELD_BATCHES = 50
ALIGN_TICK_S = 0.25


class AlignedIntake:
    """Taken records → the aligner → the processor, a batch at a time; acknowledged once processed. The
    agent and the timer share one lock, so records reach the processor in the aligner's order.

    While the consumer's flow is stopped (a rebalance is under way), what is held and what is taken is
    forgotten, unacknowledged: the new assignment starts every partition from its committed offset, which
    no forgotten record is past, so each is consumed again there — in event-time order with the rest, by
    this worker or the partition's new owner. Processing them at the rebalance instead would take a whole
    fetch out of event-time order."""

    def __init__(self, names: topics.TopicNames, processor: RecordProcessor, waiting_on: Callable[
                 [Mapping[Lane, int]], frozenset[Lane]], flowing: Callable[[], bool], *, batch_max: int,
                 align_wait_s: float) -> None:
        self._names = names
        self._processor = processor
        self._waiting_on = waiting_on
        self._flowing = flowing
        self._batch_max = batch_max
        self._aligner = EventTimeAligner(max_held=ALIGN_HELD_BATCHES * batch_max, max_wait_s=align_wait_s)
        self._lock = asyncio.Lock()
        self._stream: faust.StreamT | None = None
        self._collector = BatchCollector()

    async def taken(self, stream: faust.StreamT, events: list[faust.EventT]) -> None:
        async with self._lock:
            self._stream = stream
            for event in events:
                event.message.incref()  # held until the outputs are on Kafka (see the module docstring)
            if not self._flowing():
                return  # fetched before a rebalance began: forgotten, consumed again (see the class docstring)
            self._aligner.add((source_record(self._names, event), event) for event in events)
            await self._release()

    def drop(self) -> None:
        """Forget what waits (a stop or a rebalance: it is consumed again from the committed offsets)."""
        self._aligner.drop()

    async def before_wait_empty(self, stopping: bool) -> None:
        """Faust is about to wait until every taken record is acknowledged. On a rebalance, once the batch in
        hand is done, what waits here is forgotten; on a stop at once (a batch cut short by the stop keeps its
        offsets uncommitted, and one waiting on a dependency must not keep the stop waiting). Either way what
        is forgotten is uncommitted and consumed again from the committed offsets."""
        if stopping:
            self.drop()
            return
        async with self._lock:
            self.drop()

    async def tick(self) -> None:
        """What waited long enough goes (a partition silent for QINGLANG_ALIGN_WAIT is waited on no longer)."""
        if not len(self._aligner):
            return
        async with self._lock:
            await self._release()

    async def _release(self) -> None:
        # With a backlog held (twice a batch or more), only whole batches go: a batch and a small remainder
        # cost more than the batch and the remainder's worth of the next one. Otherwise all that may go goes.
        whole = self._batch_max if len(self._aligner) >= 2 * self._batch_max else 1
        await self._process(self._aligner.release(self._waiting_on(self._aligner.taken_offsets()), whole))

    async def _process(self, released: list[tuple[SourceRecord, Any]]) -> None:
        stream = self._stream
        for start in range(0, len(released), self._batch_max):
            part = released[start:start + self._batch_max]
            await self._processor.process_batch([record for record, _ in part])
            assert stream is not None  # records were taken, so a stream gave them
            for _, event in part:
                await stream.ack(event)  # ours; take_events' finally released Faust's reference
            del part
            self._collector.after_batch()  # the batch's objects are garbage now, not in the middle of the next
        if released:
            self._aligner.processed()


def add_agent(app: faust.App, names: topics.TopicNames, settings: Settings, processor: RecordProcessor,
              waiting_on: Callable[[Mapping[Lane, int]], frozenset[Lane]]) -> AlignedIntake:
    """The batch agent over every input topic: raw bytes in, decoded inside the body, so no record can make
    Faust's iteration raise; `waiting_on` names the input partitions with records not taken yet."""
    channel = app.topic(*(names.physical(t) for t in topics.INPUT_TOPICS), schema=RawBytes())
    intake = AlignedIntake(names, processor, waiting_on, lambda: app.consumer.flow_active,
                           batch_max=settings.batch_max, align_wait_s=settings.align_wait_s)

    async def agent(stream: faust.StreamT) -> None:
        consumer = app.consumer
        if isinstance(consumer, Consumer):
            consumer.before_wait_empty = intake.before_wait_empty
        try:
            async for events in stream.take_events(settings.batch_max, within=settings.batch_wait_s):
                await intake.taken(stream, events)
                del events
        except BaseException:
            # stopping (SIGTERM): what waits is consumed again after the restart. Faust's shutdown waits
            # until no taken message is referenced any more, so it must not stay referenced here.
            intake.drop()
            raise

    app.agent(channel, name="qinglang.agent.batch", concurrency=1)(agent)

    @app.timer(interval=ALIGN_TICK_S)
    async def release_aligned() -> None:
        await intake.tick()

    return intake
