"""`registry.official` records (decisions "Registry topics are read
in full", "Field names and schemas"): keyed by identity id; a null value deletes the identity."""

from __future__ import annotations

import re
from typing import Any

import orjson

from enforcement.events.json_keys import duplicate_key
from enforcement.registry.model import KINDS, ProtectedIdentity, RegistryUpdate

_LOGO_HASH = re.compile(r"[0-9a-f]{64}(?::[0-9a-f]{16}(?::[0-9a-f]{512})?)?")  # PDQ[:pHash[:shape]]
_FIELDS = {"schema_version", "identity_id", "kind", "names", "aliases", "context_aliases", "source", "account_ids",
           "logo_hashes"}


class InvalidRegistryRecord(ValueError):
    """A registry record that cannot be applied; `code` is a dead-letter error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def _strings(obj: dict[str, Any], name: str, *, required: bool, pattern: re.Pattern[str] | None = None,
             max_len: int = 64) -> tuple[str, ...]:
    value = obj.get(name)
    if value is None:
        if required:
            raise InvalidRegistryRecord("missing_field", f"missing field {name!r}")
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidRegistryRecord("wrong_type", f"field {name!r} must be a list of strings")
    for item in value:
        if not item.strip() or len(item) > max_len or (pattern and not pattern.fullmatch(item)):
            raise InvalidRegistryRecord("bad_value", f"field {name!r} has an invalid entry {item[:40]!r}")
    if required and not value:
        raise InvalidRegistryRecord("bad_value", f"field {name!r} must not be empty")
    return tuple(value)


def decode_keyed_record(key: bytes | None, value: bytes | None, *, what: str, id_field: str,
                        required: tuple[str, ...], fields: frozenset[str] | set[str],
                        ) -> tuple[str, dict[str, Any] | None]:
    """The checks every compacted registry topic shares: a UTF-8 key, a JSON object value or
    a tombstone (None), the required fields present and no unknown one. Returns (key, object or None)."""
    if key is None:
        raise InvalidRegistryRecord("key_mismatch", f"{what} records are keyed by {id_field}; this one has no key")
    try:
        record_id = key.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidRegistryRecord("key_mismatch", "record key is not UTF-8") from None
    if value is None:
        return record_id, None
    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise InvalidRegistryRecord("not_json", f"record is not JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise InvalidRegistryRecord("not_object", "record is not a JSON object")
    repeated = duplicate_key(value)
    if repeated is not None:
        raise InvalidRegistryRecord("duplicate_key", f"the key {repeated!r} appears more than once in one object")
    for name in required:
        if name not in obj:
            raise InvalidRegistryRecord("missing_field", f"missing field {name!r}")
    unknown = sorted(set(obj) - set(fields))
    if unknown:
        raise InvalidRegistryRecord("unknown_field", f"{what} record has no field {unknown[0]!r}")
    return record_id, obj


def parse_registry_record(key: bytes | None, value: bytes | None) -> RegistryUpdate:
    """One Kafka record of `registry.official` into an upsert or a tombstone."""
    identity_id, obj = decode_keyed_record(key, value, what="registry", id_field="identity id",
                                           required=("schema_version", "identity_id", "kind"), fields=_FIELDS)
    if obj is None:
        return RegistryUpdate(identity_id, None)
    if obj["schema_version"] != 1:
        raise InvalidRegistryRecord("unsupported_schema_version", f"schema_version {obj['schema_version']!r}")
    if not isinstance(obj["identity_id"], str) or not isinstance(obj["kind"], str):
        raise InvalidRegistryRecord("wrong_type", "identity_id and kind must be strings")
    if obj["identity_id"] != identity_id:
        raise InvalidRegistryRecord("key_mismatch", f"key {identity_id!r} ≠ identity_id {obj['identity_id']!r}")
    if obj["kind"] not in KINDS:
        raise InvalidRegistryRecord("bad_value", f"kind {obj['kind']!r}; expected one of {', '.join(KINDS)}")
    source = obj.get("source", "")
    if not isinstance(source, str):
        raise InvalidRegistryRecord("wrong_type", "source must be a string")
    identity = ProtectedIdentity(
        identity_id=identity_id,
        kind=obj["kind"],
        names=_strings(obj, "names", required=True),
        aliases=_strings(obj, "aliases", required=False),
        context_aliases=_strings(obj, "context_aliases", required=False),
        source=source,
        verified_account_ids=frozenset(_strings(obj, "account_ids", required=False, max_len=128)),
        logo_hashes=_strings(obj, "logo_hashes", required=False, pattern=_LOGO_HASH, max_len=594),
    )
    return RegistryUpdate(identity_id, identity)
