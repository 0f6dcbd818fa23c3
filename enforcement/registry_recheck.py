"""Registry changes re-check existing accounts (D1–D3; decisions "Registry topics are read in full",
"Deterministic ids" and "Brakes").

When `registry.official` brings a new protected identity (or new names, aliases or logos of a known
one), accounts whose name, bio or avatar (the profile store) match it are flagged with the normal
detectors: as the profile stood at the record's time, or else as it is now. Cost: one small IdentityIndex
built from only the added names (milliseconds), then one pass over the profile store in batches (Redis SCAN
+ HMGET), each profile screened by that small index — O(stored profiles) per registry batch, not per
identity and not every detector over the full registry.

Every worker reads the registry in full, so a record's re-check is claimed by the hash of its content
(SET NX with a lease): one worker does it; a restart does not redo it. A record that would re-flag more
than `[registry] recheck_burst_max` accounts sends them to review as `registry_burst`: a registry
mistake must not sanction many accounts at once (decision "Brakes").
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Protocol

from enforcement.accounts import version_parts
from enforcement.accounts.profiles import CurrentProfile, ProfileStore, StoredProfile
from enforcement.detectors import ProfileView, detect_profile
from enforcement.identity import IdentityIndex
from enforcement.ids import derive_id
from enforcement.registry import Division, ProtectedIdentity, Registry, RegistryUpdate
from enforcement.text import normalize
from enforcement.violations import Violation

SCAN_BATCH = 500
CLAIM_LEASE_MS = 600_000


@dataclass(frozen=True, slots=True)
class RegistryRecord:
    """One `registry.official` record as read: the update, the hash of its bytes, its Kafka timestamp."""

    update: RegistryUpdate
    content_hash: str
    timestamp_ms: int | None
    # vocabulary words a new release ships (`registry/release.py`): what the re-check looks for instead of an
    # identity's names
    added_words: frozenset[str] = frozenset()
    # the codes of the divisions a new release adds or changes, and the division table the release before it
    # shipped: what those divisions newly catch is what the table before did not
    added_divisions: frozenset[str] = frozenset()
    divisions_before: tuple[Division, ...] = ()

    @property
    def from_a_release(self) -> bool:
        """A release's new words or divisions, not an identity's names."""
        return bool(self.added_words or self.added_divisions)

    @classmethod
    def of(cls, update: RegistryUpdate, value: bytes | None, timestamp_ms: int | None) -> RegistryRecord:
        digest = hashlib.sha256(update.identity_id.encode() + b"\x00" + (value or b"")).hexdigest()
        return cls(update, digest, timestamp_ms if timestamp_ms is not None and timestamp_ms >= 0 else None)


class RecheckClaims(Protocol):
    """Who re-checks a registry record: the first worker to claim its content hash."""

    async def claim(self, content_hash: str, lease_ms: int) -> bool:
        ...

    async def done(self, content_hash: str) -> None:
        ...


@dataclass
class InMemoryRecheckClaims:
    """Single-process RecheckClaims (no lease expiry: one process never dies half-way in a unit test)."""

    state: dict[str, str] = field(default_factory=dict)

    async def claim(self, content_hash: str, lease_ms: int) -> bool:
        if content_hash in self.state:
            return False
        self.state[content_hash] = "working"
        return True

    async def done(self, content_hash: str) -> None:
        self.state[content_hash] = "done"


def added_part(previous: ProtectedIdentity | None, identity: ProtectedIdentity) -> ProtectedIdentity | None:
    """The names, aliases and logos `identity` adds to `previous` (None: it adds nothing to look for)."""
    if previous is None:
        return identity
    names = tuple(n for n in identity.names if n not in previous.names and n not in previous.aliases)
    aliases = tuple(a for a in identity.aliases if a not in previous.names and a not in previous.aliases)
    logos = tuple(h for h in identity.logo_hashes if h not in previous.logo_hashes)
    if not (names or aliases or logos):
        return None
    return replace(identity, names=names, aliases=aliases, logo_hashes=logos)


@dataclass(frozen=True, slots=True)
class Recheck:
    """The re-check of one registry batch: violations grouped per (record, account); burst groups held."""

    strikes: tuple[tuple[Violation, ...], ...]  # one group per account and record: scored like one event
    burst: tuple[tuple[Violation, ...], ...]  # groups of records over the burst cap: review, no strike
    claimed: tuple[str, ...]  # content hashes to mark done once the outputs are on Kafka


def recheck_trigger(identity_id: str, account_id: str) -> str:
    """A re-check's violation is triggered by the registry record (keyed by identity id), so each
    registry change flags an account once, whichever worker re-checks it (decision "Deterministic ids")."""
    return derive_id("registry_recheck", identity_id, account_id)


class _ReleaseCheck:
    """What a release's new vocabulary words or divisions catch in a profile (D1's units and institutions no list
    holds, D3–D6, D8): the vocabulary's detectors run over an index of the divisions and the whole vocabulary (no
    identities: ~0.2 s to build).
    A violation counts when the word it reports is one the release added — one reported by a word already
    shipped was found when the profile last changed — or when it names a division the release added or
    changed and the release before, with its own division table, did not find it (a division renamed, or
    re-coded under the same name, does not flag again what its old entry flagged). The body's own verified
    accounts are left alone, as at event time."""

    def __init__(self, before: Registry, records: Mapping[str, RegistryRecord]) -> None:
        no_identities = replace(before, identities=MappingProxyType({}))
        self._index = IdentityIndex.build(no_identities)
        self._verified = frozenset(account for identity in before.identities.values()
                                   for account in identity.verified_account_ids)
        self._words = {key: frozenset(normalize(word).canonical for word in record.added_words)
                       for key, record in records.items() if record.added_words}
        self._divisions = {key: (record.added_divisions,
                                 IdentityIndex.build(replace(no_identities, divisions=record.divisions_before)))
                           for key, record in records.items() if record.added_divisions}

    def caught(self, view: ProfileView) -> dict[str, list[Violation]]:
        if view.account_id in self._verified:
            return {}
        by_record: dict[str, list[Violation]] = {}
        found = detect_profile(self._index, view)
        for violation in found:
            reported = _reported_words(violation)
            for key, words in self._words.items():
                if reported & words:
                    by_record.setdefault(key, []).append(violation)
        for key, (codes, index_before) in self._divisions.items():
            named = [v for v in found if v.evidence.get("division_code") in codes]
            if named:
                seen = {_division_read(v) for v in detect_profile(index_before, view)}
                if fresh := [v for v in named if _division_read(v) not in seen]:
                    by_record[key] = fresh
        return by_record


def _division_read(violation: Violation) -> tuple[str, str, object]:
    """A violation by the division it names (its full name, not its code) and where."""
    return violation.field, violation.rule, violation.evidence.get("division")


def _reported_words(violation: Violation) -> frozenset[str]:
    """The vocabulary words a violation of D3–D6 or D8 reports: the organ word or brand before a place, the
    staff role, the professional title, the news words."""
    evidence = violation.evidence
    words = [evidence.get(name) for name in ("function_word", "brand_prefix", "role", "title", "institution_kind")]
    return frozenset(w for w in (*words, *evidence.get("news_words", ())) if isinstance(w, str))


class RegistryRecheck:
    """Finds existing accounts that a registry batch's added identities (or a release's words) now catch."""

    def __init__(self, *, profiles: ProfileStore, claims: RecheckClaims, burst_max: int) -> None:
        self._profiles = profiles
        self._claims = claims
        self._burst_max = burst_max

    async def recheck(self, before: Registry, records: Sequence[RegistryRecord], fallback_ms: int | None,
                      ) -> Recheck:
        """Claim the batch's upserts, build one small index of what they add, scan the profile store once."""
        latest: dict[str, RegistryRecord] = {}
        for record in records:  # the last record of an identity in the batch is its current version
            latest[record.update.identity_id] = record
        added: dict[str, tuple[ProtectedIdentity, RegistryRecord]] = {}
        words: dict[str, RegistryRecord] = {}  # a release's vocabulary words or divisions, by their record's key
        claimed: list[str] = []
        for identity_id, record in sorted(latest.items()):
            identity = record.update.identity
            part = None if identity is None else added_part(before.identities.get(identity_id), identity)
            if (part is None and not record.from_a_release) or not await self._claims.claim(record.content_hash,
                                                                                         CLAIM_LEASE_MS):
                continue
            claimed.append(record.content_hash)
            if part is not None:
                added[identity_id] = (part, record)
            else:
                words[identity_id] = record
        if not added and not words:
            return Recheck((), (), tuple(claimed))
        sources = {**{identity_id: record for identity_id, (_, record) in added.items()}, **words}
        small = IdentityIndex.build(Registry(MappingProxyType({i: p for i, (p, _) in added.items()}), (),
                                             before.vocabulary)) if added else None
        by_words = _ReleaseCheck(before, words) if words else None
        # identity → account → its violations, the account's stored profile and the profile they were found in
        found: dict[str, dict[str, tuple[list[Violation], StoredProfile, CurrentProfile]]] = {}
        times = {r.timestamp_ms for r in sources.values() if r.timestamp_ms is not None}

        def caught(profile: CurrentProfile) -> dict[str, list[Violation]]:
            """The added identities (or words) `profile` shows, with their violations."""
            by_identity: dict[str, list[Violation]] = {}
            view = profile.view("", datetime.fromtimestamp(0, UTC))
            for violation in detect_profile(small, view) if small is not None else ():
                if violation.identity in added:
                    by_identity.setdefault(violation.identity, []).append(violation)
            if by_words is not None:
                by_identity.update(by_words.caught(view))
            return by_identity

        async for batch in self._profiles.scan(SCAN_BATCH):
            for stored in batch:
                # an identity is looked for in the profile as it stood at its record's time, then as it is
                # now: a rename away from the name, met before the record, must not hide what stood then
                now = stored.current()
                then_at = {at: stored.as_of(at) for at in times}
                judged = {profile: caught(profile) for profile in {now, *then_at.values()} if profile is not None}
                for identity_id, record in sources.items():
                    then = then_at.get(record.timestamp_ms) if record.timestamp_ms is not None else None
                    for profile in (then, now):
                        violations = judged[profile].get(identity_id) if profile is not None else None
                        if violations and profile is not None:
                            found.setdefault(identity_id, {})[stored.account_id] = (violations, stored, profile)
                            break
        strikes: list[tuple[Violation, ...]] = []
        burst: list[tuple[Violation, ...]] = []
        for identity_id in sorted(found):
            record = sources[identity_id]
            at_ms = record.timestamp_ms if record.timestamp_ms is not None else fallback_ms or 0
            source = f"registry.official:{identity_id}:{record.content_hash[:16]}"
            groups: list[tuple[Violation, ...]] = []
            for account, (violations, stored, shown) in sorted(found[identity_id].items()):
                # one group per source event, as the ledger scores them: the record's, or each profile event
                # that put the name in place after the record's time
                by_source: dict[str, list[Violation]] = {}
                for violation in violations:
                    for made in (_made_later(violation, stored, shown, at_ms)
                                 or [self._stamp(violation, identity_id, account, source, at_ms)]):
                        by_source.setdefault(made.source_event_id, []).append(made)
                groups += [tuple(group) for _, group in sorted(by_source.items())]
            (burst if len(groups) > self._burst_max else strikes).extend(groups)
        return Recheck(tuple(strikes), tuple(burst), tuple(claimed))

    @staticmethod
    def _stamp(violation: Violation, identity_id: str, account_id: str, source: str, at_ms: int) -> Violation:
        """The violation as the registry record's: at the record's time, triggered by the record."""
        at = datetime.fromtimestamp(at_ms / 1000, UTC)
        return replace(violation, source_event_id=source, occurred_at=at,
                       trigger_id=recheck_trigger(identity_id, account_id),
                       evidence={**violation.evidence, "recheck": True})

    async def done(self, content_hashes: Sequence[str]) -> None:
        for content_hash in content_hashes:
            await self._claims.done(content_hash)


