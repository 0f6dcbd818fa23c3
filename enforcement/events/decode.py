"""Strict decoding of raw Kafka records into typed events (P6): every refusal has a stable code."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import orjson

from enforcement.events.bounds import DEFAULT_BOUNDS, EventTimeBounds
from enforcement.events.errors import ErrorCode, InvalidEvent
from enforcement.events.fastpath import fast_decode
from enforcement.events.json_keys import duplicate_key
from enforcement.events.models import MODEL_BY_TYPE, Event
from enforcement.events.spec import (
    ENVELOPE,
    FIXED_EARLIEST,
    FIXED_LATEST,
    MAX_LENGTH,
    SCHEMA_VERSION,
    SPECS_BY_TYPE,
    TYPES_BY_TOPIC,
    FieldSpec,
    Kind,
    Span,
)
from enforcement.events.visible import has_visible

DEFAULT_MAX_RECORD_BYTES = 64 * 1024

_SINGLE_LINE_BAD = re.compile(r"[\x00-\x1f\x7f]")
_MULTI_LINE_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID_BAD = re.compile(r"[\s\x00-\x1f\x7f]")
_PDQ = re.compile(r"[0-9a-f]{64}")
_URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
# The fixed range of each timestamp span; occurred_at (EVENT_TIME) is bounded per record by EventTimeBounds.
_SPANS: dict[Span, tuple[datetime | None, datetime | None]] = {
    Span.EVENT_TIME: (None, None),
    Span.BOUNDED: (FIXED_EARLIEST, FIXED_LATEST),
    Span.OPEN_ENDED: (FIXED_EARLIEST, None),
}


def decode_event(
    raw: bytes | None,
    *,
    topic: str,
    key: bytes | None,
    max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    timestamp_ms: int | None = None,
    bounds: EventTimeBounds = DEFAULT_BOUNDS,
) -> Event:
    """Decode one record from an account topic (logical name) into its typed event, or raise InvalidEvent.

    A valid record is decoded by the fast path in one msgspec call; any other record (or one the fast path
    is not sure of) goes through the precise checks, which name the first failure in the documented order.
    Then its event time must lie within `bounds`, given the record's own `timestamp_ms` (None: horizon only).
    Raises nothing but InvalidEvent: an unforeseen exception is an input error with a code too, so no
    record can crash the caller."""
    try:
        if raw is not None and len(raw) <= max_bytes:
            event = fast_decode(raw, topic, key)
            if event is not None:
                bounds.check(event, timestamp_ms)
                return event
        return _precise(raw, topic, key, max_bytes, timestamp_ms, bounds)
    except InvalidEvent:
        raise
    except Exception as exc:  # a record that breaks the decoder must be dead-lettered, not kill an agent
        raise InvalidEvent(ErrorCode.INTERNAL_ERROR, f"decoding raised {type(exc).__name__}: {exc}"[:1000]) from exc


def decode_event_precise(
    raw: bytes | None,
    *,
    topic: str,
    key: bytes | None,
    max_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    timestamp_ms: int | None = None,
    bounds: EventTimeBounds = DEFAULT_BOUNDS,
) -> Event:
    """decode_event without the fast path: every check in order, in Python; raises the first failure."""
    try:
        return _precise(raw, topic, key, max_bytes, timestamp_ms, bounds)
    except InvalidEvent:
        raise
    except Exception as exc:  # as decode_event
        raise InvalidEvent(ErrorCode.INTERNAL_ERROR, f"decoding raised {type(exc).__name__}: {exc}"[:1000]) from exc


def _precise(raw: bytes | None, topic: str, key: bytes | None, max_bytes: int, timestamp_ms: int | None,
             bounds: EventTimeBounds) -> Event:
    obj = parse_object(raw, max_bytes=max_bytes)
    envelope = {spec.name: _field(obj, spec) for spec in ENVELOPE}
    if envelope["schema_version"] != SCHEMA_VERSION:
        raise InvalidEvent(
            ErrorCode.UNSUPPORTED_SCHEMA_VERSION,
            f"schema_version {envelope['schema_version']} is not supported (expected {SCHEMA_VERSION})",
            "schema_version",
        )
    event_type = envelope["type"]
    spec = SPECS_BY_TYPE.get(event_type)
    if spec is None:
        raise InvalidEvent(ErrorCode.UNKNOWN_TYPE, f"unknown event type {event_type!r}", "type")
    if spec.topic != topic:
        allowed = ", ".join(TYPES_BY_TOPIC.get(topic, ())) or "none"
        raise InvalidEvent(
            ErrorCode.WRONG_TOPIC,
            f"{event_type!r} belongs on {spec.topic!r}, not {topic!r} (which carries: {allowed})",
            "type",
        )
    known = {f.name for f in ENVELOPE} | {f.name for f in spec.fields}
    unknown = sorted(set(obj) - known)
    if unknown:
        raise InvalidEvent(
            ErrorCode.UNKNOWN_FIELD, f"{event_type} has no field {unknown[0]!r}", unknown[0]
        )
    payload = {f.name: _field(obj, f) for f in spec.fields if f.name in obj or f.required}
    if spec.any_of and all(payload.get(name) is None for name in spec.any_of):
        raise InvalidEvent(
            ErrorCode.MISSING_FIELD,
            f"{event_type} needs at least one of: {', '.join(spec.any_of)}",
            spec.any_of[0],
        )
    _check_key(key, envelope["account_id"])
    event = MODEL_BY_TYPE[event_type](**envelope, **payload)
    bounds.check(event, timestamp_ms)
    return event


def parse_object(raw: bytes | None, *, max_bytes: int) -> dict[str, Any]:
    """Size, UTF-8 and JSON checks shared by every topic; returns the decoded JSON object."""
    if raw is None:
        raise InvalidEvent(ErrorCode.NOT_JSON, "record has no value (null)")
    if len(raw) > max_bytes:
        raise InvalidEvent(ErrorCode.OVERSIZED, f"record is {len(raw)} bytes; the limit is {max_bytes}")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvent(
            ErrorCode.INVALID_UTF8, f"record is not valid UTF-8 at byte {exc.start}: {exc.reason}"
        ) from None
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise InvalidEvent(ErrorCode.NOT_JSON, f"record is not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise InvalidEvent(ErrorCode.NOT_OBJECT, f"record is a JSON {_json_type(obj)}, not an object")
    repeated = duplicate_key(raw)
    if repeated is not None:
        raise InvalidEvent(ErrorCode.DUPLICATE_KEY, f"the key {repeated!r} appears more than once in one object",
                           repeated[:128])
    return obj


def _check_key(key: bytes | None, account_id: str) -> None:
    """The Kafka key must be the account id, so one account's events stay on one partition."""
    if key is None:
        raise InvalidEvent(ErrorCode.KEY_MISMATCH, "record has no key; expected the account id", "account_id")
    try:
        text = key.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidEvent(ErrorCode.KEY_MISMATCH, "record key is not UTF-8", "account_id") from None
    if text != account_id:
        raise InvalidEvent(
            ErrorCode.KEY_MISMATCH,
            f"record key {text[:64]!r} does not match account_id {account_id[:64]!r}",
            "account_id",
        )


