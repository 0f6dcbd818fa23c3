"""The output schemas in schemas/ accept every action and review item the goldens expect, and refuse the
shapes they rule out (an action both reversing and superseding, an owner review without its origin)."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import orjson
import pytest

from enforcement.output_schemas import action_schema, review_schema, violation_schema

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SCHEMA_OF = {"qinglang.actions": action_schema(), "qinglang.actions.shadow": action_schema(),
             "qinglang.review": review_schema(), "qinglang.violations": violation_schema()}


def _expected() -> list[tuple[str, dict]]:
    found = []
    for path in sorted(GOLDEN.glob("*/expected.jsonl")):
        for line in path.read_bytes().splitlines():
            entry = orjson.loads(line)
            if entry["topic"] in SCHEMA_OF:
                found.append((entry["topic"], entry["record"]))
    return found


def test_every_golden_output_record_validates() -> None:
    records = _expected()
    assert len(records) > 100
    for topic, record in records:
        jsonschema.validate(record, SCHEMA_OF[topic])
    assert any("supersedes" in record for _, record in records)
    assert any(record.get("reason") == "owner_blacklisted" for _, record in records)


def test_shapes_the_schemas_refuse() -> None:
    action = next(record for topic, record in _expected() if topic == "qinglang.actions" and "reverses" in record)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**action, "supersedes": action["reverses"]}, action_schema())
    review = next(record for topic, record in _expected() if record.get("reason") == "owner_blacklisted")
    jsonschema.validate(review, review_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({k: v for k, v in review.items() if k != "blacklist_action_id"}, review_schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**review, "reason": "whim"}, review_schema())
