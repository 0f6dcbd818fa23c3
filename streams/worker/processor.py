"""Turns consumed records into their outputs (P1, P6), a batch at a time: decode → enforce → emit, or
dead-letter.

A batch (the records one `take_events` call handed over, from every partition the worker holds) is
worked like this:
- decode all; refused records become dead letters, in place; merge the batch's topic-partitions by event
  time (each partition's order kept), so one account's events from different topics are taken in
  event-time order wherever they meet in one batch;
- group the valid events by account and handle the accounts side by side, each account's events strictly
  in order — so their Redis commands share round trips (the client auto-pipelines) and one account's
  events from different topics are never handled concurrently. Steps that read or write other accounts'
  state wait for the earlier events of the batch (`enforcement.ordering`), so every batch size gives the
  same decisions as one record at a time;
- fire what the event-time watermark made due at the same points one-at-a-time processing would: the
  batch is cut into segments that end where the watermark reaches the earliest scheduled item (counting
  the items the segment's own credential events schedule), and due items fire between segments, with
  nothing in flight; they are sent after the event they fired behind, not as its own (`qinglang.processed`);
- while input partitions are behind (a backlog), what fires is held back to the slowest one's progress
  (`enforcement.watermark.holds`), so how fast each partition happens to be read decides nothing;
- send every output without waiting on each, wait for the broker once, then acknowledge the fired
  schedule items and share the batch's watermark and the partitions' holds once. Only then may the
  batch's offsets commit.

Never raises for bad input, and never lets a record go unprocessed: input errors are dead-lettered;
Redis and Kafka failures are classified (`streams.worker.errors`): retriable ones — connection loss,
timeouts, and server-state answers such as OOM or READONLY — are retried with backoff (the whole batch
again: every effect is idempotent), so the offsets stay uncommitted and no valid event is dead-lettered
for them; a non-retriable one (an ACL, an authorization, a record the broker refuses) stops the
processor where it is — the batch held, nothing committed, `qinglang_partition_stopped` set — until an
operator fixes the cause and restarts the worker. An unexpected bug on one event dead-letters that record
as `internal_error` with the exception, so the raw bytes are kept and the partition is not blocked.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NoReturn, TypeVar

import orjson

from enforcement.events import (
    AppealResolved,
    ErrorCode,
    Event,
    InvalidEvent,
    ProfileCreated,
    ReviewDecided,
    decode_event,
)
from enforcement.ordering import Turnstile, take_place
from enforcement.pipeline import Enforcement, Outcome
from enforcement.registry import Registry
from enforcement.registry_recheck import RegistryRecord
from enforcement.watermark import to_millis
from enforcement.watermark.holds import NO_TIME, LaneHolds, capped, lowest
from streams.bus import topics
from streams.bus.deadletter import deadletter_key, deadletter_record
from streams.bus.messages import OutputRecord, Sink, SourceRecord
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.worker.errors import Verdict, classify, describe, first_dependency_error, is_dependency_error

log = logging.getLogger(__name__)
T = TypeVar("T")

# Events whose effects other accounts' events read (a new account's owner and creation time, reporters'
# weights): a report waits for the earlier ones of its batch (enforcement.ordering).
_CROSS_ACCOUNT_WRITERS = (ProfileCreated, AppealResolved, ReviewDecided)


def _dumps(value: dict[str, Any]) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _output(topic: str, action: dict[str, Any]) -> OutputRecord:
    """An action keyed by its own account (a due lift may belong to another account than the event's),
    timestamped with its event time."""
    at = datetime.fromisoformat(action["occurred_at"].replace("Z", "+00:00"))
    return OutputRecord(topic, action["account_id"].encode(), _dumps(action), int(at.timestamp() * 1000))


def _in_event_time_order(records: Sequence[SourceRecord], decoded: list[Event | InvalidEvent],
                          ) -> tuple[list[SourceRecord], list[Event | InvalidEvent]]:
    """The batch merged by event time across its topic-partitions, each partition's own order kept.

    Kafka orders nothing across topics, and how a batch interleaves them depends on fetch timing; taking
    one account's profile, credential and report events in event-time order inside a batch makes the
    decisions follow event time wherever the events meet in one batch. A refused record sorts by its
    record timestamp. Events at the same millisecond go by topic, then partition — never by which partition
    the fetch happened to list first, which differs from run to run."""
    def event_ms(i: int) -> int:
        item = decoded[i]
        if isinstance(item, InvalidEvent):
            return records[i].timestamp_ms or 0
        return to_millis(item.occurred_at)

    partitions: dict[tuple[str, int], list[int]] = {}
    for i, record in enumerate(records):
        partitions.setdefault((record.topic, record.partition), []).append(i)
    if len(partitions) < 2:
        return list(records), decoded
    order = list(heapq.merge(*(partitions[lane] for lane in sorted(partitions)), key=event_ms))  # stable
    return [records[i] for i in order], [decoded[i] for i in order]


def _batch_progress(records: Sequence[SourceRecord], positions: list[int], times: list[int],
                    ) -> dict[Lane, tuple[int, int | None]]:
    """Per partition of the batch: the next offset after it, and the latest event time of its valid events
    (the records at `positions`, whose event times are `times`)."""
    event_ms = dict(zip(positions, times, strict=True))
    progress: dict[Lane, tuple[int, int | None]] = {}
    for i, record in enumerate(records):
        lane = (record.topic, record.partition)
        offset, at = progress.get(lane, (0, None))
        ms = event_ms.get(i)
        if ms is not None:
            at = ms if at is None else max(at, ms)
        progress[lane] = (max(offset, record.offset + 1), at)
    return progress


def _unkeyed_outputs(outcome: Outcome) -> list[OutputRecord]:
    """Outputs that no consumed record carries (due items, re-checks), each keyed by its own account."""
    outputs = [_output(topics.VIOLATIONS, v) for v in outcome.violations]
    outputs += [_output(topics.REVIEW, r) for r in outcome.reviews]
    outputs += [_output(topics.ACTIONS, a) for a in outcome.actions]
    outputs += [_output(topics.SHADOW_ACTIONS, a) for a in outcome.shadow_actions]
    return outputs


Lane = tuple[str, int]  # an input topic (logical name) and partition


@dataclass(frozen=True, slots=True)
class LaneState:
    """The worker's input partitions as its consumer sees them: those assigned to it, and those of them
    with records not yet processed."""

    assigned: frozenset[Lane]
    behind: frozenset[Lane]


# given the next offset this worker has processed per partition, the state of its partitions
LaneView = Callable[[Mapping[Lane, int]], LaneState]


def _lane_name(lane: Lane) -> str:
    return f"{lane[0]}:{lane[1]}"


@dataclass(slots=True)
class _LanePlan:
    """How a batch holds the watermark back: the lowest hold of the partitions without events in the batch,
    the holds of those with events before and (if still behind) after it, and the holds to write once the
    batch is done."""

    elsewhere: int | None
    starts: dict[str, int]
    ends_behind: dict[str, int]
    writes: dict[str, int | None]


@dataclass(frozen=True, slots=True)
class _Failed:
    """An event whose handling raised something other than a dependency error: dead-lettered."""

    message: str


class RecordProcessor:
    """Processes batches of records; see the module docstring for guarantees."""

    def __init__(self, settings: Settings, enforcement: Enforcement, sink: Sink, metrics: Metrics,
                 on_stopped: Callable[[], None] | None = None, *,
                 holds: LaneHolds | None = None, lanes: LaneView | None = None) -> None:
        self._settings = settings
        # partitions behind hold the watermark back (both or neither: without them nothing is held)
        self._holds = holds if lanes is not None else None
        self._lanes = lanes
        self._done: dict[Lane, int] = {}  # the next offset processed here, per partition
        self._reached: dict[Lane, int] = {}  # the latest event time processed here, per partition
        self._lateness_ms = settings.allowed_lateness_s * 1000
        self._on_stopped = on_stopped  # told once when processing stops for good (the app stops waiting for it)
        self._enforcement = enforcement
        self._sink = sink
        self._metrics = metrics
        self._bounds = settings.event_time_bounds()
        # one batch, one timer check or one registry re-check at a time: due items and re-checks touch
        # accounts a batch may be handling
        self._lock = asyncio.Lock()
        self._stopped: tuple[str, BaseException] | None = None  # the non-retriable error that stopped processing
        self._batch_partitions: set[tuple[str, int]] = set()  # of the batch in hand (for the stopped gauge)

    async def process_batch(self, records: Sequence[SourceRecord]) -> None:
        """Handle a batch; returns once every output and dead letter is on Kafka. Raises only when
        cancelled (then nothing of the batch may be committed: the caller holds the offsets)."""
        if not records:
            return
        started = time.perf_counter()
        if self._stopped is not None:  # stopped elsewhere (a timer's send): these partitions wait too
            self._batch_partitions = {(r.topic, r.partition) for r in records}
            await self._stop(*self._stopped)
        await self._enforcement.wait_ready()  # the registries are loaded (outside the lock: loading re-checks)
        async with self._lock:
            self._batch_partitions = {(r.topic, r.partition) for r in records}
            records, decoded = _in_event_time_order(records, [self._decode(record) for record in records])
            positions = [i for i, item in enumerate(decoded) if not isinstance(item, InvalidEvent)]
            events = [item for item in decoded if not isinstance(item, InvalidEvent)]
            lanes = [(records[i].topic, records[i].partition) for i in positions]
            times = [to_millis(event.occurred_at) for event in events] if self._holds is not None else []
            progress = _batch_progress(records, positions, times) if self._holds is not None else {}
            results, fired, plan = await self._retrying(
                "redis", lambda: self._enforce_all(events, lanes, times, progress))
            handled: dict[int, Outcome | _Failed] = dict(zip(positions, results, strict=True))
            fired_after = {positions[i]: outcome for i, outcome in fired.items()}
            outputs: list[OutputRecord] = []
            outcomes: list[Outcome] = []  # acknowledged in the order they were decided
            for i, record in enumerate(records):
                item = decoded[i]
                if isinstance(item, InvalidEvent):
                    outputs.append(self._dead_letter_output(record, item.code, item.message, item.field))
                    continue
                result = handled[i]
                if isinstance(result, _Failed):
                    outputs.append(self._dead_letter_output(record, ErrorCode.INTERNAL_ERROR, result.message, None))
                else:
                    outputs += self._outputs(record, item, result)
                    outcomes.append(result)
                if i in fired_after:  # sent where it fired, in order, but not as this record's own
                    outputs += _unkeyed_outputs(fired_after[i])
                    outcomes.append(fired_after[i])
            await self._retrying("kafka", lambda: self._sink.send_all(outputs))
            for outcome in outcomes:
                if outcome.acks or outcome.shadow_acks or outcome.credential_acks:
                    await self._retrying("redis", lambda o=outcome: self._enforcement.acknowledge(o))
            await self._share_holds(plan, progress)
            await self._retrying("redis", self._enforcement.flush_watermark)
        self._count_batch(records, decoded, handled, list(fired.values()), time.perf_counter() - started)

    def _count_batch(self, records: Sequence[SourceRecord], decoded: list[Event | InvalidEvent],
                     handled: dict[int, Outcome | _Failed], fired: list[Outcome], seconds: float) -> None:
        metrics = self._metrics
        metrics.batch_size.observe(len(records))
        metrics.batch_seconds.observe(seconds)
        share = seconds / len(records)
        now = time.time()
        # one labelled child per topic and one increment per label set, not a lookup per record
        events: Counter[tuple[str, str]] = Counter()
        processing: dict[str, Any] = {}
        latency: dict[str, Any] = {}
        watermark_ms: int | None = None
        for i, record in enumerate(records):
            topic = record.topic
            if topic not in processing:
                processing[topic] = metrics.processing.labels(topic)
                latency[topic] = metrics.decision_latency.labels(topic)
            processing[topic].observe(share)
            item = decoded[i]
            if isinstance(item, InvalidEvent):
                self._count_dead_letter(record, item.code)
                continue
            result = handled[i]
            if isinstance(result, _Failed):
                self._count_dead_letter(record, ErrorCode.INTERNAL_ERROR)
                continue
            events[topic, item.type] += 1
            latency[topic].observe(max(now - item.occurred_at.timestamp(), 0.0))
            self._count_outcome(result)
            if result.appeal_result is not None:
                metrics.appeals.labels(result.appeal_result).inc()
            if result.report_category is not None:
                metrics.reports.labels(result.report_category).inc()
            if result.review_decision is not None:
                metrics.review_decisions.labels(result.review_decision).inc()
            if result.watermark_ms is not None:
                watermark_ms = result.watermark_ms
        if watermark_ms is not None:  # the gauge shows the batch's last: set once, not once per event
            metrics.watermark.set(watermark_ms / 1000)
        for (topic, kind), count in events.items():
            metrics.events.labels(topic, kind).inc(count)
        for outcome in fired:
            self._count_outcome(outcome)

    def _decode(self, record: SourceRecord) -> Event | InvalidEvent:
        try:
            # the event time is bounded by the record's own timestamp, so a replay decides the same
            return decode_event(record.value, topic=record.topic, key=record.key,
                                max_bytes=self._settings.max_record_bytes, timestamp_ms=record.timestamp_ms,
                                bounds=self._bounds)
        except InvalidEvent as error:
            return error
        except Exception as exc:  # a decoder bug must not crash the batch: the record is kept as a dead letter
            log.exception("decoding failed on %s offset %s", record.topic, record.offset,
                          extra={"topic": record.topic, "partition": record.partition, "offset": record.offset})
            return InvalidEvent(ErrorCode.INTERNAL_ERROR, f"{type(exc).__name__}: {exc}"[:1000])

    async def _enforce_all(self, events: list[Event], lanes: list[Lane], times: list[int],
                           progress: Mapping[Lane, tuple[int, int | None]],
                           ) -> tuple[list[Outcome | _Failed], dict[int, Outcome], _LanePlan | None]:
        """Every event of the batch (from `lanes`, at event times `times` when partitions hold the watermark)
        through enforcement (see the module docstring for the order); also returns what the watermark made
        due, by the event after which it fired, and the partitions' holds to share once the batch is done.

        What fires is not the event's own: which event moves the watermark past a due item depends on how
        far the partitions behind hold it (a backlog's fetches), so a processed record lists only what its
        own event produced, and the same records give the same processed records on every run."""
        results: list[Outcome | _Failed] = [Outcome()] * len(events)
        fired: dict[int, Outcome] = {}
        watermarks = self._enforcement.planned_watermarks(events)
        plan = await self._plan_lanes(progress)
        if plan is not None:
            watermarks = capped(watermarks, [_lane_name(lane) for lane in lanes], times, elsewhere=plan.elsewhere,
                                starts=plan.starts, ends_behind=plan.ends_behind, lateness_ms=self._lateness_ms)
        turnstile = Turnstile([isinstance(e, _CROSS_ACCOUNT_WRITERS) for e in events])
        start, fresh = 0, True
        while start < len(events):
            next_due = await self._enforcement.next_due(fresh=fresh)  # read once per batch, then kept locally
            fresh = False
            end, fire = start, False
            while end < len(events) and not fire:
                # what this segment's own events schedule counts from their position on
                scheduled = self._enforcement.earliest_scheduled_by(events[end])
                if scheduled is not None:
                    next_due = scheduled if next_due is None else min(next_due, scheduled)
                fire = next_due is not None and watermarks[end] >= next_due
                end += 1
            await self._run_segment(events, range(start, end), results, turnstile,
                                    watermarks if plan is not None else None)
            last = end - 1
            if not fire:  # an item scheduled inside the segment may be due already
                next_due = await self._enforcement.next_due()
                fire = next_due is not None and watermarks[last] >= next_due
            if fire:
                fired[last] = await self._enforcement.due(watermarks[last])
            start = end
        return results, fired, plan

    async def _plan_lanes(self, progress: Mapping[Lane, tuple[int, int | None]]) -> _LanePlan | None:
        """How the partitions hold the watermark back for a batch that moves them as `progress` says
        (partition -> next offset, latest event time of its valid events); None when nothing is held."""
        if self._holds is None or self._lanes is None:
            return None
        done = dict(self._done)
        for lane, (next_offset, _) in progress.items():
            done[lane] = max(done.get(lane, 0), next_offset)
        state = self._lanes(done)
        held = await self._holds.held()
        moving = {_lane_name(lane) for lane, (_, at) in progress.items() if at is not None}  # events in the batch
        writes: dict[str, int | None] = {}
        ends: dict[str, int] = {}
        for lane, (_, at) in progress.items():
            name = _lane_name(lane)
            if lane in state.behind and at is not None:
                ends[name] = max(at, self._reached.get(lane, at))
                if held.get(name) != ends[name]:
                    writes[name] = ends[name]
        for lane in state.assigned - state.behind:  # caught up: holds nothing any more
            if _lane_name(lane) in held:
                writes[_lane_name(lane)] = None
        new = [_lane_name(lane) for lane in state.behind if _lane_name(lane) not in held.keys() | moving]
        if new:  # behind before any of its records was taken: holds where time is now
            mark = await self._enforcement.watermark()
            start = NO_TIME if mark is None else mark + self._lateness_ms
            writes.update(dict.fromkeys(new, start))
        after = {name: at for name, at in {**held, **writes, **ends}.items() if at is not None}
        self._metrics.watermark_holds.set(len(after))
        elsewhere = [at for name, at in after.items() if name not in moving]
        starts = {name: at for name, at in held.items() if name in moving}
        return _LanePlan(lowest(elsewhere), starts, ends, writes)

    async def _share_holds(self, plan: _LanePlan | None, progress: Mapping[Lane, tuple[int, int | None]]) -> None:
        """Once a batch is done: write the partitions' holds (before the watermark they hold back is shared)
        and remember how far this worker took each partition."""
        if plan is None or self._holds is None:
            return
        holds = self._holds
        if plan.writes:
            await self._retrying("redis", lambda: holds.change(plan.writes))
        for lane, (next_offset, at) in progress.items():
            self._done[lane] = max(self._done.get(lane, 0), next_offset)
            if at is not None:
                self._reached[lane] = max(self._reached.get(lane, at), at)

    async def _run_segment(self, events: list[Event], positions: range, results: list[Outcome | _Failed],
                           turnstile: Turnstile, held: list[int] | None) -> None:
        """Handle `events` at `positions`, each account's in order; `held`: the watermark after each event
        as the partitions behind hold it (None: nothing is held)."""
        by_account: dict[str, list[int]] = {}
        for i in positions:
            by_account.setdefault(events[i].account_id, []).append(i)

        async def account(indices: list[int]) -> None:
            for i in indices:
                take_place(turnstile, i)
                try:
                    results[i] = await self._enforcement.handle(events[i], fire_due=False,
                                                                held_to=None if held is None else held[i])
                except Exception as exc:
                    if is_dependency_error(exc):  # not the event's fault: the whole batch is retried or stopped
                        raise
                    # a bug on one event must not block the others or lose the record
                    log.exception("enforcement failed on a %s event", events[i].type)
                    results[i] = _Failed(f"{type(exc).__name__}: {exc}"[:1000])
                finally:
                    turnstile.finish(i)

        try:
            async with asyncio.TaskGroup() as group:
                for indices in by_account.values():
                    group.create_task(account(indices))
        except BaseExceptionGroup as error:
            dependency = first_dependency_error(error)
            if dependency is not None:
                raise dependency from None
            raise

    def _count_outcome(self, outcome: Outcome) -> None:
        for violation in outcome.violations:
            if not violation.get("withdrawn"):  # a withdrawal re-sends a violation counted when it was found
                self._metrics.violations.labels(violation["requirement"], violation["rule"]).inc()
        for review in outcome.reviews:
            if review.get("withdrawn"):  # sent again withdrawn: counted when it was first sent
                continue
            self._metrics.reviews.labels(review["reason"]).inc()
            if review["reason"] == "closure_cap":
                self._metrics.closures_capped.inc()
        for rule, state in outcome.brakes:
            self._metrics.breaker_open.labels(rule).set(0 if state == "admitted" else 1)
            if state == "opened":
                self._metrics.breaker_trips.labels(rule).inc()
        if outcome.credential_acks:  # most outcomes have none: no lock taken for an increment by zero
            self._metrics.credential_items_fired.inc(len(outcome.credential_acks))
        if outcome.rechecked:
            self._metrics.registry_rechecks.inc(len(outcome.rechecked))
        self._count_actions(outcome)

    async def fire_due(self) -> None:
        """Send the mute lifts and credential expiries the shared watermark has made due (called
        on a timer when partitions idle). With QINGLANG_LIVE_CLOCK the clock first raises the watermark as
        an event stamped now would, so a credential lapses on time even when no event arrives at all."""
        async with self._lock:
            try:
                if self._settings.live_clock:  # live running also advances the watermark by the clock
                    await self._enforcement.observe_clock(datetime.now(UTC))
                    await self._enforcement.flush_watermark()
                outcome = await self._enforcement.due(await self._held_watermark())
            except Exception as exc:
                verdict = classify(exc)
                if verdict is Verdict.BUG:
                    raise
                if verdict is Verdict.FATAL:
                    await self._stop("redis", exc)
                log.warning("schedule check skipped: %s", describe(exc))  # the next tick looks again
                return
            await self._send_unkeyed(outcome)

    async def _held_watermark(self) -> int | None:
        """The shared watermark, held back by the partitions still behind (whose holds this refreshes)."""
        mark = await self._enforcement.watermark()
        plan = await self._plan_lanes({})
        if plan is None or self._holds is None or mark is None:
            return mark
        if plan.writes:  # not retried here: a failure skips this tick, like the rest of the check
            await self._holds.change(plan.writes)
        return mark if plan.elsewhere is None else min(mark, plan.elsewhere - self._lateness_ms)

    async def registry_changed(self, before: Registry, records: list[RegistryRecord]) -> bool:
        """Re-check existing accounts against a batch of registry additions and send what it found; False
        when the re-check failed (logged)."""
        async with self._lock:
            try:
                outcome = await self._retrying("redis", lambda: self._enforcement.registry_changed(before, records))
            except Exception:  # a bug must not stop the registry follower; the claims' lease lets a restart retry
                log.exception("registry re-check failed on a batch of %d records", len(records))
                return False
            await self._send_unkeyed(outcome)
            return True

    async def _send_unkeyed(self, outcome: Outcome) -> None:
        """Send outputs that no consumed record carries, each keyed by its own account, then acknowledge."""
        if not (outcome.actions or outcome.shadow_actions or outcome.violations or outcome.reviews
                or outcome.credential_acks or outcome.rechecked):
            return
        outputs = _unkeyed_outputs(outcome)
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
        # a due credential expiry may belong to another account than the event's: key by its own
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
        output = self._dead_letter_output(record, code, message, field)
        await self._retrying("kafka", lambda: self._sink.send_all([output]))
        self._count_dead_letter(record, code)

    def _dead_letter_output(self, record: SourceRecord, code: ErrorCode, message: str, field: str | None,
                            ) -> OutputRecord:
        body = deadletter_record(record, code, message, field, prefix_bytes=self._settings.deadletter_prefix_bytes)
        return OutputRecord(topics.DEADLETTER, deadletter_key(record), _dumps(body), record.timestamp_ms)

    def _count_dead_letter(self, record: SourceRecord, code: ErrorCode) -> None:
        self._metrics.deadletters.labels(record.topic, str(code)).inc()
        log.info("dead-lettered %s", code, extra={"topic": record.topic, "partition": record.partition,
                                                  "offset": record.offset, "error_code": str(code)})

    async def _retrying(self, dependency: str, call: Callable[[], Awaitable[T]]) -> T:
        """Run `call` until it succeeds, backing off on retriable dependency failures; a non-retriable one
        stops the processor here (never returns); other errors (bugs) propagate."""
        delay = 0.1
        while True:
            try:
                return await call()
            except Exception as exc:
                verdict = classify(exc)
                if verdict is Verdict.BUG:
                    raise
                if verdict is Verdict.FATAL:
                    await self._stop(dependency, exc)
                self._metrics.dependency_retries.labels(dependency).inc()
                log.warning("%s unavailable (%s); retrying in %.1fs", dependency, describe(exc), delay,
                            extra={"dependency": dependency, "retry_in_s": delay})
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._settings.retry_max_backoff_s)

    async def _stop(self, dependency: str, error: BaseException) -> NoReturn:
        """Stop for good on a non-retriable dependency error: retrying cannot fix it, and dead-lettering
        would lose a valid event. The caller's batch is held (its offsets never commit) and, since the
        caller keeps the processor's lock, nothing else is processed: the worker's partitions stall where
        they are, shown by `qinglang_partition_stopped` and its alert. The process keeps running on purpose:
        a restart cannot fix a non-retriable cause, a crash loop would hand the partitions to healthy
        workers and stall them too, and a dead process exports no metric. Once the cause is fixed, a
        restart (SIGTERM) redoes the held batch from the committed offsets."""
        if self._stopped is None:
            self._stopped = (dependency, error)
            self._metrics.fatal_dependency_errors.labels(dependency).inc()
            log.error("%s refused the worker for good (%s); processing stopped, nothing committed — fix the"
                      " cause and restart the worker (docs/operations.md#partition-stopped)", dependency,
                      describe(error), extra={"dependency": dependency})
            if self._on_stopped is not None:
                self._on_stopped()
        self._mark_stopped(self._batch_partitions)
        await asyncio.Event().wait()  # until the worker is stopped: cancellation ends it
        raise AssertionError("unreachable")

    def _mark_stopped(self, partitions: set[tuple[str, int]]) -> None:
        for topic, partition in partitions:
            self._metrics.partition_stopped.labels(topic, str(partition)).set(1)
