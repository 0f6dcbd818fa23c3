"""Local organs generated from divisions × organ names (D1, D4): 成都市公安局, 平安北京, 西安发布 …

Full division names are always safe; short-name forms are generated only for short names that are
neither everyday words nor shared by several divisions (朝阳公安 stays a D4 pattern, not a D1 name). An
autonomous division's full-name organs are also named with its marked name (大理州公安局 beside
大理白族自治州公安局): that is how they are usually written, by themselves too.
"""

from __future__ import annotations

from collections.abc import Iterator

from enforcement.registry.divisions import ABBREVIATIONS_THAT_ARE_SURNAMES, PROVINCE_ABBREVIATIONS
from enforcement.registry.model import Division, ProtectedIdentity

SOURCE = "generated from the Ministry of Civil Affairs division table (Xzqh20251231) × official organ names"

# {f} = full division name, {s} = short name, {a} = a province's one-character abbreviation (one name for each it
# has), {b} = one that is no common surname; forms of one organ's name separated by | (the first names its id)
TEMPLATES: dict[str, tuple[str, ...]] = {
    "province": (
        "{f}人民政府", "{s}发布", "{f}公安厅|{a}警|{a}公安", "{f}公安局", "{s}公安", "平安{s}", "{s}日报",
        "{s}广播电视台", "{s}卫视", "{f}高级人民法院|{b}法", "{f}人民检察院|{a}检", "{f}卫生健康委员会", "{s}卫健委",
        "{s}交警", "{s}消防", "{s}网信办", "网信{s}", "{f}教育厅|{b}教", "{f}市场监督管理局", "{f}应急管理厅",
        "武警{s}总队|武警{f}总队", "{f}税务局|{b}税",
    ),
    "prefecture": (
        "{f}人民政府", "{f}公安局", "{s}公安", "{s}警方", "平安{s}", "{s}发布", "{s}交警", "{s}消防", "{s}日报",
        "{s}晚报", "{f}中级人民法院", "{f}人民检察院", "{s}卫健委", "{f}教育局", "{f}市场监督管理局",
        "{f}应急管理局", "{s}融媒", "{f}卫生健康委员会", "{f}公安局交通警察支队", "{s}广播电视台", "{f}消防救援支队",
        "{s}融媒体中心", "武警{s}支队|武警{f}支队",
    ),
    "county": (
        "{f}人民政府", "{f}公安局", "{f}人民法院", "{f}人民检察院", "{f}融媒体中心", "{s}发布", "平安{s}",
        "{f}市场监督管理局", "{f}教育局", "{f}卫生健康局", "{f}应急管理局", "{f}公安局交通警察大队", "{f}司法局",
        "{f}民政局", "{s}公安", "{s}融媒",
    ),
}


def local_organs(divisions: tuple[Division, ...]) -> Iterator[ProtectedIdentity]:
    """One ProtectedIdentity per division × organ, with a deterministic id `local:<code>:<organ>`."""
    for division in divisions:
        short = division.short_name
        risky = short is None or division.ordinary_word or division.ambiguous
        for template in TEMPLATES[division.level]:
            forms = [form for form in template.split("|") if not ("{s}" in form and risky)]
            if not forms:
                continue
            abbreviations = PROVINCE_ABBREVIATIONS.get(division.code, "")
            names = [form.format(f=division.name, s=short, a=a, b=a) for form in forms
                     for a in _abbreviations(form, abbreviations)]
            names += [form.format(f=division.marked_name, s=short)
                      for form in forms if "{f}" in form and division.marked_name]
            organ = forms[0].replace("{f}", "").replace("{s}", "")
            yield ProtectedIdentity(
                identity_id=f"local:{division.code}:{organ}", kind="local_organ", names=tuple(names),
                source=SOURCE, division_code=division.code,
            )


def _abbreviations(form: str, abbreviations: str) -> str:
    """The abbreviations a form is written with: every one for {a}, those that are no surname for {b}, and one
    placeholder for a form with neither."""
    if "{a}" in form:
        return abbreviations
    if "{b}" in form:
        return "".join(a for a in abbreviations if a not in ABBREVIATIONS_THAT_ARE_SURNAMES)
    return "-"
