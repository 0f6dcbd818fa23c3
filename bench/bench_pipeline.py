"""End to end: events per second through a real `qinglang worker` process over real Kafka and Redis, beside
what the same machine does without the worker, all measured in one run.

A seeded simulated recording (the normal mix: mostly clean events, a few percent violations, some malformed
records, no shadow policy) is produced into fresh topics before each worker starts, so the worker drains a
backlog. Measured: the worker's rate of `qinglang.processed` appends (their LogAppendTime, 10 % to 90 % of
the run); the same by the group's committed offsets with that emission off; a bare aiokafka consumer over
the same topics (the ceiling); decode_event and the in-memory Enforcement in this process; input to output
latency at 50 % and 80 % of the worker's rate; two workers of one group, whose outputs must equal one
worker's; one worker again over SASL_SSL (SCRAM-SHA-512 and TLS, a second local broker with ACLs on, the
worker granted only what docs/security.md grants); the worker's peak RSS; replay_records producing the
recording. Optionally the same worker measurement for another commit (--baseline-rev), followed by this
commit's worker once more on the same records (so this commit is measured before and after the baseline),
and a soak under steady load (--soak-minutes).
Usage: .venv/bin/python bench/bench_pipeline.py [--events 200000] [--baseline-rev REV] [--out bench/results.json]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import math
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice, pairwise
from pathlib import Path
from typing import Any

import orjson
import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError
from aiokafka.producer.message_accumulator import BatchBuilder
from topics_ready import topics_served
from worktrees import checkout, resolve_rev

from enforcement.events import Event, InvalidEvent, decode_event
from enforcement.identity import IdentityIndex
from enforcement.policy import load_policy
from enforcement.registry import load_default_registry
from streams.bus import topics
from streams.bus.reader import end_offsets, read_topic
from streams.bus.recording import RecordedRecord
from streams.bus.replay import PartitionBatches, replay_records
from streams.bus.topics import INPUT_TOPICS, TopicNames, ensure_topics, topic_partitions
from streams.local.harness import WorkerProcess, start_worker, wait_for_group
from streams.local.services import grant, start_kafka, start_redis
from streams.local.services.process import CACHE_DIR
from streams.offline.standing import standing
from streams.offline.what_if import in_memory_enforcement
from streams.settings import Settings
from streams.simulate import SimulationOptions, simulate
from streams.worker.heap import BatchCollector, settle_long_lived

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "bench" / "results.json"
PARTITIONS = 6  # the worker's default for account topics: the unit of scale-out
ACCOUNTS = 5_000
# share of simulated names and bios that impersonate; with the reports, labels and credential events that
# also produce violations, about 8 % of the events are flagged (the simulator's default of 0.1 gives 14 %)
VIOLATION_SHARE = 0.03
MAX_LOAD = 1.0
SASL_USER = "qinglang-bench"  # the worker's SCRAM user on the SASL_SSL broker
LATENCY_SHARES = (0.5, 0.8)  # offered load, as a share of the rate one worker drained the backlog at
SOAK_SHARE = 0.5
SOAK_SAMPLE_S = 5.0
QUIET_S = 3.0  # outputs unchanged this long count as settled: longer than the worker's 2 s schedule check
ID_FIELDS = ((topics.VIOLATIONS, "violation_id"), (topics.ACTIONS, "action_id"), (topics.REVIEW, "review_id"))


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---- measuring helpers ---------------------------------------------------------------------------------

def rate_between(stamps_ms: list[int]) -> float:
    """Records per second between the 10 % and the 90 % record, from their broker timestamps (ms): the
    start-up before the first record and the tail after the last are left out."""
    if len(stamps_ms) < 2:
        return 0.0
    ordered = sorted(stamps_ms)
    low, high = round(0.1 * (len(ordered) - 1)), round(0.9 * (len(ordered) - 1))
    return (high - low) / max((ordered[high] - ordered[low]) / 1000, 0.001)


def rate_from_progress(samples: list[tuple[float, int]], total: int) -> float:
    """Records per second between 10 % and 90 % of `total`, from (wall time, committed so far) samples.
    Committed offsets move in steps (one per commit interval), so each threshold's time is interpolated
    between the commits around it, taking each step at the first sample that showed it."""
    steps: list[tuple[float, int]] = []
    for moment, done in samples:
        if not steps or done != steps[-1][1]:
            steps.append((moment, done))
        elif done == 0:
            steps[-1] = (moment, 0)  # the worker starts somewhere after the last sample still at zero

    def crossing(threshold: float) -> float:
        for (t0, d0), (t1, d1) in pairwise(steps):
            if d1 >= threshold:
                return t0 + (t1 - t0) * (threshold - d0) / max(d1 - d0, 1)
        return steps[-1][0]

    if len(steps) < 2:
        return 0.0
    return 0.8 * total / max(crossing(0.9 * total) - crossing(0.1 * total), 0.001)


def nearest_rank(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def proc_status_kb(pid: int, name: str) -> int:
    """A `VmHWM:` / `VmRSS:` line of /proc/<pid>/status, in kB (0 when the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Progress:
    """Prints `label: done/total` to stderr at most every few seconds."""

    def __init__(self, label: str, total: int, every_s: float = 5.0) -> None:
        self.label, self.total, self.every_s = label, total, every_s
        self.done = 0
        self.last = time.monotonic()

    def add(self, count: int) -> None:
        self.set(self.done + count)

    def set(self, done: int, total: int | None = None) -> None:
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        if now - self.last >= self.every_s or done >= self.total:
            self.last = now
            say(f"  {self.label}: {done:,}/{self.total:,}")


# ---- in-process figures ----------------------------------------------------------------------------------

DECODE_PASSES = 3


def decode_passes(records: list[RecordedRecord], max_bytes: int) -> tuple[float, list[Event]]:
    """`decode_all` DECODE_PASSES times: the median pass's seconds, and the events. A worker decodes all the
    time; the first pass over a recording, in a process that has decoded nothing yet, is the slowest (a
    fifth slower than the next ones on this machine), so one pass alone would time a cold decoder."""
    seconds: list[float] = []
    events: list[Event] = []
    for _ in range(DECODE_PASSES):
        elapsed, events = decode_all(records, max_bytes)
        seconds.append(elapsed)
    return sorted(seconds)[len(seconds) // 2], events


def decode_all(records: list[RecordedRecord], max_bytes: int) -> tuple[float, list[Event]]:
    """decode_event over every record as the worker calls it; returns the elapsed seconds and the events."""
    events: list[Event] = []
    started = time.perf_counter()
    for record in records:
        try:
            events.append(decode_event(record.value, topic=record.topic, key=record.key, max_bytes=max_bytes))
        except InvalidEvent:  # counted as malformed by the caller; suppress() would add to the timed loop
            continue
    return time.perf_counter() - started, events


async def enforce_all(events: list[Event]) -> tuple[float, int, int, int]:
    """Every decoded event through Enforcement.handle and acknowledge with in-memory stores (decoding not
    timed here); returns the elapsed seconds, violations, actions and events with a violation. The heap is
    kept as the worker keeps it (streams/worker/heap.py): the index frozen, the collector run between
    batches of the worker's size; left to the default collector, full collections walking the index took
    28–43 % of this loop's time."""
    say("domain: building the identity index …")
    pipeline = in_memory_enforcement(IdentityIndex.build(load_default_registry()), load_policy())
    enforcement = pipeline.enforcement
    thresholds = gc.get_threshold()
    settle_long_lived()
    collector, batch = BatchCollector(), Settings().batch_max
    progress = Progress("domain events", len(events))
    violations = actions = flagged = 0
    started = time.perf_counter()
    for n, event in enumerate(events, start=1):
        outcome = await enforcement.handle(event)
        await enforcement.acknowledge(outcome)
        violations += len(outcome.violations)
        flagged += bool(outcome.violations)
        actions += len(outcome.actions)
        if n % batch == 0:
            collector.after_batch()
        if n % 1000 == 0:
            progress.set(n)
    elapsed = time.perf_counter() - started
    gc.unfreeze()  # the index is dropped now; the Kafka part of the run starts from an ordinary heap
    gc.set_threshold(*thresholds)
    return elapsed, violations, actions, flagged


# ---- Kafka side ------------------------------------------------------------------------------------------

async def bare_consumer_rate(bootstrap: str, names: TopicNames) -> float:
    """The ceiling: one aiokafka consumer without a group, assigned every partition of the input topics,
    draining them with getmany; records per second between 10 % and 90 % of them."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = await topic_partitions(bootstrap, [names.physical(t) for t in INPUT_TOPICS])
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        total = sum(ends.values())
        pending = {tp for tp in partitions if ends[tp] > 0}
        count, marks = 0, []
        started = time.perf_counter()
        deadline = time.monotonic() + 600
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"bare consumer still short of the end after 600 s: {count}/{total}")
            batch = await consumer.getmany(timeout_ms=500, max_records=500)
            now = time.perf_counter()
            for tp, messages in batch.items():
                count += len(messages)
                if messages and messages[-1].offset >= ends[tp] - 1:
                    pending.discard(tp)
            marks.append((now, count))
        inside = [(t, c) for t, c in marks if 0.1 * total <= c <= 0.9 * total]
        if len(inside) >= 2 and inside[-1][0] > inside[0][0]:
            return (inside[-1][1] - inside[0][1]) / (inside[-1][0] - inside[0][0])
        return count / max(marks[-1][0] - started, 0.001)  # too few batches to leave the ends out
    finally:
        await consumer.stop()


async def settle_outputs(bootstrap: str, names: TopicNames, timeout: float = 60.0) -> None:
    """Wait until no output topic has grown for QUIET_S: mute lifts made due by the final watermark are sent
    by the worker's idle-time check, after the last input offset was committed."""
    physical = [names.physical(t) for t in topics.OUTPUT_TOPICS]
    last = await end_offsets(bootstrap, physical)
    quiet_since = time.monotonic()
    deadline = quiet_since + timeout
    while time.monotonic() - quiet_since < QUIET_S and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        now = await end_offsets(bootstrap, physical)
        if now != last:
            last, quiet_since = now, time.monotonic()


PACE_TICK_S = 0.005  # the paced producer sends what fell due this often: a producer lingering 5 ms


async def paced(bootstrap: str, names: TopicNames, source: Iterator[RecordedRecord], rate: float, seconds: float,
                acks: dict[tuple[str, int, int], float] | None = None,
                progress: Callable[[int], None] | None = None) -> int:
    """Produce records from `source` at `rate` records/s for `seconds`; when `acks` is given, note there the
    wall-clock time (ms) at which the broker acknowledged each (logical topic, partition, offset).

    Every PACE_TICK_S the records that fell due go as one batch per partition, as a producer lingering that
    long would send them, through the replay's send path (`streams.bus.replay.PartitionBatches`, `send_batch`)
    rather than aiokafka's per-record `send`: this producer shares the two cores with the worker it
    measures, and per record it took ~100 µs of CPU that way against ~65 µs this way (2,500 records/s
    offered: 0.24 of a core against 0.16). A batch's records have consecutive offsets from the one its
    acknowledgement names, and all were acknowledged at that moment."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=0,
                                max_request_size=16 * 1024 * 1024)
    await producer.start()
    batches = PartitionBatches(producer)

    def noted(count: int) -> Callable[[asyncio.Future[Any]], None]:
        def on_done(future: asyncio.Future[Any]) -> None:
            if acks is not None and not future.cancelled() and future.exception() is None:
                meta, at = future.result(), time.time() * 1000
                logical = names.logical(meta.topic)
                for n in range(count):
                    acks[(logical, meta.partition, meta.offset + n)] = at
        return on_done

    pending: list[asyncio.Future[Any]] = []

    async def send(topic: str, partition: int, batch: BatchBuilder, count: int) -> None:
        future = await producer.send_batch(batch, topic, partition=partition)
        future.add_done_callback(noted(count))
        pending.append(future)

    try:
        target = max(int(rate * seconds), 10)
        sent = 0
        started = time.monotonic()
        while sent < target:
            due = min(target, int((time.monotonic() - started) * rate) + 1)
            while sent < due:
                record = next(source)
                full = await batches.add(names.physical(record.topic), record)
                if full is not None:
                    await send(*full)
                sent += 1
            for full in batches.drain():
                await send(*full)
            if len(pending) >= 1000:
                await asyncio.gather(*pending)
                pending.clear()
                if progress:
                    progress(sent)
            await asyncio.sleep(PACE_TICK_S)
        await asyncio.gather(*pending)
        if progress:
            progress(sent)
        return sent
    finally:
        await producer.stop()


async def delete_run(bootstrap: str, redis_url: str, prefixes: list[str]) -> None:
    """On services the bench did not start: delete its topics and the worker's Redis keys (`ql:<prefix>`)."""
    from redis.asyncio import Redis

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        doomed = [t for t in await admin.list_topics() if t.startswith(tuple(prefixes))]
        if doomed:
            await admin.delete_topics(doomed)
    except KafkaError as exc:
        say(f"could not delete the bench topics: {exc!r}")
    finally:
        await admin.close()
    client = Redis.from_url(redis_url)
    try:
        for prefix in prefixes:
            batch: list[bytes] = []
            async for key in client.scan_iter(match=f"ql:{prefix}*", count=1000):
                batch.append(key)
                if len(batch) >= 1000:
                    await client.delete(*batch)
                    batch.clear()
            if batch:
                await client.delete(*batch)
    finally:
        await client.aclose()


# ---- one worker measurement ------------------------------------------------------------------------------

@dataclass
class Context:
    bootstrap: str
    redis_url: str
    logs: Path
    run_id: str
    prefixes: list[str] = field(default_factory=list)


@dataclass
class WorkerRun:
    produce_s: float = 0.0
    events_per_s: float = 0.0  # qinglang.processed appends, LogAppendTime, 10 % → 90 %
    records_per_s: float = 0.0  # processed + dead-lettered appends, the same way
    offsets_per_s: float = 0.0  # the group's committed offsets over time, 10 % → 90 %
    processed: int = 0
    deadlettered: int = 0
    rss_mb: float = 0.0
    ids: dict[str, dict[str, str]] = field(default_factory=dict)  # per topic: id → what it is
    standing: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # per topic: id → body
    latency: dict[str, Any] = field(default_factory=dict)


def describe(body: dict[str, Any]) -> str:
    """An output in a few words, to say which outputs differ between runs."""
    parts = (body.get("requirement"), body.get("rule"), body.get("sanction"), body.get("reason"),
             body.get("account_id"), body.get("occurred_at"))
    return " ".join(str(part) for part in parts if part)


def differences(one: dict[str, dict[str, str]], two: dict[str, dict[str, str]], limit: int = 10,
                ) -> dict[str, dict[str, list[str]]]:
    """Per output topic, the ids (and what they are) only one run produced; at most `limit` of each."""
    found: dict[str, dict[str, list[str]]] = {}
    for topic, _ in ID_FIELDS:
        a, b = one.get(topic, {}), two.get(topic, {})
        only_one = sorted(f"{i} {a[i]}" for i in a.keys() - b.keys())[:limit]
        only_two = sorted(f"{i} {b[i]}" for i in b.keys() - a.keys())[:limit]
        if only_one or only_two:
            found[topic] = {"only_one_worker": only_one, "only_two_workers": only_two}
    return found


# called with the worker(s) still running and caught up: (workers, topic names, group id, what was measured)
AfterDrain = Callable[[list[WorkerProcess], TopicNames, str, WorkerRun], dict[str, Any]]


def group_id(ctx: Context, label: str) -> str:
    """The consumer group (QINGLANG_APP_ID) of a run's worker(s)."""
    return f"qinglang-bench-{ctx.run_id}-{label}"


def worker_env(ctx: Context, names: TopicNames, app_id: str, *, emit: bool) -> dict[str, str]:
    return {
        "QINGLANG_KAFKA_BOOTSTRAP": ctx.bootstrap, "QINGLANG_REDIS_URL": ctx.redis_url,
        "QINGLANG_TOPIC_PREFIX": names.prefix, "QINGLANG_APP_ID": app_id,
        "QINGLANG_EMIT_PROCESSED": "true" if emit else "false", "QINGLANG_PARTITIONS": str(PARTITIONS),
        # a commit a second, so the committed-offset rate has enough steps to read 10 % and 90 % from
        "QINGLANG_COMMIT_INTERVAL": "1",
        # the bench's own environment must not turn on a shadow policy or the live clock
        "QINGLANG_SHADOW_POLICY": "", "QINGLANG_LIVE_CLOCK": "false", "QINGLANG_LOG_LEVEL": "warn",
    }


def start_workers(ctx: Context, env: dict[str, str], label: str, count: int, stack: ExitStack,
                  checkout: Path) -> list[WorkerProcess]:
    """Start `count` workers at once (so they join the group together), each stopped when `stack` closes."""
    env = {**env, "PYTHONPATH": str(checkout)}

    def one(n: int) -> WorkerProcess:
        return start_worker(env, ctx.logs / f"worker-{label}-{n}.log", timeout=180, cwd=checkout)

    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(one, n) for n in range(count)]
    errors = []
    workers = []
    for future in futures:
        try:
            workers.append(future.result())
        except RuntimeError as exc:
            errors.append(exc)
    for worker in workers:
        stack.callback(worker.stop)
    if errors:
        raise errors[0]
    return workers


def measure_worker(ctx: Context, records: list[RecordedRecord], label: str, *, workers: int = 1,
                   emit: bool = True, checkout: Path = ROOT, keep_ids: bool = False,
                   before_start: Callable[[TopicNames], None] | None = None,
                   after_drain: AfterDrain | None = None, extra_env: dict[str, str] | None = None,
                   ) -> WorkerRun:
    """Produce `records` into fresh topics, then start worker(s) of `checkout` and let them drain the backlog
    (`extra_env` over the worker's environment: how it reaches Kafka, for the SASL_SSL run)."""
    prefix = f"bench-{ctx.run_id}-{label}."
    ctx.prefixes.append(prefix)
    names, app_id = TopicNames(prefix), group_id(ctx, label)
    run = WorkerRun()
    say(f"[{label}] producing {len(records):,} records into fresh topics ({prefix}*) …")
    # the simulated stream runs weeks past today (records stamped with their event time), which the
    # input topics' future-timestamp limit would refuse: the bench keeps the broker's default
    asyncio.run(ensure_topics(ctx.bootstrap, names, partitions=PARTITIONS, replication=1, max_timestamp_ahead_ms=None))
    asyncio.run(topics_served(ctx.bootstrap, [names.physical(t) for t in INPUT_TOPICS]))
    produced = Progress(f"[{label}] produced", len(records))
    started = time.perf_counter()
    asyncio.run(replay_records(records, bootstrap=ctx.bootstrap, names=names, on_progress=produced.add))
    run.produce_s = time.perf_counter() - started
    if before_start:
        before_start(names)
    with ExitStack() as stack:
        say(f"[{label}] starting {workers} worker{'s' if workers > 1 else ''} "
            f"({'processed emission on' if emit else 'processed emission off'}) …")
        env = {**worker_env(ctx, names, app_id, emit=emit), **(extra_env or {})}
        procs = start_workers(ctx, env, label, workers, stack, checkout)
        samples: list[tuple[float, int]] = []
        drained = Progress(f"[{label}] committed", len(records))

        def on_progress(done: int, total: int) -> None:
            samples.append((time.time(), done))
            drained.set(done, total)

        def alive() -> None:
            for proc in procs:
                if proc.process.poll() is not None:
                    raise RuntimeError(f"a worker died (exit {proc.process.returncode}); see {proc.log_path}")

        asyncio.run(wait_for_group(ctx.bootstrap, app_id, names, timeout=600 + len(records) / 20, alive=alive,
                                   on_progress=on_progress, at_least=len(records)))
        run.offsets_per_s = rate_from_progress(samples, len(records))
        if emit:
            asyncio.run(settle_outputs(ctx.bootstrap, names))
            first: dict[tuple[str, int, int], int] = {}  # a redelivered record's first append counts
            for _, value, stamp in asyncio.run(read_topic(ctx.bootstrap, names.physical(topics.PROCESSED))):
                source = orjson.loads(value or b"{}").get("source", {})
                where = (names.logical(str(source.get("topic"))), source.get("partition"), source.get("offset"))
                first.setdefault(where, stamp)  # type: ignore[arg-type]
            dead = [stamp for _, _, stamp in asyncio.run(read_topic(ctx.bootstrap,
                                                                    names.physical(topics.DEADLETTER)))]
            run.processed, run.deadlettered = len(first), len(dead)
            run.events_per_s = rate_between(list(first.values()))
            run.records_per_s = rate_between(list(first.values()) + dead)
            if keep_ids:
                sent: list[tuple[str, dict[str, Any]]] = []
                for topic, key in ID_FIELDS:
                    bodies = [orjson.loads(value) for _, value, _ in
                              asyncio.run(read_topic(ctx.bootstrap, names.physical(topic))) if value]
                    run.ids[topic] = {body[key]: describe(body) for body in bodies}
                    sent += [(topic, body) for body in bodies]  # each topic in its own order: enough for standing()
                run.standing = standing(sent)
        if after_drain:
            run.latency = after_drain(procs, names, app_id, run)
        run.rss_mb = max(proc_status_kb(p.process.pid, "VmHWM") for p in procs) / 1024
    return run


def measure_over_sasl(ctx: Context, records: list[RecordedRecord], data: Path) -> WorkerRun:
    """One worker over SASL_SSL: a second local broker with a SCRAM-SHA-512 + TLS listener and ACLs enforced;
    the bench produces and reads on its PLAINTEXT super-user listener, as the platform's side would, and the
    worker logs in as its own user with only the grants docs/security.md gives a worker."""
    password = secrets.token_hex(16)
    say("[sasl] starting a second Apache Kafka with a SASL_SSL listener and ACLs …")
    broker = start_kafka(data / "kafka-sasl", scram_users={SASL_USER: password})
    try:
        password_file = data / "kafka-sasl-password"
        password_file.write_text(password)
        password_file.chmod(0o600)
        secure = Context(broker.bootstrap, ctx.redis_url, ctx.logs, ctx.run_id, ctx.prefixes)

        def grants(names: TopicNames) -> None:
            reads = tuple(names.physical(t) for t in topics.INPUT_TOPICS + topics.REGISTRY_TOPICS)
            grant(broker, SASL_USER, "Read", topics=reads, groups=(group_id(ctx, "sasl"),))
            grant(broker, SASL_USER, "Write", topics=tuple(names.physical(t) for t in topics.OUTPUT_TOPICS))

        return measure_worker(secure, records, "sasl", before_start=grants, extra_env={
            "QINGLANG_KAFKA_BOOTSTRAP": broker.secure_bootstrap, "QINGLANG_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "QINGLANG_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "QINGLANG_KAFKA_SASL_USERNAME": SASL_USER,
            "QINGLANG_KAFKA_SASL_PASSWORD_FILE": str(password_file), "QINGLANG_KAFKA_CA_FILE": str(broker.ca_file)})
    finally:
        broker.stop()


def latency_phases(ctx: Context, source: Iterator[RecordedRecord], base_rate: float, seconds: float,
                   produced_before: int) -> Callable[[list[WorkerProcess], TopicNames, str], dict[str, Any]]:
    """With the worker running and caught up, offer paced records at each share of `base_rate` for `seconds`
    and read each one's input (producer acknowledgement) → output (processed LogAppendTime) latency."""

    def run(procs: list[WorkerProcess], names: TopicNames, app_id: str) -> dict[str, Any]:
        results: dict[str, Any] = {}
        phases: list[tuple[float, float, dict[tuple[str, int, int], float]]] = []
        produced = produced_before
        for share in LATENCY_SHARES:
            rate = max(base_rate * share, 1.0)
            acks: dict[tuple[str, int, int], float] = {}
            say(f"[latency] offering {rate:,.0f} records/s ({share:.0%}) for {seconds:g} s …")
            progress = Progress(f"[latency {share:.0%}] produced", max(int(rate * seconds), 10))
            # simulated before the clock starts: making a record costs ~10 µs of the cores the worker runs on
            offered = list(islice(source, max(int(rate * seconds), 10)))
            produced += asyncio.run(paced(ctx.bootstrap, names, iter(offered), rate, seconds, acks, progress.set))
            asyncio.run(wait_for_group(ctx.bootstrap, app_id, names, timeout=600, at_least=produced))
            phases.append((share, rate, acks))
        asyncio.run(settle_outputs(ctx.bootstrap, names))
        out: dict[tuple[str, int, int], int] = {}
        for _, value, stamp in asyncio.run(read_topic(ctx.bootstrap, names.physical(topics.PROCESSED))):
            source_at = orjson.loads(value or b"{}").get("source", {})
            where = (names.logical(str(source_at.get("topic"))), source_at.get("partition"), source_at.get("offset"))
            out.setdefault(where, stamp)  # type: ignore[arg-type]
        for share, rate, acks in phases:
            waits = [out[where] - at for where, at in acks.items() if where in out]
            tag = f"{round(share * 100)}pct"
            results[f"offered_records_per_s_at_{tag}"] = round(rate, 1)
            results[f"latency_samples_at_{tag}"] = len(waits)
            results[f"p50_ms_at_{tag}"] = round(nearest_rank(waits, 0.5), 1) if waits else None
            results[f"p99_ms_at_{tag}"] = round(nearest_rank(waits, 0.99), 1) if waits else None
        return results

    return run


def soak_phase(ctx: Context, source: Iterator[RecordedRecord], rate: float, minutes: float,
               ) -> Callable[[list[WorkerProcess], TopicNames, str], dict[str, Any]]:
    """Paced load at `rate` for `minutes` on a caught-up worker, sampling its VmRSS every few seconds."""

    def run(procs: list[WorkerProcess], names: TopicNames, app_id: str) -> dict[str, Any]:
        pid = procs[0].process.pid
        samples: list[tuple[float, float]] = []

        async def load() -> int:
            async def sample() -> None:
                began = time.monotonic()
                while True:
                    rss = proc_status_kb(pid, "VmRSS") / 1024
                    samples.append((time.monotonic() - began, rss))
                    if len(samples) % max(int(30 / SOAK_SAMPLE_S), 1) == 0:
                        say(f"  [soak] {samples[-1][0]:,.0f} s, worker RSS {rss:,.1f} MB")
                    await asyncio.sleep(SOAK_SAMPLE_S)

            sampler = asyncio.create_task(sample())
            try:
                return await paced(ctx.bootstrap, names, source, rate, minutes * 60)
            finally:
                sampler.cancel()

        say(f"[soak] {rate:,.0f} records/s for {minutes:g} min …")
        sent = asyncio.run(load())
        samples.append((samples[-1][0] if samples else 0.0, proc_status_kb(pid, "VmRSS") / 1024))
        asyncio.run(wait_for_group(ctx.bootstrap, app_id, names, timeout=600, at_least=sent))
        rss = [mb for _, mb in samples]
        middle = rss[len(rss) // 2]
        return {
            "minutes": minutes, "offered_records_per_s": round(rate, 1), "records": sent,
            "rss_start_mb": round(rss[0], 1), "rss_end_mb": round(rss[-1], 1), "rss_peak_mb": round(max(rss), 1),
            "growth_pct": round(100 * (rss[-1] - rss[0]) / rss[0], 1) if rss[0] else None,
            "growth_second_half_pct": round(100 * (rss[-1] - middle) / middle, 1) if middle else None,
            "samples": len(rss),
        }

    return run


# ---- the baseline checkout -------------------------------------------------------------------------------

# ---- main ------------------------------------------------------------------------------------------------

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\nUsage")[0].split()))
    parser.add_argument("--events", type=int, default=200_000,
                        help="records in the simulated recording each worker drains (default 200000, at least 100)")
    parser.add_argument("--seed", type=int, default=7, help="simulation seed (default 7)")
    parser.add_argument("--latency-seconds", type=float, default=20.0,
                        help="seconds of paced load at 50%% and at 80%% of the measured rate (default 20)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"where to write the JSON results (default {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--baseline-rev", metavar="REV",
                        help="also measure the worker of this git commit (a temporary worktree), in the same run, then "
                             "this commit's worker once more")
    parser.add_argument("--baseline-events", type=int, metavar="N",
                        help="records for the baseline only (default: --events); for a slow old worker")
    parser.add_argument("--soak-minutes", type=float, default=0.0,
                        help="then run a worker this many minutes under paced load at 50%% of its rate, "
                             "sampling its RSS (default 0: no soak)")
    parser.add_argument("--skip-sasl", action="store_true",
                        help="leave out the run over SASL_SSL (it starts a second local broker, with its SCRAM "
                             "user and ACLs, beside the one the other runs use)")
    parser.add_argument("--ignore-load", action="store_true",
                        help=f"run even when the 1-minute load average is above {MAX_LOAD} (the figures will "
                             "be noisy; the load seen is recorded)")
    args = parser.parse_args(argv)
    if args.events < 100:
        parser.error("--events must be at least 100 (rates are read between 10 % and 90 % of the records)")
    if not args.latency_seconds > 0:
        parser.error("--latency-seconds must be more than 0")
    if args.baseline_events is not None:
        if args.baseline_rev is None:
            parser.error("--baseline-events needs --baseline-rev")
        if not 100 <= args.baseline_events <= args.events:
            parser.error("--baseline-events must be between 100 and --events")
    if args.soak_minutes < 0:
        parser.error("--soak-minutes must not be negative")
    if args.baseline_rev is not None and resolve_rev(args.baseline_rev) is None:
        parser.error(f"--baseline-rev {args.baseline_rev!r} is not a commit of {ROOT}")
    return args


def head_commit() -> str:
    done = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()
    return (done.stdout.strip() or "unknown") + ("+changes" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()[0]
    cores = os.cpu_count() or 1
    if load_before > MAX_LOAD and not args.ignore_load:
        print(f"bench_pipeline.py: the 1-minute load average is {load_before:.2f} (above {MAX_LOAD}): other work "
              "would distort the figures. Wait, or pass --ignore-load to run anyway.", file=sys.stderr)
        return 2
    say(f"machine: {cores} cores, 1-minute load average {load_before:.2f}")
    # producing right after a topic is created meets NotLeaderForPartition answers for a moment even once the
    # metadata names a leader; aiokafka retries them and would print a warning for each
    logging.getLogger("aiokafka").setLevel(logging.ERROR)

    # Unbounded and lazy: the first --events records are the backlog; later ones feed the paced phases, so
    # their event times continue the recording's.
    stream = simulate(SimulationOptions(seed=args.seed, accounts=ACCOUNTS, events=sys.maxsize,
                                        violation_share=VIOLATION_SHARE))
    records = list(islice(stream, args.events))
    max_bytes = Settings().max_record_bytes
    decode_s, events = decode_passes(records, max_bytes)
    malformed = len(records) - len(events)
    say(f"recording: {len(records):,} records ({len(events):,} events, {malformed:,} malformed), seed {args.seed}")
    domain_s, violations, actions, flagged = asyncio.run(enforce_all(events))
    del events
    gc.collect()

    run_id = secrets.token_hex(3)
    logs = CACHE_DIR / "bench" / time.strftime(f"%Y%m%dT%H%M%S-{run_id}")
    logs.mkdir(parents=True, exist_ok=True)
    pipeline: dict[str, Any] = {"events": len(records)}
    result: dict[str, Any] = {"pipeline": pipeline}
    with ExitStack() as stack:
        data = Path(tempfile.mkdtemp(prefix="qinglang-bench-"))  # broker and Redis data: large, thrown away
        stack.callback(shutil.rmtree, data, True)
        bootstrap = os.environ.get("QINGLANG_KAFKA_BOOTSTRAP")
        redis_url = os.environ.get("QINGLANG_REDIS_URL")
        external_kafka, external_redis = bool(bootstrap), bool(redis_url)
        if not bootstrap:
            say("starting Apache Kafka (KRaft) on 127.0.0.1 …")
            kafka = start_kafka(data / "kafka")
            stack.callback(kafka.stop)
            bootstrap = kafka.bootstrap
        if not redis_url:
            redis = start_redis(data / "redis")
            stack.callback(redis.stop)
            redis_url = redis.url
        ctx = Context(bootstrap, redis_url, logs, run_id)
        if external_kafka or external_redis:
            stack.callback(lambda: asyncio.run(delete_run(ctx.bootstrap, ctx.redis_url, ctx.prefixes)))
        say(f"kafka {bootstrap}, redis {redis_url}; worker logs in {logs}")

        ceiling: list[float] = []

        def bare(names: TopicNames) -> None:
            say("[ceiling] bare aiokafka consumer draining the same topics …")
            ceiling.append(asyncio.run(bare_consumer_rate(ctx.bootstrap, names)))

        def after_main(procs: list[WorkerProcess], names: TopicNames, app_id: str, run: WorkerRun,
                       ) -> dict[str, Any]:
            # the paced phases offer a share of every record the worker took per second, dead letters
            # included, so the share of events offered is the same
            rates.append(run.records_per_s)
            return latency_phases(ctx, stream, run.records_per_s, args.latency_seconds, len(records))(
                procs, names, app_id)

        rates: list[float] = []
        one = measure_worker(ctx, records, "one", keep_ids=True, before_start=bare, after_drain=after_main)
        off = measure_worker(ctx, records, "noemit", emit=False)
        two = measure_worker(ctx, records, "two", workers=2, keep_ids=True)
        sasl = None if args.skip_sasl else measure_over_sasl(ctx, records, data)
        equal = {t: set(ids) for t, ids in one.ids.items()} == {t: set(ids) for t, ids in two.ids.items()}
        standing_equal = one.standing == two.standing

        pipeline.update({
            "events_per_s": round(one.events_per_s, 1),
            "records_per_s": round(one.records_per_s, 1),
            "events_per_s_offsets": round(off.offsets_per_s, 1),
            "records_per_s_offsets_emitting": round(one.offsets_per_s, 1),
            "ceiling_events_per_s": round(ceiling[0], 1),
            "ratio": round(one.events_per_s / ceiling[0], 4) if ceiling[0] else None,
            "decode_events_per_s": round(len(records) / max(decode_s, 1e-9), 1),
            "domain_events_per_s": round((len(records) - malformed) / max(domain_s, 1e-9), 1),
            **one.latency,
            "rss_mb": round(one.rss_mb, 1),
            "rss_mb_emission_off": round(off.rss_mb, 1),
            "two_workers_events_per_s": round(two.events_per_s, 1),
            "sasl_ssl_events_per_s": None if sasl is None else round(sasl.events_per_s, 1),
            "two_workers_outputs_equal": equal,
            "two_workers_differences": differences(one.ids, two.ids),
            # what stands once the corrections an arrival order makes are set aside, compared by id and body
            "two_workers_standing_equal": standing_equal,
            "two_workers_standing_differences": differences(
                {t: {i: describe(b) for i, b in bodies.items()} for t, bodies in one.standing.items()},
                {t: {i: describe(b) for i, b in bodies.items()} for t, bodies in two.standing.items()}),
            "two_workers_standing_bodies_differ": sorted(
                i for t in one.standing for i in one.standing[t].keys() & two.standing.get(t, {}).keys()
                if one.standing[t][i] != two.standing[t][i])[:10],
            "two_workers_outputs": {topic: [len(one.ids.get(topic, ())), len(two.ids.get(topic, ()))]
                                    for topic, _ in ID_FIELDS},
            "mix": {"records": len(records), "events": len(records) - malformed, "malformed": malformed,
                    "violations_in_memory": violations, "actions_in_memory": actions,
                    "events_flagged_in_memory": flagged, "violation_share": VIOLATION_SHARE,
                    "processed_by_worker": one.processed, "deadlettered_by_worker": one.deadlettered},
        })
        result["replay_records_per_s"] = round(len(records) / max(one.produce_s, 1e-9), 1)

        if args.baseline_rev:
            size = args.baseline_events or len(records)
            sha = resolve_rev(args.baseline_rev) or args.baseline_rev
            say(f"[baseline] worker of {args.baseline_rev} ({sha[:10]}) on {size:,} records …")
            with ExitStack() as old:
                tree = checkout(sha, old)
                then = measure_worker(ctx, records[:size], "baseline", checkout=tree)
            # this commit's worker once more, right after the baseline on the same records: the drains run
            # one after another on a broker and a Redis that fill up, so a worker measured later can gain or
            # lose from its place alone; this commit before and after the baseline brackets that
            say("[again] this commit's worker once more, after the baseline …")
            again = measure_worker(ctx, records[:size], "again")
            result["baseline"] = {
                "rev": args.baseline_rev, "commit": sha[:10], "events": size,
                "events_per_s": round(then.events_per_s, 1), "records_per_s": round(then.records_per_s, 1),
                "records_per_s_offsets_emitting": round(then.offsets_per_s, 1), "rss_mb": round(then.rss_mb, 1),
                "this_commit_after_baseline_events_per_s": round(again.events_per_s, 1),
            }

        if args.soak_minutes > 0:
            rate = SOAK_SHARE * rates[0]
            soak_holder: dict[str, Any] = {}

            def after_soak(procs: list[WorkerProcess], names: TopicNames, app_id: str, run: WorkerRun,
                           ) -> dict[str, Any]:
                soak_holder.update(soak_phase(ctx, stream, rate, args.soak_minutes)(procs, names, app_id))
                return {}

            # a small backlog first, so the soak starts on a worker that has joined its group and warmed up
            measure_worker(ctx, records[:min(len(records), 2000)], "soak", emit=False, after_drain=after_soak)
            result["soak"] = soak_holder

    result["machine"] = {"cores": cores, "load_before": round(load_before, 2),
                         "load_after": round(os.getloadavg()[0], 2)}
    result["run"] = {"date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "commit": head_commit(),
                     "seed": args.seed, "accounts": ACCOUNTS, "latency_seconds": args.latency_seconds,
                     "partitions": PARTITIONS, "logs": str(logs)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    print(table(result))
    print(f"\nresults written to {args.out}")
    return 0


def table(result: dict[str, Any]) -> str:
    p, machine, mix = result["pipeline"], result.get("machine", {}), result["pipeline"]["mix"]

    def n(value: float | None, unit: str = "/s") -> str:
        return "—" if value is None else f"{value:,.0f}{unit}"

    def ms(p50: float | None, p99: float | None) -> str:
        return "—" if p50 is None or p99 is None else f"p50 {p50:,.0f} ms, p99 {p99:,.0f} ms"

    rows = [
        ("bare aiokafka consumer, records/s (ceiling)", n(p["ceiling_events_per_s"])),
        ("one worker, events/s (qinglang.processed)", n(p["events_per_s"])),
        ("ratio worker / ceiling", f"{p['ratio']:.4f}" if p["ratio"] else "—"),
        ("one worker, records/s incl. dead letters", n(p["records_per_s"])),
        ("one worker, committed offsets/s, emission on", n(p["records_per_s_offsets_emitting"])),
        ("one worker, committed offsets/s, emission off", n(p["events_per_s_offsets"])),
        ("decode_event in this process, records/s", n(p["decode_events_per_s"])),
        ("Enforcement, in-memory stores, events/s", n(p["domain_events_per_s"])),
        (f"latency at 50 % ({n(p.get('offered_records_per_s_at_50pct'))} offered)",
         ms(p.get("p50_ms_at_50pct"), p.get("p99_ms_at_50pct"))),
        (f"latency at 80 % ({n(p.get('offered_records_per_s_at_80pct'))} offered)",
         ms(p.get("p50_ms_at_80pct"), p.get("p99_ms_at_80pct"))),
        ("two workers, events/s", n(p["two_workers_events_per_s"])),
        ("one worker over SASL_SSL (SCRAM-SHA-512, TLS, ACLs), events/s", n(p.get("sasl_ssl_events_per_s"))),
        ("two workers' outputs equal one worker's, every id sent", str(p["two_workers_outputs_equal"]).lower()
         + "  (" + ", ".join(f"{t.split('.')[-1]} {a}/{b}" for t, (a, b) in p["two_workers_outputs"].items()) + ")"),
        ("two workers' standing outputs equal one worker's", str(p.get("two_workers_standing_equal")).lower()
         + "  (ids and bodies, corrections set aside)"),
        ("worker peak RSS (VmHWM)", f"{p['rss_mb']:,.1f} MB"),
        ("replay_records, records/s", n(result["replay_records_per_s"])),
    ]
    baseline = result.get("baseline")
    if baseline:
        rows.append((f"baseline {baseline['commit']}, events/s", n(baseline["events_per_s"])))
        rows.append((f"baseline {baseline['commit']}, peak RSS", f"{baseline['rss_mb']:,.1f} MB"))
        rows.append(("this commit again, after the baseline, events/s",
                     n(baseline["this_commit_after_baseline_events_per_s"])))
    soak = result.get("soak")
    if soak:
        rows.append((f"soak {soak['minutes']:g} min at {n(soak['offered_records_per_s'])}: RSS start/end/peak",
                     f"{soak['rss_start_mb']:,.1f} / {soak['rss_end_mb']:,.1f} / {soak['rss_peak_mb']:,.1f} MB "
                     f"({soak['growth_pct']:+.1f} %)"))
    width = max(len(label) for label, _ in rows) + 2
    lines = [
        "",
        f"Qinglang end to end: {mix['records']:,} simulated records ({mix['events']:,} events, "
        f"{mix['malformed']:,} malformed), {machine.get('cores')} cores, load {machine.get('load_before')} "
        f"before, {machine.get('load_after')} after",
        "-" * (width + 30),
        *(f"{label:<{width}}{value}" for label, value in rows),
    ]
    for topic, diff in p.get("two_workers_differences", {}).items():
        for side, ids in diff.items():
            lines.extend(f"  {topic} {side.replace('_', ' ')}: {entry}" for entry in ids)
    for topic, diff in p.get("two_workers_standing_differences", {}).items():
        for side, ids in diff.items():
            lines.extend(f"  standing {topic} {side.replace('_', ' ')}: {entry}" for entry in ids)
    lines.extend(f"  standing body differs: {i}" for i in p.get("two_workers_standing_bodies_differ", ()))
    if baseline and baseline["events"] != mix["records"]:
        lines.append(f"note: the baseline drained {baseline['events']:,} records, the other rows "
                     f"{mix['records']:,}: its rate is not measured at the same size")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
