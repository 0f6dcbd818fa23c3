"""Synthetic emblems for the D2 tests (no real emblem is shipped with the tests)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from emblems import emblem
from PIL import Image


@pytest.fixture(scope="session", name="emblem")
def emblem_fixture() -> Callable[[int], Image.Image]:
    return emblem
