"""What the hostile-input (fuzz) tests share: their Hypothesis settings, the time bound per record, and the
characters a name is salted with.

CI runs each fuzz test with a fixed, derandomised number of examples (`fuzz_settings(n)`), so a failure is
the same on every run. `HYPOTHESIS_PROFILE=long` (tests/conftest.py) gives every fuzz test that profile's
count (5,000) and fresh random examples instead, and steers the search towards slow records
(`hypothesis.target` on the time each one took); `QINGLANG_FUZZ_SLOWEST=<file>` keeps the slowest input
found so far in that file, which is how the pinned regression examples were found (docs/security.md,
"Hostile input").
"""

from __future__ import annotations

import gc
import json
import os
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import HealthCheck, currently_in_test_context, settings, target
from hypothesis import strategies as st

from enforcement.text.invisibles import INVISIBLE_TABLE

T = TypeVar("T")

# A generous bound on one record's decode and detection (and on one detector call, one normalisation): not a
# performance assertion (`make bench` measures that, in microseconds), but a ceiling no input may reach, so a
# record that makes the worker loop for seconds fails a test instead of stalling a partition in production.
RECORD_BOUND_S = 1.0

PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or "default"
_SLOWEST_FILE = os.environ.get("QINGLANG_FUZZ_SLOWEST")
_slowest: dict[str, float] = {}

# Exactly what the normaliser removes (enforcement/text/invisibles.py): its table (zero-width characters,
# direction marks, embeddings, overrides and isolates, variation selectors and their supplement, tags, Hangul
# fillers, lone surrogates…) and every other format character (category Cf). A salted name must be caught
# whichever of them it carries.
SALT: tuple[str, ...] = tuple(sorted(
    set(map(chr, INVISIBLE_TABLE)) | {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
))
# The direction-changing ones, drawn more often than their share of SALT would give them.
BIDI: tuple[str, ...] = ("\u061c", "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)),
                         *map(chr, range(0x2066, 0x206A)))

# Text as a hostile producer writes it: any code point of any plane (surrogates and unassigned ones included),
# salted with invisible, direction and control characters more often than chance would.
hostile_chars = (st.characters(codec=None) | st.sampled_from(SALT) | st.sampled_from(BIDI)
                 | st.characters(max_codepoint=0x9F, categories=("Cc",)))


def hostile_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(hostile_chars, max_size=max_size)


def fuzz_settings(ci_examples: int, **extra: Any) -> settings:
    """`ci_examples` derandomised examples under CI's profile; under another one (HYPOTHESIS_PROFILE=long)
    that profile's count and randomness, so the long run is not capped at CI's count. No deadline: the time
    that matters is each record's, bounded by `within_bound`, not the example's (which includes drawing it)."""
    extra.setdefault("suppress_health_check", [HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                               HealthCheck.data_too_large])
    if PROFILE == "default":
        return settings(max_examples=ci_examples, derandomize=True, deadline=None, **extra)
    return settings(deadline=None, **extra)


def timed(call: Callable[[], T]) -> tuple[T, float]:
    """`call()` and the seconds it took, the cyclic garbage collector paused meanwhile. A full collection
    walks the whole heap of the test process, the shipped index's 700,000 objects included (a quarter of a
    second here, which the first targeted search took for the slowest record); the worker freezes those
    out of the collector's reach once built (streams/worker/heap.py), so such a pause is not the record's."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        result = call()
        return result, time.perf_counter() - start
    finally:
        if enabled:
            gc.enable()


def within_bound(elapsed: float, label: str, what: object) -> None:
    """Fail when one record (or call) took RECORD_BOUND_S or more. Outside CI's profile, also steer the
    search towards slower inputs and keep the slowest one per label in QINGLANG_FUZZ_SLOWEST. Hypothesis takes
    one target per label and example: a test timing several calls gives each its own label."""
    if PROFILE != "default":
        # not in CI: a time is noisy, and steering by it would make a derandomised run draw other examples
        if currently_in_test_context():  # plain (parametrised) tests measure too, without a search to steer
            target(elapsed, label=label)
        if _SLOWEST_FILE and elapsed > _slowest.get(label, 0.0):
            _slowest[label] = elapsed
            path = Path(_SLOWEST_FILE)
            kept = json.loads(path.read_text()) if path.exists() else {}
            if elapsed > kept.get(label, {}).get("seconds", 0.0):
                kept[label] = {"seconds": elapsed, "input": repr(what)[:200_000]}
                path.write_text(json.dumps(kept, indent=1))
    assert elapsed < RECORD_BOUND_S, f"{label} took {elapsed:.3f} s (bound {RECORD_BOUND_S} s): {what!r:.300}"


def salt(data: st.DataObject, text: str, *, most: int = 6) -> str:
    """`text` with 1 to `most` characters of SALT inserted at drawn places (before, inside or after it)."""
    chars = list(text)
    for _ in range(data.draw(st.integers(1, most), label="salt count")):
        at = data.draw(st.integers(0, len(chars)), label="salt at")
        chars.insert(at, data.draw(st.sampled_from(SALT) | st.sampled_from(BIDI), label="salt"))
    return "".join(chars)
