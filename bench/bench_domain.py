"""Events per second through the domain path: `Enforcement.handle` with the in-memory twin of every store.

Builds a seeded simulated recording (`qinglang simulate`, seed 7, 200 accounts), decodes every record
once (decoding is not measured), then replays the valid events through an Enforcement built exactly as
`qinglang policy diff` builds it (the default policy enforcing and again in shadow, no Kafka, no Redis),
acknowledging each outcome as the replay does. The heap is kept as the worker keeps it
(streams/worker/heap.py): the index frozen, the collector run between batches. Every run starts from
empty stores and a cleared normalisation cache, so each does the work of a first pass; the fastest run
and the median are reported, because the machine is shared and its speed drifts between minutes. Both wall-clock time
and this process's CPU time are measured: on a loaded machine the CPU figure leaves out the time
other processes held the core, so it moves less between runs.
Usage: .venv/bin/python bench/bench_domain.py [--events 20000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)

from enforcement.events import Event, InvalidEvent, decode_event
from enforcement.identity import IdentityIndex
from enforcement.policy import Policy, load_policy
from enforcement.registry import load_default_registry
from enforcement.text import normalize
from streams.bus.topics import INPUT_TOPICS
from streams.offline.what_if import in_memory_enforcement
from streams.settings import Settings
from streams.simulate import SimulationOptions, simulate
from streams.worker.heap import BatchCollector, settle_long_lived

SEED = 7
ALLOWED_LATENESS_MS = 300_000  # what `qinglang policy diff` uses
BATCH = Settings().batch_max


def decoded(events: int) -> tuple[list[Event], int]:
    """The valid events of the simulated recording, and how many of its records were malformed."""
    valid: list[Event] = []
    bad = 0
    for record in simulate(SimulationOptions(seed=SEED, events=events)):
        if record.topic not in INPUT_TOPICS:
            continue
        try:
            valid.append(decode_event(record.value, topic=record.topic, key=record.key))
        except InvalidEvent:
            bad += 1
    return valid, bad


async def replay(events: list[Event], index: IdentityIndex, policy: Policy,
                 ) -> tuple[float, float, dict[str, int]]:
    """Wall and CPU seconds spent handling `events` on fresh stores, and how many records each output
    field received."""
    pipeline = in_memory_enforcement(index, policy, shadow=policy, allowed_lateness_ms=ALLOWED_LATENESS_MS)
    enforcement = pipeline.enforcement
    counts = dict.fromkeys(("violations", "actions", "reviews", "shadow_actions"), 0)
    outcomes = []
    collector = BatchCollector()  # the collector between batches of the worker's size, as in the worker
    started, started_cpu = time.perf_counter(), time.process_time()
    for n, event in enumerate(events, start=1):
        outcome = await enforcement.handle(event)
        await enforcement.acknowledge(outcome)
        outcomes.append(outcome)
        if n % BATCH == 0:
            collector.after_batch()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    for outcome in outcomes:  # counted outside the timed loop
        for name in counts:
            counts[name] += len(getattr(outcome, name))
    return elapsed, cpu, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--events", type=int, default=20_000, help="records in the simulated recording")
    parser.add_argument("--runs", type=int, default=5, help="replays of the same events; best and median reported")
    args = parser.parse_args()
    if args.events < 1 or args.runs < 1:
        parser.error("--events and --runs must be at least 1")
    t = time.perf_counter()
    index = IdentityIndex.build(load_default_registry())
    policy = load_policy()
    settle_long_lived()  # the index frozen as the worker freezes it: full collections no longer walk it
    t_build = time.perf_counter() - t
    t = time.perf_counter()
    events, bad = decoded(args.events)
    t_decode = time.perf_counter() - t
    print(f"build: registry + index + policy {t_build:.2f}s")
    print(f"recording: {args.events:,} records (seed {SEED}), {len(events):,} valid events, {bad:,} malformed; "
          f"decoded in {t_decode:.2f}s (not measured below)")
    if not events:
        parser.error("the recording has no valid event to replay; raise --events")
    times: list[float] = []
    cpu_times: list[float] = []
    counts: dict[str, int] = {}
    for _ in range(args.runs):
        normalize.cache_clear()  # each run meets every name for the first time, like a fresh replay
        elapsed, cpu, counts = asyncio.run(replay(events, index, policy))
        times.append(elapsed)
        cpu_times.append(cpu)
    print("outputs: " + ", ".join(f"{n:,} {name}" for name, n in counts.items()))
    print(f"\n{len(events):,} events; {args.runs} runs, best (median)")
    for label, spent in (("Enforcement.handle, wall:", times), ("Enforcement.handle, CPU:", cpu_times)):
        best, median = min(spent), statistics.median(spent)
        print(f"{label:<27}{len(events) / best:>10,.0f} events/s  ({len(events) / median:,.0f})  "
              f"{best * 1e6 / len(events):.1f} µs/event")


if __name__ == "__main__":
    main()
