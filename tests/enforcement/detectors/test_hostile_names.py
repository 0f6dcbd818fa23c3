"""Names built to slip through or to break the detectors: invisible and direction-changing characters
salted into an official name never hide it, and no text of any plane makes a detector raise."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fuzzing import fuzz_settings, hostile_text, salt, timed, within_bound
from hypothesis import given
from hypothesis import strategies as st

from enforcement.events.spec import MAX_LENGTH, Kind
from enforcement.identity import IdentityIndex
from enforcement.violations import Violation

# The salt is tests/support/fuzzing.py's SALT: exactly what the normaliser removes (zero-width characters,
# direction marks, bidi embeddings, overrides and isolates, variation selectors and their supplement, tags,
# Hangul fillers, lone surrogates, every other format character), direction changes drawn more often.


@pytest.fixture(scope="module")
def official_names(index: IdentityIndex) -> list[str]:
    """Official names of the registry's central bodies (the first 60 identities, in registry order)."""
    return [identity.names[0] for identity in list(index.registry.identities.values())[:60]]


def _requirements(found: list[Violation]) -> set[str]:
    return {v.requirement for v in found}


@fuzz_settings(150)
@given(data=st.data())
def test_salting_an_official_name_with_invisible_characters_never_hides_it(
        data: st.DataObject, official_names: list[str], rename: Callable[..., list[Violation]]) -> None:
    name = data.draw(st.sampled_from(official_names))
    plain = _requirements(rename(name))
    assert plain  # the unsalted name is caught, or the property says nothing
    salted = salt(data, name)
    found, elapsed = timed(lambda: rename(salted))
    within_bound(elapsed, "salted name", salted)
    assert plain <= _requirements(found), repr(salted)


@fuzz_settings(150)
@given(text=hostile_text(MAX_LENGTH[Kind.TEXT]), bio_text=hostile_text(MAX_LENGTH[Kind.LONG_TEXT]))
def test_no_name_of_any_plane_makes_a_detector_raise(text: str, bio_text: str, rename: Callable[..., list[Violation]],
                                                     bio: Callable[..., list[Violation]]) -> None:
    # surrogates and unassigned code points included: the detectors must not assume what the decoder lets in;
    # as long as the decoder lets a name (256 characters) and a bio (4,096) be
    for label, check, value in (("hostile name", rename, text), ("hostile bio", bio, bio_text),
                                ("hostile name as bio", bio, (text * 16)[:MAX_LENGTH[Kind.LONG_TEXT]])):
        found, elapsed = timed(lambda check=check, value=value: check(value))
        within_bound(elapsed, label, value)
        assert all(v.requirement.startswith("D") for v in found)
