"""The shipped registry: curated central bodies + generated local organs + divisions + vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import orjson

from enforcement.registry.divisions import load_divisions
from enforcement.registry.local_organs import local_organs
from enforcement.registry.model import KINDS, ProtectedIdentity, Registry, Vocabulary


def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = orjson.loads(resources.files("enforcement.registry").joinpath("data", name).read_bytes())
    return data


def load_vocabulary() -> Vocabulary:
    raw = _data("vocab.json")
    return Vocabulary(
        organ_words=tuple(raw["organ_words"]),
        brand_prefixes=tuple(raw["brand_prefixes"]),
        staff_roles=tuple(raw["staff_roles"]),
        professional_titles=MappingProxyType(dict(raw["professional_titles"])),
        news_words=tuple(raw["news_words"]),
        padding_words=tuple(raw["padding_words"]),
        hot_event_claims=tuple(raw["hot_event_claims"]),
        staff_posts=tuple(raw["staff_posts"]),
        employment_claims=tuple(raw["employment_claims"]),
        local_units=tuple(raw["local_units"]),
        institution_kinds=tuple(raw["institution_kinds"]),
        hotline_numbers=tuple(raw["hotline_numbers"]),
        organ_words_unheard=tuple(raw["organ_words_unheard"]),
        organ_words_at_end=tuple(raw["organ_words_at_end"]),
        title_fields=MappingProxyType({title: tuple(words) for title, words in raw["title_fields"].items()}),
        other_trades=MappingProxyType({title: tuple(words) for title, words in raw["other_trades"].items()}),
        state_services=tuple(raw["state_services"]),
        service_offices=tuple(raw["service_offices"]),
    )


def central_identities() -> list[ProtectedIdentity]:
    """The curated bodies of `central.json`, each merged with its line in `national_bodies.tsv` (if any),
    followed by the bodies only that list has."""
    curated = {
        row["identity_id"]: ProtectedIdentity(
            identity_id=row["identity_id"], kind=row["kind"], names=tuple(row["names"]),
            aliases=tuple(row["aliases"]), context_aliases=tuple(row.get("context_aliases", ())),
            source=row["source"],
        )
        for row in _data("central.json")["identities"]
    }
    _, listed = national_bodies()
    for body in listed:
        known = curated.get(body.identity_id)
        if known is None:
            curated[body.identity_id] = body
            continue
        # one body, two lists: the names of both, and both sources (the official list first)
        names = tuple(dict.fromkeys((*known.names, *body.names)))
        aliases = tuple(a for a in dict.fromkeys((*known.aliases, *body.aliases)) if a not in names)
        context = tuple(dict.fromkeys((*known.context_aliases, *body.context_aliases)))
        curated[body.identity_id] = replace(known, names=names, aliases=aliases, context_aliases=context,
                                            source=f"{body.source}; {known.source}")
    return list(curated.values())


@dataclass(frozen=True, slots=True)
class Source:
    """An official list the registry was compiled from: its title and publication date."""

    source_id: str
    title: str
    published: str

    def cite(self) -> str:
        return f"{self.title}, {self.published}"


def parse_national_bodies(text: str) -> tuple[dict[str, Source], list[ProtectedIdentity]]:
    """`national_bodies.tsv`: `@source` lines, then one body per line (see the file's header)."""
    sources: dict[str, Source] = {}
    bodies: list[ProtectedIdentity] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if fields[0] == "@source":
            if len(fields) != 4:
                raise ValueError(f"national_bodies.tsv:{number}: @source needs id, title and date")
            sources[fields[1]] = Source(fields[1], fields[2], fields[3])
            continue
        fields += [""] * (6 - len(fields))  # empty trailing lists may be left off
        if len(fields) != 6:
            raise ValueError(f"national_bodies.tsv:{number}: expected 6 tab-separated fields, got {len(fields)}")
        identity_id, kind, source_id, names, aliases, context = fields
        if kind not in KINDS or source_id not in sources or not names:
            raise ValueError(f"national_bodies.tsv:{number}: bad kind, source or names in {identity_id!r}")

        def split(value: str) -> tuple[str, ...]:
            return tuple(v for v in value.split("|") if v)

        bodies.append(ProtectedIdentity(
            identity_id=identity_id, kind=kind, names=split(names), aliases=split(aliases),
            context_aliases=split(context), source=sources[source_id].cite(),
        ))
    return sources, bodies


@lru_cache(maxsize=1)
def national_bodies() -> tuple[dict[str, Source], list[ProtectedIdentity]]:
    raw = resources.files("enforcement.registry").joinpath("data", "national_bodies.tsv").read_text("utf-8")
    return parse_national_bodies(raw)


@lru_cache(maxsize=1)
def load_default_registry() -> Registry:
    """The registry as shipped; immutable, so one copy serves every caller."""
    divisions = load_divisions()
    identities = {i.identity_id: i for i in central_identities()}
    curated = {name for identity in identities.values() for name in (*identity.names, *identity.aliases)}
    for organ in local_organs(divisions):
        # a generated organ that a curated list already names (湖南日报, 浙江卫视) is that body: one identity
        # per name, so one name gives one violation
        names = tuple(name for name in organ.names if name not in curated)
        if names:
            identities[organ.identity_id] = organ if names == organ.names else replace(organ, names=names)
    return Registry(MappingProxyType(identities), divisions, load_vocabulary())
