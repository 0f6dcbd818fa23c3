"""Input records decoded per second on one core (decode_event over a simulated recording).

The records come from `streams.simulate` (every event type, some malformed, as the worker meets them):
each input record's value is decoded with its logical topic and key, exactly as the worker's processor
calls the decoder. Prints how many were accepted and refused (by error code), then records/s of the
fastest run and the median (the machine is shared and its speed drifts between runs) for decode_event
(the msgspec fast path, falling back to the precise checks) and, measured in the same runs, for the
precise checks alone (the decoder before the fast path).
Usage: .venv/bin/python bench/bench_decode.py [--events 50000] [--runs 5] [--malformed-share 0.05]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from collections.abc import Callable

import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)

from enforcement.events import DEFAULT_MAX_RECORD_BYTES, Event, InvalidEvent, decode_event
from enforcement.events.decode import decode_event_precise
from streams.bus.recording import RecordedRecord
from streams.bus.topics import INPUT_TOPICS
from streams.simulate import SimulationOptions, simulate


def input_records(events: int, malformed_share: float, seed: int = 11) -> list[RecordedRecord]:
    options = SimulationOptions(seed=seed, accounts=max(1, events // 10), events=events,
                                malformed_share=malformed_share)
    return [r for r in simulate(options) if r.topic in INPUT_TOPICS]


def decode_all(records: list[RecordedRecord], decode: Callable[..., Event] = decode_event) -> Counter[str]:
    """Decode every record as the processor does; counts "ok" and each refusal's code."""
    outcomes: Counter[str] = Counter()
    for record in records:
        try:
            decode(record.value, topic=record.topic, key=record.key, max_bytes=DEFAULT_MAX_RECORD_BYTES)
        except InvalidEvent as error:
            outcomes[str(error.code)] += 1
        else:
            outcomes["ok"] += 1
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000, help="simulated records to decode")
    parser.add_argument("--runs", type=int, default=5, help="runs over the records; best and median reported")
    parser.add_argument("--malformed-share", type=float, default=0.05, help="share of malformed records (0–1)")
    args = parser.parse_args()
    if args.events < 1 or args.runs < 1:
        parser.error("--events and --runs must be at least 1")
    if not 0 <= args.malformed_share <= 1:
        parser.error("--malformed-share must be between 0 and 1")
    records = input_records(args.events, args.malformed_share)
    outcomes = decode_all(records)  # a warm-up run, and the mix the timed runs decode
    if decode_all(records, decode_event_precise) != outcomes:
        raise SystemExit("the fast path and the precise checks disagree on this recording")
    refused = ", ".join(f"{code} {n:,}" for code, n in sorted(outcomes.items()) if code != "ok") or "none"
    print(f"{len(records):,} records: {outcomes['ok']:,} valid, refused: {refused}")
    decoders: dict[str, Callable[..., Event]] = {"decode_event:": decode_event,
                                                 "precise checks only:": decode_event_precise}
    times: dict[str, list[float]] = {label: [] for label in decoders}
    for _ in range(args.runs):  # interleaved, so that both meet the same drift of the machine
        for label, decode in decoders.items():
            started = time.perf_counter()
            decode_all(records, decode)
            times[label].append(time.perf_counter() - started)
    print(f"{args.runs} runs, best (median)")
    for label, runs in times.items():
        best, median = min(runs), statistics.median(runs)
        print(f"{label:<22}{len(records) / best:>10,.0f} records/s  ({len(records) / median:,.0f})  "
              f"{best / len(records) * 1e6:5.2f} µs/record  ({median / len(records) * 1e6:.2f})")
    fast, precise = (statistics.median(times[label]) for label in decoders)
    print(f"speed-up (medians):    {precise / fast:>10.1f}×")


if __name__ == "__main__":
    main()
