"""Structured logs (P3): one JSON object per line on stderr, or plain text for a terminal; a message that
repeats is held to a few lines per window.

What a line may carry is fixed here: time, level, logger, message, the exception, and the whitelisted
`extra` fields of `SAFE_FIELDS` (topic, partition, offset, error codes, counts, ids derived by
Qinglang). Qinglang's own log calls never put personal data in a message — no identity hashes,
reporter ids, names, bios or raw record bytes — and tests/streams/test_logs.py runs a worker over
events full of such data and checks that none of it reaches the log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import orjson

FORMATS: tuple[str, ...] = ("json", "text")
LEVELS: dict[str, str] = {"crit": "CRITICAL", "error": "ERROR", "warn": "WARNING", "info": "INFO", "debug": "DEBUG"}

# `extra={...}` keys a log call may attach; anything else passed as extra is dropped, not printed.
SAFE_FIELDS: frozenset[str] = frozenset({
    "topic", "partition", "offset", "error_code", "dependency", "retry_in_s", "count", "app_id",
    "violation_id", "action_id", "review_id", "event_id", "rule", "requirement", "sanction", "version",
})


class JsonFormatter(logging.Formatter):
    """`{"ts", "level", "logger", "message", ["exc"], [safe extras]}` as one compact JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace(
                "+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in SAFE_FIELDS:
            if key in record.__dict__:
                line[key] = record.__dict__[key]
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(line, default=str).decode()


class RepeatLimit(logging.Filter):
    """At most `burst` lines per `window_s` seconds for one logger, level and message template; the first
    line after a window in which lines were held back says how many.

    While the broker is down, the Kafka client logs the same connection error thousands of times a second
    (17 MB in 21 s in the broker-restart test): that drowns the one line an operator needs and fills disks.
    """

    def __init__(self, *, burst: int = 5, window_s: float = 10.0, clock: Callable[[], float] = time.monotonic,
                 ) -> None:
        super().__init__()
        self._burst = burst
        self._window = window_s
        self._clock = clock
        self._seen: dict[tuple[str, int, str], list[float]] = {}  # key -> [window start, lines, held back]

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, record.levelno, str(record.msg))
        now = self._clock()
        state = self._seen.get(key)
        if state is None or now - state[0] >= self._window:
            held = 0 if state is None else int(state[2])
            self._seen[key] = [now, 1, 0]
            if len(self._seen) > 10_000:  # bounded: the keys are message templates, not their arguments
                self._seen = {key: self._seen[key]}
            if held:
                record.msg = f"{record.msg} ({held} more like this held back in the last {self._window:g} s)"
            return True
        if state[1] < self._burst:
            state[1] += 1
            return True
        state[2] += 1
        return False


def logging_config(level: str, fmt: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the worker: every logger (Faust's, aiokafka's, ours) to stderr."""
    if level not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
    if fmt not in FORMATS:
        raise ValueError(f"log format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    formatter: dict[str, Any] = (
        {"()": f"{__name__}.JsonFormatter"} if fmt == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"qinglang": formatter},
        "filters": {"repeats": {"()": f"{__name__}.RepeatLimit"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                "formatter": "qinglang", "filters": ["repeats"]}},
        "root": {"level": LEVELS[level], "handlers": ["stderr"]},
    }
