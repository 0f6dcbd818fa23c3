"""The per-account credential store (D6, D7): status and expiry of every credential an account holds.

Fed by `credential.verified / renewed / expired / revoked`, in event-time order (an older event never
overwrites a newer one). D6 reads `valid_domains` (the CredentialView of enforcement/credentials.py);
the D7 lifecycle reads `get` when an expiry or notice fires.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Protocol

import orjson

from enforcement.accounts import version_of
from enforcement.events import CredentialEvent, CredentialExpired, CredentialRevoked
from enforcement.events.models import CredentialValidUntil
from enforcement.watermark import to_millis

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"
FAKE_REASONS = frozenset({"fake", "forged", "fraudulent"})  # a revocation for these is "found fake" (D7)


@dataclass(frozen=True, slots=True)
class StoredCredential:
    """One credential's latest known state; `version` orders writes (event time, then event id)."""

    credential_id: str
    domain: str
    status: str  # valid | expired | revoked
    valid_until_ms: int | None
    version: str
    source_event_id: str  # the event that set this state (the verification/renewal for a valid one)
    reason: str | None = None
    valid_from_ms: int | None = None  # event time since when it has been valid without a break
    ended_at_ms: int | None = None  # event time it was revoked or expired (None while valid)

    def to_json(self) -> bytes:
        return orjson.dumps(asdict(self), option=orjson.OPT_SORT_KEYS)

    @classmethod
    def from_json(cls, raw: bytes | str) -> StoredCredential:
        return cls(**orjson.loads(raw))

    def valid_at(self, at_ms: int) -> bool:
        """Valid at an event time: verified (or renewed) by then and not yet past `valid_until`, nor
        revoked or expired by then. A credential verified later in event time does not cover an earlier
        profile event, and one revoked later still covers it, in whatever order the topics were consumed."""
        started = self.valid_from_ms is None or self.valid_from_ms <= at_ms
        if self.status == VALID:
            return started and self.valid_until_ms is not None and at_ms < self.valid_until_ms
        # an ended credential covered the time from its known start to its end
        return (self.valid_from_ms is not None and started and self.ended_at_ms is not None
                and at_ms < self.ended_at_ms and (self.valid_until_ms is None or at_ms < self.valid_until_ms))

    def started_earlier(self, event: CredentialEvent) -> StoredCredential | None:
        """This state with the start an older verification or renewal shows, when that arrived after
        this (newer) state was stored: the interval it was valid in is still known (None: nothing to add)."""
        if not isinstance(event, CredentialValidUntil) or event.credential_id != self.credential_id:
            return None
        at_ms = to_millis(event.occurred_at)
        if self.valid_from_ms is not None and self.valid_from_ms <= at_ms:
            return None
        if self.status != VALID and (self.ended_at_ms is None or at_ms >= self.ended_at_ms):
            return None
        until = self.valid_until_ms if self.valid_until_ms is not None else to_millis(event.valid_until)
        return replace(self, valid_from_ms=at_ms, valid_until_ms=until)


def next_state(event: CredentialEvent, previous: StoredCredential | None) -> StoredCredential:
    """The state a credential event leads to; expired/revoked keep the known expiry for the D7 ids."""
    at_ms = to_millis(event.occurred_at)
    version = version_of(at_ms, event.event_id)
    if isinstance(event, CredentialValidUntil):  # a renewal of a valid credential keeps its start
        since = previous.valid_from_ms if previous is not None and previous.status == VALID else at_ms
        return StoredCredential(event.credential_id, event.domain, VALID, to_millis(event.valid_until), version,
                                event.event_id, valid_from_ms=since)
    keep = previous.valid_until_ms if previous is not None else None
    expired = isinstance(event, CredentialExpired)
    source = previous.source_event_id if previous is not None and expired else event.event_id
    since = previous.valid_from_ms if previous is not None else None
    if isinstance(event, CredentialRevoked):
        return StoredCredential(event.credential_id, event.domain, REVOKED, keep, version, source, event.reason,
                                since, at_ms)
    if isinstance(event, CredentialExpired):
        return StoredCredential(event.credential_id, event.domain, EXPIRED, keep, version, source, None, since,
                                at_ms)
    raise TypeError(type(event).__name__)  # pragma: no cover - the credential events are closed


class CredentialStore(Protocol):
    """Credentials by account; also the CredentialView D6 reads."""

    async def get(self, account_id: str, credential_id: str) -> StoredCredential | None:
        ...

    async def put(self, account_id: str, state: StoredCredential) -> bool:
        """Store `state` unless a newer (or the same) version is stored; True when it was written."""
        ...

    async def amend(self, account_id: str, state: StoredCredential) -> bool:
        """Replace the stored state by `state` only if the stored one has the same version (the same state,
        with more of its history known: `StoredCredential.started_earlier`); True when it was written."""
        ...

    async def valid_domains(self, account_id: str, at: datetime) -> frozenset[str]:
        """Domains of the account's credentials valid at `at` (verified/renewed and not yet expired)."""
        ...

    async def all_of(self, account_id: str) -> list[StoredCredential]:
        """Every credential the account holds, in any state (sorted by credential id)."""
        ...

    async def notice_witness(self, account_id: str, credential_id: str, valid_until_ms: int,
                             witness: str) -> tuple[str, bool]:
        """Record `witness` as what warns of this expiry (D7), unless another was recorded first.

        Returns the recorded witness and whether it was recorded just now. One expiry is warned of once:
        by whichever of its witnesses came first, and again (the same record) only by that same one.
        """
        ...


@dataclass
class InMemoryCredentialStore:
    """Single-process CredentialStore with RedisCredentialStore's ordering rule."""

    credentials: dict[str, dict[str, StoredCredential]] = field(default_factory=dict)
    notices: dict[tuple[str, str, int], str] = field(default_factory=dict)

    async def get(self, account_id: str, credential_id: str) -> StoredCredential | None:
        return self.credentials.get(account_id, {}).get(credential_id)

    async def put(self, account_id: str, state: StoredCredential) -> bool:
        held = self.credentials.setdefault(account_id, {})
        current = held.get(state.credential_id)
        if current is not None and current.version >= state.version:
            return False
        held[state.credential_id] = state
        return True

    async def amend(self, account_id: str, state: StoredCredential) -> bool:
        held = self.credentials.get(account_id, {})
        current = held.get(state.credential_id)
        if current is None or current.version != state.version:
            return False
        held[state.credential_id] = state
        return True

    async def valid_domains(self, account_id: str, at: datetime) -> frozenset[str]:
        at_ms = to_millis(at)
        return frozenset(c.domain for c in self.credentials.get(account_id, {}).values() if c.valid_at(at_ms))

    async def all_of(self, account_id: str) -> list[StoredCredential]:
        held = self.credentials.get(account_id, {})
        return [held[c] for c in sorted(held)]

    async def notice_witness(self, account_id: str, credential_id: str, valid_until_ms: int,
                             witness: str) -> tuple[str, bool]:
        key = (account_id, credential_id, valid_until_ms)
        recorded = self.notices.get(key)
        if recorded is None:
            self.notices[key] = witness
            return witness, True
        return recorded, False
