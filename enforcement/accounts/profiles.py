"""The current profile store: each account's current name, bio and avatar hash (D1–D7).

Fed by `profile.created / renamed / avatar_changed / bio_changed`; each field keeps the value of the
event with the latest event time (decision "Event time and the watermark"), so an older event never
overwrites a newer one's field.
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
from enforcement.watermark import to_millis

FIELDS = ("name", "bio", "avatar_pdq")
# Older versions each field keeps besides its current one: the profile can be read as it stood at any time
# since the eighth-newest change of a field (a late event inside the lateness, a registry record's time).
OLDER_VERSIONS_KEPT = 8


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


@dataclass(frozen=True, slots=True)
class StoredProfile:
    """An account's profile as the store keeps it: each field's current version and the older ones kept
    (`OLDER_VERSIONS_KEPT`), newest first, each a (version, value) pair (None where there is none), so it can
    be read now or as of an event time."""

    account_id: str
    history: dict[str, list[tuple[str | None, str | None]]]

    def current(self) -> CurrentProfile | None:
        """The newest value of each field; None if no profile event was seen."""
        texts = {name: pairs[0][1] for name, pairs in self.history.items()
                 if pairs and pairs[0][0] is not None and pairs[0][1] is not None}
        return CurrentProfile(self.account_id, **texts) if texts else None

    def as_of(self, at_ms: int) -> CurrentProfile | None:
        """The profile as it stood at event time `at_ms` (see `ProfileStore.as_of`)."""
        return profile_as_of(self.account_id, self.history, at_ms)


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

    async def as_of(self, account_id: str, at_ms: int) -> CurrentProfile | None:
        """The profile as it stood at event time `at_ms`, as far as the versions each field keeps tell (an
        older value is gone: then the oldest kept); None if no profile event was seen."""
        ...

    def scan(self, batch: int) -> AsyncIterator[list[StoredProfile]]:
        """Every stored profile with its kept versions, `batch` at a time (the registry re-check's candidate
        pass reads each as it stood at the registry record's time, and as it is now)."""
        ...


def profile_as_of(account_id: str, history: dict[str, list[tuple[str | None, str | None]]],
                  at_ms: int) -> CurrentProfile | None:
    """Pick each field's value at `at_ms` from its kept (version, value) pairs, newest first."""
    if all(version is None for pairs in history.values() for version, _ in pairs):
        return None
    limit = version_of(at_ms, "\uffff")  # every version at or before `at_ms`, whatever its event id
    texts: dict[str, str] = {}
    for name, pairs in history.items():
        kept = [(version, value) for version, value in pairs if version is not None and value is not None]
        if not kept:
            continue
        before = [pair for pair in kept if pair[0] <= limit]
        texts[name] = max(before)[1] if before else min(kept)[1]
    return CurrentProfile(account_id, **texts)


async def remember_profile(store: ProfileStore, event: ProfileEvent) -> None:
    """Write one profile event into the store (idempotent: a redelivery is an equal version, ignored)."""
    await store.apply(event.account_id, profile_changes(event), to_millis(event.occurred_at), event.event_id)


@dataclass
class InMemoryProfileStore:
    """Single-process ProfileStore with the same ordering and the same versions kept as RedisProfileStore."""

    # account → field → (version, value) pairs, the current one first, then the older ones kept, newest first
    fields: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    kept: int = OLDER_VERSIONS_KEPT

    async def apply(self, account_id: str, changes: dict[str, str], at_ms: int, event_id: str) -> None:
        version = version_of(at_ms, event_id)
        stored = self.fields.setdefault(account_id, {})
        for name, value in changes.items():
            if name not in FIELDS:
                raise ValueError(f"unknown profile field {name!r}")
            versions = stored.setdefault(name, [])
            if any(v == version for v, _ in versions):
                continue  # a redelivery
            versions.append((version, value))
            versions.sort(reverse=True)
            del versions[self.kept + 1:]

    async def current(self, account_id: str) -> CurrentProfile | None:
        stored = self.fields.get(account_id)
        if stored is None:
            return None
        return CurrentProfile(account_id, **{name: versions[0][1] for name, versions in stored.items()})

    def _stored(self, account_id: str) -> StoredProfile:
        stored = self.fields.get(account_id, {})
        return StoredProfile(account_id, {name: list(stored.get(name, ())) for name in FIELDS})

    async def as_of(self, account_id: str, at_ms: int) -> CurrentProfile | None:
        return self._stored(account_id).as_of(at_ms)

    async def scan(self, batch: int) -> AsyncIterator[list[StoredProfile]]:
        accounts = sorted(self.fields)
        for start in range(0, len(accounts), batch):
            chunk = [self._stored(a) for a in accounts[start:start + batch]]
            yield [p for p in chunk if p.current() is not None]
