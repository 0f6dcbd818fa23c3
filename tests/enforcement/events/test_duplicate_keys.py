"""A key repeated in one JSON object is refused (`duplicate_key`), on the fast and the precise decode path
alike and in registry records: "the last one wins" would let a record say two things at once."""

from __future__ import annotations

import json

import orjson
import pytest
from factories import PAYLOADS, encode, make_event, topic_of
from fuzzing import fuzz_settings
from hypothesis import given
from hypothesis import strategies as st

from enforcement.events import ErrorCode, InvalidEvent, decode_event
from enforcement.events.decode import decode_event_precise
from enforcement.events.json_keys import _deep_duplicate_key, counted_without_repeats, duplicate_key, may_repeat, quoted
from enforcement.registry import InvalidRegistryRecord, parse_registry_record


def _with_repeat(body: bytes, name: str, value: object, *, escaped: bool = False) -> bytes:
    """`body` (a JSON object) with `"name": value` added once more at its start, the name optionally
    written with \\u escapes (the same key once decoded)."""
    if escaped:  # every character of the basic plane as \uXXXX
        spelled = ('"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 0x10000 else c for c in name) + '"').encode()
    else:
        spelled = orjson.dumps(name)
    return b"{" + spelled + b":" + orjson.dumps(value) + b"," + body[1:]


@pytest.mark.parametrize("decode", [decode_event, decode_event_precise])
@pytest.mark.parametrize("escaped", [False, True])
@pytest.mark.parametrize("event_type", sorted(PAYLOADS))
def test_a_repeated_account_id_is_refused(decode, escaped: bool, event_type: str) -> None:
    # the repeated key comes first, so the value the parsers keep (the last) is the one matching the key
    raw = _with_repeat(encode(make_event(event_type)), "account_id", "u:2", escaped=escaped)
    with pytest.raises(InvalidEvent) as info:
        decode(raw, topic=topic_of(event_type), key=b"u:1")
    assert info.value.code == ErrorCode.DUPLICATE_KEY
    assert info.value.field == "account_id"


def test_colons_and_quotes_inside_values_are_not_keys() -> None:
    body = make_event("profile.renamed", new_name='官方"发布":"x"', old_name='a\\":b')
    event = decode_event(encode(body), topic="account.profile", key=b"u:1")
    assert event.new_name == '官方"发布":"x"'  # type: ignore[attr-defined]


_names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)
_values = st.recursive(st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(max_size=8),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_names, inner, max_size=3),
                       max_leaves=8)


@given(st.dictionaries(_names, _values, max_size=6))
def test_objects_without_repeats_pass_whatever_they_hold(body: dict[str, object]) -> None:
    assert duplicate_key(orjson.dumps(body)) is None
    assert duplicate_key(json.dumps(body, ensure_ascii=True).encode()) is None  # every name escaped


@given(st.dictionaries(_names, _values, min_size=1, max_size=6), st.data())
def test_a_repeat_is_found_however_it_is_written(body: dict[str, object], data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(sorted(body)))
    raw = _with_repeat(orjson.dumps(body), name, 0, escaped=data.draw(st.booleans()))
    assert duplicate_key(raw) == name
    assert may_repeat(raw, quoted(body))  # the fast path's pre-check never lets a repeat through


def test_a_registry_record_with_a_repeated_key_is_refused() -> None:
    value = b'{"schema_version":1,"identity_id":"x","kind":"media","names":["a"],"names":["b"]}'
    with pytest.raises(InvalidRegistryRecord) as info:
        parse_registry_record(b"x", value)
    assert info.value.code == "duplicate_key"


# A repeat nested inside a value: in an object given for an event's field, in a list, in an unknown field, as
# deep as the JSON parser goes (1,000 levels, past Python's recursion limit, which the exact check once took
# for "not JSON" and so reported no repeat). No field of an event holds an object or a list, so such a record
# is refused either way; the code says why: the repeat, which `duplicate_key` checks before any field.
_NESTED = {
    "object field": ("new_name", b'{"a":1,"a":2}'),
    "object in a list": ("new_name", b'[1,{"b":[],"a":1,"a":2}]'),
    "escaped in a list": ("new_name", b'[[{"a":1,"\\u0061":2}]]'),
    "unknown field": ("x", b'{"x":{"a":1,"a":2}}'),
    "deep lists": ("x", b"[" * 1000 + b'{"a":1,"a":2}' + b"]" * 1000),
    "deep objects": ("x", b'{"o":' * 1000 + b'{"a":1,"a":2}' + b"}" * 1000),
}


def _nested(body: bytes, name: str, value: bytes) -> bytes:
    """`body` (a JSON object without `name`, or with it anywhere) with `"name": value` written at its end."""
    fields = orjson.loads(body)
    fields.pop(name, None)
    return orjson.dumps(fields)[:-1] + b',"' + name.encode() + b'":' + value + b"}"


