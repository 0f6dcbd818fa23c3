"""The Faust agents: consumed records in, handed to the record processor."""

from __future__ import annotations

import faust

from streams.bus import topics
from streams.bus.messages import SourceRecord
from streams.worker.processor import RecordProcessor


def add_agent(app: faust.App, names: topics.TopicNames, logical: str, processor: RecordProcessor) -> None:
    """One agent per input topic: raw bytes in, decoding inside the body (pinned decision 2)."""
    topic = app.topic(names.physical(logical), key_serializer="raw", value_serializer="raw")

    async def agent(stream: faust.StreamT) -> None:
        async for event in stream.events():
            message = event.message
            await processor.process(
                SourceRecord(
                    topic=logical,
                    partition=message.partition,
                    offset=message.offset,
                    key=message.key,
                    value=message.value,
                    headers=tuple((k, v) for k, v in (message.headers or ())),
                    timestamp_ms=int(message.timestamp * 1000) if message.timestamp else None,
                )
            )

    app.agent(topic, name=f"qinglang.agent.{logical}")(agent)
