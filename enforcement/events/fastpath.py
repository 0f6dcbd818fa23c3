"""The decoder's fast path: one msgspec call validates a whole well-formed record against the spec.

Nearly every record on an input topic is valid, and for those the precise checks in `decode.py` spend most
of their time dispatching one Python function per field. Here the same contract (`spec.py`) is compiled
into msgspec Structs, one tagged union per topic, so parsing, UTF-8, types, lengths, enums, unknown
fields and the event type on its topic are checked in C in one pass; the character rules, timestamps and
the any-of rule follow in a few Python lines per record.

The fast path only ever answers "this exact event" or "not sure": whenever msgspec refuses a record, or a
check it cannot express fails, `fast_decode` returns None and the caller runs the precise checks, which
find the first failure in the documented order and give its code and message. So the fast path must accept
a subset of what the precise path accepts, and build the identical event; tests/enforcement/events/
test_fastpath.py holds it to that on simulated and mutated records.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, Union

import msgspec

from enforcement.events.json_keys import counted_without_repeats, duplicate_key, may_repeat, quoted
from enforcement.events.models import MODEL_BY_TYPE, Event
from enforcement.events.spec import (
    ENVELOPE,
    EVENT_SPECS,
    FIXED_EARLIEST,
    FIXED_LATEST,
    MAX_LENGTH,
    SCHEMA_VERSION,
    TYPES_BY_TOPIC,
    EventSpec,
    FieldSpec,
    Kind,
    Span,
)
from enforcement.events.visible import has_visible

# Character rules. decode.py searches each string with a regex; calling a regex per field is most of the
# fast path's cost, so here all the values that share a rule are joined and checked at once (a rule on
# single characters finds a bad one in the join iff some value has one), and the regex only runs when the
# cheap str.isprintable() test cannot vouch for the join: a printable string holds no control character,
# and no whitespace but the ASCII space.
_SINGLE_LINE_BAD = re.compile(r"[\x00-\x1f\x7f]")
_MULTI_LINE_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ID_BAD = re.compile(r"[\s\x00-\x1f\x7f]")
# decode.py's URL shape with the ID rule folded in, anchored: msgspec applies a pattern with re.search,
# and `$` would also match before a trailing newline. PDQ hashes likewise; both are occasional fields.
_URL_PATTERN = r"\A(?i:https?)://[^\s\x00-\x1f\x7f/?#]+[^\s\x00-\x1f\x7f]*\Z"
_PDQ_PATTERN = r"\A[0-9a-f]{64}\Z"

# decode.py's ranges per timestamp span, as (earliest, latest) with None for no bound
_SPANS: dict[Span, tuple[datetime | None, datetime | None]] = {
    Span.EVENT_TIME: (None, None),  # bounded per record by EventTimeBounds, after decoding
    Span.BOUNDED: (FIXED_EARLIEST, FIXED_LATEST),
    Span.OPEN_ENDED: (FIXED_EARLIEST, None),
}


class _NotSure(Exception):
    """A check the fast path does not express failed: the precise path decides (and names the error)."""


def _wire_type(field: FieldSpec) -> Any:
    """The msgspec type for this field: its JSON type, lengths and enums; character rules come after."""
    kind = field.kind
    wire: Any
    if kind is Kind.URL:
        wire = Annotated[str, msgspec.Meta(pattern=_URL_PATTERN, max_length=MAX_LENGTH[kind])]
    elif kind is Kind.PDQ:
        wire = Annotated[str, msgspec.Meta(pattern=_PDQ_PATTERN)]
    elif kind is Kind.LONG_TEXT:
        # empty is a value (an emptied bio) unless the field must say something (an appeal's statement)
        wire = Annotated[str, msgspec.Meta(min_length=0 if field.empty_ok else 1, max_length=MAX_LENGTH[kind])]
    elif kind in MAX_LENGTH:
        wire = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_LENGTH[kind])]
    elif kind is Kind.TIMESTAMP:
        wire = str  # parsed by _timestamp below, with the same function the precise path uses
    elif kind is Kind.BOOL:
        wire = bool
    elif kind is Kind.INT:
        wire = int  # msgspec refuses true/false and 1.0 for int, as decode.py does
    elif kind is Kind.COUNT:
        wire = Annotated[int, msgspec.Meta(ge=0, le=2**53)]
    elif kind is Kind.ENUM:
        wire = Literal[field.choices]
    else:  # a new Kind must be taught to the fast path before records of it can take it
        raise ValueError(f"the fast path has no wire type for {kind}")
    return wire | None if field.nullable else wire


def _struct(spec: EventSpec) -> type[msgspec.Struct]:
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for field in ENVELOPE:
        if field.name == "type":
            continue  # the union's tag: msgspec matches it against this struct's type
        if field.name == "schema_version":
            fields.append((field.name, Literal[SCHEMA_VERSION]))
        else:
            fields.append((field.name, _wire_type(field)))
    for field in spec.fields:
        if field.required:
            fields.append((field.name, _wire_type(field)))
        else:
            fields.append((field.name, _wire_type(field), None))
    # Required fields first: a Struct cannot have a field without a default after one with a default.
    fields.sort(key=len)
    return msgspec.defstruct(
        "Wire_" + spec.type.replace(".", "_"), fields, tag_field="type", tag=spec.type,
        forbid_unknown_fields=True,
    )


def _timestamp(value: str, earliest: datetime | None, latest: datetime | None) -> datetime:
    """decode.py's timestamp rule, raising _NotSure instead of naming the failure."""
    try:
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None or "T" not in value:
            raise _NotSure
        if parsed.tzinfo is not UTC:
            parsed = parsed.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: a local time with no UTC equivalent (year 0 or 10000)
        raise _NotSure from None
    if (earliest is not None and parsed < earliest) or (latest is not None and parsed >= latest):
        raise _NotSure
    return parsed


