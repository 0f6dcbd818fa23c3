"""Structured logs (P3, issue 6 §6): one JSON object per line on stderr, or plain text for a terminal.

What a line may carry is fixed here: time, level, logger, message, the exception, and the whitelisted
`extra` fields of `SAFE_FIELDS` (topic, partition, offset, error codes, counts, ids derived by
Qinglang). Qinglang's own log calls never put personal data in a message — no identity hashes,
reporter ids, names, bios or raw record bytes — and tests/streams/test_logs.py runs a worker over
events full of such data and checks that none of it reaches the log.
"""

from __future__ import annotations

import logging
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
        "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                "formatter": "qinglang"}},
        "root": {"level": LEVELS[level], "handlers": ["stderr"]},
    }
