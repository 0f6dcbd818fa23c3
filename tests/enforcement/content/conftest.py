"""Fixtures for the content-rule tests: the default registry's index (built once) and event factories."""

from __future__ import annotations

import pytest
from content_rig import Events
from default_index import default_index

from enforcement.identity import IdentityIndex


@pytest.fixture(scope="session")
def index() -> IdentityIndex:
    return default_index()


@pytest.fixture
def events() -> Events:
    return Events()
