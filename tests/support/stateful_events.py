"""Unit-test support for the stateful rules: decoded events, and an Enforcement over in-memory twins with
the profile and credential stores."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from factories import encode, make_event, topic_of

from enforcement.accounts.credentials import InMemoryCredentialStore
from enforcement.accounts.profiles import InMemoryProfileStore
from enforcement.credential_lifecycle import CredentialLifecycle
from enforcement.early import InMemoryEarlyRecords
from enforcement.events import Event, decode_event
from enforcement.identity import IdentityIndex
from enforcement.identity.holder import IndexHolder
from enforcement.ledger.memory import InMemoryLedger
from enforcement.pipeline import Enforcement
from enforcement.policy import Policy, load_policy
from enforcement.registry import Registry, load_default_registry
from enforcement.registry_recheck import InMemoryRecheckClaims, RegistryRecheck
from enforcement.sanctions import Sanctioner
from enforcement.sanctions.stores import InMemoryDirectory, InMemorySchedule
from enforcement.watermark import InMemoryWatermark

POLICY = load_policy()


def event(event_type: str, **fields: Any) -> Event:
    """A decoded event of `event_type`, exactly as the worker would see it."""
    body = make_event(event_type, **fields)
    return decode_event(encode(body), topic=topic_of(event_type), key=body["account_id"].encode())


def vocabulary_registry() -> Registry:
    """The shipped vocabulary (titles, padding words) without the 50k identities: builds in milliseconds."""
    return Registry(MappingProxyType({}), (), load_default_registry().vocabulary)


@dataclass
class World:
    enforcement: Enforcement
    profiles: InMemoryProfileStore
    credentials: InMemoryCredentialStore
    schedule: InMemorySchedule
    holder: IndexHolder
    claims: InMemoryRecheckClaims


def make_world(registry: Registry, policy: Policy = POLICY, *, allowed_lateness_ms: int = 0) -> World:
    holder = IndexHolder(IdentityIndex.build(registry))
    holder.caught_up.set()
    profiles, credentials, schedule = InMemoryProfileStore(), InMemoryCredentialStore(), InMemorySchedule()
    claims = InMemoryRecheckClaims()
    sanctioner = Sanctioner(ledger=InMemoryLedger(policy), directory=InMemoryDirectory(),
                            schedule=InMemorySchedule(), policy=policy)
    lifecycle = CredentialLifecycle(credentials=credentials, profiles=profiles, schedule=schedule, policy=policy)
    recheck = RegistryRecheck(profiles=profiles, claims=claims, burst_max=policy.credentials.recheck_burst_max)
    enforcement = Enforcement(watermark=InMemoryWatermark(allowed_lateness_ms), index=holder, policy=policy,
                              sanctioner=sanctioner, profiles=profiles, lifecycle=lifecycle, recheck=recheck,
                              clock_ms=lambda: 0, early=InMemoryEarlyRecords())
    return World(enforcement, profiles, credentials, schedule, holder, claims)
