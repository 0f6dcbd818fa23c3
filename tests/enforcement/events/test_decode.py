"""Every validation error has its stable code (P6); every valid type decodes into its model (P1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from factories import PAYLOADS, encode, make_event, topic_of

from enforcement.events import MODEL_BY_TYPE, ErrorCode, InvalidEvent, decode_event
from enforcement.events import decode as decode_module
from enforcement.events.bounds import EventTimeBounds
from enforcement.events.decode import decode_event_precise


def decode(body: bytes | None, *, topic: str = "account.profile", key: bytes | None = b"u:1",
           max_bytes: int = 65536):
    return decode_event(body, topic=topic, key=key, max_bytes=max_bytes)


def refused(body: bytes | None, **kwargs: object) -> InvalidEvent:
    with pytest.raises(InvalidEvent) as info:
        decode(body, **kwargs)  # type: ignore[arg-type]
    return info.value


@pytest.mark.parametrize("event_type", sorted(PAYLOADS))
def test_every_type_decodes_into_its_model(event_type: str) -> None:
    event = decode(encode(make_event(event_type)), topic=topic_of(event_type))
    assert type(event) is MODEL_BY_TYPE[event_type]
    assert event.account_id == "u:1"
    assert event.occurred_at == datetime(2026, 11, 22, 8, tzinfo=UTC)


def test_offsets_are_normalised_to_utc() -> None:
    event = decode(encode(make_event(occurred_at="2026-11-22T16:00:00+08:00")))
    assert event.occurred_at == datetime(2026, 11, 22, 8, tzinfo=UTC)


def test_oversized_is_refused_before_parsing_and_the_limit_itself_is_accepted() -> None:
    body = make_event("profile.bio_changed")
    raw = encode(body)
    limit = len(raw)
    assert decode(raw, max_bytes=limit).event_id == body["event_id"]
    error = refused(raw + b" ", max_bytes=limit)
    assert error.code is ErrorCode.OVERSIZED
    assert f"{limit + 1} bytes" in error.message


def test_invalid_utf8() -> None:
    error = refused(b'{"event_id": "\xff\xfe"}')
    assert error.code is ErrorCode.INVALID_UTF8
    assert "byte 14" in error.message


@pytest.mark.parametrize("raw", [b"", b"{", b"nope", b'{"a": NaN}', b'{"a": 1e400}', b'{"a":"\\ud800"}', None])
def test_not_json(raw: bytes | None) -> None:
    assert refused(raw).code is ErrorCode.NOT_JSON


@pytest.mark.parametrize(("raw", "kind"), [(b"[1]", "array"), (b'"x"', "string"), (b"3", "number"),
                                           (b"null", "null"), (b"true", "boolean")])
def test_not_object(raw: bytes, kind: str) -> None:
    error = refused(raw)
    assert error.code is ErrorCode.NOT_OBJECT
    assert kind in error.message


@pytest.mark.parametrize("field", ["event_id", "type", "account_id", "occurred_at", "schema_version", "new_name"])
def test_missing_field(field: str) -> None:
    error = refused(encode(make_event(**{field: ...})))
    assert (error.code, error.field) == (ErrorCode.MISSING_FIELD, field)


def test_avatar_change_needs_a_url_or_a_hash() -> None:
    error = refused(encode(make_event("profile.avatar_changed", avatar_pdq=...)))
    assert error.code is ErrorCode.MISSING_FIELD
    assert "avatar_url" in error.message


@pytest.mark.parametrize(
    ("event_type", "field", "value"),
    [
        ("profile.renamed", "account_id", 10293),
        ("profile.renamed", "new_name", ["人民日报"]),
        ("profile.renamed", "new_name", None),
        ("profile.renamed", "schema_version", "1"),
        ("profile.renamed", "schema_version", True),
        ("content.labelled", "first_post", "yes"),
        ("content.labelled", "repost_count", 2.5),
        ("content.labelled", "repost_count", True),
        ("profile.renamed", "occurred_at", 1795000000),
    ],
)
def test_wrong_type(event_type: str, field: str, value: object) -> None:
    error = refused(encode(make_event(event_type, **{field: value})), topic=topic_of(event_type))
    assert (error.code, error.field) == (ErrorCode.WRONG_TYPE, field)


def test_unknown_event_type() -> None:
    error = refused(encode(make_event(type="profile.teleported")))
    assert error.code is ErrorCode.UNKNOWN_TYPE
    assert "profile.teleported" in error.message


def test_type_on_the_wrong_topic() -> None:
    error = refused(encode(make_event("report.filed")), topic="account.profile")
    assert error.code is ErrorCode.WRONG_TOPIC
    assert "account.report" in error.message


@pytest.mark.parametrize(
    "value",
    ["yesterday at noon", "2026-11-22", "2026-11-22T08:00:00", "2026-13-01T00:00:00Z", "1899-01-01T00:00:00Z",
     # no UTC equivalent: astimezone overflows (these crashed the decoder with OverflowError)
     "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00",
     # representable, but beyond the default horizon
     "9999-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "1999-12-31T23:59:59Z"],
)
def test_bad_timestamp(value: str) -> None:
    error = refused(encode(make_event(occurred_at=value)))
    assert (error.code, error.field) == (ErrorCode.BAD_TIMESTAMP, "occurred_at")


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
@pytest.mark.parametrize("field", ["valid_until", "occurred_at"])
def test_a_time_with_no_utc_equivalent_is_bad_timestamp_on_every_decode_path(field: str, value: str) -> None:
    raw = encode(make_event("credential.verified", **{field: value}))
    for decoder in (decode_event, decode_event_precise):
        with pytest.raises(InvalidEvent) as info:
            decoder(raw, topic="account.credential", key=b"u:1")
        assert (info.value.code, info.value.field) == (ErrorCode.BAD_TIMESTAMP, field)
        assert "UTC" in info.value.message


def test_any_exception_while_decoding_is_an_input_error_with_a_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(decode_module, "parse_object", broken)
    for decoder in (decode_event, decode_event_precise):
        with pytest.raises(InvalidEvent) as info:
            decoder(b"{}", topic="account.profile", key=b"u:1")
        assert info.value.code is ErrorCode.INTERNAL_ERROR
        assert "RecursionError" in info.value.message


STAMP = int(datetime(2026, 11, 22, 8, tzinfo=UTC).timestamp() * 1000)  # make_event's occurred_at


@pytest.mark.parametrize("decoder", [decode_event, decode_event_precise])
def test_event_time_may_run_ahead_of_the_record_timestamp_only_by_the_skew(decoder: object) -> None:
    raw = encode(make_event(occurred_at="2026-11-22T08:05:00Z"))
    bounds = EventTimeBounds(max_skew=timedelta(minutes=5))

    def run(stamp: int | None, within: EventTimeBounds = bounds) -> object:
        return decoder(raw, topic="account.profile", key=b"u:1", timestamp_ms=stamp, bounds=within)  # type: ignore[operator]

    assert run(STAMP).occurred_at == datetime(2026, 11, 22, 8, 5, tzinfo=UTC)  # exactly the skew: accepted
    assert run(None).event_id  # no record timestamp: the horizon only
    assert run(-1).event_id  # -1 is Kafka's "no timestamp"
    with pytest.raises(InvalidEvent) as info:
        run(STAMP - 1)  # one millisecond more than the skew
    assert (info.value.code, info.value.field) == (ErrorCode.BAD_TIMESTAMP, "occurred_at")
    assert "after the record's timestamp" in info.value.message
    far = encode(make_event(occurred_at="2099-12-31T23:59:59Z"))
    with pytest.raises(InvalidEvent) as info:
        decoder(far, topic="account.profile", key=b"u:1", timestamp_ms=STAMP)  # type: ignore[operator]
    assert info.value.code is ErrorCode.BAD_TIMESTAMP and "days after" in info.value.message


@pytest.mark.parametrize("decoder", [decode_event, decode_event_precise])
def test_the_absolute_horizon_is_configurable(decoder: object) -> None:
    bounds = EventTimeBounds(earliest=datetime(2026, 1, 1, tzinfo=UTC), latest=datetime(2027, 1, 1, tzinfo=UTC))
    for value, accepted in (("2025-12-31T23:59:59Z", False), ("2026-01-01T00:00:00Z", True),
                            ("2026-12-31T23:59:59.999Z", True), ("2027-01-01T00:00:00Z", False)):
        raw = encode(make_event(occurred_at=value))
        try:
            decoder(raw, topic="account.profile", key=b"u:1", bounds=bounds)  # type: ignore[operator]
        except InvalidEvent as error:
            assert not accepted, value
            assert error.code is ErrorCode.BAD_TIMESTAMP and "accepted event times" in error.message
        else:
            assert accepted, value


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59Z", "9999-12-31T23:59:59.999999+08:00", "2150-01-01T00:00:00Z"])
def test_a_never_expiring_valid_until_is_accepted(value: str) -> None:
    raw = encode(make_event("credential.verified", valid_until=value))
    event = decode(raw, topic="account.credential")
    assert event.valid_until.year >= 2150  # type: ignore[attr-defined]
    error = refused(encode(make_event("credential.verified", valid_until="1999-12-31T00:00:00Z")),
                    topic="account.credential")
    assert (error.code, error.field) == (ErrorCode.BAD_TIMESTAMP, "valid_until")


def test_debunked_at_keeps_the_fixed_range() -> None:
    error = refused(encode(make_event("content.labelled", debunked_at="9999-12-31T23:59:59Z")), topic="content.label")
    assert (error.code, error.field) == (ErrorCode.BAD_TIMESTAMP, "debunked_at")


def test_unsupported_schema_version() -> None:
    assert refused(encode(make_event(schema_version=2))).code is ErrorCode.UNSUPPORTED_SCHEMA_VERSION


@pytest.mark.parametrize(("key", "reason"), [(None, "no key"), (b"u:2", "does not match"), (b"\xff", "not UTF-8")])
def test_key_must_be_the_account_id(key: bytes | None, reason: str) -> None:
    error = refused(encode(make_event()), key=key)
    assert error.code is ErrorCode.KEY_MISMATCH
    assert reason in error.message


def test_reports_are_keyed_by_the_reported_account() -> None:
    body = make_event("report.filed", account_id="u:reported", reporter_id="u:reporter")
    assert decode(encode(body), topic="account.report", key=b"u:reported").account_id == "u:reported"
    assert refused(encode(body), topic="account.report", key=b"u:reporter").code is ErrorCode.KEY_MISMATCH


def test_unknown_field_is_refused() -> None:
    error = refused(encode(make_event(padding="x")))
    assert (error.code, error.field) == (ErrorCode.UNKNOWN_FIELD, "padding")


@pytest.mark.parametrize(
    ("event_type", "field", "value"),
    [
        ("profile.renamed", "new_name", "   "),
        ("profile.renamed", "new_name", "人民\x00日报"),
        ("profile.renamed", "account_id", "u 1"),
        ("profile.avatar_changed", "avatar_pdq", "F" * 64),
        ("profile.avatar_changed", "avatar_pdq", "f" * 63),
        ("profile.avatar_changed", "avatar_url", "ftp://x.cn/a.png"),
        ("credential.verified", "domain", "astrology"),
        ("appeal.resolved", "outcome", "maybe"),
        ("content.labelled", "repost_count", -1),
    ],
)
def test_bad_value(event_type: str, field: str, value: object) -> None:
    key = b"u 1" if field == "account_id" else b"u:1"
    error = refused(encode(make_event(event_type, **{field: value})), topic=topic_of(event_type), key=key)
    assert (error.code, error.field) == (ErrorCode.BAD_VALUE, field)


@pytest.mark.parametrize(("field", "limit"), [("new_name", 256), ("event_id", 128)])
def test_too_long(field: str, limit: int) -> None:
    assert decode(encode(make_event(**{field: "名" * limit})))
    error = refused(encode(make_event(**{field: "名" * (limit + 1)})))
    assert (error.code, error.field) == (ErrorCode.TOO_LONG, field)


def test_hostile_but_legal_strings_pass_through_for_the_detectors() -> None:
    """Zero-width, bidi and emoji are evasion signals for D1, not input errors."""
    name = "人民\u200b日\u202e报🔥"
    assert decode(encode(make_event(new_name=name))).new_name == name  # type: ignore[attr-defined]


def test_an_emptied_bio_is_a_real_change() -> None:
    assert decode(encode(make_event("profile.bio_changed", bio=""))).bio == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize("shown", ["\u200b", "\u3164", "\u2800", "\u115f\u200d"])
@pytest.mark.parametrize("field", ["event_id", "account_id"])
def test_an_id_that_shows_nothing_is_refused_on_both_paths(shown: str, field: str) -> None:
    """The fast path once accepted such an ID (it only looked for whitespace and control characters)."""
    body = make_event("profile.renamed", **{field: shown})
    key = shown.encode() if field == "account_id" else b"u:1"
    for decoder in (decode_event, decode_event_precise):
        with pytest.raises(InvalidEvent) as info:
            decoder(encode(body), topic="account.profile", key=key)
        assert (info.value.code, info.value.field) == (ErrorCode.BAD_VALUE, field)


# Appeals: the owner's appeal.filed waits for a supervisor; appeal.resolved may name who resolved it. Both
# decoding paths must give the same event or the same refusal, with the codes every other event gets.
BOTH = pytest.mark.parametrize("decoder", [decode_event, decode_event_precise])


def _appeal_refused(decoder: object, body: dict) -> InvalidEvent:
    with pytest.raises(InvalidEvent) as info:
        decoder(encode(body), topic="account.appeal", key=b"u:1")  # type: ignore[operator]
    return info.value


@BOTH
def test_an_appeal_filed_decodes_with_its_statement(decoder: object) -> None:
    body = make_event("appeal.filed")
    event = decoder(encode(body), topic="account.appeal", key=b"u:1")  # type: ignore[operator]
    assert type(event) is MODEL_BY_TYPE["appeal.filed"]
    assert (event.violation_id, event.statement) == (body["violation_id"], body["statement"])  # type: ignore[attr-defined]
    assert "\n" in event.statement  # type: ignore[attr-defined]  # a statement may run over several lines
    assert decoder(encode(make_event("appeal.filed", statement="申" * 4096)),  # type: ignore[operator]
                   topic="account.appeal", key=b"u:1")


@BOTH
@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"violation_id": ...}, ErrorCode.MISSING_FIELD, "violation_id"),
        ({"statement": ...}, ErrorCode.MISSING_FIELD, "statement"),
        ({"event_id": ...}, ErrorCode.MISSING_FIELD, "event_id"),
        ({"statement": None}, ErrorCode.WRONG_TYPE, "statement"),
        ({"statement": 5}, ErrorCode.WRONG_TYPE, "statement"),
        ({"statement": ["请复核"]}, ErrorCode.WRONG_TYPE, "statement"),
        ({"violation_id": 7}, ErrorCode.WRONG_TYPE, "violation_id"),
        ({"statement": "申" * 4097}, ErrorCode.TOO_LONG, "statement"),
        ({"violation_id": "v" * 129}, ErrorCode.TOO_LONG, "violation_id"),
        ({"statement": "请\x00复核"}, ErrorCode.BAD_VALUE, "statement"),
        ({"violation_id": "v 1"}, ErrorCode.BAD_VALUE, "violation_id"),
        ({"occurred_at": "2026-11-22"}, ErrorCode.BAD_TIMESTAMP, "occurred_at"),
        ({"schema_version": 2}, ErrorCode.UNSUPPORTED_SCHEMA_VERSION, "schema_version"),
        ({"outcome": "upheld"}, ErrorCode.UNKNOWN_FIELD, "outcome"),
        ({"resolved_by": "sup:1"}, ErrorCode.UNKNOWN_FIELD, "resolved_by"),
    ],
)
def test_each_bad_field_of_an_appeal_filed_has_its_code(decoder: object, overrides: dict, code: ErrorCode,
                                                        field: str) -> None:
    error = _appeal_refused(decoder, make_event("appeal.filed", **overrides))
    assert (error.code, error.field) == (code, field)


@BOTH
@pytest.mark.parametrize("statement", ["", "   ", "\n\t\n", "\u200b", "\u200b\u200d\n\u2060", "\u202e", " \ufe0f ",
                                       "\u3164", "\u2800"])
def test_a_statement_that_shows_nothing_is_refused(decoder: object, statement: str) -> None:
    error = _appeal_refused(decoder, make_event("appeal.filed", statement=statement))
    assert (error.code, error.field) == (ErrorCode.BAD_VALUE, "statement")
    assert "must not be empty" in error.message or "shows nothing" in error.message


@BOTH
def test_an_appeal_filed_belongs_on_account_appeal_with_the_account_as_key(decoder: object) -> None:
    raw = encode(make_event("appeal.filed"))
    with pytest.raises(InvalidEvent) as info:
        decoder(raw, topic="account.profile", key=b"u:1")  # type: ignore[operator]
    assert info.value.code is ErrorCode.WRONG_TOPIC and "account.appeal" in info.value.message
    with pytest.raises(InvalidEvent) as info:
        decoder(raw, topic="account.appeal", key=b"u:2")  # type: ignore[operator]
    assert info.value.code is ErrorCode.KEY_MISMATCH


@BOTH
@pytest.mark.parametrize(("overrides", "expected"), [({}, None), ({"resolved_by": None}, None),
                                                      ({"resolved_by": "sup:王"}, "sup:王")])
def test_resolved_by_is_optional_on_an_appeal_resolved(decoder: object, overrides: dict,
                                                       expected: str | None) -> None:
    event = decoder(encode(make_event("appeal.resolved", **overrides)),  # type: ignore[operator]
                    topic="account.appeal", key=b"u:1")
    assert event.resolved_by == expected  # type: ignore[attr-defined]


@BOTH
@pytest.mark.parametrize(("value", "code"), [(5, ErrorCode.WRONG_TYPE), (["sup"], ErrorCode.WRONG_TYPE),
                                             ("", ErrorCode.BAD_VALUE), ("sup 1", ErrorCode.BAD_VALUE),
                                             ("\u200b", ErrorCode.BAD_VALUE), ("\u3164", ErrorCode.BAD_VALUE),
                                             ("s" * 129, ErrorCode.TOO_LONG)])
def test_a_bad_resolved_by_is_refused(decoder: object, value: object, code: ErrorCode) -> None:
    error = _appeal_refused(decoder, make_event("appeal.resolved", resolved_by=value))
    assert (error.code, error.field) == (code, "resolved_by")
