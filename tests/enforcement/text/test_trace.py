"""Offsets of a match in the text as sent, carried through every normalisation step (enforcement/text/trace.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enforcement.text import normalize
from enforcement.text.trace import evidence_location, spelled, trace


def located(original: str, name: str = "人民日报") -> tuple[str, list[dict[str, str]]]:
    """The original characters the canonical occurrence of `name` came from, and the steps listed for it."""
    at = normalize(original).canonical.index(name)
    found = evidence_location(original, at, at + len(name))
    start, end = found["span"]
    return original[start:end], found["step_texts"]


@pytest.mark.parametrize(("original", "part", "steps"), [
    ("人民日报官方", "人民日报", []),
    ("人民日報官方", "人民日報", [("t2s", "人民日报官方")]),
    ("关注人·民·日·报！", "人·民·日·报", [("symbol", "关注人民日报")]),
    ("人民\u200b日报", "人民\u200b日报", [("invisible", "人民日报")]),
    ("＠人民日报", "人民日报", []),  # the full-width @ lies outside the match: its steps are not listed
    ("＠人民日報", "人民日報", [("t2s", "@人民日报")]),
    ("⼈民日报", "⼈民日报", [("nfkc", "人民日报")]),  # a Kangxi radical
    ("人民🔥日報", "人民🔥日報", [("t2s", "人民🔥日报"), ("symbol", "人民日报")]),
])
def test_span_and_steps_of_a_match_in_the_original(original: str, part: str, steps: list[tuple[str, str]]) -> None:
    found_part, found_steps = located(original)
    assert found_part == part
    assert [(s["step"], s["text"]) for s in found_steps] == steps


def test_full_width_letters_map_one_to_one() -> None:
    original = "看ＣＣＴＶ新闻"
    at = normalize(original).canonical.index("cctv")
    found = evidence_location(original, at, at + 4)
    assert original[slice(*found["span"])] == "ＣＣＴＶ"
    assert [s["step"] for s in found["step_texts"]] == ["nfkc", "casefold"]


def test_every_canonical_character_comes_from_where_it_was_written() -> None:
    original = "Ａ·人民日報\u200b！"
    text = trace(original)
    assert text.canonical.text == normalize(original).canonical == "a人民日报"
    assert [original[s:e] for s, e in text.canonical.origins] == ["Ａ", "人", "民", "日", "報"]


def test_combining_marks_composed_by_nfkc_stay_with_their_letter() -> None:
    original = "Cafe\u0301人民日报"
    text = trace(original)
    assert text.canonical.text == "cafe人民日报"
    assert original[slice(*text.span(3, 4))] == "e\u0301"
    assert original[slice(*text.span(4, 8))] == "人民日报"


def test_a_look_alike_is_listed_only_for_a_match_on_the_folded_text() -> None:
    original = "人民曰报"
    shape = normalize(original).shape
    assert shape != original
    found = evidence_location(original, 0, 4, "shape")
    assert found["span"] == [0, 4]
    assert found["step_texts"] == [{"step": "lookalike", "text": shape}]


def test_pinyin_spelled_with_separators_spans_every_syllable() -> None:
    original = "我是Ren-Min-Ri-Bao粉丝"
    found = evidence_location(original, 0, 11, "pinyin", "renminribao")
    assert original[slice(*found["span"])] == "Ren-Min-Ri-Bao"
    assert found["step_texts"][-1] == {"step": "pinyin", "text": "renminribao"}
    assert [s["step"] for s in found["step_texts"]] == ["casefold", "symbol", "pinyin"]


def test_initials_in_full_width() -> None:
    original = "ＲＭＲＢ官方"
    found = evidence_location(original, 0, 4, "initials", "rmrb")
    assert found["span"] == [0, 4]
    assert [s["step"] for s in found["step_texts"]] == ["nfkc", "casefold", "initials"]


def test_a_homophone_lists_its_reading() -> None:
    found = evidence_location("人民日豹", 0, 4, "sound")
    assert found == {"span": [0, 4], "step_texts": [{"step": "sound", "text": "ren min ri bao"}]}
    assert spelled("国家安全bu") == "guo jia an quan bu"


def test_the_same_text_gives_the_same_evidence() -> None:
    original = "人·民·日·報"
    first = evidence_location(original, 0, 4)
    trace.cache_clear()
    assert evidence_location(original, 0, 4) == first


HOSTILE = "人民日報报曰ＲＭrbＣc·- \u200b\u0301é🔥⼈！官方Aß"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(HOSTILE)), max_size=12) | st.text(max_size=12))
def test_the_replay_takes_the_normalisers_steps_and_every_origin_is_in_the_text(original: str) -> None:
    text = normalize(original)
    found = trace(original)
    assert [stage.step for stage in found.stages] == list(text.steps)
    assert (found.canonical.text, found.shape.text) == (text.canonical, text.shape)
    for stage in found.stages:
        assert len(stage.origins) == len(stage.text)
        assert all(0 <= start < end <= len(original) for start, end in stage.origins)
