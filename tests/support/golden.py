"""Golden replays (P4): a recording plus the expected outputs, compared record by record by id.

`tests/golden/<case>/recording.jsonl` is replayed through a real worker; every record it emits on
the output topics must equal `tests/golden/<case>/expected.jsonl`, matched by each topic's id field.
Each case also has `expected.story`, the same outputs as a reviewer reads them (per account, in event-time
order: tests/support/golden_story.py); the test compares it first, so a failure reads as what changed for
which account. After a deliberate change, rewrite one case's files with
`QINGLANG_UPDATE_GOLDEN=<case>[,<case>…] make test PYTEST_ARGS="tests/e2e/test_golden.py"` (or `all`): pytest's
warnings summary says which accounts' stories changed, to be read before committing. Updating is refused when `CI` is
set, so a CI run can never accept its own output.

A case with a `served/` directory gets a static HTTP server on 127.0.0.1 for the replay (D2 avatars fetched
by the worker): `{port}` in the recording's values is replaced by its port, which therefore appears in no
checked-in file. A case with `metrics.json` ({"metric": [{"labels": {...}, "value": n}, ...]}) also has
the worker's /metrics samples checked after the replay (counters that have no output record of their own).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import orjson

from streams.bus.recording import RecordedRecord

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"
ID_FIELDS = {
    "qinglang.violations": "violation_id",
    "qinglang.actions": "action_id",
    "qinglang.actions.shadow": "action_id",
    "qinglang.review": "review_id",
    "qinglang.deadletter": "deadletter_id",
    "qinglang.processed": "event_id",
}


def case_env(case: str) -> dict[str, str]:
    """Worker settings of a case (`env.json`); `{case_dir}` in a value is the case's directory."""
    path = GOLDEN_DIR / case / "env.json"
    if not path.exists():
        return {}
    return {k: v.replace("{case_dir}", str(path.parent)) for k, v in orjson.loads(path.read_bytes()).items()}


def case_phases(case: str) -> list[Path]:
    """The recording, then the optional later phases `then.1.jsonl`, `then.2.jsonl`… each replayed once
    the previous is fully processed (Kafka orders nothing across topics and partitions)."""
    later = sorted((GOLDEN_DIR / case).glob("then.*.jsonl"), key=lambda p: int(p.name.split(".")[1]))
    return [GOLDEN_DIR / case / "recording.jsonl", *later]


def case_restarts(case: str) -> bool:
    """Whether the case restarts the worker between its phases (a file `restart_between_phases` says so)."""
    return (GOLDEN_DIR / case / "restart_between_phases").exists()


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves a directory without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        return None


@contextmanager
def served(case: str) -> Iterator[int | None]:
    """The port of a static HTTP server on 127.0.0.1 for the case's `served/` directory while the block
    runs (404 for any other path), or None when the case serves nothing."""
    directory = GOLDEN_DIR / case / "served"
    if not directory.is_dir():
        yield None
        return
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, name=f"golden-{case}-http", daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def with_port(records: Sequence[RecordedRecord], port: int | None) -> list[RecordedRecord]:
    """`{port}` in each record's value replaced by the served port (records unchanged without a server)."""
    if port is None:
        return list(records)
    marker, actual = b"{port}", str(port).encode()
    return [replace(r, value=r.value.replace(marker, actual)) if r.value and marker in r.value else r
            for r in records]


def without_port(outputs: dict[str, list[dict[str, Any]]], port: int | None) -> dict[str, list[dict[str, Any]]]:
    """The outputs with the served port written back as `{port}` (a D2 violation names the avatar's URL), so
    the checked-in expectations do not depend on the port a run happened to get."""
    if port is None:
        return outputs
    actual, marker = f"127.0.0.1:{port}/".encode(), b"127.0.0.1:{port}/"
    return {topic: [orjson.loads(orjson.dumps(r).replace(actual, marker)) for r in records]
            for topic, records in outputs.items()}