@pytest.mark.parametrize("decode", [decode_event, decode_event_precise])
@pytest.mark.parametrize(("name", "value"), _NESTED.values(), ids=_NESTED.keys())
def test_a_repeat_nested_in_a_value_is_refused(decode, name: str, value: bytes) -> None:
    raw = _nested(encode(make_event("profile.renamed")), name, value)
    assert duplicate_key(raw) == "a"
    with pytest.raises(InvalidEvent) as info:
        decode(raw, topic="account.profile", key=b"u:1")
    assert (info.value.code, info.value.field) == (ErrorCode.DUPLICATE_KEY, "a")


@pytest.mark.parametrize(("name", "value"), [("names", b'["a",{"a":1,"a":2}]'), ("source", b'{"a":1,"a":2}'),
                                             *_NESTED.values()], ids=["names", "source", *_NESTED])
def test_a_registry_record_with_a_nested_repeat_is_refused(name: str, value: bytes) -> None:
    body = b'{"schema_version":1,"identity_id":"x","kind":"media","names":["a"]}'
    with pytest.raises(InvalidRegistryRecord) as info:
        parse_registry_record(b"x", _nested(body, name, value))
    assert info.value.code == "duplicate_key"


@fuzz_settings(100)
@given(st.dictionaries(_names, _values, min_size=1, max_size=4), st.data())
def test_a_repeat_anywhere_in_an_event_is_refused_on_both_paths(inner: dict[str, object], data: st.DataObject) -> None:
    # a repeated key in an object drawn at random, placed in a field (known or not) of a real event
    name = data.draw(st.sampled_from(sorted(inner)))
    nested = _with_repeat(orjson.dumps(inner), name, 0, escaped=data.draw(st.booleans()))
    for _ in range(data.draw(st.integers(0, 3))):
        nested = b"[" + nested + b"]" if data.draw(st.booleans()) else b'{"k":' + nested + b"}"
    event_type = data.draw(st.sampled_from(sorted(PAYLOADS)))
    field = data.draw(st.sampled_from([*sorted(make_event(event_type)), "x"]))
    raw = _nested(encode(make_event(event_type)), field, nested)
    for decode in (decode_event, decode_event_precise):
        with pytest.raises(InvalidEvent) as info:
            decode(raw, topic=topic_of(event_type), key=b"u:1")
        assert info.value.code == ErrorCode.DUPLICATE_KEY, info.value.message


@fuzz_settings(200)
@given(st.dictionaries(_names, _values, min_size=1, max_size=6), st.data())
def test_the_check_for_deep_texts_finds_what_the_exact_check_finds(body: dict[str, object],
                                                                   data: st.DataObject) -> None:
    # the loop that reads texts too deep for json.loads, held to json.loads' answer on texts it can read
    raw = orjson.dumps(body) if data.draw(st.booleans()) else json.dumps(body, ensure_ascii=True).encode()
    if data.draw(st.booleans()):
        raw = _with_repeat(raw, data.draw(st.sampled_from(sorted(body))), [{"a": 0}], escaped=data.draw(st.booleans()))
    assert _deep_duplicate_key(raw) == duplicate_key(raw)


_EVERY_FIELD = [(event_type, name) for event_type in sorted(PAYLOADS) for name in make_event(event_type)]


@pytest.mark.parametrize(("event_type", "name"), _EVERY_FIELD, ids=[f"{t}:{n}" for t, n in _EVERY_FIELD])
def test_a_field_repeated_with_its_own_value_is_refused(event_type: str, name: str) -> None:
    # the same value twice: the decoded event is exactly the valid one, and only the text shows the repeat (a
    # null, a number or a boolean repeated adds two quotes for its key, a string four)
    body = make_event(event_type)
    raw = _with_repeat(encode(body), name, body[name])
    with pytest.raises(InvalidEvent) as info:
        decode_event(raw, topic=topic_of(event_type), key=b"u:1")
    assert info.value.code == ErrorCode.DUPLICATE_KEY
    assert info.value.field == name


def test_counting_quotes_vouches_only_for_an_object_it_accounts_for_whole() -> None:
    plain = b'{"schema_version":1,"type":"profile.renamed","new_name":"a"}'
    assert counted_without_repeats(plain, keys=3, strings=2)
    assert not counted_without_repeats(b'{"schema_version":1,"type":"t","old_name":null,"new_name":"a"}', 3, 2)
    assert not counted_without_repeats(b'{"type":"t","type":"t","new_name":"a"}', 2, 2)
    assert not counted_without_repeats(b'{"n":1,"n":1,"type":"t"}', 2, 1)
    # the quotes add up, but with an escape a key could be spelled otherwise (\u0061 is a): never vouched for
    assert not counted_without_repeats(b'{"type":"t","new_name":"\\\\"}', 2, 2)