def _made_later(violation: Violation, stored: StoredProfile, shown: CurrentProfile, record_ms: int,
                ) -> list[Violation] | None:
    """The violation as each profile event that put the value it was found in in place after the record's time
    (a rename to the name, or a creation with it, met before the record; a name set, changed away and set
    again gives one per setting the history keeps): that event's id and time, as the detectors give them when
    the event is met after the record, so both arrival orders send the same ids. None when the value already
    stood at the record's time, or its versions are not known."""
    value = getattr(shown, violation.field, None)
    history = stored.history.get(violation.field) or []
    versions = [version for version, text in history if version is not None and text == value]
    if value is None or not versions:
        return None
    before = [(version, text) for version, text in history
              if version is not None and version_parts(version)[0] <= record_ms]
    if before and max(before, key=lambda kept: version_parts(kept[0]))[1] == value:
        return None  # it stood at the record's time: the record's own violation
    made: list[Violation] = []
    for version in sorted((v for v in versions if version_parts(v)[0] > record_ms), key=version_parts):
        at_ms, event_id = version_parts(version)
        if not event_id:
            return None
        field_name = violation.field
        if field_name == "name" and not _written_by_a_creation(stored, version):
            field_name = "new_name"  # the field a rename's violations name (detectors/profile.py)
        made.append(replace(violation, source_event_id=event_id,
                            occurred_at=datetime.fromtimestamp(at_ms / 1000, UTC), trigger_id="", field=field_name,
                            evidence={**violation.evidence, "field": field_name, "recheck": True}))
    return made or None


def _written_by_a_creation(profile: StoredProfile, version: str) -> bool:
    """A creation writes every field under one version; a rename writes the name alone."""
    return any(v == version for name in ("bio", "avatar_pdq") for v, _ in profile.history.get(name) or [])
