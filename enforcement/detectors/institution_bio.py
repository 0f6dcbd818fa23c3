"""Reading a public institution the registry does not list — a hospital, a university, a museum, a library
(事业单位, which D1 and D3 protect with the organs) — by its name.

No list of these is shipped (there are tens of thousands, and a platform adds the ones it verifies on the
`registry.official` topic), so the reading is by form: a text names an institution by its own name and its kind
(北京协和医院, 三星堆博物馆, 华中科技大学: `institution_kinds` in vocab.json). `official_bio.py` asks whether a bio
claims to be its account (官方账号, 官方号 …; 本号由…运营; 受…委托运营) or opens with it and one of its units or what
it offers (云南大学招生办，…; 山东大学齐鲁医院 健康科普) (D3); `official_name.py` whether a display name is the
institution's whole name with marks, its English name or its place (D1). Nobody can tell from the text whether the
account is the institution's own, so every finding goes to a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from enforcement.detectors.clauses import opening_canonical, opening_clause
from enforcement.identity import IdentityIndex
from enforcement.text import is_han, normalize

# Schools and universities: their students write the name alone as their bio (北京大学｜计算机系), so a bio opening
# with one claims it only with a unit of its own or a claim word
SCHOOLS = ("大学", "学院", "中学", "小学", "附中", "附小", "高中",
           *(f"{n}中" for n in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")))  # 临泉一中, 十一中
# A word right after the kind that makes the name the first half of another word: 北京大学生 (a student), 医院路 (a
# street), 大学城, 图书馆员 (a librarian, not the library)
_KIND_CONTINUED_BY = ("生", "城", "路", "街", "站", "旁", "边", "对面", "附近", "门口", "员", "里", "派", "风", "时",
                      "的")
# What in the name before the kind makes it no public institution's own name or no name at all: a private trade
# (美容医院, 宠物医院, 萌宠医院, 玩具医院, 培训学院), the author in it (我在协和医院), or a word pointing at it (感谢)
_NOT_A_PUBLIC_NAME = ("美容", "整形", "医美", "宠", "动物", "玩具", "娃娃", "民营", "私立", "培训", "老年大学", "驾校",
                      "我", "你", "他", "她", "的", "在", "去", "到", "从", "是", "感谢", "关注", "转发", "转载",
                      "来自", "考上", "考进", "毕业", "就读", "母校", "附近", "对面", "旁边", "隔壁",
                      "逛", "游", "参观", "打卡")  # a visit (带娃逛中国科技馆)
_AND = ("和", "与", "及")  # after a kind inside the name: a list of institutions (中国科技馆和国家自然博物馆)
# A unit of an institution, ending the bio's first clause after its name (云南大学招生办, 华中科技大学学生工作部)
_UNITS = ("招生办公室", "招生办", "招生处", "学生工作部", "学工部", "团委", "宣传部", "党委宣传部", "门诊部",
          "健康管理中心", "宣教科", "宣传科", "宣传中心", "新闻中心", "融媒体中心", "学生会", "研究生院", "教务处",
          "医务处", "科普", "互联网医院", "学生处", "财务处", "人事处", "科研处", "保卫处", "校团委", "研究生招生办",
          "研究生院招生办公室", "体检中心", "挂号中心", "生殖中心", "专家团队",
          "本科招生办公室", "本科招生办")


# … of which these are also its students' or its readers' (学生会, 科普): not the institution's own account by name
_NOT_ITS_OWN_UNITS = ("学生会", "科普")
_UNITS_LONGEST_FIRST = tuple(sorted(set(_UNITS) - set(_NOT_ITS_OWN_UNITS), key=len, reverse=True))

# The grade a public institution states of itself, opening the clause after its name (三级甲等综合医院, 国家一级博物馆)
_GRADES = ("三级甲等", "三级乙等", "二级甲等", "三甲", "国家一级", "国家二级", "国家三级", "全国重点", "国家重点",
           "公立")
_NAME_SHORTEST, _NAME_LONGEST = 2, 16  # characters of an institution's own name before its kind
_KIND_LONGEST = 8  # characters of the longest kind (疾病预防控制中心)
_SERVICE_REACH = 6  # characters of what the institution offers after its name (门诊预约指南)
# What an institution's own account offers, besides an organ's (`service_ends`): bookings, admissions, news
_OFFERS = ("预约", "挂号", "招生", "动态", "导览", "开放时间", "招生咨询", "招生老师", "招生答疑", "招办答疑",
           "招生办答疑")


# One of an institution's parts written after its whole name in a display name: an office, a school, a campus or
# an affiliated hospital or school (复旦大学|教务处, 北京大学|医学部, 山东大学|威海校区, 复旦大学|附属儿科医院) — not
# a club of its students or alumni (学生会, 校友会), a tutor's (考研辅导中心) or anything about it (美食)
_HAN = "[\u4e00-\u9fff]"
_A_PART = re.compile(f"(?:{_HAN}{{0,5}}(?:处|办|办公室|部|学院|校区|分校|医院|附中|附小|咨询中心)|附属{_HAN}{{1,8}})")
_NOT_A_PART = ("考", "辅导", "培训", "家教", "粉", "迷", "会")


def one_of_its_parts(rest: str) -> bool:
    """Whether `rest`, what a display name has after an institution's whole name, is one of its own parts or what it
    offers (浙江大学本科招生) — or its English name or initials (同济大学 Tongji University, 华南理工大学 SCUT)."""
    if rest in _UNITS_LONGEST_FIRST or (rest.isascii() and rest.isalpha()):
        return True
    if any(word in rest for word in _NOT_A_PART):
        return False
    return _offered(rest, _OFFERS) or _A_PART.fullmatch(rest) is not None


def _offered(rest: str, offers: tuple[str, ...]) -> bool:
    """`rest`, a few characters after an institution's name, is what it offers (门诊预约, 本科招生)."""
    return rest.endswith(offers) and len(rest) <= _SERVICE_REACH


