"""The searchable form of the registry: matchers over protected names, divisions and vocabularies."""

from enforcement.identity.index import IdentityIndex, TermHit, shipped_index

__all__ = ["IdentityIndex", "TermHit", "shipped_index"]
