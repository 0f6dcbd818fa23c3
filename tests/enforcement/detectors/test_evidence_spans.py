"""Every name and bio detector says where in the text as sent its match lies (`span`) and which steps
found it (`step_texts`); the violation ids do not depend on either."""

from __future__ import annotations

import pytest

from enforcement.violations import Violation


def marked(violation: Violation) -> str:
    start, end = violation.evidence["span"]
    return violation.evidence["text"][start:end]


def steps(violation: Violation) -> list[str]:
    return [s["step"] for s in violation.evidence["step_texts"]]


def one(found: list[Violation], requirement: str) -> Violation:
    return next(v for v in found if v.requirement == requirement)


@pytest.mark.parametrize(("name", "part", "expected"), [
    ("人民日报官方", "人民日报", []),
    ("人·民·日·報", "人·民·日·報", ["t2s", "symbol"]),
    ("关注人民\u200b日报", "人民\u200b日报", ["invisible"]),
    ("人民曰报", "人民曰报", ["lookalike"]),
    ("人民日豹", "人民日豹", ["sound"]),
    ("Ren Min Ri Bao", "Ren Min Ri Bao", ["casefold", "symbol", "pinyin"]),
])
def test_d1_span_marks_the_protected_name_as_written(rename, name: str, part: str, expected: list[str]) -> None:
    violation = one(rename(name), "D1")
    assert marked(violation) == part
    assert steps(violation) == expected
    assert violation.evidence["steps"]  # the step names as before, beside the new fields


def test_d3_span_in_a_bio(bio) -> None:
    violation = one(bio("人民日報社官方账号，权威发布。"), "D3")
    assert marked(violation) == "人民日報社"
    # the full-width comma became ASCII (nfkc) outside the match: only t2s is listed, its text shows both
    assert violation.evidence["step_texts"] == [{"step": "t2s", "text": "人民日报社官方账号,权威发布。"}]


def test_d4_span_covers_the_place_and_its_function_word(rename) -> None:
    violation = one(rename("我在成·都·公·安"), "D4")
    assert marked(violation) == "成·都·公·安"
    assert steps(violation) == ["symbol"]
    brand = one(rename("平安北京欢迎你"), "D4")
    assert marked(brand) == "平安北京"
    assert brand.evidence["step_texts"] == []


def test_d4_partly_in_pinyin(rename) -> None:
    violation = one(rename("长sha市气象局"), "D4")
    evidence = violation.evidence
    assert marked(violation) == evidence["place_text"] + evidence["organ_text"] == "长sha市气象"
    assert evidence["step_texts"] == [{"step": "pinyin_mix", "text": "长沙市气象局"}]


def test_d1_partly_in_pinyin_reads_as_the_name(rename) -> None:
    violation = one(rename("国家安全bu"), "D1")
    assert marked(violation) == "国家安全bu"
    assert violation.evidence["step_texts"] == [{"step": "pinyin_mix", "text": "国家安全部"}]


def test_d5_d6_d8_spans(rename, bio) -> None:
    assert marked(one(rename("张警官说法"), "D5")) == "警官"
    assert marked(one(rename("刘醫生讲健康"), "D6")) == "醫生"
    assert marked(one(bio("本人系成都某医院主任医师，专治疑难杂症。"), "D6")) == "主任医师"
    news = one(rename("成都新闻快讯"), "D8")
    assert marked(news) == "新闻快讯"


def test_ids_do_not_depend_on_the_evidence(rename) -> None:
    violation = one(rename("人·民·日·報"), "D1")
    bare = Violation(violation.account_id, violation.rule, violation.confidence, violation.source_event_id,
                     violation.occurred_at, violation.field, violation.identity, {})
    assert bare.violation_id == violation.violation_id
