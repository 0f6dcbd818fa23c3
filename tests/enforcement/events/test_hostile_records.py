"""Records built to break the decoder: whatever the bytes, `decode_event` returns an event or raises
InvalidEvent with a code — nothing else escapes, so no record can crash a worker or vanish."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from factories import PAYLOADS, make_event, topic_of
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement.events import ErrorCode, Event, InvalidEvent, decode_event
from enforcement.events.decode import decode_event_precise

_SETTINGS = settings(max_examples=300, deadline=None, derandomize=True)
TYPES = sorted(PAYLOADS)

_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
            | st.text(st.characters(codec=None), max_size=300))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4)
                       | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_times = st.builds(lambda d, sign, hh, mm: d.isoformat() + f"{sign}{hh:02d}:{mm:02d}",
                   st.datetimes(), st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59))


def _outcome(raw: bytes, topic: str, key: bytes | None) -> Event | ErrorCode:
    for decode in (decode_event, decode_event_precise):
        try:
            event = decode(raw, topic=topic, key=key)
        except InvalidEvent as error:
            assert error.code in ErrorCode and error.message
            result: Event | ErrorCode = error.code
        else:
            result = event
    return result


def _dumps(body: dict[str, Any]) -> bytes:
    # json, not orjson: it writes lone surrogates (as \ud800 escapes), NaN and Infinity, as hostile producers do
    return json.dumps(body, ensure_ascii=True).encode()


@_SETTINGS
@given(raw=st.binary(max_size=3000), topic=st.sampled_from([topic_of(t) for t in TYPES]))
def test_any_bytes(raw: bytes, topic: str) -> None:
    _outcome(raw, topic, b"u:1")


@_SETTINGS
@given(event_type=st.sampled_from(TYPES), data=st.data())
def test_any_value_in_any_field(event_type: str, data: st.DataObject) -> None:
    body = make_event(event_type)
    for name in data.draw(st.lists(st.sampled_from(sorted(body)), min_size=1, max_size=3, unique=True)):
        body[name] = data.draw(_values)
    _outcome(_dumps(body), topic_of(event_type), b"u:1")


@_SETTINGS
@given(event_type=st.sampled_from(TYPES), stamp=_times | st.text(max_size=40))
def test_any_event_time(event_type: str, stamp: str) -> None:
    _outcome(_dumps(make_event(event_type, occurred_at=stamp)), topic_of(event_type), b"u:1")


@pytest.mark.parametrize("raw", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b'{"schema_version":1,"x":' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'"' + b"\\u0000" * 10_000 + b'"',
])
def test_deep_or_long_json_is_refused_with_a_code(raw: bytes) -> None:
    assert _outcome(raw, "account.profile", b"u:1") in (ErrorCode.NOT_JSON, ErrorCode.NOT_OBJECT,
                                                        ErrorCode.OVERSIZED, ErrorCode.UNKNOWN_FIELD)


@pytest.mark.parametrize("shown", ["\u200b", "\u200b\u200d\u2060", "\u202e", "\u2067\u2069", "\u3164", " \ufe0f ",
                                   "\U000e0041\U000e0042", "\u00ad", "\u2800"])
@pytest.mark.parametrize("field", ["new_name", "bio"])
def test_a_name_or_bio_that_shows_nothing_is_refused_with_its_field(shown: str, field: str) -> None:
    body = ({"type": "profile.renamed", "old_name": "旧名", "new_name": shown} if field == "new_name"
            else {"type": "profile.bio_changed", "bio": shown})
    record = orjson.dumps({"schema_version": 1, "event_id": "e1", "account_id": "u:1",
                           "occurred_at": "2026-01-01T00:00:00Z", **body})
    with pytest.raises(InvalidEvent) as refused:
        decode_event(record, topic="account.profile", key=b"u:1")
    assert (refused.value.code, refused.value.field) == (ErrorCode.BAD_VALUE, field)
    assert "shows nothing" in refused.value.message


def test_invisible_characters_inside_a_visible_name_are_kept_for_the_normaliser() -> None:
    record = orjson.dumps({"schema_version": 1, "event_id": "e1", "account_id": "u:1",
                           "occurred_at": "2026-01-01T00:00:00Z", "type": "profile.renamed", "old_name": "旧名",
                           "new_name": "\u202e国家\u200b税务总局"})
    assert decode_event(record, topic="account.profile", key=b"u:1").new_name == "\u202e国家\u200b税务总局"
