"""The dead-letter record (P6, decision "Dead-letter size"): a clear error, the source position and the raw bytes.

At most a prefix of the raw bytes is kept, with the full length and sha256, so a record of any size
can always be dead-lettered and identified. The key and headers are capped the same way (a prefix and
the full sizes): a record may carry a key or headers close to the broker's size limit, and a dead letter
that copied them whole would itself be refused by the producer. The whole record stays on its input
topic at the source offset; `qinglang deadletter replay` reads it from there.
"""

from __future__ import annotations

import hashlib
from typing import Any

from enforcement.events import ErrorCode
from enforcement.ids import derive_id
from streams.bus.byte_codec import encode_bytes
from streams.bus.messages import SourceRecord

KEY_PREFIX_BYTES = 1024  # of the record key, kept in the body and used as the dead letter's own key
HEADER_VALUE_PREFIX_BYTES = 1024  # of each header value kept
HEADER_NAME_CHARS = 256  # of each header name kept
MAX_HEADERS = 16  # headers kept (the first ones); the count and total size say what was left out
MESSAGE_CHARS = 2000  # of the error message (an exception's text can quote a large input)
FIELD_CHARS = 256  # of the offending field's name (it comes from the input)


def deadletter_key(source: SourceRecord) -> bytes | None:
    """The dead letter's own Kafka key: the source key, cut to its prefix so it always fits."""
    return None if source.key is None else source.key[:KEY_PREFIX_BYTES]


def deadletter_record(
    source: SourceRecord, code: ErrorCode, message: str, field: str | None, *, prefix_bytes: int
) -> dict[str, Any]:
    """The `qinglang.deadletter` JSON body for a refused record; its id derives from the source position."""
    raw = source.value or b""
    prefix = raw[:prefix_bytes]
    key = source.key
    headers_bytes = sum(len(name.encode("utf-8", "surrogatepass")) + len(value or b"")
                        for name, value in source.headers)
    kept = source.headers[:MAX_HEADERS]
    headers_truncated = len(source.headers) > len(kept) or any(
        len(name) > HEADER_NAME_CHARS or len(value or b"") > HEADER_VALUE_PREFIX_BYTES for name, value in kept)
    return {
        "deadletter_id": derive_id("deadletter", source.topic, str(source.partition), str(source.offset)),
        "error": {"code": str(code), "message": message[:MESSAGE_CHARS],
                  "field": None if field is None else field[:FIELD_CHARS]},
        "source": {
            "topic": source.topic,
            "partition": source.partition,
            "offset": source.offset,
            "timestamp_ms": source.timestamp_ms,
            "key": encode_bytes(deadletter_key(source)),
            "key_length": None if key is None else len(key),
            "key_truncated": key is not None and len(key) > KEY_PREFIX_BYTES,
            "headers": [[name[:HEADER_NAME_CHARS], encode_bytes(None if value is None
                                                                 else value[:HEADER_VALUE_PREFIX_BYTES])]
                        for name, value in kept],
            "headers_count": len(source.headers),
            "headers_bytes": headers_bytes,
            "headers_truncated": headers_truncated,
        },
        "raw": {
            "is_null": source.value is None,
            "length": len(raw),
            "sha256": hashlib.sha256(raw).hexdigest(),
            "truncated": len(raw) > len(prefix),
            "prefix": encode_bytes(prefix),
        },
    }
