"""The identity index over the shipped registry, built once per test process (a few seconds each time):
the tests that read it never change it (a registry update builds a new index)."""

from __future__ import annotations

from functools import lru_cache

from enforcement.identity.index import IdentityIndex
from enforcement.registry import load_default_registry


@lru_cache(maxsize=1)
def default_index() -> IdentityIndex:
    return IdentityIndex.build(load_default_registry())