# Kinds whose JSON value is a string (every other kind is a number or a boolean)
_STRING_KINDS = frozenset(Kind) - {Kind.INT, Kind.COUNT, Kind.BOOL}


def _builder(spec: EventSpec) -> Callable[[msgspec.Struct], tuple[Event, int, int]]:
    """Struct -> the spec's frozen model: character rules, timestamps and the any-of rule checked; with it, how
    many keys the record kept with a value other than null, and how many of those values are strings (the
    record's "type" included, which the Struct holds as its tag)."""
    model = MODEL_BY_TYPE[spec.type]
    event_type = spec.type
    fields = (*ENVELOPE, *spec.fields)

    def named(*kinds: Kind) -> tuple[str, ...]:
        return tuple(f.name for f in fields if f.kind in kinds and f.name != "type")

    ids, texts, long_texts = named(Kind.ID), named(Kind.TEXT), named(Kind.LONG_TEXT)
    timestamps = tuple((f.name, *_SPANS[f.span]) for f in fields if f.kind is Kind.TIMESTAMP)
    any_of = spec.any_of
    asdict, convert = msgspec.structs.asdict, msgspec.convert
    # the keys every valid record of the type keeps (its "type" too, a string), and those it may leave out or null
    always = [f for f in fields if f.required and not f.nullable]
    always_keys, always_strings = len(always), sum(f.kind in _STRING_KINDS for f in always)
    sometimes = tuple((f.name, f.kind in _STRING_KINDS) for f in fields if not (f.required and not f.nullable))

    def build(wire: msgspec.Struct) -> tuple[Event, int, int]:
        values = asdict(wire)
        keys, strings = always_keys, always_strings
        for name, string in sometimes:
            if values[name] is not None:
                keys += 1
                strings += string
        # IDs (and URLs, checked by their pattern): no whitespace or control character; min_length=1
        # made each non-empty. An ID may still show nothing (a zero-width space, a Hangul filler), which
        # the precise path refuses; an ASCII one cannot, so only the rare other IDs are searched.
        present = [value for name in ids if (value := values[name]) is not None]
        joined = "".join(present)
        if (" " in joined or not joined.isprintable()) and _ID_BAD.search(joined):
            raise _NotSure
        if not joined.isascii() and not all(map(has_visible, present)):
            raise _NotSure
        if texts:
            present = [value for name in texts if (value := values[name]) is not None]
            joined = "".join(present)
            if not joined.isprintable() and _SINGLE_LINE_BAD.search(joined):
                raise _NotSure
            if not all(map(has_visible, present)):  # blank, or only invisible characters
                raise _NotSure
        for name in long_texts:
            value = values[name]  # None or "" (an emptied bio, accepted as it is) need no check
            if value and (not has_visible(value) or (not value.isprintable() and _MULTI_LINE_BAD.search(value))):
                raise _NotSure
        for name, earliest, latest in timestamps:
            value = values[name]
            if value is not None:
                values[name] = _timestamp(value, earliest, latest)
        if any_of and all(values[name] is None for name in any_of):
            raise _NotSure
        values["type"] = event_type
        # msgspec.convert builds the frozen dataclass in C, about twice as fast as calling its __init__;
        # every value already has its model type, so it only copies them in.
        return convert(values, model), keys, strings

    return build


_STRUCTS = {spec.type: _struct(spec) for spec in EVENT_SPECS}
_FIELD_NAMES = {spec.type: quoted(f.name for f in (*ENVELOPE, *spec.fields)) for spec in EVENT_SPECS}
_BUILDERS: dict[type[msgspec.Struct], Callable[[msgspec.Struct], tuple[Event, int, int]]] = {
    _STRUCTS[spec.type]: _builder(spec) for spec in EVENT_SPECS
}


class _NoType(msgspec.Struct, tag_field="type", tag=""):
    """Never matches (the ID rule refuses an empty type). msgspec accepts a lone tagged Struct without its
    tag, so every topic's union gets this second member, which makes the "type" field required."""


# One union per topic: a type that belongs on another topic is not in it, so msgspec refuses it.
_DECODERS: dict[str, msgspec.json.Decoder[Any]] = {
    topic: msgspec.json.Decoder(Union[(*(_STRUCTS[t] for t in types), _NoType)])
    for topic, types in TYPES_BY_TOPIC.items()
}


def fast_decode(raw: bytes, topic: str, key: bytes | None) -> Event | None:
    """The event if the record is valid in every respect, else None (the precise path then decides).

    The caller has already checked the size limit: that check comes before any parsing."""
    decoder = _DECODERS.get(topic)
    if decoder is None or key is None:
        return None
    try:
        wire = decoder.decode(raw)
        build = _BUILDERS.get(type(wire))  # None for _NoType
        if build is None:
            return None
        event, keys, strings = build(wire)
    except Exception:  # not only msgspec's and _NotSure: whatever a record provokes, the precise path names it
        return None
    # The key must be the account id; equal UTF-8 bytes are equal text, and a key that is not UTF-8
    # cannot equal the encoding of a str.
    if key != event.account_id.encode():
        return None
    # msgspec keeps a repeated key's last value; the precise path refuses the record
    if (not counted_without_repeats(raw, keys, strings) and may_repeat(raw, _FIELD_NAMES[event.type])
            and duplicate_key(raw) is not None):
        return None
    return event
