"""The event contract (P1, P6): which types each topic carries and every field's type and bounds.

One declarative table drives both the strict decoder and the JSON Schemas under `schemas/`
(decision "Field names and schemas"), so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum


class Kind(StrEnum):
    """A field's wire type."""

    ID = "id"  # short single-line identifier
    TEXT = "text"  # single-line human text (names)
    LONG_TEXT = "long_text"  # multi-line human text (bios, report details)
    URL = "url"
    PDQ = "pdq"  # 64 hex digits
    TIMESTAMP = "timestamp"  # ISO 8601 with a UTC offset
    BOOL = "bool"
    COUNT = "count"  # non-negative integer
    ENUM = "enum"
    INT = "int"


class Span(StrEnum):
    """Which times a timestamp field may hold (every one must be representable in UTC)."""

    EVENT_TIME = "event_time"  # occurred_at: bounded per record by EventTimeBounds (the record's timestamp)
    BOUNDED = "bounded"  # FIXED_EARLIEST to FIXED_LATEST
    OPEN_ENDED = "open_ended"  # from FIXED_EARLIEST on; OPEN_ENDED_FROM or later means "never"


SCHEMA_VERSION = 1

# The years the pipeline works in. An event time outside them is a producer bug, and a time beyond them
# could never be reached by the watermark anyway.
FIXED_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
FIXED_LATEST = datetime(2100, 1, 1, tzinfo=UTC)
# A credential's valid_until at or after this is open-ended: issuers write "never expires" as
# 9999-12-31T23:59:59Z, and no event time can reach it, so such a credential never lapses (D7).
OPEN_ENDED_FROM = FIXED_LATEST

MAX_LENGTH: dict[Kind, int] = {
    Kind.ID: 128,
    Kind.TEXT: 256,
    Kind.LONG_TEXT: 4096,
    Kind.URL: 2048,
}

CREDENTIAL_DOMAINS = ("medical", "legal", "education", "finance", "psychology", "news")
APPEAL_OUTCOMES = ("upheld", "overturned")
REVIEW_DECISIONS = ("confirm", "dismiss")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One payload field: its wire type, whether it must be present, whether null is allowed."""

    name: str
    kind: Kind
    required: bool = True
    nullable: bool = False
    choices: tuple[str, ...] = ()
    span: Span = Span.BOUNDED  # timestamps only
    # long text only: "" is a value (an emptied bio is a real change); False refuses it like a blank text
    empty_ok: bool = True


@dataclass(frozen=True, slots=True)
class EventSpec:
    """One event type: the topic it travels on and its payload fields (beyond the envelope)."""

    type: str
    topic: str
    fields: tuple[FieldSpec, ...]
    any_of: tuple[str, ...] = ()  # at least one of these optional fields must be present


ENVELOPE: tuple[FieldSpec, ...] = (
    FieldSpec("schema_version", Kind.INT),
    FieldSpec("event_id", Kind.ID),
    FieldSpec("type", Kind.ID),
    FieldSpec("account_id", Kind.ID),
    FieldSpec("occurred_at", Kind.TIMESTAMP, span=Span.EVENT_TIME),
)

_AVATAR = (
    FieldSpec("avatar_url", Kind.URL, required=False, nullable=True),
    FieldSpec("avatar_pdq", Kind.PDQ, required=False, nullable=True),
)

_VALID_UNTIL = FieldSpec("valid_until", Kind.TIMESTAMP, span=Span.OPEN_ENDED)
_CREDENTIAL = (FieldSpec("credential_id", Kind.ID), FieldSpec("domain", Kind.ENUM, choices=CREDENTIAL_DOMAINS))

EVENT_SPECS: tuple[EventSpec, ...] = (
    EventSpec(
        "profile.created",
        "account.profile",
        (
            FieldSpec("name", Kind.TEXT),
            FieldSpec("identity_hash", Kind.ID),
            FieldSpec("handle", Kind.TEXT, required=False, nullable=True),
            FieldSpec("bio", Kind.LONG_TEXT, required=False, nullable=True),
            *_AVATAR,
        ),
    ),
    EventSpec(
        "profile.renamed",
        "account.profile",
        (FieldSpec("old_name", Kind.TEXT, nullable=True), FieldSpec("new_name", Kind.TEXT)),
    ),
    EventSpec("profile.avatar_changed", "account.profile", _AVATAR, any_of=("avatar_url", "avatar_pdq")),
    EventSpec("profile.bio_changed", "account.profile", (FieldSpec("bio", Kind.LONG_TEXT),)),
    EventSpec("credential.verified", "account.credential", (*_CREDENTIAL, _VALID_UNTIL)),
    EventSpec("credential.renewed", "account.credential", (*_CREDENTIAL, _VALID_UNTIL)),
    EventSpec("credential.expired", "account.credential", _CREDENTIAL),
    EventSpec("credential.revoked", "account.credential", (*_CREDENTIAL, FieldSpec("reason", Kind.ID))),
    EventSpec(
        "report.filed",
        "account.report",
        (
            FieldSpec("reporter_id", Kind.ID),
            FieldSpec("category", Kind.ID),
            FieldSpec("detail", Kind.LONG_TEXT, required=False, nullable=True),
        ),
    ),
    EventSpec(
        "content.labelled",
        "content.label",
        (
            FieldSpec("post_id", Kind.ID),
            FieldSpec("label", Kind.ID),
            FieldSpec("first_post", Kind.BOOL),
            FieldSpec("repost_count", Kind.COUNT),
            FieldSpec("debunked_at", Kind.TIMESTAMP, required=False, nullable=True),
        ),
    ),
    # The account owner's appeal against one of its violations: it waits for a supervisor (the console's
    # appeals queue) and changes no strike by itself; the statement must say something.
    EventSpec(
        "appeal.filed",
        "account.appeal",
        (FieldSpec("violation_id", Kind.ID), FieldSpec("statement", Kind.LONG_TEXT, empty_ok=False)),
    ),
    # A supervisor's outcome; resolved_by is the person who resolved it (the console sets it from the
    # signed-in session), optional because other producers may not know it.
    EventSpec(
        "appeal.resolved",
        "account.appeal",
        (
            FieldSpec("violation_id", Kind.ID),
            FieldSpec("outcome", Kind.ENUM, choices=APPEAL_OUTCOMES),
            FieldSpec("resolved_by", Kind.ID, required=False, nullable=True),
        ),
    ),
    # A reviewer's answer (P7) to a qinglang.review item, keyed by the item's account.
    EventSpec(
        "review.decided",
        "review.decision",
        (
            FieldSpec("review_id", Kind.ID),
            FieldSpec("decision", Kind.ENUM, choices=REVIEW_DECISIONS),
            FieldSpec("reviewer_id", Kind.ID),
            FieldSpec("note", Kind.LONG_TEXT, required=False, nullable=True),
        ),
    ),
)

SPECS_BY_TYPE: dict[str, EventSpec] = {spec.type: spec for spec in EVENT_SPECS}
ACCOUNT_TOPICS: tuple[str, ...] = tuple(dict.fromkeys(spec.topic for spec in EVENT_SPECS))
TYPES_BY_TOPIC: dict[str, tuple[str, ...]] = {
    topic: tuple(spec.type for spec in EVENT_SPECS if spec.topic == topic) for topic in ACCOUNT_TOPICS
}
