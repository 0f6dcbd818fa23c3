"""A padding word put inside a protected name splits it so no detector sees it whole: the name is read again
without it, and the evidence points at the name as sent."""

from __future__ import annotations

import pytest

from enforcement.detectors.inner_padding import without_inner_padding


def rules(found) -> set[tuple[str, str]]:
    return {(v.requirement, v.identity) for v in found}


PADDING = ("官方账号", "官方", "账号", "发布", "号")


@pytest.mark.parametrize(("name", "expected"), [
    ("杭州市（官方）公安局", ("D1", "local:330100:公安局")),
    ("杭州市官方公安局", ("D4", "division:330100")),
    ("北京市【官方】人民政府", ("D1", "local:110000:人民政府")),
    ("人民【官方】日报", ("D1", "media:people")),
    ("新华（官方）社", ("D1", "media:xinhua")),
])
def test_a_name_split_by_a_padding_word_is_read_whole(rename, name: str, expected: tuple[str, str]) -> None:
    assert expected in rules(rename(name)), rules(rename(name))


def test_the_evidence_shows_the_name_as_sent_and_the_name_read(rename) -> None:
    found = next(v for v in rename("人民【官方】日报") if v.requirement == "D1")
    evidence = found.evidence
    assert evidence["text"] == "人民【官方】日报"
    assert evidence["span"] == [0, 8]  # the whole name, padding included
    assert evidence["step_texts"][0] == {"step": "padding_inside", "text": "人民日报"}
    assert evidence["steps"][0] == "padding_inside"


@pytest.mark.parametrize("name", ["游戏官方攻略", "小米官方旗舰店", "学校官方通知", "中国官方足球", "北京官方旅游"])
def test_padding_inside_an_everyday_name_finds_nothing(rename, name: str) -> None:
    assert not rename(name), rules(rename(name))


def test_padding_next_to_more_padding_ends_the_name_and_is_not_removed() -> None:
    assert without_inner_padding("人民日报官方账号", PADDING) is None
    assert without_inner_padding("解放军报官方发布", PADDING) is None
    assert without_inner_padding("人民（官方）日报", PADDING) == ("人民日报", 2, 6)


def test_a_name_already_read_gains_no_second_reading_of_the_same_requirement(rename) -> None:
    found = [v for v in rename("人民日报官方号外") if v.requirement == "D1"]
    assert [v.identity for v in found] == ["media:people"]
