"""Fixtures for the content-rule tests: the default registry's index (built once) and event factories."""

from __future__ import annotations

import pytest
from content_rig import Events

from enforcement.identity import IdentityIndex, shipped_index


@pytest.fixture(scope="session")
def index() -> IdentityIndex:
    return shipped_index()


@pytest.fixture
def events() -> Events:
    return Events()
