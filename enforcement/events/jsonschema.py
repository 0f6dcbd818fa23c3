"""JSON Schemas (draft 2020-12) for every account topic, generated from the same spec as the decoder."""

from __future__ import annotations

from typing import Any

from enforcement.events.spec import (
    ACCOUNT_TOPICS,
    ENVELOPE,
    EVENT_SPECS,
    MAX_LENGTH,
    SCHEMA_VERSION,
    FieldSpec,
    Kind,
    Span,
)
from enforcement.output_schemas import output_schemas

_TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$"
# The ranges a pattern cannot express, for the people who write producers (checked by the decoder).
_SPAN_NOTES = {
    Span.EVENT_TIME: "Event time, in UTC no later than the Kafka record's timestamp plus QINGLANG_MAX_EVENT_SKEW "
                     "(default 300 s) and within [QINGLANG_EARLIEST_EVENT_TIME, QINGLANG_LATEST_EVENT_TIME) "
                     "(default 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z); otherwise refused as bad_timestamp.",
    Span.BOUNDED: "In UTC from 2000-01-01T00:00:00Z up to, not including, 2100-01-01T00:00:00Z.",
    Span.OPEN_ENDED: "In UTC from 2000-01-01T00:00:00Z; 2100-01-01T00:00:00Z or later (e.g. 9999-12-31T23:59:59Z) "
                     "means it never expires.",
}


def _field_schema(spec: FieldSpec) -> dict[str, Any]:
    schema: dict[str, Any]
    if spec.kind in MAX_LENGTH:
        schema = {"type": "string", "minLength": 0 if spec.kind == Kind.LONG_TEXT and spec.empty_ok else 1,
                  "maxLength": MAX_LENGTH[spec.kind]}
        if spec.kind == Kind.URL:
            schema["pattern"] = "^[hH][tT][tT][pP][sS]?://"
    elif spec.kind == Kind.PDQ:
        schema = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
    elif spec.kind == Kind.TIMESTAMP:
        schema = {"type": "string", "pattern": _TIMESTAMP_PATTERN, "description": _SPAN_NOTES[spec.span]}
    elif spec.kind == Kind.BOOL:
        schema = {"type": "boolean"}
    elif spec.kind == Kind.COUNT:
        schema = {"type": "integer", "minimum": 0}
    elif spec.kind == Kind.ENUM:
        schema = {"type": "string", "enum": list(spec.choices)}
    else:
        schema = {"type": "integer"}
    if spec.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def topic_schema(topic: str) -> dict[str, Any]:
    """The schema of one account topic: one branch per event type it carries."""
    branches = []
    for spec in EVENT_SPECS:
        if spec.topic != topic:
            continue
        fields = (*ENVELOPE, *spec.fields)
        properties = {f.name: _field_schema(f) for f in fields}
        properties["schema_version"] = {"const": SCHEMA_VERSION}
        properties["type"] = {"const": spec.type}
        branch: dict[str, Any] = {
            "type": "object",
            "title": spec.type,
            "properties": properties,
            "required": [f.name for f in fields if f.required],
            "additionalProperties": False,
        }
        if spec.any_of:
            branch["anyOf"] = [{"required": [name], "properties": {name: {"not": {"type": "null"}}}}
                               for name in spec.any_of]
        branches.append(branch)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"qinglang/{topic}.schema.json",
        "title": f"Qinglang input topic {topic}",
        "description": "Generated from enforcement/events/spec.py by `qinglang schemas --write`; do not edit.",
        "oneOf": branches,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name → schema for every account topic, then for the output records (actions, review items)."""
    return {f"{topic}.schema.json": topic_schema(topic) for topic in ACCOUNT_TOPICS} | output_schemas()
