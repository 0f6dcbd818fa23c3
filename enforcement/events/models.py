"""Typed, immutable account events (P1). Field names are the topics' own
(decision "Field names and schemas"; see docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """The envelope every account event carries; `account_id` is also the Kafka key."""

    schema_version: int
    event_id: str
    type: str
    account_id: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileCreated(Event):
    name: str
    identity_hash: str
    handle: str | None = None
    bio: str | None = None
    avatar_url: str | None = None
    avatar_pdq: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ProfileRenamed(Event):
    old_name: str | None
    new_name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AvatarChanged(Event):
    avatar_url: str | None = None
    avatar_pdq: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BioChanged(Event):
    bio: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialEvent(Event):
    credential_id: str
    domain: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialValidUntil(CredentialEvent):
    """A credential event that sets the expiry (D7 fires when event time passes it)."""

    valid_until: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialVerified(CredentialValidUntil):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialRenewed(CredentialValidUntil):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialExpired(CredentialEvent):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialRevoked(CredentialEvent):
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFiled(Event):
    """`account_id` is the reported account."""

    reporter_id: str
    category: str
    detail: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentLabelled(Event):
    post_id: str
    label: str
    first_post: bool
    repost_count: int
    debunked_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AppealFiled(Event):
    """The account owner appeals one of its violations; it waits for a supervisor and changes no strike."""

    violation_id: str
    statement: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AppealResolved(Event):
    violation_id: str
    outcome: str
    resolved_by: str | None = None  # who resolved it, when the producer knows (the console always does)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewDecided(Event):
    """P7: confirm applies the held strike; dismiss allow-lists the item's rule and identity."""

    review_id: str
    decision: str
    reviewer_id: str
    note: str | None = None


MODEL_BY_TYPE: dict[str, type[Event]] = {
    "profile.created": ProfileCreated,
    "profile.renamed": ProfileRenamed,
    "profile.avatar_changed": AvatarChanged,
    "profile.bio_changed": BioChanged,
    "credential.verified": CredentialVerified,
    "credential.renewed": CredentialRenewed,
    "credential.expired": CredentialExpired,
    "credential.revoked": CredentialRevoked,
    "report.filed": ReportFiled,
    "content.labelled": ContentLabelled,
    "appeal.filed": AppealFiled,
    "appeal.resolved": AppealResolved,
    "review.decided": ReviewDecided,
}

ProfileEvent = ProfileCreated | ProfileRenamed | AvatarChanged | BioChanged
