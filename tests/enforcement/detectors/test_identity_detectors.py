"""D1, D3, D4, D5, D6, D8 on the shipped registry: impersonations under evasion, and clean names."""

from __future__ import annotations

import pytest

from enforcement.registry import parse_registry_record


def rules(violations) -> set[str]:
    return {v.rule for v in violations}


def requirements(violations) -> set[str]:
    return {v.requirement for v in violations}


@pytest.mark.parametrize(
    ("name", "view"),
    [
        ("人民日报", "canonical"), ("人民日報", "canonical"), ("人 民 日 报", "canonical"), ("人民🔥日报", "canonical"),
        ("人民\u200b日报", "canonical"), ("人民日报官方频道", "canonical"), ("人民曰报", "shape"),
        ("人民日豹", "sound"), ("renminribao", "pinyin"),
    ],
)
def test_d1_official_name_survives_evasion(rename, name: str, view: str) -> None:
    found = [v for v in rename(name) if v.requirement == "D1"]
    assert found, name
    assert found[0].evidence["view"] == view
    assert found[0].evidence["protected_name"]


def test_d1_exact_vs_similar(rename) -> None:
    assert "official_name_exact" in rules(rename("人民日报官方"))
    assert "official_name_similar" in rules(rename("人民日报夜读"))
    assert "official_name_similar" in rules(rename("人民曰报"))


def test_d1_exempts_the_bodys_own_verified_accounts(index, rename) -> None:
    from datetime import UTC, datetime

    from enforcement.detectors import detect_profile, profile_view
    from enforcement.events import ProfileRenamed
    from enforcement.identity import IdentityIndex

    identity = next(i for i, n in index.registry.protected_names() if n == "人民日报")
    kind = index.registry.identities[identity].kind
    value = f'{{"schema_version": 1, "identity_id": "{identity}", "kind": "{kind}", "names": ["人民日报"], ' \
        '"account_ids": ["u:rmrb"]}'
    update = parse_registry_record(identity.encode(), value.encode())
    updated = IdentityIndex.build(index.registry.with_updates([update]))
    event = ProfileRenamed(schema_version=1, event_id="e", type="profile.renamed", account_id="u:rmrb",
                           occurred_at=datetime(2026, 1, 1, tzinfo=UTC), old_name=None, new_name="人民日报")
    assert "D1" not in requirements(detect_profile(updated, profile_view(event)))
    assert "D1" in requirements(rename("人民日报", account="u:other"))


@pytest.mark.parametrize(("text", "written", "heard"), [
    ("苏州市公安局", "苏州市公安局", "宿州市公安局"), ("宿州市公安局", "宿州市公安局", "苏州市公安局"),
    ("泰州公安", "泰州公安", "台州公安"), ("台州市公安局", "台州市公安局", "泰州市公安局"),
])
def test_a_name_written_exactly_is_not_also_claimed_as_its_homophone(rename, bio, text: str, written: str,
                                                                    heard: str) -> None:
    # 苏州 and 宿州 sound alike (su zhou); a text that writes one names that body, not both
    for found in (rename(text), bio(text + "官方发布平台")):
        claimed = {v.evidence.get("protected_name") for v in found if v.requirement in ("D1", "D3")}
        assert claimed == {written}, claimed
    # not written as either, both are heard: 苏洲市公安局 sounds like 苏州's and 宿州's police
    unwritten = text.replace("州", "洲")
    claimed = {v.evidence.get("protected_name") for v in rename(unwritten) if v.requirement == "D1"}
    assert {written, heard} <= claimed, claimed


@pytest.mark.parametrize("name", ["成都市公安局", "成都公安", "平安北京", "西安发布", "杭州交警", "朝阳公安"])
def test_d4_division_joined_to_official_function(rename, name: str) -> None:
    assert "D4" in requirements(rename(name)), name


@pytest.mark.parametrize(("name", "place"), [("长沙市卫健委", "长沙市"), ("北京市朝阳区公安分局", "朝阳区")])
def test_d4_names_the_longest_place_before_the_function_word_not_one_inside_it(rename, name: str,
                                                                                 place: str) -> None:
    # 沙市 (沙市区, Jingzhou) lies inside 长沙市; 阳区 and 朝阳 inside 朝阳区: only the whole place is claimed
    places = [v.evidence["place_text"] for v in rename(name) if v.requirement == "D4"]
    assert places == [place], places


@pytest.mark.parametrize(
    "name", ["成都美食探店", "朝阳群众吃瓜", "和平精英玩家", "公安县小龙虾", "新华路小吃", "平安夜快乐"]
)
def test_d4_place_names_in_ordinary_names_are_not_violations(rename, name: str) -> None:
    assert "D4" not in requirements(rename(name)), name


@pytest.mark.parametrize("name", ["张警官说法", "李法官普法", "王记者在现场", "刘检察官"])
def test_d5_staff(rename, name: str) -> None:
    assert "D5" in requirements(rename(name))


@pytest.mark.parametrize("name", ["法官大人追剧", "记者节快乐", "警察与小偷桌游"])
def test_d5_words_that_do_not_label_a_person(rename, name: str) -> None:
    assert "D5" not in requirements(rename(name))


@pytest.mark.parametrize(("name", "claims"), [
    ("刘敏静", False), ("周静华", False), ("吴敬关", False),  # personal names that only sound like 民警, 警花, 警官
    ("张井官", True), ("李法宫", True), ("吴敬关说法", True),  # a role character kept, or a name that goes on
])
def test_d5_a_personal_name_that_sounds_like_a_role_is_a_name(rename, name: str, claims: bool) -> None:
    assert ("D5" in requirements(rename(name))) == claims, name


def test_d6_title_without_credential_and_with_another_domain(rename) -> None:
    assert "professional_title_uncredentialed" in rules(rename("刘医生讲健康"))
    assert "professional_title_domain_mismatch" in rules(rename("刘医生讲健康", domains=frozenset({"legal"})))
    assert "D6" not in requirements(rename("刘医生讲健康", domains=frozenset({"medical"})))
    assert "D6" not in requirements(rename("医生的女儿"))


def test_d6_in_a_bio(bio) -> None:
    assert "D6" in requirements(bio("本人系成都某医院主任医师，专治疑难杂症。"))
    assert "D6" not in requirements(bio("带娃去看医生的一天"))


def test_d8_news_words_need_a_licence(rename) -> None:
    assert "news_word_unlicensed" in rules(rename("成都新闻快讯"))
    assert "D8" not in requirements(rename("成都新闻快讯", domains=frozenset({"news"})))
    assert "D8" not in requirements(rename("新闻学考研"))


def test_d3_bio_claims(bio) -> None:
    assert "official_bio" in rules(bio("人民日报社官方账号，权威发布。"))
    assert "official_bio" in rules(bio("新华社，记录时代"))
    assert "official_bio" not in rules(bio("每天转载人民日报的好文章"))


def test_profile_created_checks_every_field(created) -> None:
    found = created(name="平安北京", bio="北京市公安局官方发布平台")
    assert {"D4", "D3"} <= requirements(found)
    assert {v.field for v in found} >= {"name", "bio"}


def test_clean_names(rename) -> None:
    for name in ["成都美食探店", "周霞的探店君", "数码笔记42", "重庆萌宠君", "杭州的露营"]:
        assert rename(name) == [], name


def test_ids_are_deterministic(rename) -> None:
    assert [v.violation_id for v in rename("人民日报")] == [v.violation_id for v in rename("人民日报")]
