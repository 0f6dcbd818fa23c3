"""A release that grows the shipped registry re-checks existing accounts against what it added (D1–D6, D8).

An account is checked against the registry when its profile changes; a new release of Qinglang may ship
more protected names (a body created in a reform, a well-known account name as an alias), vocabulary words
(an organ word a reform created, a staff role, a professional title, a news word) or divisions (a county
made a district, a new district), and accounts that already carry one of them would otherwise go unnoticed
until they next rename. So the worker keeps the names each shipped identity had, the vocabulary's words and
the division table (`ReleaseManifest`: identity id -> its names and aliases, `VOCABULARY_KEY` -> the words,
`DIVISIONS_KEY` -> the divisions) and, when the
registry has caught up at start, hands what this release adds to the same re-check a `registry.official`
record gets (`enforcement/registry_recheck.py`): one claim per addition, so of several workers starting at
once one re-checks it; a burst goes to review. The manifest is written once the re-check has run; the first
start with no manifest only records one (what the shipped registry held before is not known).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Protocol

import orjson

from enforcement.registry.model import Division, ProtectedIdentity, Registry, RegistryUpdate, Vocabulary
from enforcement.registry_recheck import RegistryRecord

Recheck = Callable[[Registry, list[RegistryRecord]], Awaitable[bool]]


class ReleaseManifest(Protocol):
    """The names and aliases of every identity of the shipped registry the workers last started with, and
    the digest of that release (`release_digest`), so a start on the same release reads one short value."""

    async def digest(self) -> str | None:
        ...

    async def read(self) -> dict[str, bytes]:
        ...

    async def write(self, entries: Mapping[str, bytes], *, digest: str, previous: Mapping[str, bytes]) -> None:
        """Replace the manifest `previous` (as just read) with `entries` and record `digest`, last."""
        ...


class InMemoryReleaseManifest:
    def __init__(self, entries: Mapping[str, bytes] | None = None, digest: str | None = None) -> None:
        self.entries = dict(entries or {})
        self.recorded = digest
        self.reads = 0

    async def digest(self) -> str | None:
        return self.recorded

    async def read(self) -> dict[str, bytes]:
        self.reads += 1
        return dict(self.entries)

    async def write(self, entries: Mapping[str, bytes], *, digest: str, previous: Mapping[str, bytes]) -> None:
        self.entries, self.recorded = dict(entries), digest


# The manifest's fields for the shipped vocabulary's words and division table (no identity id has this form)
VOCABULARY_KEY = "release:vocabulary"
DIVISIONS_KEY = "release:divisions"
# The vocabulary's lists whose words a violation reports (D3–D6, D8: the organ word, the brand before a place,
# the role or post, the news words, an institution's kind, a service line; the titles are added below): a release
# that adds to them may catch accounts already carrying the word. The lists of exceptions (organ words never heard,
# other trades …) only ever take violations away, and the words that only lead to a report of another word
# (就职于, a unit's last word) are not in a violation to be found by.
_WORD_LISTS = ("organ_words", "brand_prefixes", "staff_roles", "staff_posts", "news_words", "institution_kinds",
               "hotline_numbers", "state_services", "service_offices")


def vocabulary_entry(vocabulary: Vocabulary) -> bytes:
    """What the manifest keeps of the shipped vocabulary: the words of each list detectors report, and the
    professional titles (JSON, sorted)."""
    lists = {name: sorted(set(getattr(vocabulary, name))) for name in _WORD_LISTS}
    lists["professional_titles"] = sorted(vocabulary.professional_titles)
    return json.dumps(lists, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def vocabulary_additions(previous: bytes, entry: bytes) -> frozenset[str]:
    """The words `entry` holds that `previous` did not, in any list."""
    before, now = orjson.loads(previous), orjson.loads(entry)
    known = {name: set(before.get(name, ())) for name in now}
    return frozenset(word for name, words in now.items() for word in words if word not in known[name])


def divisions_entry(divisions: tuple[Division, ...]) -> bytes:
    """What the manifest keeps of the division table: every division, every field (JSON, by code), so the
    release after can look with this table again."""
    rows = sorted([d.code, d.name, d.short_name, d.level, d.parent_code, d.ordinary_word, d.ambiguous,
                   d.marked_name, list(d.usual_names)] for d in divisions)
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()


def divisions_of(entry: bytes) -> tuple[Division, ...]:
    """The division table a manifest's `DIVISIONS_KEY` holds (a table written before divisions had usual names
    has eight fields a row)."""
    return tuple(Division(code=code, name=name, short_name=short_name, level=level, parent_code=parent_code,
                          ordinary_word=ordinary_word, ambiguous=ambiguous, marked_name=marked_name,
                          usual_names=tuple(usual[0]) if usual else ())
                 for code, name, short_name, level, parent_code, ordinary_word, ambiguous, marked_name, *usual
                 in orjson.loads(entry))


def release_digest(shipped: Registry) -> str:
    """A digest of every shipped identity's names and aliases, of the vocabulary's words and of the division
    table: a third of the time of building the manifest (~0.1 s for the ~52,000 identities), which only a
    release that changed them needs."""
    digest = hashlib.sha256(vocabulary_entry(shipped.vocabulary) + b"\x1d" + divisions_entry(shipped.divisions)
                            + b"\x1d")
    for identity_id in sorted(shipped.identities):
        identity = shipped.identities[identity_id]
        digest.update("\x1e".join((identity_id, "\x1f".join(sorted(set(identity.names))),
                                   "\x1f".join(sorted(set(identity.aliases))))).encode() + b"\x1d")
    return digest.hexdigest()


def manifest_entry(identity: ProtectedIdentity) -> bytes:
    """What the manifest keeps of a shipped identity: its names and standalone aliases (JSON, sorted).
    Written with the standard library: orjson's bytes keep its whole output buffer (~3 KB each), which
    for the ~52,000 identities held at once was 160 MB of a worker's peak memory."""
    return json.dumps({"aliases": sorted(set(identity.aliases)), "names": sorted(set(identity.names))},
                      ensure_ascii=False, separators=(",", ":")).encode()


