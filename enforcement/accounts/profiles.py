"""The current profile store: each account's current name, bio and avatar hash (issue 5 §2, D1–D7).

Fed by `profile.created / renamed / avatar_changed / bio_changed`; each field keeps the value of the
event with the latest event time (pinned 11), so an older event never overwrites a newer one's field.
Rules that look across fields (D7 at a credential's expiry) and the registry re-check read it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from enforcement.accounts import version_of
from enforcement.detectors.profile import ProfileView
from enforcement.events import AvatarChanged, BioChanged, ProfileCreated, ProfileEvent, ProfileRenamed
from enforcement.fastinit import fast_init
from enforcement.watermark import to_millis

FIELDS = ("name", "bio", "avatar_pdq")


@fast_init
@dataclass(frozen=True, slots=True)
class CurrentProfile:
    """What an account shows now; an empty string is a field that is set but empty."""

    account_id: str
    name: str = ""
    bio: str = ""
    avatar_pdq: str = ""

    def view(self, event_id: str, at: datetime, credential_domains: frozenset[str] = frozenset()) -> ProfileView:
        """The whole current profile as a ProfileView, so the identity detectors can run over it."""
        fields = tuple((f, v) for f, v in (("name", self.name), ("bio", self.bio)) if v)
        return ProfileView(self.account_id, event_id, at, fields, self.avatar_pdq or None, credential_domains)


def profile_changes(event: ProfileEvent) -> dict[str, str]:
    """The fields a profile event sets (a creation sets all three; a missing bio or avatar is empty)."""
    if isinstance(event, ProfileCreated):
        return {"name": event.name, "bio": event.bio or "", "avatar_pdq": event.avatar_pdq or ""}
    if isinstance(event, ProfileRenamed):
        return {"name": event.new_name}
    if isinstance(event, BioChanged):
        return {"bio": event.bio}
    if isinstance(event, AvatarChanged):
        return {"avatar_pdq": event.avatar_pdq or ""}  # a URL without a precomputed hash clears the hash
    raise TypeError(type(event).__name__)  # pragma: no cover - ProfileEvent is closed


class ProfileStore(Protocol):
    """Current profiles by account, written in event-time order."""

    async def apply(self, account_id: str, changes: dict[str, str], at_ms: int, event_id: str) -> None:
        """Set each field of `changes` unless a later event (by time, then event id) already set it."""
        ...

    async def current(self, account_id: str) -> CurrentProfile | None:
        """The account's current profile; None if no profile event was seen."""
        ...

    def scan(self, batch: int) -> AsyncIterator[list[CurrentProfile]]:
        """Every stored profile, `batch` at a time (the registry re-check's candidate pass)."""
        ...


async def remember_profile(store: ProfileStore, event: ProfileEvent) -> None:
    """Write one profile event into the store (idempotent: a redelivery is an equal version, ignored)."""
    await store.apply(event.account_id, profile_changes(event), to_millis(event.occurred_at), event.event_id)


@dataclass
class InMemoryProfileStore:
    """Single-process ProfileStore with the same ordering rule as RedisProfileStore."""

    fields: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # account → field → (version, value)

    async def apply(self, account_id: str, changes: dict[str, str], at_ms: int, event_id: str) -> None:
        version = version_of(at_ms, event_id)
        stored = self.fields.setdefault(account_id, {})
        for name, value in changes.items():
            if name not in FIELDS:
                raise ValueError(f"unknown profile field {name!r}")
            if name not in stored or stored[name][0] < version:
                stored[name] = (version, value)

    async def current(self, account_id: str) -> CurrentProfile | None:
        stored = self.fields.get(account_id)
        if stored is None:
            return None
        return CurrentProfile(account_id, **{name: value for name, (_, value) in stored.items()})

    async def scan(self, batch: int) -> AsyncIterator[list[CurrentProfile]]:
        accounts = sorted(self.fields)
        for start in range(0, len(accounts), batch):
            chunk = [await self.current(a) for a in accounts[start:start + batch]]
            yield [p for p in chunk if p is not None]
