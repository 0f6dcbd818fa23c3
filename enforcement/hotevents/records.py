"""`registry.hot_event` records (D9; decisions "Registry topics are read in
full", "Field names and schemas"): keyed by event id; a null value deletes the event.

The JSON Schema is `schemas/registry.hot_event.schema.json`; tests check that it and this parser
accept and refuse the same records. A refused record is dead-lettered with the code of its error.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from enforcement.hotevents.model import HotEvent, HotEventUpdate
from enforcement.registry import InvalidRegistryRecord
from enforcement.registry.records import decode_keyed_record

SCHEMA_VERSION = 1
MAX_NAMES = 64
_REQUIRED = ("schema_version", "hot_event_id", "title", "parties", "figures", "active_from", "expires_at")
_FIELDS = {*_REQUIRED, "keywords", "account_ids"}
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})")


def _names(obj: dict[str, Any], name: str, *, max_len: int = 64) -> tuple[str, ...]:
    value = obj.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidRegistryRecord("wrong_type", f"field {name!r} must be a list of strings")
    if len(value) > MAX_NAMES:
        raise InvalidRegistryRecord("bad_value", f"field {name!r} has more than {MAX_NAMES} entries")
    for item in value:
        if not item.strip() or len(item) > max_len:
            raise InvalidRegistryRecord("bad_value", f"field {name!r} has an invalid entry {item[:40]!r}")
    return tuple(value)


def _time(obj: dict[str, Any], name: str) -> datetime:
    value = obj[name]
    if not isinstance(value, str):
        raise InvalidRegistryRecord("wrong_type", f"field {name!r} must be an ISO 8601 timestamp string")
    if not _TIMESTAMP.fullmatch(value):
        raise InvalidRegistryRecord("bad_timestamp", f"field {name!r} needs a date, a time and a UTC offset "
                                                     f"(e.g. 2026-11-22T08:00:00Z): {value[:40]!r}")
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: 9999-12-31T23:59:59-01:00 has no UTC equivalent
        raise InvalidRegistryRecord("bad_timestamp", f"field {name!r} is not a valid time: {value[:40]!r}") from None


def parse_hot_event_record(key: bytes | None, value: bytes | None) -> HotEventUpdate:
    """One Kafka record of `registry.hot_event` into an upsert or a tombstone."""
    event_id, obj = decode_keyed_record(key, value, what="hot-event", id_field="hot_event_id",
                                        required=tuple(_REQUIRED), fields=_FIELDS)
    if obj is None:
        return HotEventUpdate(event_id, None)
    if obj["schema_version"] != SCHEMA_VERSION or isinstance(obj["schema_version"], bool):
        raise InvalidRegistryRecord("unsupported_schema_version", f"schema_version {obj['schema_version']!r}")
    if not isinstance(obj["hot_event_id"], str) or not isinstance(obj["title"], str):
        raise InvalidRegistryRecord("wrong_type", "hot_event_id and title must be strings")
    if obj["hot_event_id"] != event_id:
        raise InvalidRegistryRecord("key_mismatch", f"key {event_id!r} ≠ hot_event_id {obj['hot_event_id']!r}")
    if not obj["title"].strip() or len(obj["title"]) > 128:
        raise InvalidRegistryRecord("bad_value", "title must be 1 to 128 characters")
    parties, figures = _names(obj, "parties"), _names(obj, "figures")
    if not parties and not figures:
        raise InvalidRegistryRecord("bad_value", "a hot event needs at least one party or figure")
    active_from, expires_at = _time(obj, "active_from"), _time(obj, "expires_at")
    if expires_at <= active_from:
        raise InvalidRegistryRecord("bad_value", "expires_at must be after active_from")
    event = HotEvent(
        hot_event_id=event_id, title=obj["title"], parties=parties, figures=figures, active_from=active_from,
        expires_at=expires_at, keywords=_names(obj, "keywords"),
        account_ids=frozenset(_names(obj, "account_ids", max_len=128)),
    )
    return HotEventUpdate(event_id, event)
