"""Why an input record was refused (P6): a stable code per failure and a readable message."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable dead-letter error codes; operators alert and dashboards group on these (P6)."""

    OVERSIZED = "oversized"
    INVALID_UTF8 = "invalid_utf8"
    NOT_JSON = "not_json"
    NOT_OBJECT = "not_object"
    DUPLICATE_KEY = "duplicate_key"
    MISSING_FIELD = "missing_field"
    WRONG_TYPE = "wrong_type"
    BAD_VALUE = "bad_value"
    TOO_LONG = "too_long"
    UNKNOWN_TYPE = "unknown_type"
    WRONG_TOPIC = "wrong_topic"
    BAD_TIMESTAMP = "bad_timestamp"
    UNSUPPORTED_SCHEMA_VERSION = "unsupported_schema_version"
    KEY_MISMATCH = "key_mismatch"
    UNKNOWN_FIELD = "unknown_field"
    INTERNAL_ERROR = "internal_error"


class InvalidEvent(ValueError):
    """An input record that cannot be accepted; carries the code, a message and the field at fault."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
