"""The decoder's fast path and its precise checks agree: the same event, or the same refusal.

decode_event tries the msgspec fast path first and falls back to the precise checks; the fast path may only
accept what the precise path accepts, building the identical event. Checked here on simulated traffic and
on thousands of mutated records (truncated, wrong types, missing and extra fields, bad timestamps and text,
the wrong topic, mismatched keys, duplicate and escaped keys).
"""

from __future__ import annotations

import json
import random
from typing import Any

import orjson
import pytest
from factories import PAYLOADS, make_event, topic_of

from enforcement.events import ACCOUNT_TOPICS, InvalidEvent, decode_event
from enforcement.events.bounds import DEFAULT_BOUNDS
from enforcement.events.decode import decode_event_precise
from enforcement.events.fastpath import fast_decode
from enforcement.events.spec import ENVELOPE, SPECS_BY_TYPE
from streams.bus.topics import INPUT_TOPICS
from streams.simulate import SimulationOptions, simulate

MAX_BYTES = 64 * 1024


def encode(body: dict[str, Any]) -> bytes:
    """Compact JSON like orjson's, but able to write integers beyond 64 bits."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def outcome(decode: Any, raw: bytes | None, topic: str, key: bytes | None, max_bytes: int = MAX_BYTES) -> object:
    try:
        event = decode(raw, topic=topic, key=key, max_bytes=max_bytes)
    except InvalidEvent as error:
        return (error.code, error.message, error.field)
    return (type(event), repr(event))  # repr, not ==: equal datetimes may differ in their offset


def assert_agree(raw: bytes | None, topic: str, key: bytes | None, max_bytes: int = MAX_BYTES) -> bool:
    """Both decoders give the same answer; returns whether the fast path itself accepted the record."""
    precise = outcome(decode_event_precise, raw, topic, key, max_bytes)
    assert outcome(decode_event, raw, topic, key, max_bytes) == precise, (raw, topic, key)
    fast = fast_decode(raw, topic, key) if raw is not None and len(raw) <= max_bytes else None
    if fast is not None:  # decode_event then bounds the event time, as the precise path does last
        try:
            DEFAULT_BOUNDS.check(fast, None)
            answer: object = (type(fast), repr(fast))
        except InvalidEvent as error:
            answer = (error.code, error.message, error.field)
        assert precise == answer, (raw, topic, key)
    return fast is not None


def test_simulated_traffic_is_decoded_alike_and_valid_records_take_the_fast_path() -> None:
    records = [r for r in simulate(SimulationOptions(seed=3, accounts=300, events=4000, malformed_share=0.1))
               if r.topic in INPUT_TOPICS]
    fast = valid = 0
    for record in records:
        fast += assert_agree(record.value, record.topic, record.key)
        valid += not isinstance(outcome(decode_event_precise, record.value, record.topic, record.key)[0], str)
    assert valid > 3000
    assert fast == valid  # every valid simulated record is decoded without the precise checks


ODD_VALUES: list[Any] = [
    None, 0, 5, -1, 1.0, 2**53, 2**53 + 1, 2**64, True, False, [], {}, [1], {"a": 1},
    "", " ", "\u3000", "\u00a0x", "x\u3000y", "x y", "x\ty", "x\ny", "x\r\n", "\n\n", "x\x00", "x\x7f", "x\x85",
    "a\u2028b", "\u200bzero", "名" * 256, "名" * 257, "x" * 128, "x" * 129, "x" * 4096, "x" * 4097, "😀" * 128,
    "😀" * 129, "confirm", "dismiss", "medical", "Medical", "upheld", "rumour", "f" * 64, "F" * 64, "f" * 63,
    "https://a.example/x", "HTTPS://A.EXAMPLE/x", "http://", "http:// x", "https://a/b c", "ftp://a/b",
    "https://a/b\n", "https://a?b", "httpſ://a/b",
    "2026-11-22T08:00:00Z", "2026-11-22T08:00:00.5Z", "2026-11-22T08:00:00.123456+08:00", "2026-11-22",
    "2026-11-22T08:00:00", "2026-11-22 08:00:00Z", "2026-11-22t08:00:00z", "2026-11-22T08:00Z",
    "20261122T080000Z", "2026-13-01T00:00:00Z", "1999-12-31T23:59:59Z", "2000-01-01T00:00:00Z",
    "2000-01-01T08:00:00+08:00", "2000-01-01T07:59:59+08:00", "2099-12-31T23:59:59.999999Z",
    "2100-01-01T00:00:00Z", "2099-12-31T20:00:00-04:00", "2026-11-22T08:00:00+24:00", "yesterday at noon",
    "２０２６-11-22T08:00:00Z", "2026-11-22T08:00:60Z", "2026-11-22T08:00:00.1234567Z",
    "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59+08:00",
    "0001-01-01T00:00:00Z",
]


def bodies() -> list[dict[str, Any]]:
    out = [make_event(t) for t in sorted(PAYLOADS)]
    review = {"review_id": "r1", "decision": "dismiss", "reviewer_id": "r:1", "note": "ok"}
    out.append({**make_event("appeal.resolved", violation_id=..., outcome=...), "type": "review.decided", **review})
    # The optional fields present too, so that mutations reach them.
    out.append(make_event("profile.created", handle="cd_food", avatar_pdq="0" * 64))
    out.append(make_event("content.labelled", debunked_at="2026-11-21T08:00:00+08:00"))
    out.append(make_event("profile.avatar_changed", avatar_url="https://a.example/1.png", avatar_pdq=None))
    out.append(make_event("appeal.resolved", resolved_by="sup:1"))
    return out


def mutations(body: dict[str, Any]) -> list[tuple[bytes, str, bytes | None]]:
    topic, key = topic_of(body["type"]), body["account_id"].encode()
    raw = encode(body)
    out = [(raw, topic, key)]
    for name in body:
        out += [(encode({**body, name: value}), topic, key) for value in ODD_VALUES]
        out.append((encode({k: v for k, v in body.items() if k != name}), topic, key))
    out += [(encode({**body, "extra": 1}), topic, key), (encode({**body, "Type": body["type"]}), topic, key)]
    out += [(encode({**body, "type": other}), topic, key) for other in [*SPECS_BY_TYPE, "profile.teleported"]]
    out += [(raw, other, key) for other in (*ACCOUNT_TOPICS, "registry.official", "")]
    out += [(raw, topic, other) for other in (None, b"", b"u:2", b"U:1", b"u:1 ", b"\xff", key + b"\x00")]
    out += [(raw[:cut], topic, key) for cut in range(0, len(raw), 7)]
    out += [
        (raw[:-1] + b',"type":"profile.teleported"}', topic, key),  # duplicate keys: refused on both paths
        (raw[:-1] + b',"account_id":"u:2"}', topic, key),
        (raw[:-1] + b',"schema_version":1}', topic, key),
        (raw.replace(b'"type"', b'"\\u0074ype"'), topic, key),  # an escaped key is still the same key
        (raw.replace(b'"account_id":"u:1"', b'"account_id":"\\u0075:1"'), topic, key),
        (b"\xef\xbb\xbf" + raw, topic, key), (b" \n" + raw + b"\n ", topic, key), (raw + b"x", topic, key),
        (raw + b"{}", topic, key), (raw.replace(b"u:1", b"u:\xff"), topic, key), (b"[" + raw + b"]", topic, key),
        (raw.replace(b":1,", b":01,", 1), topic, key), (raw.replace(b":1,", b":1.0,", 1), topic, key),
        (raw.replace(b":1,", b":1e0,", 1), topic, key), (raw.replace(b":1,", b":-0,", 1), topic, key),
    ]
    return out


@pytest.mark.parametrize("body", bodies(), ids=lambda b: b["type"])
def test_mutated_records_are_decoded_alike(body: dict[str, Any]) -> None:
    accepted = sum(assert_agree(raw, topic, key) for raw, topic, key in mutations(body))
    assert accepted > 10  # some mutations stay valid (and take the fast path)
    raw = encode(body)
    for limit in (len(raw) - 1, len(raw)):  # the size limit comes first, on both paths
        assert_agree(raw, topic_of(body["type"]), body["account_id"].encode(), max_bytes=limit)


def test_random_mutations_of_simulated_records_are_decoded_alike() -> None:
    rng = random.Random(5)
    records = [r for r in simulate(SimulationOptions(seed=9, accounts=50, events=600, malformed_share=0))
               if r.topic in INPUT_TOPICS]
    names = sorted({f.name for f in ENVELOPE} | {f.name for s in SPECS_BY_TYPE.values() for f in s.fields})
    for record in records:
        assert record.value is not None
        body = orjson.loads(record.value)
        for _ in range(4):
            mutated = dict(body)
            for _ in range(rng.randint(1, 3)):
                name = rng.choice(names)
                if rng.random() < 0.2:
                    mutated.pop(name, None)
                else:
                    mutated[name] = rng.choice(ODD_VALUES)
            assert_agree(encode(mutated), record.topic, record.key)
