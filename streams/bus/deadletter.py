"""The dead-letter record (P6, pinned decision 4): a clear error, the source position and the raw bytes.

At most a prefix of the raw bytes is kept, with the full length and sha256, so a record of any size
can always be dead-lettered and identified.
"""

from __future__ import annotations

import hashlib
from typing import Any

from enforcement.events import ErrorCode
from enforcement.ids import derive_id
from streams.bus.byte_codec import encode_bytes
from streams.bus.messages import SourceRecord


def deadletter_record(
    source: SourceRecord, code: ErrorCode, message: str, field: str | None, *, prefix_bytes: int
) -> dict[str, Any]:
    """The `qinglang.deadletter` JSON body for a refused record; its id derives from the source position."""
    raw = source.value or b""
    prefix = raw[:prefix_bytes]
    return {
        "deadletter_id": derive_id("deadletter", source.topic, str(source.partition), str(source.offset)),
        "error": {"code": str(code), "message": message, "field": field},
        "source": {
            "topic": source.topic,
            "partition": source.partition,
            "offset": source.offset,
            "timestamp_ms": source.timestamp_ms,
            "key": encode_bytes(source.key),
            "headers": [[name, encode_bytes(value)] for name, value in source.headers],
        },
        "raw": {
            "is_null": source.value is None,
            "length": len(raw),
            "sha256": hashlib.sha256(raw).hexdigest(),
            "truncated": len(raw) > len(prefix),
            "prefix": encode_bytes(prefix),
        },
    }