def release_manifest(shipped: Registry) -> dict[str, bytes]:
    entries = {identity_id: manifest_entry(identity) for identity_id, identity in shipped.identities.items()}
    entries[VOCABULARY_KEY] = vocabulary_entry(shipped.vocabulary)
    entries[DIVISIONS_KEY] = divisions_entry(shipped.divisions)
    return entries


def vocabulary_record(previous: Mapping[str, bytes], entries: Mapping[str, bytes]) -> RegistryRecord | None:
    """The words this release adds to the vocabulary, as a registry record for the re-check (its own claim, by
    the words' digest); None when it adds none, or when the manifest before held no vocabulary (a release
    written before the vocabulary was kept: what it held is not known, so it is only recorded)."""
    old, entry = previous.get(VOCABULARY_KEY), entries[VOCABULARY_KEY]
    if old is None or old == entry:
        return None
    words = vocabulary_additions(old, entry)
    return replace(_release_record(VOCABULARY_KEY, entry), added_words=words) if words else None


def divisions_record(previous: Mapping[str, bytes], entries: Mapping[str, bytes]) -> RegistryRecord | None:
    """The divisions this release adds or changes (a new code, or a known code with another name, short name
    or flag), as a registry record for the re-check, with the table before to compare against; None when
    there are none (divisions only removed take nothing new), or when the manifest before held no division
    table (only recorded, as for the vocabulary)."""
    old, entry = previous.get(DIVISIONS_KEY), entries[DIVISIONS_KEY]
    if old is None or old == entry:
        return None
    before = divisions_of(old)
    known = {division.code: division for division in before}
    changed = frozenset(division.code for division in divisions_of(entry) if known.get(division.code) != division)
    if not changed:
        return None
    return replace(_release_record(DIVISIONS_KEY, entry), added_divisions=changed, divisions_before=before)


def _release_record(field: str, entry: bytes) -> RegistryRecord:
    """A registry record for what one field of this release's manifest adds: its own claim, by the entry's
    digest."""
    key = f"{field}:{hashlib.sha256(entry).hexdigest()[:16]}"
    return RegistryRecord.of(RegistryUpdate(key, None), b"shipped:" + entry, None)


def release_additions(previous: Mapping[str, bytes], entries: Mapping[str, bytes], shipped: Registry,
                      current: Registry) -> tuple[Registry, list[RegistryRecord]]:
    """What this release (`shipped`, its manifest `entries`) adds to the one `previous` describes, as
    registry records for the re-check, and the registry to measure them against. Each record carries the
    identity as the worker now holds it (`current`: with the verified accounts and anything
    `registry.official` added, so a body's own account is not flagged); the registry before it is `current`
    without the names this release added, so the re-check looks only for those. An identity
    `registry.official` deleted is left alone."""
    before = dict(current.identities)
    records: list[RegistryRecord] = []
    for identity_id, identity in sorted(shipped.identities.items()):
        entry = entries[identity_id]
        old = previous.get(identity_id)
        now = current.identities.get(identity_id)
        if old == entry or now is None:
            continue
        known = orjson.loads(old) if old is not None else {"names": [], "aliases": []}
        added = {*identity.names, *identity.aliases} - {*known["names"], *known["aliases"]}
        if old is None:
            before.pop(identity_id, None)
        else:
            before[identity_id] = replace(now, names=tuple(n for n in now.names if n not in added),
                                          aliases=tuple(a for a in now.aliases if a not in added))
        value = b"shipped:" + entry  # not a registry.official record's bytes: its own claim
        records.append(RegistryRecord.of(RegistryUpdate(identity_id, now), value, None))
    return replace(current, identities=MappingProxyType(before)), records


async def check_release(shipped: Registry, current: Registry, manifest: ReleaseManifest, recheck: Recheck) -> int:
    """Re-check existing accounts against what this release adds to the shipped registry, then record the
    release. Returns how many identities it added to or changed (0 on the first start, which only records).
    A re-check that failed leaves the manifest as it was, so the next start tries again."""
    digest = release_digest(shipped)
    if await manifest.digest() == digest:
        return 0  # the release the workers last started with: nothing to compare
    previous = await manifest.read()
    entries = release_manifest(shipped)
    added: list[RegistryRecord] = []
    if previous:
        before, added = release_additions(previous, entries, shipped, current)
        added += [r for r in (vocabulary_record(previous, entries), divisions_record(previous, entries)) if r]
        if added and not await recheck(before, added):
            return 0
    await manifest.write(entries, digest=digest, previous=previous)
    return len(added)
