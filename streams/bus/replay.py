"""Replay a recording onto Kafka, preserving keys, headers, timestamps and per-key order (P4)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from aiokafka import AIOKafkaProducer

from streams.bus.recording import RecordedRecord
from streams.bus.topics import TopicNames


async def replay_records(
    records: Sequence[RecordedRecord],
    *,
    bootstrap: str,
    names: TopicNames,
    rate: float | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Produce every record in order (idempotent producer, acks=all); `rate` caps records per second."""
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5,
        max_request_size=16 * 1024 * 1024,
    )
    await producer.start()
    try:
        started = time.monotonic()
        pending: list[asyncio.Future[object]] = []
        for index, record in enumerate(records, start=1):
            if rate:
                ahead = index / rate - (time.monotonic() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
            pending.append(
                await producer.send(
                    names.physical(record.topic),
                    value=record.value,
                    key=record.key,
                    timestamp_ms=record.timestamp_ms,
                    headers=list(record.headers) or None,
                )
            )
            if len(pending) >= 500:
                await asyncio.gather(*pending)
                if on_progress:
                    on_progress(len(pending))
                pending.clear()
        await asyncio.gather(*pending)
        if on_progress and pending:
            on_progress(len(pending))
        await producer.flush()
        return len(records)
    finally:
        await producer.stop()