# One of a hospital's departments ending the name after it (北京安定医院|心理科, 县人民医院|骨科, 上海六院|骨科)
_A_HOSPITALS_DEPARTMENT = re.compile(f"(?<=院){_HAN}{{1,4}}科$")
# What an institution's own account offers, ending a display name after its name (北京儿童医院|挂号, 上海六院|预约挂号)
_OFFERED_IN_A_NAME = ("预约挂号", "挂号预约", "在线挂号", "挂号服务", "挂号", "预约", "招生", "导览", "内部号源",
                      "号源", "专家号", "专家门诊", "在线问诊", "网上问诊", "问诊")


# The last characters of what `without_a_unit` takes off: a name ending otherwise has none of them
PART_LAST_CHARACTERS = frozenset(u[-1] for u in (*_UNITS_LONGEST_FIRST, *_OFFERED_IN_A_NAME)) | {"科"}


def without_a_unit(name: str) -> str:
    """`name` without what it offers (北京儿童医院|挂号) and then one of an institution's own units ending it (复旦大学|
    教务处, 云南大学|校团委) or a hospital's department (北京安定医院|心理科), or `name`."""
    name = without_an_offer(name)
    unit = next((u for u in _UNITS_LONGEST_FIRST if name.endswith(u) and len(name) > len(u)), "")
    if not unit and (department := _A_HOSPITALS_DEPARTMENT.search(name)) is not None:
        unit = department.group()
    return without_an_offer(name[:len(name) - len(unit)])  # an offer before a unit too (预约|挂号中心)


def without_an_offer(name: str) -> str:
    """`name` without what an institution offers ending it (北京儿童医院|挂号, 上海六院|预约挂号), or `name`."""
    if not name.endswith(_OFFERED_IN_A_NAME):
        return name
    offer = next((o for o in _OFFERED_IN_A_NAME if name.endswith(o) and len(name) > len(o)), "")
    return name[:len(name) - len(offer)]


