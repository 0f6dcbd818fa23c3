"""Identity checks per second on one core against the full registry (the identity speed targets in
docs/performance.md).

Prints: registry + index build time, resident memory, name checks/s through every text detector,
and beside it a raw Aho-Corasick scan of the same names over the same protected names, measured in
the same run (the ratio is the cost of normalisation, evasion views and the rules).
The check runs --repeat times over the same names (normalisation cache cleared before each run, so
each run does the work of a first pass); the fastest run and the median are reported: the machine is
shared, and its speed drifts by up to 2× between minutes (the raw scan shows the drift too).
With --against REV, the same names are then checked by this commit and by REV (a temporary git worktree),
each in a process of its own (`identity_rate.py`), --rounds times in turn: names checked per second side by
side, in one run, on the same names.
Usage: .venv/bin/python bench/bench_identity.py [--names 20000] [--repeat 5] [--against REV [--rounds 3]]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack

import ahocorasick_rs
import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)
from identity_rate import timed_checks
from worktrees import ROOT, checkout, resolve_rev

from enforcement.identity import IdentityIndex
from enforcement.registry import load_default_registry
from streams.simulate import SimulationOptions
from streams.simulate.generator import _Simulation


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5, help="runs over the names; best and median reported")
    parser.add_argument("--against", metavar="REV", help="then check the same names with the code of this git "
                        "commit and with this one, in turn, each in its own process")
    parser.add_argument("--rounds", type=int, default=3, help="turns of each side with --against (default 3)")
    args = parser.parse_args()
    if args.names < 1 or args.repeat < 1 or args.rounds < 1:
        parser.error("--names, --repeat and --rounds must be at least 1")
    against = None
    if args.against is not None:
        against = resolve_rev(args.against)
        if against is None:
            parser.error(f"--against: {args.against!r} is not a commit of this repository")
    base_rss = rss_mb()
    t = time.perf_counter()
    registry = load_default_registry()
    t_registry = time.perf_counter() - t
    t = time.perf_counter()
    index = IdentityIndex.build(registry)
    t_index = time.perf_counter() - t
    protected = sorted({name for _, name in registry.protected_names()})
    print(f"registry: {len(registry.identities):,} identities, {len(protected):,} protected names, "
          f"{len(registry.divisions):,} divisions")
    print(f"build: registry {t_registry:.2f}s + index {t_index:.2f}s = {t_registry + t_index:.2f}s (target < 5 s)")
    print(f"resident memory: {rss_mb():.0f} MB max RSS ({rss_mb() - base_rss:.0f} MB for registry + index; "
          "target < 300 MB)")

    sim = _Simulation(SimulationOptions(seed=1, violation_share=0.1))
    names = [sim.name() for _ in range(args.names)]

    raw = ahocorasick_rs.AhoCorasick(protected)
    raw_times: list[float] = []
    raw_hits = 0

    def raw_scan() -> None:  # beside each run of the full check: the machine's drift shows in both
        nonlocal raw_hits
        t = time.perf_counter()
        raw_hits = sum(len(raw.find_matches_as_indexes(n, overlapping=True)) for n in names)
        raw_times.append(time.perf_counter() - t)

    full_times, flagged = timed_checks(index, names, args.repeat, before_each=raw_scan)
    t_raw, t_full = min(raw_times), min(full_times)
    m_raw, m_full = statistics.median(raw_times), statistics.median(full_times)
    print(f"\n{len(names):,} names, {len(set(names)):,} distinct; {args.repeat} runs, best (median)")
    print(f"raw ahocorasick scan:  {len(names) / t_raw:>12,.0f} names/s  ({len(names) / m_raw:,.0f})  "
          f"({raw_hits} raw hits)")
    print(f"full identity check:   {len(names) / t_full:>12,.0f} names/s  ({len(names) / m_full:,.0f})  "
          f"({flagged} flagged; target ≥ 100,000)")
    print(f"ratio raw / full:      {t_full / t_raw:>12.1f}×  ({m_full / m_raw:.1f}×)")
    print(f"resident memory after the checks: {rss_mb():.0f} MB max RSS")
    if against is not None:
        side_by_side(names, args.against, against, args.repeat, args.rounds)


def side_by_side(names: list[str], label: str, rev: str, repeat: int, rounds: int) -> None:
    """The same names through this checkout and through `rev`, each in a process of its own, in turn."""
    print(f"\nside by side with {label} ({rev[:10]}): {len(names):,} names, {rounds} rounds of {repeat} runs "
          "each, best (median)")
    with ExitStack() as stack:
        other = checkout(rev, stack)
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
            json.dump(names, f, ensure_ascii=False)
        stack.callback(os.unlink, f.name)
        sides = {"this commit": ROOT, label: other}
        rates: dict[str, list[float]] = {side: [] for side in sides}
        for round_ in range(1, rounds + 1):
            for side, tree in sides.items():
                print(f"  round {round_}, {side} …", file=sys.stderr, flush=True)
                done = subprocess.run([sys.executable, str(ROOT / "bench" / "identity_rate.py"), f.name, str(repeat)],
                                      capture_output=True, text=True, cwd=tree,
                                      env={**os.environ, "PYTHONPATH": str(tree)})
                if done.returncode != 0:
                    raise SystemExit(f"{side} failed:\n{done.stderr.strip()[-2000:]}")
                rate = json.loads(done.stdout.strip().splitlines()[-1])
                rates[side].append(rate["best"])
                print(f"  round {round_}  {side:<14} {rate['best']:>10,.0f} names/s  ({rate['median']:,.0f})  "
                      f"{rate['flagged']:,} flagged")
        mine, theirs = statistics.median(rates["this commit"]), statistics.median(rates[label])
        print(f"medians of the rounds' best: this commit {mine:,.0f}, {label} {theirs:,.0f} names/s "
              f"({mine / theirs:.2f}×)")

if __name__ == "__main__":
    main()