def expected_metrics(case: str) -> list[tuple[str, dict[str, str], float]]:
    """(metric, labels, value) from the case's `metrics.json`, if any."""
    path = GOLDEN_DIR / case / "metrics.json"
    if not path.exists():
        return []
    return [(name, sample["labels"], float(sample["value"]))
            for name, samples in orjson.loads(path.read_bytes()).items() for sample in samples]


def golden_cases() -> list[str]:
    return sorted(p.name for p in GOLDEN_DIR.iterdir() if (p / "recording.jsonl").exists())


def keyed(outputs: dict[str, list[dict[str, Any]]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(topic, id) → record; a duplicated id on one topic is an error in itself."""
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for topic, id_field in ID_FIELDS.items():
        for record in outputs.get(topic, []):
            key = (topic, record[id_field])
            if topic == "qinglang.processed":  # a redelivered input is processed again, from another offset
                key = (topic, f"{record[id_field]}@{record['source']['topic']}:{record['source']['offset']}")
            if key in table and table[key] != record:
                raise AssertionError(f"{topic}: two different records share id {key[1]}")
            table[key] = record
    return table


def load_expected(case: str) -> dict[tuple[str, str], dict[str, Any]]:
    table = {}
    for line in (GOLDEN_DIR / case / "expected.jsonl").read_bytes().splitlines():
        if line.strip():
            entry = orjson.loads(line)
            table[(entry["topic"], entry["id"])] = entry["record"]
    return table


def write_expected(case: str, actual: dict[tuple[str, str], dict[str, Any]]) -> None:
    lines = [orjson.dumps({"topic": t, "id": i, "record": r}, option=orjson.OPT_SORT_KEYS)
             for (t, i), r in sorted(actual.items())]
    (GOLDEN_DIR / case / "expected.jsonl").write_bytes(b"\n".join(lines) + b"\n")


class UpdateRefused(Exception):
    """A golden update asked for where it must not happen (under CI)."""


def updating(case: str) -> bool:
    """Whether this run rewrites `case`'s expected files (QINGLANG_UPDATE_GOLDEN names it, or says `all`)."""
    asked = {name.strip() for name in os.environ.get("QINGLANG_UPDATE_GOLDEN", "").split(",") if name.strip()}
    if not asked:
        return False
    if os.environ.get("CI"):
        raise UpdateRefused("QINGLANG_UPDATE_GOLDEN is refused when CI is set: a CI run must not accept its own "
                            "outputs as expected; update on a workstation and review the story diff")
    unknown = asked - {"all", *golden_cases()}
    if unknown:
        raise UpdateRefused(f"QINGLANG_UPDATE_GOLDEN names no golden case: {', '.join(sorted(unknown))} "
                            f"(cases: {', '.join(golden_cases())}, or all)")
    return "all" in asked or case in asked


def story_path(case: str) -> Path:
    return GOLDEN_DIR / case / "expected.story"


def load_story(case: str) -> str:
    path = story_path(case)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def write_story(case: str, text: str) -> None:
    story_path(case).write_text(text, encoding="utf-8")


def diff(expected: dict[tuple[str, str], Any], actual: dict[tuple[str, str], Any], limit: int = 10) -> str:
    """A readable account of what differs, by id."""
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    parts = [f"{len(missing)} missing, {len(extra)} unexpected, {len(changed)} changed"]
    parts += [f"  missing  {t} {i}" for t, i in missing[:limit]]
    parts += [f"  extra    {t} {i}: {orjson.dumps(actual[(t, i)]).decode()[:300]}" for t, i in extra[:limit]]
    for key in changed[:limit]:
        parts.append(f"  changed  {key[0]} {key[1]}:\n    expected {orjson.dumps(expected[key]).decode()[:300]}"
                     f"\n    actual   {orjson.dumps(actual[key]).decode()[:300]}")
    return "\n".join(parts)