def _field(obj: dict[str, Any], spec: FieldSpec) -> Any:
    """One validated field value; raises InvalidEvent naming the field."""
    if spec.name not in obj:
        if spec.required:
            raise InvalidEvent(ErrorCode.MISSING_FIELD, f"missing field {spec.name!r}", spec.name)
        return None
    value = obj[spec.name]
    if value is None:
        if spec.nullable:
            return None
        raise InvalidEvent(ErrorCode.WRONG_TYPE, f"field {spec.name!r} must not be null", spec.name)
    return _VALIDATORS[spec.kind](spec, value)


def _expect(spec: FieldSpec, value: Any, wanted: type, label: str) -> None:
    if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
        raise InvalidEvent(
            ErrorCode.WRONG_TYPE,
            f"field {spec.name!r} must be {label}, got {_json_type(value)}",
            spec.name,
        )


def _string(spec: FieldSpec, raw: Any, bad: re.Pattern[str], label: str) -> str:
    _expect(spec, raw, str, "a string")
    value: str = raw
    limit = MAX_LENGTH[spec.kind]
    if len(value) > limit:
        raise InvalidEvent(
            ErrorCode.TOO_LONG, f"field {spec.name!r} is {len(value)} characters; the limit is {limit}", spec.name
        )
    if not value.strip():
        raise InvalidEvent(ErrorCode.BAD_VALUE, f"field {spec.name!r} must not be empty", spec.name)
    found = bad.search(value)
    if found:
        raise InvalidEvent(
            ErrorCode.BAD_VALUE,
            f"field {spec.name!r} contains {label} U+{ord(found.group()):04X} at {found.start()}",
            spec.name,
        )
    if not has_visible(value):
        raise InvalidEvent(
            ErrorCode.BAD_VALUE,
            f"field {spec.name!r} shows nothing: only whitespace and invisible characters "
            "(zero-width, direction marks, variation selectors)",
            spec.name,
        )
    return value


