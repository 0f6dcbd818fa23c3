"""Local working departments as organ words, heard division names, the near look-alike view and D4 partly
in pinyin or initials (D1, D4, D5): each names what it catches and what it must leave alone."""

from __future__ import annotations

import pytest

from enforcement.text import normalize
from enforcement.text.lookalike import LOOKALIKES, NEAR, NEAR_TABLE
from enforcement.text.matcher import near_fold
from enforcement.text.mixed import MixedJoinView


def d4(found) -> list:
    return [v for v in found if v.requirement == "D4"]


@pytest.mark.parametrize("name", ["宜宾市城管局", "郑州市生态环境局", "顺德区生态環境局", "温州市交警支队",
                                  "★成都市生态环境局客户端", "海淀区住建委", "长沙市医保局"])
def test_local_working_departments_are_organ_words(rename, name: str) -> None:
    assert d4(rename(name)), name


@pytest.mark.parametrize("name", ["宜宾市城馆局", "温州市交井支队"])
def test_the_new_organ_words_are_heard_too(rename, name: str) -> None:
    assert d4(rename(name)), name


@pytest.mark.parametrize(("name", "code"), [("常州事网信办", "320400"), ("海淀曲交警支队", "110108"),
                                            ("西按市司法局", "610100"), ("今牛区卫生健康委员会", "510106")])
def test_a_full_division_name_is_heard_before_a_written_organ_word(rename, name: str, code: str) -> None:
    found = d4(rename(name))
    assert [v.identity for v in found] == [f"division:{code}"]
    assert found[0].confidence == 0.75 and found[0].evidence["view"] == "sound"


@pytest.mark.parametrize("name", ["常州事务所", "常州事", "常州事网心办", "西按市美食", "海淀曲艺社"])
def test_a_heard_place_alone_or_with_a_heard_organ_word_is_not_enough(rename, name: str) -> None:
    assert not d4(rename(name)), name


def test_near_characters_are_standard_ones_kept_out_of_the_shape_view() -> None:
    assert not set(NEAR_TABLE) & set(LOOKALIKES)
    assert not {ord(original) for original, _why in NEAR.values()} & set(NEAR_TABLE)
    assert all(why.strip() for _original, why in NEAR.values())
    assert normalize("申国地震局").shape == "申国地震局"  # the shape view is unchanged
    assert near_fold("申国地震局") == "中国地震局" and near_fold("中国地震局") is None


@pytest.mark.parametrize(("name", "identity"), [
    ("申国地震局", "state:cea"), ("国冢信访局", "sc2023:xfj"), ("氏政部", "state:mca"), ("亲华社", "media:xinhua"),
    ("中央港澳工作办仫室", "state:hk-macao"), ("国家信访屆", "sc2023:xfj"),
])
def test_standard_look_alikes_of_an_official_name_are_caught_in_the_near_view(rename, name: str,
                                                                             identity: str) -> None:
    found = [v for v in rename(name) if v.identity == identity]
    assert found and found[0].evidence["view"] == "near" and found[0].confidence <= 0.8


@pytest.mark.parametrize("name", ["国家说务总局", "中央电祝台", "央视新闸", "新华诵讯社", "中国气彖局", "国家统汁局",
                                  "国家知识产杈局", "科学技木部", "中国人民银衍", "中国共产觉中央委员会",
                                  "国家市场盐督管理总局", "生态坏境部", "交通运偷部", "宙计署", "人民目报"])
def test_one_component_changed_in_a_character_of_an_official_name_is_caught(rename, name: str) -> None:
    found = [v for v in rename(name) if v.requirement == "D1"]
    assert found and found[0].evidence["view"] == "near", (name, [v.evidence for v in rename(name)])


@pytest.mark.parametrize("name", ["申城美食", "牛肉面馆", "时间管理大师", "亲子乐园", "犬舍日常", "亲华社区服务",
                                  "阮经天粉丝", "佘诗曼", "蔡徐坤", "应届毕业生", "上海申花", "木子李的日常",
                                  "感觉很好", "说说心里话", "通讯录备份", "新华书店", "防汛抗旱知识", "目前在读",
                                  "坏脾气小猫", "宇宙探索编辑部", "树根雕刻", "盐城美食", "交通规则学习"])
