"""The JSON Schemas in the repo and the decoder accept and refuse the same records."""

from __future__ import annotations

import jsonschema
import orjson
import pytest
from factories import PAYLOADS, encode, make_event, topic_of

from enforcement.events import InvalidEvent, decode_event
from enforcement.events.jsonschema import topic_schema
from enforcement.events.models import MODEL_BY_TYPE
from enforcement.events.spec import ENVELOPE, SPECS_BY_TYPE


def _valid_by_schema(body: dict, topic: str) -> bool:
    try:
        jsonschema.validate(body, topic_schema(topic))
    except jsonschema.ValidationError:
        return False
    return True


def _valid_by_decoder(body: dict, topic: str) -> bool:
    try:
        decode_event(encode(body), topic=topic, key=str(body.get("account_id")).encode())
    except InvalidEvent:
        return False
    return True


CASES = [(t, {}) for t in sorted(PAYLOADS)] + [
    ("profile.renamed", {"new_name": 5}),
    ("profile.renamed", {"occurred_at": ...}),
    ("profile.renamed", {"extra": 1}),
    ("profile.renamed", {"schema_version": 2}),
    ("profile.renamed", {"occurred_at": "2026-11-22"}),
    ("profile.renamed", {"old_name": None}),
    ("profile.avatar_changed", {"avatar_pdq": ...}),
    ("profile.avatar_changed", {"avatar_pdq": "F" * 64}),
    ("credential.verified", {"domain": "astrology"}),
    ("content.labelled", {"repost_count": -1}),
    ("content.labelled", {"first_post": 1}),
    ("profile.bio_changed", {"bio": ""}),
    ("profile.renamed", {"new_name": "名" * 257}),
    ("credential.verified", {"valid_until": "9999-12-31T23:59:59Z"}),  # "never expires": both accept it
    ("appeal.filed", {"statement": ""}),  # an appeal must say something: both refuse it
    ("appeal.filed", {"statement": ...}),
    ("appeal.resolved", {"resolved_by": "sup:1"}),
    ("appeal.resolved", {"resolved_by": None}),
    ("appeal.resolved", {"resolved_by": 5}),
]


@pytest.mark.parametrize(("event_type", "overrides"), CASES)
def test_schema_and_decoder_agree(event_type: str, overrides: dict) -> None:
    body = orjson.loads(encode(make_event(event_type, **overrides)))
    topic = topic_of(event_type)
    assert _valid_by_schema(body, topic) == _valid_by_decoder(body, topic)


@pytest.mark.parametrize("event_type", sorted(SPECS_BY_TYPE))
def test_models_have_exactly_the_spec_fields(event_type: str) -> None:
    spec = SPECS_BY_TYPE[event_type]
    model_fields = set(MODEL_BY_TYPE[event_type].__dataclass_fields__)
    assert model_fields == {f.name for f in ENVELOPE} | {f.name for f in spec.fields}
