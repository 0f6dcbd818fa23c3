"""Outcome.merged, the one merge of outcomes: every tuple field concatenated in order, the scalars the first's."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import pytest

from enforcement.pipeline import _NOTHING, Outcome, sanctioned
from enforcement.sanctions import Sanctions

SCALARS = {"watermark_ms", "appeal_result", "report_category", "review_decision"}


def _filled(tag: str) -> Outcome:
    """An outcome with every field set to a value naming `tag` and the field, so no two fields look alike."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Outcome):
        if f.name == "watermark_ms":
            values[f.name] = 1000 if tag == "a" else 2000
        elif f.name in SCALARS:
            values[f.name] = f"{tag}-{f.name}"
        else:
            values[f.name] = (f"{tag}-{f.name}-1", f"{tag}-{f.name}-2")
    return Outcome(**values)


def test_every_tuple_field_is_concatenated_in_order_and_the_scalars_are_the_firsts() -> None:
    a, b = _filled("a"), _filled("b")
    merged = a.merged(b)
    for f in dataclasses.fields(Outcome):
        got = getattr(merged, f.name)
        if f.name in SCALARS:
            assert got == getattr(a, f.name), f.name
        else:
            assert got == getattr(a, f.name) + getattr(b, f.name), f.name


def test_no_outcome_field_is_left_out() -> None:
    """A field added to Outcome is either a tuple merged by concatenation or a known scalar with a rule."""
    for f in dataclasses.fields(Outcome):
        assert f.default == () or f.name in SCALARS, f"{f.name}: give it a merge rule (and a test)"
    assert {f.name for f in dataclasses.fields(Outcome) if f.default is None} == SCALARS


def test_the_scalars_of_the_second_are_ignored_even_when_the_first_has_none() -> None:
    # an appeal answered early inside a profile event's outcome was counted when the appeal came in
    merged = Outcome(actions=({"a": 1},)).merged(Outcome(actions=({"b": 2},), appeal_result="overturned",
                                                         watermark_ms=5, review_decision="confirm",
                                                         report_category="fraud"))
    assert merged == Outcome(actions=({"a": 1}, {"b": 2}))


@pytest.mark.parametrize("empty", [_NOTHING, Outcome(), Outcome(appeal_result="upheld", watermark_ms=7)])
def test_merging_nothing_returns_the_same_outcome(empty: Outcome) -> None:
    a = _filled("a")
    assert a.merged(empty) is a


def test_merging_into_an_empty_outcome_keeps_the_second_records() -> None:
    b = _filled("b")
    merged = _NOTHING.merged(b)
    assert merged == dataclasses.replace(b, **dict.fromkeys(SCALARS))


def test_sanctioned_keeps_shadow_runs_apart_and_drops_their_reviews_and_brakes() -> None:
    enforcing, shadow = SimpleNamespace(shadow=False), SimpleNamespace(shadow=True)
    runs = [
        Sanctions(({"id": "e1"},), ("ack-e",), ("re-e",), ({"review": "e"},), ("rule", "admitted")),
        Sanctions(({"id": "s1"},), ("ack-s",), ("re-s",), ({"review": "s"},), ("rule", "open")),
    ]
    got = sanctioned([enforcing, shadow], runs)  # type: ignore[list-item]
    assert got == Outcome(actions=({"id": "e1"},), acks=("ack-e",), reviews=({"review": "e"},),
                          brakes=(("rule", "admitted"),), shadow_actions=({"id": "s1"},), shadow_acks=("ack-s",),
                          resent=("re-e", "re-s"))


def test_with_watermark_changes_the_watermark_alone() -> None:
    outcome = _filled("a")
    assert outcome.with_watermark(5) == dataclasses.replace(outcome, watermark_ms=5)
    assert _NOTHING.with_watermark(7) == Outcome(watermark_ms=7)