def _id(spec: FieldSpec, value: Any) -> str:
    return _string(spec, value, _ID_BAD, "whitespace or a control character")


def _text(spec: FieldSpec, value: Any) -> str:
    return _string(spec, value, _SINGLE_LINE_BAD, "a control character")


def _long_text(spec: FieldSpec, value: Any) -> str:
    _expect(spec, value, str, "a string")
    if value == "" and spec.empty_ok:
        return ""  # an emptied bio is a real change
    return _string(spec, value, _MULTI_LINE_BAD, "a control character")


def _url(spec: FieldSpec, value: Any) -> str:
    text = _string(spec, value, _ID_BAD, "whitespace or a control character")
    if not _URL.fullmatch(text):
        raise InvalidEvent(ErrorCode.BAD_VALUE, f"field {spec.name!r} is not an http(s) URL", spec.name)
    return text


def _pdq(spec: FieldSpec, value: Any) -> str:
    _expect(spec, value, str, "a string")
    if not _PDQ.fullmatch(value):
        raise InvalidEvent(
            ErrorCode.BAD_VALUE, f"field {spec.name!r} must be 64 lowercase hex digits (a PDQ hash)", spec.name
        )
    digits: str = value
    return digits


def _timestamp(spec: FieldSpec, value: Any) -> datetime:
    _expect(spec, value, str, "an ISO 8601 timestamp string")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidEvent(
            ErrorCode.BAD_TIMESTAMP, f"field {spec.name!r} is not an ISO 8601 timestamp: {value[:40]!r}", spec.name
        ) from None
    if parsed.tzinfo is None or "T" not in value:
        raise InvalidEvent(
            ErrorCode.BAD_TIMESTAMP,
            f"field {spec.name!r} needs a date, a time and a UTC offset (e.g. 2026-11-22T08:00:00Z): {value[:40]!r}",
            spec.name,
        )
    try:
        parsed = parsed.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-01:00 or 0001-01-01T00:00:00+01:00: no such UTC time
        raise InvalidEvent(
            ErrorCode.BAD_TIMESTAMP, f"field {spec.name!r} is not a time that exists in UTC: {value[:40]!r}",
            spec.name,
        ) from None
    earliest, latest = _SPANS[spec.span]
    if (earliest is not None and parsed < earliest) or (latest is not None and parsed >= latest):
        if earliest is not None and latest is not None:
            where = f"outside {earliest.year}–{latest.year - 1}"
        elif earliest is not None:
            where = f"before {earliest.year}"
        else:
            where = f"from {latest.year} on" if latest is not None else "out of range"
        raise InvalidEvent(ErrorCode.BAD_TIMESTAMP, f"field {spec.name!r} is {where}: {value[:40]!r}", spec.name)
    return parsed


def _bool(spec: FieldSpec, value: Any) -> bool:
    _expect(spec, value, bool, "true or false")
    return bool(value)


def _int(spec: FieldSpec, value: Any) -> int:
    _expect(spec, value, int, "an integer")
    return int(value)


def _count(spec: FieldSpec, value: Any) -> int:
    number = _int(spec, value)
    if number < 0 or number > 2**53:
        raise InvalidEvent(ErrorCode.BAD_VALUE, f"field {spec.name!r} must be 0 or more, got {number}", spec.name)
    return number


def _enum(spec: FieldSpec, value: Any) -> str:
    _expect(spec, value, str, "a string")
    if value not in spec.choices:
        raise InvalidEvent(
            ErrorCode.BAD_VALUE,
            f"field {spec.name!r} is {value[:40]!r}; expected one of: {', '.join(spec.choices)}",
            spec.name,
        )
    choice: str = value
    return choice


_VALIDATORS = {
    Kind.ID: _id,
    Kind.TEXT: _text,
    Kind.LONG_TEXT: _long_text,
    Kind.URL: _url,
    Kind.PDQ: _pdq,
    Kind.TIMESTAMP: _timestamp,
    Kind.BOOL: _bool,
    Kind.INT: _int,
    Kind.COUNT: _count,
    Kind.ENUM: _enum,
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
