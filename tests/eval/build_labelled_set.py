"""Builds tests/eval/labelled.jsonl: impersonations of real bodies under every evasion, and clean names.

The evasions are written from the attacker's side, independently of enforcement/text, so the
evaluation cannot grade the normaliser with its own tables. Seeded: the same file every run.
Run: .venv/bin/python tests/eval/build_labelled_set.py
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import orjson

OUT = Path(__file__).with_name("labelled.jsonl")

# (requirement, protected surface name) — real bodies, media, local organs and staff/professional claims
TARGETS: list[tuple[str, str]] = [
    ("D1", n) for n in [
        "人民日报", "新华社", "央视新闻", "光明日报", "经济日报", "中国日报", "求是杂志", "中国新闻社", "环球时报",
        "解放军报", "科技日报", "工人日报", "中国青年报", "中央广播电视总台", "共青团中央", "中国气象局", "应急管理部",
        "国家卫生健康委员会", "最高人民法院", "最高人民检察院", "公安部", "外交部", "教育部", "国家市场监督管理总局",
        "中国科学院", "中国地震局", "中央纪委国家监委", "国务院新闻办公室", "国家网信办", "中国消费者协会",
    ]
] + [
    ("D4", n) for n in [
        "成都市公安局", "平安北京", "杭州交警", "西安发布", "长沙市卫健委", "武汉日报", "重庆市人民政府", "上海发布",
        "广州公安", "深圳交警", "南京市教育局", "苏州市市场监管局", "昆明市人民法院", "青岛市人民检察院", "天津消防",
        "郑州发布", "合肥市应急管理局", "济南日报", "福州市融媒体中心", "哈尔滨交警", "平安南京", "平安天津",
        "厦门市公安局", "大连发布", "宁波交警",
    ]
]
STAFF = [("D5", f"{s}{r}") for s in ["张", "李", "王", "刘", "陈"] for r in ["警官", "法官", "检察官", "记者", "民警"]]
PROFESSIONAL = [("D6", f"{s}{t}") for s, t in [
    ("刘", "医生"), ("陈", "律师"), ("赵", "教授"), ("周", "主任医师"), ("吴", "心理咨询师"), ("郑", "分析师"),
    ("孙", "会计师"), ("林", "医师"), ("黄", "财经专家"), ("徐", "律师"),
]]
NEWS = [("D8", n) for n in ["今日新闻", "成都新闻快讯", "头条资讯", "每日快讯", "身边报道", "社会新闻眼", "财经头条", "全球资讯"]]

TRADITIONAL = str.maketrans({"报": "報", "华": "華", "视": "視", "闻": "聞", "国": "國", "军": "軍", "气": "氣",
                             "应": "應", "急": "急", "卫": "衛", "健": "健", "检": "檢", "务": "務", "发": "發",
                             "广": "廣", "电": "電", "长": "長", "纪": "紀", "监": "監", "经": "經", "济": "濟",
                             "环": "環", "业": "業", "学": "學", "医": "醫", "师": "師", "律": "律", "记": "記",
                             "者": "者", "讯": "訊", "头": "頭", "条": "條", "门": "門", "连": "連", "宁": "寧",
                             "庆": "慶", "汉": "漢", "岛": "島", "杭": "杭", "龙": "龍", "东": "東", "阳": "陽"})
LOOKALIKE = {"日": "曰", "国": "囯", "人": "入", "民": "氐", "大": "太", "王": "玉", "土": "士", "干": "千",
             "天": "夭", "办": "为", "未": "末", "己": "已", "央": "夬", "公": "厶", "局": "侷", "安": "按",
             "报": "扱", "新": "亲", "社": "杜", "闻": "间", "警": "擎", "官": "宫", "部": "陪", "市": "巿",
             "京": "亰", "成": "戍", "都": "郝", "州": "洲", "发": "友", "布": "市", "中": "申"}
HOMOPHONE = {"人": "仁", "民": "敏", "日": "驲", "报": "豹", "新": "心", "华": "化", "社": "舍", "央": "秧",
             "视": "是", "闻": "文", "公": "工", "安": "鞍", "局": "菊", "警": "井", "官": "关", "法": "发",
             "院": "愿", "政": "正", "府": "付", "成": "城", "都": "督", "京": "经", "平": "苹", "发": "伐",
             "布": "步", "中": "忠", "国": "郭", "交": "焦", "医": "依", "生": "声", "律": "绿", "师": "诗",
             "记": "纪", "者": "哲", "部": "步", "市": "事"}
PADDING = ["官方", "发布", "频道", "中心", "官微", "官方账号", "资讯", "在线"]
FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
EMOJI = ["🔥", "✨", "📢", "⭐", "🇨🇳", "❤️"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u3164", "\ufe0f"]
SYMBOLS = ["·", "-", "_", "|", "★", "丨", "…", "~", "/", "•"]


def evasions(name: str, rng: random.Random) -> dict[str, str]:
    """Every evasion of `name` that changes it (an evasion that leaves it unchanged is skipped)."""
    from pypinyin import Style, lazy_pinyin  # attacker's tool; the detector uses its own keys

    chars = list(name)
    out = {"plain": name}
    out["traditional"] = name.translate(TRADITIONAL)
    positions = [i for i, c in enumerate(chars) if c in LOOKALIKE]
    if positions:
        i = rng.choice(positions)
        out["lookalike"] = "".join(LOOKALIKE[c] if j == i else c for j, c in enumerate(chars))
    positions = [i for i, c in enumerate(chars) if c in HOMOPHONE]
    if positions and len(chars) >= 3:
        i = rng.choice(positions)
        out["homophone"] = "".join(HOMOPHONE[c] if j == i else c for j, c in enumerate(chars))
    if len(chars) >= 3:
        out["pinyin"] = "".join(lazy_pinyin(name))
    if len(chars) >= 4:
        out["initials"] = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).upper()
    out["spaces"] = " ".join(chars)
    out["symbols"] = rng.choice(SYMBOLS).join([name[: len(name) // 2], name[len(name) // 2:]])
    out["emoji"] = name[: len(name) // 2] + rng.choice(EMOJI) + name[len(name) // 2:] + rng.choice(EMOJI)
    out["zero_width"] = name[:1] + rng.choice(INVISIBLE) + name[1:-1] + rng.choice(INVISIBLE) + name[-1:]
    out["padding"] = name + rng.choice(PADDING)
    out["fullwidth"] = (rng.choice(["CCTV", "NEWS", "TV"]).translate(FULLWIDTH) + name) if len(chars) >= 2 else name
    return {k: v for k, v in out.items() if k == "plain" or v != name}


CLEAN_PARTS = (
    ["成都", "重庆", "杭州", "西安", "长沙", "武汉", "北京", "上海", "广州", "深圳", "南京", "苏州", "朝阳", "和平",
     "光明", "新华", "公安", "长安", "白云", "青山", "东方", "开平", "通州", "城关", "普陀", "海淀"],
    ["美食", "探店", "旅行", "摄影", "健身", "育儿", "读书", "数码", "穿搭", "萌宠", "手工", "钓鱼", "露营", "烘焙",
     "说车", "观影", "租房", "二手", "亲子", "花店", "咖啡", "吃货", "跑步", "骑行"],
    ["日记", "小站", "笔记", "vlog", "的生活", "分享", "研究所", "酱", "君", "同学", "一家人", "爱好者", "小分队"],
)
HARD_NEGATIVES = [
    # place names that are ordinary words, brands, series, ordinary uses of official-sounding words
    "朝阳群众吃瓜", "和平精英玩家", "光明乳业粉丝", "新华书店打卡", "公安县小龙虾", "平安保险代理小王",
    "人民公园相亲角", "人民的名义追剧", "长安汽车车友", "白云山徒步", "青山绿水间", "东方甄选粉丝",
    "老师好我叫何同学", "日报打卡挑战", "警察与小偷桌游", "法官大人追剧", "记者节快乐", "医生的女儿",
    "律师事务所实习日记", "心理学爱好者", "新闻学考研", "央视频道追剧", "中国好声音粉丝", "中国移动营业厅",
    "人民币收藏", "日常报告", "华为花粉", "新华路小吃", "社区团购", "国货之光", "北京烤鸭店",
    "成都大熊猫基地游记", "西安古城墙", "杭州西湖边", "平安夜快乐", "中央空调维修", "最高的山",
    "国家地理爱好者", "法院街小吃", "检察院路早餐", "交警大队旁边的面馆", "消防栓涂鸦", "发布会直播切片",
    "中心小学家长群", "频道主小林", "官方吐槽", "学习强国打卡", "求是求真", "经济学人读书会", "环球旅行家",
    "工人文化宫", "青年报摄影", "科技日报读者", "解放碑美食",
]


def build(seed: int = 20261122) -> list[dict[str, object]]:
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for requirement, name in TARGETS + STAFF + PROFESSIONAL + NEWS:
        for evasion, text in evasions(name, rng).items():
            if requirement in ("D5", "D6", "D8") and evasion in ("pinyin", "initials", "fullwidth"):
                continue  # role/title/news words are checked on Chinese text; pinyin is D1's evasion
            rows.append({"text": text, "label": "violation", "requirement": requirement,
                         "evasion": evasion, "target": name})
    for _ in range(1500):
        place, topic, suffix = (rng.choice(part) for part in CLEAN_PARTS)
        text = rng.choice([place + topic + suffix, topic + suffix + str(rng.randint(1, 99)), place + "的" + topic])
        rows.append({"text": text, "label": "clean", "requirement": None, "evasion": "ordinary", "target": None})
    for text in HARD_NEGATIVES:
        rows.append({"text": text, "label": "clean", "requirement": None, "evasion": "hard_negative",
                     "target": None})
    unique = {}
    for row in rows:
        unique.setdefault((row["text"], row["label"]), row)
    return list(unique.values())


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    rows = build()
    OUT.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    print(f"wrote {len(rows)} rows to {OUT}")
