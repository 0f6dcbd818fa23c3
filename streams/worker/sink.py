"""The worker's sink: output records onto Kafka with the Faust app's producer."""

from __future__ import annotations

import asyncio

import faust

from streams.bus import topics
from streams.bus.messages import OutputRecord


class FaustSink:
    """Sends output records with the app's producer and waits until the broker acknowledged all of them."""

    def __init__(self, app: faust.App, names: topics.TopicNames) -> None:
        self._app = app
        self._names = names

    async def send_all(self, records: list[OutputRecord]) -> None:
        futures = [
            await self._app.producer.send(
                self._names.physical(record.topic), record.key, record.value,
                partition=None, timestamp=record.timestamp_ms / 1000 if record.timestamp_ms else None,
                headers=None,
            )
            for record in records
        ]
        await asyncio.gather(*futures)
