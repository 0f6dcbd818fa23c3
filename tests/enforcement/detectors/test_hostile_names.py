"""Names built to slip through or to break the detectors: invisible and direction-changing characters
salted into an official name never hide it, and no text of any plane makes a detector raise."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enforcement.identity import IdentityIndex
from enforcement.violations import Violation

# Format and direction characters a display shows as nothing (or only as a change of direction):
# zero-width space, non-joiner and joiner, word joiner, BOM, soft hyphen, combining grapheme joiner,
# Mongolian vowel separator, Arabic letter mark, LRM/RLM, the bidi embeddings, overrides and isolates,
# and the variation selectors.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f", "\u180e", "\u061c",
             "\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)),
             *map(chr, range(0xFE00, 0xFE10))]

_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture(scope="module")
def official_names(index: IdentityIndex) -> list[str]:
    """Official names of the registry's central bodies (the first 60 identities, in registry order)."""
    return [identity.names[0] for identity in list(index.registry.identities.values())[:60]]


def _requirements(found: list[Violation]) -> set[str]:
    return {v.requirement for v in found}


@_SETTINGS
@given(data=st.data())
def test_salting_an_official_name_with_invisible_characters_never_hides_it(
        data: st.DataObject, official_names: list[str], rename: Callable[..., list[Violation]]) -> None:
    name = data.draw(st.sampled_from(official_names))
    plain = _requirements(rename(name))
    assert plain  # the unsalted name is caught, or the property says nothing
    chars = list(name)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(chars)))
        chars.insert(at, data.draw(st.sampled_from(INVISIBLE)))
    salted = "".join(chars)
    assert plain <= _requirements(rename(salted)), repr(salted)


@_SETTINGS
@given(text=st.text(st.characters(codec=None), max_size=256))
def test_no_name_of_any_plane_makes_a_detector_raise(text: str, rename: Callable[..., list[Violation]],
                                                     bio: Callable[..., list[Violation]]) -> None:
    # surrogates and unassigned code points included: the detectors must not assume what the decoder lets in
    for found in (rename(text), bio(text * 16)):
        assert all(v.requirement.startswith("D") for v in found)
