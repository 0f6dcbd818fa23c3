"""Records produced per second by `qinglang replay` (replay_records) onto a real Kafka 3.9 broker.

Starts its own broker (streams.local.services.start_kafka, as the demo does) unless --bootstrap names one.
Every run replays the same simulated recording (every input topic, some malformed records, a header on
every tenth record) into fresh topics under a unique prefix, with the producer settings replay uses
(idempotent, acks=all); the fastest run and the median are reported, as the machine is shared. The last
run's topics are then read back and checked: every record arrived once, with its key, value, headers and
timestamp, in the recording's order for each key.
Usage: .venv/bin/python bench/bench_replay.py [--records 50000] [--runs 3] [--partitions 6] [--bootstrap HOST:PORT]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)
from topics_ready import topics_served

from streams.bus.recorder import record_topics
from streams.bus.recording import RecordedRecord
from streams.bus.replay import replay_records
from streams.bus.topics import INPUT_TOPICS, TopicNames, ensure_topics
from streams.local.services import start_kafka
from streams.simulate import SimulationOptions, simulate


def recording(count: int) -> list[RecordedRecord]:
    options = SimulationOptions(seed=13, accounts=max(1, count // 10), events=count, malformed_share=0.05)
    records = []
    for index, record in enumerate(simulate(options)):
        if index % 10 == 0:  # recordings of live topics carry headers; replay must keep them
            record = RecordedRecord(record.topic, record.key, record.value, record.timestamp_ms,
                                    (("trace", str(index).encode()),))
        records.append(record)
    return records


def by_key(records: list[RecordedRecord]) -> dict[tuple[str, bytes | None], list[tuple[object, ...]]]:
    """Each (topic, key)'s records in order, as the consumer of that key sees them."""
    out: dict[tuple[str, bytes | None], list[tuple[object, ...]]] = defaultdict(list)
    for r in records:
        out[r.topic, r.key].append((r.value, r.timestamp_ms, tuple(r.headers)))
    return out


async def measure(bootstrap: str, records: list[RecordedRecord], runs: int, partitions: int) -> list[float]:
    seconds: list[float] = []
    names = TopicNames()
    for run in range(runs):
        names = TopicNames(f"bench-replay-{uuid.uuid4().hex[:8]}.")
        await ensure_topics(bootstrap, names, partitions=partitions, replication=1, topics=INPUT_TOPICS)
        await topics_served(bootstrap, [names.physical(t) for t in INPUT_TOPICS])
        progress = 0

        def count(done: int) -> None:
            nonlocal progress
            progress += done

        started = time.perf_counter()
        sent = await replay_records(records, bootstrap=bootstrap, names=names, on_progress=count)
        seconds.append(time.perf_counter() - started)
        if sent != len(records) or progress != len(records):
            raise SystemExit(f"replay reported {sent} records and progress {progress}, not {len(records)}")
        print(f"  run {run + 1}: {len(records) / seconds[-1]:>10,.0f} records/s", flush=True)
    back = await record_topics(list(INPUT_TOPICS), bootstrap=bootstrap, names=names)
    if len(back) != len(records) or by_key(back) != by_key(records):
        raise SystemExit(f"read back {len(back)} records: keys, values, headers, timestamps or order differ")
    print(f"read back {len(back):,} records: every key's records in order, with their headers and timestamps")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000, help="simulated records to replay per run")
    parser.add_argument("--runs", type=int, default=3, help="replays of the recording; best and median reported")
    parser.add_argument("--partitions", type=int, default=6, help="partitions of each input topic")
    parser.add_argument("--bootstrap", default=None, help="an existing broker (default: start one)")
    args = parser.parse_args()
    if args.records < 1 or args.runs < 1 or args.partitions < 1:
        parser.error("--records, --runs and --partitions must be at least 1")
    records = recording(args.records)
    with tempfile.TemporaryDirectory() as workdir:
        broker = None
        bootstrap = args.bootstrap
        if bootstrap is None:
            broker = start_kafka(Path(workdir) / "kafka")
            bootstrap = broker.bootstrap
            print(f"Kafka on {bootstrap} (started in {broker.started_in_s:.1f}s)")
        try:
            print(f"replaying {len(records):,} records into {len(INPUT_TOPICS)} topics × {args.partitions} "
                  f"partitions, {args.runs} runs:")
            seconds = asyncio.run(measure(bootstrap, records, args.runs, args.partitions))
        finally:
            if broker is not None:
                broker.stop()
    best, median = min(seconds), statistics.median(seconds)
    print(f"replay_records: {len(records) / best:>10,.0f} records/s  ({len(records) / median:,.0f} median)")


if __name__ == "__main__":
    main()
