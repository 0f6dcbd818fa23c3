"""Turns one consumed record into its outputs (P1, P6): decode → enforce → emit, or dead-letter.

Never raises for bad input, and never lets a record go unprocessed: input errors are dead-lettered;
Redis and Kafka failures are retried with backoff so the offset stays uncommitted (pinned decision 3);
an unexpected bug on one record dead-letters it as `internal_error` with the exception, so the raw
bytes are kept and the partition is not blocked.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import orjson
from aiokafka.errors import KafkaError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from enforcement.events import ErrorCode, Event, InvalidEvent, decode_event
from enforcement.pipeline import Enforcement, Outcome
from enforcement.registry import Registry
from enforcement.registry_recheck import RegistryRecord
from streams.bus import topics
from streams.bus.deadletter import deadletter_record
from streams.bus.messages import OutputRecord, Sink, SourceRecord
from streams.observability.metrics import Metrics
from streams.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")

DEPENDENCY_ERRORS: tuple[type[BaseException], ...] = (
    RedisConnectionError,
    RedisTimeoutError,
    KafkaError,
    ConnectionError,
    TimeoutError,
)


def _dumps(value: dict[str, Any]) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _output(topic: str, action: dict[str, Any]) -> OutputRecord:
    """An action keyed by its own account (a due lift may belong to another account than the event's),
    timestamped with its event time."""
    at = datetime.fromisoformat(action["occurred_at"].replace("Z", "+00:00"))
    return OutputRecord(topic, action["account_id"].encode(), _dumps(action), int(at.timestamp() * 1000))


class RecordProcessor:
    """Processes records one at a time, in partition order; see the module docstring for guarantees."""

    def __init__(self, settings: Settings, enforcement: Enforcement, sink: Sink, metrics: Metrics) -> None:
        self._settings = settings
        self._enforcement = enforcement
        self._sink = sink
        self._metrics = metrics

    async def process(self, record: SourceRecord) -> None:
        """Handle one record; returns only once its outputs (or its dead letter) are on Kafka."""
        started = time.perf_counter()
        try:
            event = decode_event(
                record.value, topic=record.topic, key=record.key, max_bytes=self._settings.max_record_bytes
            )
        except InvalidEvent as error:
            await self.dead_letter(record, error.code, error.message, error.field)
        else:
            await self._enforce(record, event)
        self._metrics.processing.labels(record.topic).observe(time.perf_counter() - started)

    async def _enforce(self, record: SourceRecord, event: Event) -> None:
        try:
            outcome = await self._retrying("redis", lambda: self._enforcement.handle(event))
        except Exception as exc:  # a bug on one record must not block the partition or lose the record
            log.exception("enforcement failed on %s offset %s", record.topic, record.offset,
                          extra={"topic": record.topic, "partition": record.partition, "offset": record.offset})
            message = f"{type(exc).__name__}: {exc}"[:1000]
            await self.dead_letter(record, ErrorCode.INTERNAL_ERROR, message, None)
            return
        outputs = self._outputs(record, event, outcome)
        await self._retrying("kafka", lambda: self._sink.send_all(outputs))
        await self._retrying("redis", lambda: self._enforcement.acknowledge(outcome))
        self._metrics.events.labels(record.topic, event.type).inc()
        self._metrics.decision_latency.labels(record.topic).observe(
            max(time.time() - event.occurred_at.timestamp(), 0.0))
        self._count_outcome(outcome)
        if outcome.appeal_result is not None:
            self._metrics.appeals.labels(outcome.appeal_result).inc()
        if outcome.report_category is not None:
            self._metrics.reports.labels(outcome.report_category).inc()
        if outcome.review_decision is not None:
            self._metrics.review_decisions.labels(outcome.review_decision).inc()
        if outcome.watermark_ms is not None:
            self._metrics.watermark.set(outcome.watermark_ms / 1000)

    def _count_outcome(self, outcome: Outcome) -> None:
        for violation in outcome.violations:
            self._metrics.violations.labels(violation["requirement"], violation["rule"]).inc()
        for review in outcome.reviews:
            self._metrics.reviews.labels(review["reason"]).inc()
            if review["reason"] == "closure_cap":
                self._metrics.closures_capped.inc()
        for rule, state in outcome.brakes:
            self._metrics.breaker_open.labels(rule).set(0 if state == "admitted" else 1)
            if state == "opened":
                self._metrics.breaker_trips.labels(rule).inc()
        self._metrics.credential_items_fired.inc(len(outcome.credential_acks))
        self._metrics.registry_rechecks.inc(len(outcome.rechecked))
        self._count_actions(outcome)

    async def fire_due(self) -> None:
        """Send the mute lifts and credential expiries (issue 5) the shared watermark has made due (called
        on a timer when partitions idle). With QINGLANG_LIVE_CLOCK the clock first raises the watermark as
        an event stamped now would, so a credential lapses on time even when no event arrives at all."""
        try:
            if self._settings.live_clock:  # pinned 11: live running also advances the watermark by the clock
                await self._enforcement.observe_clock(datetime.now(UTC))
            outcome = await self._enforcement.due()
        except DEPENDENCY_ERRORS as exc:
            log.warning("schedule check skipped: %r", exc)
            return
        await self._send_unkeyed(outcome)

    async def registry_changed(self, before: Registry, records: list[RegistryRecord]) -> None:
        """Issue 5 §2: re-check existing accounts against a registry batch and send what it found."""
        try:
            outcome = await self._retrying("redis", lambda: self._enforcement.registry_changed(before, records))
        except Exception:  # a bug must not stop the registry follower; the claims' lease lets a restart retry
            log.exception("registry re-check failed on a batch of %d records", len(records))
            return
        await self._send_unkeyed(outcome)

    async def _send_unkeyed(self, outcome: Outcome) -> None:
        """Send outputs that no consumed record carries, each keyed by its own account, then acknowledge."""
        if not (outcome.actions or outcome.shadow_actions or outcome.violations or outcome.reviews
                or outcome.credential_acks or outcome.rechecked):
            return
        outputs = [_output(topics.VIOLATIONS, v) for v in outcome.violations]
        outputs += [_output(topics.REVIEW, r) for r in outcome.reviews]
        outputs += [_output(topics.ACTIONS, a) for a in outcome.actions]
        outputs += [_output(topics.SHADOW_ACTIONS, a) for a in outcome.shadow_actions]
        await self._retrying("kafka", lambda: self._sink.send_all(outputs))
        await self._retrying("redis", lambda: self._enforcement.acknowledge(outcome))
        self._count_outcome(outcome)

    def _count_actions(self, outcome: Outcome) -> None:
        """New decisions only: actions re-sent for a redelivered record were counted the first time."""
        resent = set(outcome.resent)
        for action in outcome.actions:
            if action["action_id"] not in resent:
                self._metrics.actions.labels(action["sanction"]).inc()
        for action in outcome.shadow_actions:
            if action["action_id"] not in resent:
                self._metrics.shadow_actions.labels(action["sanction"]).inc()

    def _outputs(self, record: SourceRecord, event: Event, outcome: Outcome) -> list[OutputRecord]:
        key = event.account_id.encode()
        at = int(event.occurred_at.timestamp() * 1000)
        # a due credential expiry (issue 5) may belong to another account than the event's: key by its own
        outputs = [OutputRecord(topics.VIOLATIONS, v["account_id"].encode(), _dumps(v), at) for v in outcome.violations]
        outputs += [OutputRecord(topics.REVIEW, r["account_id"].encode(), _dumps(r), at) for r in outcome.reviews]
        outputs += [_output(topics.ACTIONS, a) for a in outcome.actions]
        outputs += [_output(topics.SHADOW_ACTIONS, a) for a in outcome.shadow_actions]
        if self._settings.emit_processed:
            processed = {
                "event_id": event.event_id,
                "type": event.type,
                "account_id": event.account_id,
                "occurred_at": event.occurred_at.isoformat().replace("+00:00", "Z"),
                "source": {"topic": record.topic, "partition": record.partition, "offset": record.offset},
                "violation_ids": [v["violation_id"] for v in outcome.violations],
                "review_ids": [r["review_id"] for r in outcome.reviews],
                "action_ids": [a["action_id"] for a in outcome.actions],
            }
            outputs.append(OutputRecord(topics.PROCESSED, key, _dumps(processed), at))
        return outputs

    async def dead_letter(self, record: SourceRecord, code: ErrorCode, message: str, field: str | None) -> None:
        """Send one refused record to `qinglang.deadletter` (retrying until Kafka has it)."""
        body = deadletter_record(
            record, code, message, field, prefix_bytes=self._settings.deadletter_prefix_bytes
        )
        output = OutputRecord(topics.DEADLETTER, record.key, _dumps(body), record.timestamp_ms)
        await self._retrying("kafka", lambda: self._sink.send_all([output]))
        self._metrics.deadletters.labels(record.topic, str(code)).inc()
        log.info("dead-lettered %s", code, extra={"topic": record.topic, "partition": record.partition,
                                                  "offset": record.offset, "error_code": str(code)})

    async def _retrying(self, dependency: str, call: Callable[[], Awaitable[T]]) -> T:
        """Run `call` until it succeeds, backing off on dependency failures; other errors propagate."""
        delay = 0.1
        while True:
            try:
                return await call()
            except DEPENDENCY_ERRORS as exc:
                self._metrics.dependency_retries.labels(dependency).inc()
                log.warning("%s unavailable (%r); retrying in %.1fs", dependency, exc, delay,
                            extra={"dependency": dependency, "retry_in_s": delay})
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._settings.retry_max_backoff_s)
