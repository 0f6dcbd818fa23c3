"""Fixtures for the stateful-rule tests: an Enforcement over in-memory twins (see tests/support/stateful_events.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from stateful_events import POLICY, World, make_world, vocabulary_registry

from enforcement.policy import Policy
from enforcement.registry import Registry


@pytest.fixture(scope="session")
def vocabulary() -> Registry:
    return vocabulary_registry()


@pytest.fixture
def world(vocabulary: Registry) -> Callable[..., World]:
    def build(policy: Policy = POLICY, registry: Registry | None = None, *, allowed_lateness_ms: int = 0) -> World:
        return make_world(registry or vocabulary, policy, allowed_lateness_ms=allowed_lateness_ms)
    return build
