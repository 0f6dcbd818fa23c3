"""A name or bio that labels itself a parody still imitates the body, but a person decides: no violation read in it
is struck automatically (`enforcement/detectors/parody.py`)."""

from __future__ import annotations

import pytest

from enforcement.detectors.parody import HELD_AT, marked_as_parody


@pytest.mark.parametrize("name", ["人民日报（恶搞版）", "假装是新华社（恶搞）", "模仿秀·新闻联播", "（仿）央视新闻合集",
                                  "冒牌交警·搞笑", "新华社（假）", "野生中央气象台（玩梗）", "寝室快报（娱乐向）",
                                  "COS人民日报"])
def test_a_name_labelled_a_parody_is_held_for_review(rename, name: str) -> None:
    found = rename(name)
    assert found, name
    assert all(v.confidence <= HELD_AT for v in found), found
    assert any(v.evidence.get("parody_marked") for v in found), found


def test_the_same_name_unlabelled_is_decided_as_before(rename) -> None:
    assert max(v.confidence for v in rename("人民日报")) > HELD_AT


def test_a_bio_labelled_a_parody_is_held_for_review(bio) -> None:
    found = bio("人民日报官方账号（恶搞号）")
    assert found and all(v.confidence <= HELD_AT for v in found)


@pytest.mark.parametrize("text", ["仿宋字体", "伪装者", "Cosco官方", "假期", "Costco代购", "cosmos天文"])
def test_words_that_only_hold_the_characters_are_no_label(text: str) -> None:
    assert not marked_as_parody(text)
