"""Bytes in JSON lines: text when the bytes are UTF-8, else {"b64": …}; recordings and dead letters use it."""

from __future__ import annotations

import base64
from typing import Any


def encode_bytes(data: bytes | None) -> str | dict[str, str] | None:
    """JSON-safe form of Kafka key/value/header bytes that round-trips exactly."""
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return {"b64": base64.b64encode(data).decode("ascii")}


def decode_bytes(value: Any) -> bytes | None:
    """Inverse of encode_bytes; raises ValueError on anything else."""
    if value is None:
        return None
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, dict) and set(value) == {"b64"} and isinstance(value["b64"], str):
        return base64.b64decode(value["b64"], validate=True)
    raise ValueError(f"expected a string, null or {{'b64': …}}, got {type(value).__name__}")
