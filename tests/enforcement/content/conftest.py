"""Fixtures for the content-rule tests: the default registry's index (built once) and event factories."""

from __future__ import annotations

import pytest
from content_rig import Events

from enforcement.identity import IdentityIndex
from enforcement.registry import load_default_registry


@pytest.fixture(scope="session")
def index() -> IdentityIndex:
    return IdentityIndex.build(load_default_registry())


@pytest.fixture
def events() -> Events:
    return Events()
