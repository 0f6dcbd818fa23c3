"""Local organs' English names read back in Chinese (enforcement/text/english.py), and the syllable count
that decides whether the word before one is a place in pinyin."""

from __future__ import annotations

import pytest

from enforcement.text import normalize
from enforcement.text.english import english_organs, english_titles
from enforcement.text.syllables import syllable_count
from enforcement.text.trace import trace


@pytest.mark.parametrize(("text", "read"), [
    ("guangzhou municipal public security bureau", "guangzhou 市公安局"),
    ("public security bureau of wuzhou city", "wuzhou市公安局"),
    ("chaoyang district people's court", "chaoyang 区人民法院"),
    ("hangzhou_traffic-police", "hangzhou_交警"),
    ("guangzhou public security", "guangzhou 公安"),
    ("zhejiang high court", "zhejiang 高级人民法院"),
    ("zhejiang higher people's court", "zhejiang 高级人民法院"),
    ("hangzhou intermediate court", "hangzhou 中级人民法院"),
    ("成都police", "成都警方"), ("北京 police", "北京 警方"), ("杭州traffic police", "杭州交警"),
    ("朝阳区people's court", "朝阳区人民法院"),
])
def test_an_organ_phrase_after_a_place_is_written_in_chinese(text: str, read: str) -> None:
    assert english_organs(text) == read


@pytest.mark.parametrize("text", ["i love the police", "police", "the police station", "ministry of public security",
                                  "guangzhoupolice", "xiamenpolice department", "the high court",
                                  "high court judge", "public security matters", "police局"])
def test_without_a_place_in_pinyin_or_a_separator_the_text_is_unchanged(text: str) -> None:
    assert english_organs(text) == text


@pytest.mark.parametrize(("word", "count"), [("guangzhou", 2), ("chaoyang", 2), ("xian", 1), ("the", 0),
                                             ("shenzhen", 2), ("", 0)])
def test_the_fewest_whole_syllables_that_spell_a_word(word: str, count: int) -> None:
    assert syllable_count(word) == count


def test_normalisation_and_its_trace_agree_on_the_english_step() -> None:
    text = "Guangzhou Municipal Public Security Bureau"
    assert normalize(text).canonical == "guangzhou市公安局"
    assert "english" in normalize(text).steps
    stages = trace(text)
    assert stages.canonical.text == "guangzhou市公安局"
    assert "english" in [stage.step for stage in stages.stages]
    # the Chinese came from the English phrase: its origin lies inside "Municipal Public Security Bureau"
    start, end = stages.span(len("guangzhou"), len("guangzhou市公安局"))
    assert text[start:end].startswith("Municipal") and text[start:end].endswith("Bureau")


@pytest.mark.parametrize(("text", "written"), [("dr wang", "wang医生"), ("dr.王", "王医生"),
                                               ("prof. zhang", "zhang教授"), ("✅lawyer lin 咨询", "✅lin律师 咨询"),
                                               ("officer li", "li警官"),
                                               ("reporter wang", "wang记者")])
def test_a_title_in_english_before_a_surname_is_written_surname_first(text: str, written: str) -> None:
    assert english_titles(text) == written


@pytest.mark.parametrize(("text", "written"), [("王doctor", "王医生"), ("李 lawyer", "李律师"),
                                               ("张professor讲历史", "张教授讲历史"), ("✅陈-nurse", "✅陈护士")])
def test_a_title_in_english_after_a_surname_in_chinese_is_written_in_chinese(text: str, written: str) -> None:
    assert english_titles(text) == written


@pytest.mark.parametrize(("text", "written"), [("皮肤科医生dr.刘", "皮肤科医生刘医生"),
                                               ("儿科 dr wang", "儿科 wang医生"),
                                               ("婚姻家事lawyer张", "婚姻家事张律师"),
                                               ("爱看officer li", "爱看li警官")])
def test_a_title_in_english_between_chinese_words_and_a_surname_is_written_surname_first(text: str,
                                                                                         written: str) -> None:
    # as 爱看李警官 is read in Chinese: the surname after the title is what it labels
    assert english_titles(text) == written


@pytest.mark.parametrize("text", ["我爱dr.pepper", "喜欢doctor who", "追剧judge judy", "小王的doctor日记",
                                  "我的doctor小助手"])
def test_a_title_in_english_after_chinese_words_before_no_surname_is_left_alone(text: str) -> None:
    assert english_titles(text) == text


@pytest.mark.parametrize("text", ["王doctorwho", "神秘博士doctor", "我爱doctor", "王 doctors"])
def test_an_english_word_that_only_begins_with_a_title_or_follows_more_than_a_surname_is_left_alone(text: str) -> None:
    assert english_titles(text) == text


