"""What Redis holds per account and spends per event: the figures a Redis deployment is sized from.

Starts its own redis-server (AOF on, as the worker runs it, on a free loopback port), then drives the
worker's batch processor in this process — the worker's own Redis client, auto-pipelining and stores, its
heap kept as the worker keeps it, no Kafka (outputs are kept in memory) — over a seeded simulated recording
(the bench's mix: `--accounts` accounts, a few percent violations, some malformed records), in batches of
`--batch` records. From the server's INFO before and after:
  - memory: `used_memory` grown, per account that appeared, and the keys per account;
  - CPU: the server's user + system seconds per event (what a Redis core can serve: 1 s / that);
  - commands per event, counted by the server (the commands inside Lua scripts included);
  - round trips per event (one per request the worker's client sent).
State grows with the events an account has (windows of names, reports, strikes, the audit stream), so run
it at the events per account of the platform being sized (`--records` / `--accounts`).
Usage: .venv/bin/python bench/bench_redis_footprint.py [--records 40000] [--accounts 5000] [--batch 500]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import zlib
from dataclasses import replace
from pathlib import Path
from typing import Any

import redis
import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)

from streams.bus.messages import OutputRecord, SourceRecord
from streams.bus.topics import INPUT_TOPICS
from streams.local.services.redis import start_redis
from streams.observability.metrics import Metrics
from streams.settings import Settings
from streams.simulate import SimulationOptions, simulate
from streams.worker.app import build_enforcement
from streams.worker.heap import BatchCollector, settle_long_lived
from streams.worker.processor import RecordProcessor
from streams.worker.redis_client import connect

VIOLATION_SHARE = 0.03  # the end-to-end bench's mix (bench/bench_pipeline.py)
PARTITIONS = 6


class _Discard:
    """A sink that keeps only a count: the outputs are not what this measures."""

    def __init__(self) -> None:
        self.records = 0

    async def send_all(self, records: list[OutputRecord]) -> None:
        self.records += len(records)


def consumed(records: int, accounts: int, seed: int) -> list[SourceRecord]:
    """The recording's input records as a worker consumes them: on the partition their key hashes to."""
    offsets: dict[tuple[str, int], int] = {}
    out = []
    options = SimulationOptions(events=records, seed=seed, accounts=accounts, violation_share=VIOLATION_SHARE)
    for record in simulate(options):
        if record.topic not in INPUT_TOPICS:
            continue
        partition = zlib.crc32(record.key) % PARTITIONS if record.key else 0
        offset = offsets[(record.topic, partition)] = offsets.get((record.topic, partition), -1) + 1
        out.append(SourceRecord(record.topic, partition, offset, record.key, record.value, record.headers,
                                record.timestamp_ms))
    return out


def server_counters(client: redis.Redis) -> tuple[int, float, int]:
    """used_memory (bytes), CPU seconds (user + system) and commands served so far."""
    info: dict[str, Any] = client.info()
    commands = sum(int(stats["calls"]) for stats in client.info("commandstats").values())
    return int(info["used_memory"]), float(info["used_cpu_user"]) + float(info["used_cpu_sys"]), commands


async def drive(url: str, records: list[SourceRecord], batch: int) -> tuple[int, float]:
    """Every record through the batch processor; returns the round trips sent and the seconds taken."""
    settings = replace(Settings(), redis_url=url, topic_prefix="")
    client = connect(settings, None, autopipeline=True)
    try:
        built = build_enforcement(settings, client, Metrics("footprint"))
        built.index.caught_up.set()
        built.hot_events.caught_up.set()
        processor = RecordProcessor(settings, built.enforcement, _Discard(), Metrics("footprint"))
        settle_long_lived()  # the heap as the worker keeps it: the index frozen, collections between batches
        collector = BatchCollector()
        started = time.perf_counter()
        for n, start in enumerate(range(0, len(records), batch), start=1):
            await processor.process_batch(records[start:start + batch])
            collector.after_batch()
            if n % 20 == 0:
                print(f"  {min(start + batch, len(records)):,} / {len(records):,} records", file=sys.stderr)
        return client.round_trips, time.perf_counter() - started
    finally:
        await client.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--records", type=int, default=40_000, help="records in the simulated recording")
    parser.add_argument("--accounts", type=int, default=5_000, help="accounts the recording spreads over")
    parser.add_argument("--batch", type=int, default=500, help="records per batch, as the worker takes them")
    parser.add_argument("--seed", type=int, default=7, help="simulation seed")
    args = parser.parse_args()
    if args.records < 100 or args.accounts < 1 or args.batch < 1:
        parser.error("--records must be at least 100, --accounts and --batch at least 1")
    records = consumed(args.records, args.accounts, args.seed)
    accounts = len({r.key for r in records if r.key})
    with tempfile.TemporaryDirectory(prefix="ql-footprint-") as work:
        server = start_redis(Path(work))
        try:
            client = redis.Redis.from_url(server.url)
            before = server_counters(client)
            print(f"{len(records):,} input records over {accounts:,} accounts, batches of {args.batch} …",
                  file=sys.stderr)
            trips, seconds = asyncio.run(drive(server.url, records, args.batch))
            after = server_counters(client)
            keys = int(client.dbsize())
            client.close()
        finally:
            server.stop()
    memory, cpu, commands = (b - a for a, b in zip(before, after, strict=True))
    n = len(records)
    print(f"records {n:,}, accounts {accounts:,} ({n / accounts:.1f} records per account), {n / seconds:,.0f} "
          "records/s through the processor (this process, beside the server)")
    print(f"memory   {memory / 1e6:,.1f} MB: {memory / accounts:,.0f} bytes per account, {keys / accounts:.1f} keys "
          "per account")
    print(f"CPU      {cpu * 1e6 / n:,.0f} µs of Redis CPU per record: one Redis core serves ~{n / cpu:,.0f} "
          "records/s")
    print(f"traffic  {commands / n:.1f} commands per record (inside scripts too), {trips / n:.3f} round trips "
          "per record")


if __name__ == "__main__":
    main()