def test_everyday_words_with_near_characters_stay_clean(rename, name: str) -> None:
    assert not rename(name), name


@pytest.mark.parametrize(("name", "requirement", "term"), [
    ("律帅张伟", "D6", "律师"), ("王医牛", "D6", "医生"), ("主任医帅", "D6", "主任医师"),
    ("执业药帅", "D6", "执业药师"), ("交瞥小李", "D5", "交警"), ("民瞥老王", "D5", "民警"),
])
def test_a_title_or_role_with_a_character_drawn_like_one_of_its_own_is_read_as_it(rename, name: str, requirement: str,
                                                                                    term: str) -> None:
    found = [v for v in rename(name) if v.requirement == requirement]
    assert found, (name, [v.evidence for v in rename(name)])
    evidence = found[0].evidence
    assert "near" in str(evidence["step_texts"]) and term in str(evidence), evidence


@pytest.mark.parametrize("name", ["帅哥一枚", "好帅的猫", "元帅的日常", "挂帅出征", "将帅", "惊鸿一瞥", "回眸一瞥交友",
                                  "学牛党", "教帅节快乐"])
def test_everyday_words_with_those_characters_claim_no_title(rename, name: str) -> None:
    assert not any(v.requirement in ("D5", "D6") for v in rename(name)), (name, [v.evidence for v in rename(name)])


@pytest.mark.parametrize(("name", "code"), [("郫都区氏政局", "510117"), ("苏州市牛态环境局", "320500"),
                                            ("渝申区消防救援支队", "500103")])
def test_d4_reads_the_near_view(rename, name: str, code: str) -> None:
    assert f"division:{code}" in {v.identity for v in d4(rename(name))}


@pytest.mark.parametrize(("name", "code", "view"), [
    ("长sha市气象局", "430100", "pinyin_mix"), ("江阴市公An", "320281", "pinyin_mix"),
    ("Nan宁SHI人社局", "450100", "pinyin_mix"), ("宜宾市-F B", "511500", "initials_mix"),
    ("柳州 s司法局", "450200", "initials_mix"), ("雁塔区交 J支 D", "610113", "initials_mix"),
])
def test_d4_partly_in_pinyin_or_initials(rename, name: str, code: str, view: str) -> None:
    found = d4(rename(name))
    assert [v.identity for v in found] == [f"division:{code}"], name
    assert found[0].evidence["view"] == view


def test_initials_that_several_places_share_are_one_ambiguous_violation(rename) -> None:
    found = d4(rename("YC市人社局"))
    assert len(found) == 1 and found[0].evidence["ambiguous_place"] and found[0].confidence == 0.75


@pytest.mark.parametrize("name", ["成都vlog", "北京ga", "上海gogo日常", "成都jj的小店", "长沙ab市民", "yc市的风景",
                                  "武汉jing路小吃"])
def test_latin_beside_a_place_is_not_enough(rename, name: str) -> None:
    assert not d4(rename(name)), name


def test_joined_view_needs_written_tokens_and_few_initials() -> None:
    view = MixedJoinView(["成都市", "成都"], ["公安局", "发布"])
    assert [(h.place, h.organ) for h in view.find("成都市公aj")] == [("成都市", "公安局")]
    assert [(h.place, h.letters) for h in view.find("cds公安局")] == [("成都市", 3)]
    assert view.find("cds公a") == []  # four initials against one character: too weak
    # an organ word all in initials ends the name, and in two letters only after a division's full name
    assert view.find("成都市fb") != [] and view.find("成都市fb的店") == [] and view.find("成都fb") == []
    assert view.find("成都公安局") == []  # no Latin: the other views' case
    # all initials: only a division's full name and an organ word, six letters or more (the detector then asks
    # for capitals); a short place's are any handle's
    assert [(h.place, h.organ, h.letters) for h in view.find("cdsgaj")] == [("成都市", "公安局", 6)]
    assert view.find("cdgaj") == [] and view.find("cdsfb") == []


def test_the_court_clerk_is_a_staff_role(rename) -> None:
    assert any(v.requirement == "D5" for v in rename("书记员小罗"))
    assert any(v.requirement == "D5" for v in rename("書記員张宇建"))
