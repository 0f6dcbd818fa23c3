"""The searchable form of the registry: matchers over protected names, divisions and vocabularies."""

from enforcement.identity.index import IdentityIndex, TermHit

__all__ = ["IdentityIndex", "TermHit"]
