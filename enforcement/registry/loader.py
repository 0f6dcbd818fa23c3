"""The shipped registry: curated central bodies + generated local organs + divisions + vocabularies."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from types import MappingProxyType

import orjson

from enforcement.registry.divisions import load_divisions
from enforcement.registry.local_organs import local_organs
from enforcement.registry.model import ProtectedIdentity, Registry, Vocabulary


def _data(name: str) -> dict:
    return orjson.loads(resources.files("enforcement.registry").joinpath("data", name).read_bytes())


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
    )


def central_identities() -> list[ProtectedIdentity]:
    return [
        ProtectedIdentity(
            identity_id=row["identity_id"], kind=row["kind"], names=tuple(row["names"]),
            aliases=tuple(row["aliases"]), context_aliases=tuple(row.get("context_aliases", ())),
            source=row["source"],
        )
        for row in _data("central.json")["identities"]
    ]


@lru_cache(maxsize=1)
def load_default_registry() -> Registry:
    """The registry as shipped; immutable, so one copy serves every caller."""
    divisions = load_divisions()
    identities = {i.identity_id: i for i in central_identities()}
    identities.update((i.identity_id, i) for i in local_organs(divisions))
    return Registry(MappingProxyType(identities), divisions, load_vocabulary())
