"""One IdentityIndex over the shipped registry for every detector test (building it takes seconds)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from enforcement.detectors import detect_profile, profile_view
from enforcement.events import BioChanged, ProfileCreated, ProfileRenamed
from enforcement.identity import IdentityIndex, shipped_index
from enforcement.violations import Violation

AT = datetime(2026, 11, 22, 8, tzinfo=UTC)


@pytest.fixture(scope="session")
def index() -> IdentityIndex:
    return shipped_index()


@pytest.fixture
def rename(index: IdentityIndex) -> Callable[..., list[Violation]]:
    def check(name: str, *, account: str = "u:1", domains: frozenset[str] = frozenset()) -> list[Violation]:
        event = ProfileRenamed(schema_version=1, event_id="e1", type="profile.renamed", account_id=account,
                               occurred_at=AT, old_name=None, new_name=name)
        return detect_profile(index, profile_view(event, domains))
    return check


@pytest.fixture
def bio(index: IdentityIndex) -> Callable[..., list[Violation]]:
    def check(text: str, *, domains: frozenset[str] = frozenset()) -> list[Violation]:
        event = BioChanged(schema_version=1, event_id="e2", type="profile.bio_changed", account_id="u:1",
                           occurred_at=AT, bio=text)
        return detect_profile(index, profile_view(event, domains))
    return check


@pytest.fixture
def created(index: IdentityIndex) -> Callable[..., list[Violation]]:
    def check(**fields: object) -> list[Violation]:
        body = {"name": "普通用户", "identity_hash": "o1", **fields}
        event = ProfileCreated(schema_version=1, event_id="e3", type="profile.created", account_id="u:1",
                               occurred_at=AT, **body)  # type: ignore[arg-type]
        return detect_profile(index, profile_view(event))
    return check