@pytest.mark.parametrize("text", ["dr who", "doctor strange迷", "judge judy", "police academy", "the lawyer",
                                  "mr doctor", "drdre", "i saw dr li"])
def test_an_english_title_not_opening_the_text_or_before_no_surname_is_left_alone(text: str) -> None:
    assert english_titles(text) == text


@pytest.mark.parametrize(("text", "written"), [("lawyer | 婚姻家事", "律师 | 婚姻家事"),
                                               ("doctor，健康科普", "医生，健康科普"),
                                               ("i am a lawyer in beijing", "我是律师 in beijing"),
                                               ("i'm a licensed psychologist.", "我是心理咨询师.")])
def test_a_title_opening_a_chinese_bio_or_introducing_its_author_is_written_in_chinese(text: str,
                                                                                      written: str) -> None:
    assert english_titles(text) == written


@pytest.mark.parametrize("text", ["judge, jury and executioner", "police, we need you", "i am a doctor who fan",
                                  "i am a police academy student", "my dad is a lawyer"])
def test_english_prose_keeps_its_titles(text: str) -> None:
    assert english_titles(text) == text


@pytest.mark.parametrize(("text", "written"), [("drwang", "wang医生"), ("lawyerzhang", "zhang律师"),
                                               ("profchen", "chen教授"), ("drama", "drama"), ("dragon", "dragon"),
                                               ("doctorwho", "doctorwho"), ("policeman", "policeman"),
                                               ("drinks", "drinks")])
def test_a_title_and_a_surname_run_together_are_read_only_when_the_rest_is_one_syllable(text: str,
                                                                                        written: str) -> None:
    assert english_titles(text) == written


@pytest.mark.parametrize(("text", "written"), [
    ("police officer in beijing", "我是警官 in beijing"),
    ("reporter for xinhua", "我是记者 for xinhua"),
    ("registered nurse", "我是护士"), ("licensed psychotherapist", "我是心理治疗师"),
    ("i am a police officer", "我是警官"), ("police officer wang", "wang警官"), ("policeofficerwang", "wang警官"),
])
def test_a_bio_opening_with_a_title_and_where_or_for_whom_its_author_practises_is_written_in_chinese(
        text: str, written: str) -> None:
    assert english_titles(text) == written


@pytest.mark.parametrize("text", ["doctor of philosophy", "nurse in training", "policeman", "doctor", "judge judy",
                                  "doctor at home", "lawyer in love", "police at night", "reporter for fun"])
def test_a_degree_a_trainee_or_a_bare_title_keeps_its_english(text: str) -> None:
    assert english_titles(text) == text


@pytest.mark.parametrize("text", ["bureauof education", "BUREAUOF EDUCATION", "educationbureau of chengdu",
                                  "publicsecuritybureau of wuzhou"])
def test_an_organ_phrase_written_without_spaces_between_its_words_is_read_without_raising(text: str) -> None:
    normalize(text)  # the phrase is looked up as written, without its separators
    assert english_organs("publicsecuritybureau of wuzhou") == "wuzhou公安局"


# A news phrase after a place's name in pinyin is the outlet's name written back in Chinese; after a person's name in
# pinyin, or going on in English, it keeps its English. Beside an organ written back, "official" is the account's mark.
@pytest.mark.parametrize(("text", "written"), [
    ("jiaxing daily", "jiaxing日报"), ("lishui release official", "lishui发布官方"),
    ("hulunbuir headlines", "hulunbeier头条"), ("official peixian police", "官方peixian警方"),
    ("wenzhou market regulation", "wenzhou市场监管"), ("release of chengdu", "chengdu发布")])
def test_a_news_phrase_after_a_places_name_is_an_outlet(text: str, written: str) -> None:
    assert english_organs(text).replace(" ", "") == written


@pytest.mark.parametrize("text", ["xinxin daily", "lily news", "beijing daily life", "hangzhou news today",
                                  "anna release party", "official fan club", "news of anna"])
def test_a_news_phrase_after_a_persons_name_or_going_on_in_english_is_left_alone(text: str) -> None:
    assert english_organs(text) == text


def _place_spellings_script():  # scripts/ is not a package
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "build_place_spellings", Path(__file__).resolve().parents[3] / "scripts" / "build_place_spellings.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_checked_in_place_spellings_are_what_the_script_generates() -> None:
    from enforcement.text.english import PLACE_SPELLINGS, place_spellings

    script = _place_spellings_script()
    spellings = script.build()
    assert PLACE_SPELLINGS.read_text(encoding="utf-8") == script.render(spellings)
    assert {"yanbian", "enshi", "caoxian", "eerduosi", "lasa"} <= place_spellings()
    assert not {"anna", "xinxin", "china"} & place_spellings()
