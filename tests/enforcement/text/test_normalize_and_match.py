"""Normalisation sees through every evasion D1 lists, and records how; the matcher keeps short names quiet."""

from __future__ import annotations

import pytest

from enforcement.text import NameMatcher, Pattern, initials_key, normalize, pinyin_key
from enforcement.text.normalize import phrase_pinyin


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("人民日報", "t2s"), ("ＣＣＴＶ", "nfkc"), ("⼈民日报", "nfkc"), ("人民\u200b日报", "invisible"),
        ("人民\u202e日报", "invisible"), ("人民\ufe0f日报", "invisible"), ("人民\u3164日报", "invisible"),
        ("сстv", "confusable"), ("人 民·日报🔥", "symbol"), ("人民曰报", "lookalike"),
    ],
)
def test_each_evasion_is_undone_and_recorded(text: str, step: str) -> None:
    result = normalize(text)
    assert step in result.steps
    assert result.shape in {"人民日报", "cctv"}


def test_views() -> None:
    text = normalize("RMRB人民日报")
    assert text.canonical == "rmrb人民日报"
    assert text.latin == "rmrb"
    assert text.sound == ("r", "m", "r", "b", "ren", "min", "ri", "bao")
    assert pinyin_key("人民日报") == "renminribao" and initials_key("人民日报") == "rmrb"
    assert phrase_pinyin("成都市公安局") == "chengdushigonganju"  # 都 read as in 成都


@pytest.fixture(scope="module")
def matcher() -> NameMatcher:
    names = ["人民日报", "新华社", "成都市公安局", "央视", "中国网", "西安发布"]
    return NameMatcher.build(Pattern(f"id:{n}", n) for n in names)


@pytest.mark.parametrize(
    ("text", "name", "view"),
    [
        ("人民日報官方", "人民日报", "canonical"), ("人民曰报", "人民日报", "shape"), ("入民日报", "人民日报", "shape"),
        ("人民日豹", "人民日报", "sound"), ("心华社", "新华社", "sound"), ("renminribao", "人民日报", "pinyin"),
        ("chengdushigonganju", "成都市公安局", "pinyin"), ("RMRB", "人民日报", "initials"),
        ("ＲＭＲＢ官方", "人民日报", "initials"), ("xianfabu", "西安发布", "pinyin"),
    ],
)
def test_views_find_the_protected_name(matcher: NameMatcher, text: str, name: str, view: str) -> None:
    found = matcher.find(normalize(text))
    assert found and found[0].name == name and found[0].view == view
    assert found[0].steps[-1] == view


@pytest.mark.parametrize("text", ["hellormrbworld", "成都美食探店", "人民公园", "心华社粉丝团", "中国王者荣耀", "央"])
def test_negatives(matcher: NameMatcher, text: str) -> None:
    found = [m for m in matcher.find(normalize(text)) if m.view != "canonical" or m.name != "央视"]
    assert found == [], text


def test_a_three_syllable_homophone_must_be_the_whole_name(matcher: NameMatcher) -> None:
    assert [m.view for m in matcher.find(normalize("心华社"))] == ["sound"]
    assert matcher.find(normalize("开心华社团")) == []
