"""Names checked per second by the checkout first on PYTHONPATH (not necessarily this script's): every name
of a JSON list through `detect_profile` as a rename, the caches cleared before each run. `bench_identity.py
--against` runs it for two commits on the same names; it uses only what every commit since the detectors
took their present shape provides.
`timed_checks` is the timing loop itself, which `bench_identity.py` also runs in its own process.
Usage: PYTHONPATH=<checkout> python bench/identity_rate.py NAMES.json REPEAT   → one JSON line
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from enforcement.detectors import detect_profile, profile_view
from enforcement.events import ProfileRenamed
from enforcement.identity import IdentityIndex
from enforcement.registry import load_default_registry
from enforcement.text import normalize

try:  # evidence spans came later: an older commit has no trace cache to clear
    from enforcement.text.trace import trace
except ImportError:
    trace = None

AT = datetime(2026, 11, 22, tzinfo=UTC)


def timed_checks(index: IdentityIndex, names: Sequence[str], repeat: int,
                 before_each: Callable[[], None] | None = None) -> tuple[list[float], int]:
    """Seconds of each of `repeat` runs of every name through `detect_profile` as a rename, and how many names
    were flagged. The caches are cleared before each run, so each does the work of a first pass (the machine
    is shared: every run does the same work, and the caller reports the best and the median). `before_each`
    runs first in each round, untimed here (the raw scan `bench_identity.py` times beside it)."""
    events = [ProfileRenamed(schema_version=1, event_id=f"b{i}", type="profile.renamed", account_id="u:b",
                             occurred_at=AT, old_name=None, new_name=n) for i, n in enumerate(names)]
    times: list[float] = []
    flagged = 0
    for _ in range(repeat):
        if before_each is not None:
            before_each()
        normalize.cache_clear()
        if trace is not None:
            trace.cache_clear()
        started = time.perf_counter()
        flagged = sum(1 for e in events if detect_profile(index, profile_view(e)))
        times.append(time.perf_counter() - started)
    return times, flagged


def main() -> None:
    names_file, repeat = sys.argv[1], int(sys.argv[2])
    with open(names_file, encoding="utf-8") as f:
        names = json.load(f)
    times, flagged = timed_checks(IdentityIndex.build(load_default_registry()), names, repeat)
    print(json.dumps({"best": len(names) / min(times), "median": len(names) / statistics.median(times),
                      "flagged": flagged}))


if __name__ == "__main__":
    main()
