"""fast_init: the same constructor signature and the same frozen instances as the dataclass's own __init__."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from enforcement.detectors.profile import ProfileView
from enforcement.fastinit import fast_init
from enforcement.identity.index import TermHit
from enforcement.text.matcher import Match, Pattern
from enforcement.text.normalize import NormalizedText
from enforcement.violations import Violation


@dataclass(frozen=True, slots=True)
class Plain:
    a: str
    b: int = 2
    c: dict[str, int] = dataclasses.field(default_factory=dict)
    d: str = dataclasses.field(default="x", kw_only=True)


@fast_init
@dataclass(frozen=True, slots=True)
class Fast:
    a: str
    b: int = 2
    c: dict[str, int] = dataclasses.field(default_factory=dict)
    d: str = dataclasses.field(default="x", kw_only=True)


def _state(obj: object) -> tuple[object, ...]:
    return tuple(getattr(obj, f.name) for f in dataclasses.fields(obj))  # type: ignore[arg-type]


@pytest.mark.parametrize(("args", "kwargs"), [
    (("a",), {}), (("a", 5), {}), (("a", 5, {"k": 1}), {}), ((), {"a": "a", "d": "y"}), (("a",), {"c": {"z": 2}}),
])
def test_the_same_values_as_the_generated_init(args: tuple[object, ...], kwargs: dict[str, object]) -> None:
    assert _state(Fast(*args, **kwargs)) == _state(Plain(*args, **kwargs))


def test_the_same_errors_and_the_same_frozenness() -> None:
    for cls in (Plain, Fast):
        with pytest.raises(TypeError):
            cls()  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            cls("a", 1, {}, "d")  # type: ignore[misc]  # d is keyword-only
        obj = cls("a")
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.a = "b"  # type: ignore[misc]
        assert cls("a").c is not cls("a").c  # a fresh default per instance
    assert Fast("a", 1) == Fast("a", 1) and hash(Fast("a", 1, d="q").a) == hash("a")


def test_refuses_classes_it_cannot_speed_up() -> None:
    @dataclass
    class Mutable:
        a: int

    with pytest.raises(TypeError):
        fast_init(Mutable)


def test_the_hot_path_classes_use_it() -> None:
    at = datetime(2026, 11, 1, tzinfo=UTC)
    for cls, obj in [
        (NormalizedText, NormalizedText("a", "b", "c", ("s",), "d", ("w",))),
        (TermHit, TermHit("t", 0, 1)),
        (Pattern, Pattern("k", "n")),
        (Match, Match("k", "n", "canonical", 0, 1, "m", 1.0, ())),
        (Violation, Violation("u", "official_name_exact", 1.0, "e", at)),
    ]:
        assert cls.__init__.__module__ == cls.__module__ and "_set_" in cls.__init__.__code__.co_names[0]
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.__setattr__(dataclasses.fields(obj)[0].name, None)
    assert TermHit("t", 0, 1).view == "canonical" and Violation("u", "r", 1.0, "e", at).evidence == {}
    view = ProfileView("u", "e", at, (("name", "人民日报"),), None, frozenset())  # a named tuple: immutable too
    with pytest.raises(AttributeError):
        view.account_id = "v"  # type: ignore[misc]
    assert view.texts[0][1].canonical == "人民日报" and view.names() == [("name", view.texts[0][1])]
