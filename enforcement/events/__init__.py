"""Account events: the contract (spec), the typed models and the strict decoder (P1, P6)."""

from enforcement.events.decode import DEFAULT_MAX_RECORD_BYTES, decode_event, parse_object
from enforcement.events.errors import ErrorCode, InvalidEvent
from enforcement.events.models import (
    MODEL_BY_TYPE,
    AppealFiled,
    AppealResolved,
    AvatarChanged,
    BioChanged,
    ContentLabelled,
    CredentialEvent,
    CredentialExpired,
    CredentialRenewed,
    CredentialRevoked,
    CredentialVerified,
    Event,
    ProfileCreated,
    ProfileEvent,
    ProfileRenamed,
    ReportFiled,
    ReviewDecided,
)
from enforcement.events.spec import ACCOUNT_TOPICS, EVENT_SPECS, SCHEMA_VERSION, SPECS_BY_TYPE, TYPES_BY_TOPIC

__all__ = [
    "ACCOUNT_TOPICS",
    "DEFAULT_MAX_RECORD_BYTES",
    "EVENT_SPECS",
    "MODEL_BY_TYPE",
    "SCHEMA_VERSION",
    "SPECS_BY_TYPE",
    "TYPES_BY_TOPIC",
    "AppealFiled",
    "AppealResolved",
    "AvatarChanged",
    "BioChanged",
    "ContentLabelled",
    "CredentialEvent",
    "CredentialExpired",
    "CredentialRenewed",
    "CredentialRevoked",
    "CredentialVerified",
    "ErrorCode",
    "Event",
    "InvalidEvent",
    "ProfileCreated",
    "ProfileEvent",
    "ProfileRenamed",
    "ReportFiled",
    "ReviewDecided",
    "decode_event",
    "parse_object",
]
