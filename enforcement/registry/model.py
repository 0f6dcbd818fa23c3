"""The registry of protected identities: an immutable snapshot, replaced whole on updates
(decision "Registry topics are read in full")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

KINDS = ("party_organ", "state_organ", "military", "court", "procuratorate", "institution", "media", "local_organ")


@dataclass(frozen=True, slots=True)
class ProtectedIdentity:
    """A body (or local organ) whose names, emblem and staff must not be imitated (D1–D5)."""

    identity_id: str
    kind: str
    names: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    source: str = ""
    context_aliases: tuple[str, ...] = ()  # ordinary words: never matched on their own
    verified_account_ids: frozenset[str] = frozenset()
    logo_hashes: tuple[str, ...] = ()
    division_code: str | None = None


@dataclass(frozen=True, slots=True)
class Division:
    """A county-level-or-above administrative division (D4) and how safe its short name is to match."""

    code: str
    name: str
    short_name: str | None
    level: str  # province | prefecture | county
    parent_code: str | None
    ordinary_word: bool = False  # the short name is an everyday word (朝阳, 和平, 光明…)
    ambiguous: bool = False  # the short name belongs to several divisions
    marked_name: str | None = None  # an autonomous division's short name + 州/县/旗 (大理州, 长阳县)
    usual_names: tuple[str, ...] = ()  # abbreviations in everyday use the rules do not derive (克州, 锡盟)


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Word lists the detectors use (D4, D5, D6, D8, D9); see data/README.md."""

    organ_words: tuple[str, ...]
    brand_prefixes: tuple[str, ...]
    staff_roles: tuple[str, ...]
    professional_titles: Mapping[str, str]
    news_words: tuple[str, ...]
    padding_words: tuple[str, ...]
    hot_event_claims: tuple[str, ...]
    staff_posts: tuple[str, ...] = ()  # staff only right after an official body's name (税务局工作人员)
    employment_claims: tuple[str, ...] = ()  # a bio's author works at the body named next (就职于…)
    local_units: tuple[str, ...] = ()  # always official, below county level or outside it (派出所, 海关)
    institution_kinds: tuple[str, ...] = ()  # a public institution's kind, ending its name (医院, 大学: D3, review)
    hotline_numbers: tuple[str, ...] = ()  # public service lines: 110, 119, 12345 … (D4, after a place)
    organ_words_unheard: tuple[str, ...] = ()  # never read by sound: 人社 sounds like 人设 (D4)
    organ_words_at_end: tuple[str, ...] = ()  # read only ending the name or before padding: 北京高院, not 高院校 (D4)
    # a generic title is its domain's only alone, by a name, or after a field listed for it (宏观分析师, D6)
    title_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # words that, right before a title, make it another trade (电脑医生, 数据分析师: D6)
    other_trades: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # a public service only the state provides, and the offices that would provide it (个税退税|办理中心: D1)
    state_services: tuple[str, ...] = ()
    service_offices: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RegistryUpdate:
    """One `registry.official` record: an upsert, or a deletion when `identity` is None (tombstone)."""

    identity_id: str
    identity: ProtectedIdentity | None


@dataclass(frozen=True)
class Registry:
    """An immutable snapshot; `with_updates` returns the next one and leaves this one unchanged."""

    identities: Mapping[str, ProtectedIdentity]
    divisions: tuple[Division, ...]
    vocabulary: Vocabulary
    version: int = 0
    _verified: Mapping[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def protected_names(self) -> Iterator[tuple[str, str]]:
        """(identity id, surface name) for every name and standalone alias."""
        for identity in self.identities.values():
            for name in dict.fromkeys((*identity.names, *identity.aliases)):
                yield identity.identity_id, name

    def is_verified(self, identity_id: str, account_id: str) -> bool:
        """The account is one of the body's own verified accounts (exempt from D1–D5)."""
        identity = self.identities.get(identity_id)
        return identity is not None and account_id in identity.verified_account_ids

    def with_updates(self, updates: Iterable[RegistryUpdate]) -> Registry:
        identities = dict(self.identities)
        for update in updates:
            if update.identity is None:
                identities.pop(update.identity_id, None)
            else:
                previous = identities.get(update.identity_id)
                identity = update.identity
                if previous is not None and identity.division_code is None:
                    identity = replace(identity, division_code=previous.division_code)
                identities[update.identity_id] = identity
        return Registry(MappingProxyType(identities), self.divisions, self.vocabulary, self.version + 1)
