"""The worker's sink over a stand-in for the Faust producer: what it hands the producer for each output record
(the topic's name on the cluster, the key and value as given, the event time in seconds, no partition so
the key decides it, no headers), and that it sends every record before waiting, then returns only once the
broker has acknowledged them all — a batch's offsets may commit only after that."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka.errors import KafkaTimeoutError

from streams.bus.messages import OutputRecord
from streams.bus.topics import TopicNames
from streams.worker.sink import FaustSink


class FakeProducer:
    """Keeps each send's arguments and hands back a future the test resolves, as the broker's ack would."""

    def __init__(self, *, acknowledge: bool = True) -> None:
        self.sent: list[dict[str, Any]] = []
        self.acks: list[asyncio.Future[None]] = []
        self._acknowledge = acknowledge

    async def send(self, topic: str, key: bytes | None, value: bytes, *, partition: int | None,
                   timestamp: float | None, headers: Any) -> asyncio.Future[None]:
        self.sent.append({"topic": topic, "key": key, "value": value, "partition": partition,
                          "timestamp": timestamp, "headers": headers})
        ack: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if self._acknowledge:
            ack.set_result(None)
        self.acks.append(ack)
        return ack


def _sink(producer: FakeProducer, prefix: str = "") -> FaustSink:
    app: Any = SimpleNamespace(producer=producer)  # FaustSink uses only the app's producer
    return FaustSink(app, TopicNames(prefix))


RECORDS = [
    OutputRecord("qinglang.actions", b"u:1", b'{"sanction":"warning"}', 1_795_334_400_500),
    OutputRecord("qinglang.deadletter", None, b'{"error":{}}', 1_795_334_401_000),  # a keyless dead letter
    OutputRecord("qinglang.violations", b"u:2", b'{"rule":"x"}'),  # no event time
]


def test_each_record_goes_to_its_topic_on_the_cluster_with_its_key_value_and_event_time() -> None:
    producer = FakeProducer()
    asyncio.run(_sink(producer, prefix="staging.").send_all(RECORDS))
    assert producer.sent == [
        {"topic": "staging.qinglang.actions", "key": b"u:1", "value": b'{"sanction":"warning"}', "partition": None,
         "timestamp": 1_795_334_400.5, "headers": None},
        {"topic": "staging.qinglang.deadletter", "key": None, "value": b'{"error":{}}', "partition": None,
         "timestamp": 1_795_334_401.0, "headers": None},
        {"topic": "staging.qinglang.violations", "key": b"u:2", "value": b'{"rule":"x"}', "partition": None,
         "timestamp": None, "headers": None},  # the producer stamps it with its own time
    ]


def test_without_a_prefix_the_logical_names_are_the_cluster_names() -> None:
    producer = FakeProducer()
    asyncio.run(_sink(producer).send_all(RECORDS[:1]))
    assert [s["topic"] for s in producer.sent] == ["qinglang.actions"]


def test_every_record_is_sent_before_waiting_and_the_call_returns_once_all_are_acknowledged() -> None:
    async def main() -> None:
        producer = FakeProducer(acknowledge=False)
        sending = asyncio.create_task(_sink(producer).send_all(RECORDS))
        for _ in range(5):
            await asyncio.sleep(0)
        # all three handed to the producer without waiting for any acknowledgement: one wait per batch
        assert len(producer.sent) == 3 and not sending.done()
        producer.acks[2].set_result(None)
        producer.acks[0].set_result(None)
        for _ in range(5):
            await asyncio.sleep(0)
        assert not sending.done()  # one record not yet on the broker: the batch may not commit
        producer.acks[1].set_result(None)
        await asyncio.wait_for(sending, timeout=5)

    asyncio.run(main())


def test_a_record_the_broker_does_not_acknowledge_fails_the_whole_send() -> None:
    """The error reaches the processor, which classifies it (retry the batch, or stop): nothing commits."""

    async def main() -> None:
        producer = FakeProducer(acknowledge=False)
        sending = asyncio.create_task(_sink(producer).send_all(RECORDS))
        for _ in range(5):
            await asyncio.sleep(0)
        producer.acks[0].set_result(None)
        producer.acks[1].set_exception(KafkaTimeoutError())
        producer.acks[2].set_result(None)
        with pytest.raises(KafkaTimeoutError):
            await sending

    asyncio.run(main())


def test_an_empty_batch_sends_nothing() -> None:
    producer = FakeProducer()
    asyncio.run(_sink(producer).send_all([]))
    assert producer.sent == []