@lru_cache(maxsize=4)
def _kinds_found(kinds: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A pattern finding any of `kinds` (each where it starts, the longest there first: 卫生院 before 医院 … but 医院
    is found inside it too, at its own start), and one finding a kind followed by 和, 与 or 及 (a list)."""
    alternatives = "|".join(map(re.escape, sorted(kinds, key=len, reverse=True)))
    return re.compile(f"(?=({alternatives}))"), re.compile(f"(?:{alternatives})[{''.join(_AND)}]")


def names_a_kind(canonical: str, kinds: tuple[str, ...]) -> bool:
    """`canonical` holds one of `kinds` anywhere: a quick test before reading names."""
    return _kinds_found(kinds)[0].search(canonical) is not None


def institutions_named(canonical: str, kinds: tuple[str, ...], claims_before: Sequence[str],
                       clause_end: int | None = None) -> Iterator[tuple[int, int, str]]:
    """Spans [start, end) where the bio names an institution by its own name and one of `kinds`, with the kind:
    from the bio's start or right after one of `claims_before` opening it (本号由, 这里是, 受 … 委托); the last kind
    in reach ends the name (北京大学口腔医院 is the hospital), within the bio's first clause when it ends at
    `clause_end` (长沙市第一医院，三级甲等综合医院 names the hospital once, then its grade)."""
    found, listed = _kinds_found(kinds)
    opened = {len(word) for word in claims_before if canonical.startswith(word)}
    for start in sorted(opened, reverse=True) or [0]:  # the name after the claim, not the claim itself
        end, kind_found = -1, ""
        reach = start + _NAME_LONGEST + _KIND_LONGEST
        if clause_end is not None and clause_end > start + _NAME_SHORTEST:
            reach = min(reach, clause_end)
        for at in found.finditer(canonical, start + _NAME_SHORTEST, reach):
            kind = at.group(1)
            stop = at.start() + len(kind)
            if stop - start <= _NAME_LONGEST + len(kind) and not canonical.startswith(_KIND_CONTINUED_BY, stop) \
                    and stop > end:
                end, kind_found = stop, kind
        if end < 0:
            continue
        name = canonical[start:end]
        if (all(is_han(ch) or ch.isalnum() for ch in name) and not any(word in name for word in _NOT_A_PUBLIC_NAME)
                and listed.search(name) is None):
            yield start, end, kind_found


def opens_with_a_unit(canonical: str, original: str, end: int, service_ends: Sequence[str], placed: bool) -> bool:
    """The bio's first clause is the institution's name and one of its units or what it offers (云南大学招生办;
    山东大学齐鲁医院 健康科普), or — for a hospital, a museum or a library, whose name its patients and visitors do
    not write as their own bio — the name alone, when it begins with its place (`placed`: 重庆医科大学附属儿童医院),
    perhaps with its English name or its grade (`_GRADES`) after it."""
    clause = opening_canonical(original)
    if not clause.startswith(canonical[:end]):
        return False
    rest = clause[end:]
    offers = (*service_ends, *_OFFERS)
    if rest in _UNITS or _offered(rest, offers):
        return True
    second = normalize(original[len(opening_clause(original)):]).canonical
    if not rest and (second.startswith(_UNITS) or _offered(second, offers)):
        return True  # 三星堆博物馆，门票预约
    if rest or not placed or canonical[:end].endswith(SCHOOLS):
        return False
    # alone, with its English name after it, or with its grade (长沙市第一医院，三级甲等综合医院)
    return not second or (second.isascii() and second.isalpha()) or second.startswith(_GRADES)


_PLACE_REACH = 12  # characters a division's name may take (新疆维吾尔自治区伊犁哈萨克自治州)


def begins_with_a_place(index: IdentityIndex, canonical: str) -> bool:
    """The text begins with a division's name, or with the country's (中国, 国家) or the capital's (首都)."""
    return canonical.startswith(("中国", "国家", "中央", "首都")) or any(
        place.start == 0 for place in index.division_finder.find(canonical[:_PLACE_REACH]))
