"""The registry of protected identities (D1–D6, D8, D9), shipped with the project and updatable live."""

from enforcement.registry.loader import load_default_registry
from enforcement.registry.model import KINDS, Division, ProtectedIdentity, Registry, RegistryUpdate, Vocabulary
from enforcement.registry.records import InvalidRegistryRecord, parse_registry_record

__all__ = [
    "KINDS",
    "Division",
    "InvalidRegistryRecord",
    "ProtectedIdentity",
    "Registry",
    "RegistryUpdate",
    "Vocabulary",
    "load_default_registry",
    "parse_registry_record",
]
