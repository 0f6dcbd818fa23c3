"""Builds the generalisation set (D1, D3–D6, D8): impersonations under evasions, split by entity into a
development part and a held-back part, and a clean set of 20,000+ names.

Separate from the detector code on purpose: its own vocabulary (typed here from general knowledge of
Chinese bodies, media, places, professions and everyday names — not read from the registry), its own
evasion functions (own traditional, look-alike and homophone tables; pypinyin only as the attacker's
romaniser), a fixed seed. Entities (a body, an outlet, a place, a role, a title, a news word) go to the
held-back part when a stable hash of their name says so; held-back entities must not be used while
developing. Run: .venv/bin/python tests/eval/generalisation/generate.py
"""

from __future__ import annotations

import argparse
import hashlib
import random
from pathlib import Path

import orjson
from pypinyin import Style, lazy_pinyin

HERE = Path(__file__).parent
SEED = 20261202
PER_CELL = 50

CENTRAL = [
    "国家发展和改革委员会",
    "财政部",
    "商务部",
    "水利部",
    "审计署",
    "海关总署",
    "国家统计局",
    "国家能源局",
    "国家邮政局",
    "国家文物局",
    "国家林业和草原局",
    "国家烟草专卖局",
    "国家数据局",
    "国家疾病预防控制局",
    "国家移民管理局",
    "国家医疗保障局",
    "退役军人事务部",
    "应急管理部",
    "国家金融监督管理总局",
    "中国证券监督管理委员会",
    "国家信访局",
    "国家知识产权局",
    "国家药品监督管理局",
    "国家中医药管理局",
    "国家矿山安全监察局",
    "国家外汇管理局",
    "中国民用航空局",
    "国家铁路局",
    "国家航天局",
    "国家国防科技工业局",
    "生态环境部",
    "自然资源部",
    "交通运输部",
    "农业农村部",
    "文化和旅游部",
    "住房和城乡建设部",
    "人力资源和社会保障部",
    "工业和信息化部",
    "科学技术部",
    "民政部",
    "司法部",
    "中央社会工作部",
    "中央金融委员会",
    "中央政策研究室",
    "中央港澳工作办公室",
    "国务院台湾事务办公室",
    "中央统战部",
    "中国科学技术协会",
    "中国残疾人联合会",
    "中华全国工商业联合会",
    "中国文学艺术界联合会",
    "中国作家协会",
    "中国国际贸易促进委员会",
    "国家体育总局",
    "国家广播电视总局",
    "国家市场监督管理总局",
    "国家税务总局",
    "国务院国有资产监督管理委员会",
    "中国气象局",
    "中国地震局",
]
MEDIA = [
    "人民日报",
    "新华社",
    "光明日报",
    "经济日报",
    "中国日报",
    "求是杂志",
    "学习时报",
    "中国纪检监察报",
    "解放军报",
    "中国青年报",
    "工人日报",
    "农民日报",
    "法治日报",
    "科技日报",
    "参考消息",
    "环球时报",
    "半月谈",
    "北京日报",
    "天津日报",
    "河北日报",
    "山西日报",
    "辽宁日报",
    "吉林日报",
    "黑龙江日报",
    "解放日报",
    "新华日报",
    "浙江日报",
    "安徽日报",
    "福建日报",
    "江西日报",
    "大众日报",
    "河南日报",
    "湖北日报",
    "湖南日报",
    "南方日报",
    "广西日报",
    "海南日报",
    "重庆日报",
    "四川日报",
    "贵州日报",
    "云南日报",
    "西藏日报",
    "陕西日报",
    "甘肃日报",
    "青海日报",
    "宁夏日报",
    "新疆日报",
    "澎湃新闻",
    "界面新闻",
    "新京报",
    "北京青年报",
    "南方都市报",
    "第一财经",
    "每日经济新闻",
    "红星新闻",
    "封面新闻",
    "极目新闻",
    "上游新闻",
    "大象新闻",
    "新浪新闻",
    "腾讯新闻",
    "网易新闻",
    "凤凰网",
    "羊城晚报",
    "新民晚报",
    "扬子晚报",
    "齐鲁晚报",
    "华西都市报",
    "楚天都市报",
    "湖南卫视",
    "浙江卫视",
    "东方卫视",
]
# places (county level and above) and organ words, typed here independently of the division table
PLACES = [
    "成都市",
    "武侯区",
    "锦江区",
    "郫都区",
    "绵阳市",
    "宜宾市",
    "昆明市",
    "大理市",
    "贵阳市",
    "遵义市",
    "南宁市",
    "柳州市",
    "桂林市",
    "长沙市",
    "岳阳市",
    "株洲市",
    "武汉市",
    "宜昌市",
    "襄阳市",
    "郑州市",
    "洛阳市",
    "开封市",
    "济南市",
    "青岛市",
    "烟台市",
    "潍坊市",
    "南京市",
    "苏州市",
    "无锡市",
    "常州市",
    "徐州市",
    "杭州市",
    "宁波市",
    "温州市",
    "绍兴市",
    "合肥市",
    "芜湖市",
    "福州市",
    "厦门市",
    "泉州市",
    "南昌市",
    "赣州市",
    "广州市",
    "深圳市",
    "东莞市",
    "佛山市",
    "珠海市",
    "汕头市",
    "海口市",
    "三亚市",
    "西安市",
    "宝鸡市",
    "兰州市",
    "西宁市",
    "银川市",
    "乌鲁木齐市",
    "呼和浩特市",
    "包头市",
    "太原市",
    "大同市",
    "石家庄市",
    "保定市",
    "唐山市",
    "沈阳市",
    "大连市",
    "长春市",
    "吉林市",
    "哈尔滨市",
    "齐齐哈尔市",
    "余杭区",
    "萧山区",
    "江宁区",
    "浦东新区",
    "海淀区",
    "天河区",
    "南山区",
    "雁塔区",
    "岳麓区",
    "江北区",
    "渝中区",
    "历下区",
    "崂山区",
    "思明区",
    "鼓楼区",
    "金牛区",
    "青羊区",
    "昌平区",
    "顺德区",
    "义乌市",
    "昆山市",
    "江阴市",
    "晋江市",
    "慈溪市",
    "寿光市",
    "曲阜市",
    "凤凰县",
    "婺源县",
]
ORGANS = [
    "公安局",
    "人民政府",
    "人民法院",
    "人民检察院",
    "交警支队",
    "消防救援支队",
    "市场监督管理局",
    "教育局",
    "卫生健康委员会",
    "应急管理局",
    "税务局",
    "司法局",
    "民政局",
    "融媒体中心",
    "发布",
    "公安",
    "交警",
    "网信办",
    "纪委监委",
    "气象局",
    "人社局",
    "城管局",
    "文旅局",
    "生态环境局",
]
STAFF_ROLES = [
    "警官",
    "民警",
    "辅警",
    "交警",
    "特警",
    "法官",
    "检察官",
    "记者",
    "主持人",
    "发言人",
    "通讯员",
    "网警",
    "刑警",
    "书记员",
]
TITLES = {  # title → credential domain
    "医生": "medical",
    "医师": "medical",
    "主任医师": "medical",
    "主治医师": "medical",
    "儿科医生": "medical",
    "皮肤科医生": "medical",
    "眼科医生": "medical",
    "口腔医生": "medical",
    "护士": "medical",
    "药师": "medical",
    "中医师": "medical",
    "营养师": "medical",
    "律师": "legal",
    "执业律师": "legal",
    "法律顾问": "legal",
    "大律师": "legal",
    "注册会计师": "finance",
    "会计师": "finance",
    "分析师": "finance",
    "证券分析师": "finance",
    "金融分析师": "finance",
    "理财师": "finance",
    "投资顾问": "finance",
    "理财专家": "finance",
    "财经专家": "finance",
    "股票专家": "finance",
    "基金经理": "finance",
    "心理咨询师": "psychology",
    "心理医生": "psychology",
    "心理治疗师": "psychology",
    "心理专家": "psychology",
    "教授": "education",
    "副教授": "education",
    "研究员": "education",
    "博士生导师": "education",
    "讲师": "education",
    "特级教师": "education",
}
NEWS_WORDS = ["新闻", "资讯", "快讯", "头条", "日报", "时报", "早报", "晚报", "要闻", "简讯"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红玉兰峰辉文斌宇浩然欣怡梓涵子轩雨萱晨阳思远嘉琪"
PLACE_TOPICS = ["本地生活", "同城", "美食", "吃喝玩乐", "身边事", "路况", "天气"]

# the attacker's own tables
TRAD = dict(
    zip(
        "国华报视闻发东广电长门车马鸟鱼见贝页风龙乐书业丽严义习乡买乱争亚产亲亿仅从仓众优会伟传伤伦体余侠侦价",
        "國華報視聞發東廣電長門車馬鳥魚見貝頁風龍樂書業麗嚴義習鄉買亂爭亞產親億僅從倉眾優會偉傳傷倫體餘俠偵價",
        strict=True,
    )
)
TRAD.update(
    dict(
        zip(
            "务动劳医协单卫厅县参双发变叶号听员问园围图圆场坏块坚坛处备复头夹夺奋妇学实宝审宪宫宽对导",
            "務動勞醫協單衛廳縣參雙髮變葉號聽員問園圍圖圓場壞塊堅壇處備復頭夾奪奮婦學實寶審憲宮寬對導",
            strict=True,
        )
    )
)
TRAD.update(
    dict(
        zip(
            "师律检警记讯济经环纪监应计认讲论证评识诉话该详语误说请读调谈财贸资赵车转软轮办关兴农党",
            "師律檢警記訊濟經環紀監應計認講論證評識訴話該詳語誤說請讀調談財貿資趙車轉軟輪辦關興農黨",
            strict=True,
        )
    )
)
LOOK = {
    "日": "曰",
    "国": "囯",
    "民": "氏",
    "人": "入",
    "大": "犬",
    "王": "壬",
    "土": "士",
    "天": "夭",
    "未": "末",
    "己": "巳",
    "市": "巿",
    "部": "郶",
    "局": "屆",
    "报": "扱",
    "官": "宫",
    "京": "亰",
    "师": "帅",
    "医": "臣",
    "生": "牛",
    "律": "侓",
    "新": "亲",
    "闻": "间",
    "中": "申",
    "公": "仫",
    "安": "妟",
    "府": "俯",
    "院": "阮",
    "家": "冢",
    "委": "秂",
    "会": "佘",
    "政": "玫",
    "察": "蔡",
    "警": "擎",
    "记": "讫",
    "者": "着",
    "员": "员",
}
HOMO = {
    "人": "仁",
    "民": "敏",
    "日": "驲",
    "报": "豹",
    "新": "心",
    "华": "化",
    "国": "过",
    "家": "佳",
    "部": "步",
    "局": "菊",
    "公": "工",
    "安": "按",
    "政": "正",
    "府": "付",
    "院": "愿",
    "法": "发",
    "检": "简",
    "察": "查",
    "委": "伟",
    "会": "惠",
    "员": "圆",
    "市": "事",
    "区": "曲",
    "县": "现",
    "省": "醒",
    "发": "伐",
    "布": "步",
    "务": "雾",
    "税": "睡",
    "管": "馆",
    "理": "里",
    "监": "坚",
    "督": "都",
    "教": "叫",
    "育": "玉",
    "卫": "为",
    "警": "井",
    "官": "关",
    "记": "纪",
    "者": "哲",
    "师": "诗",
    "医": "依",
    "生": "声",
    "律": "绿",
    "授": "受",
    "闻": "文",
    "讯": "训",
    "资": "姿",
    "头": "投",
    "条": "调",
    "晚": "碗",
    "时": "实",
    "通": "同",
    "总": "综",
    "署": "薯",
    "中": "忠",
    "央": "秧",
    "科": "棵",
    "技": "记",
    "经": "京",
    "济": "际",
    "财": "才",
    "金": "今",
}
PAD_BEFORE = ["官方", "✅", "【官方】", "★", "认证·", "🇨🇳"]
PAD_AFTER = ["官方", "发布", "频道", "官微", "客户端", "官方账号", "✅", "在线", "平台", "号"]
SYMBOLS = ["·", "-", "_", "|", "★", "•", "/", "~", "♥", "※"]


def part_of(entity: str) -> str:
    """Held back when a stable hash of the entity says so (about a third of the entities)."""
    return "heldout" if int(hashlib.sha256(entity.encode()).hexdigest(), 16) % 3 == 0 else "dev"


def substitute(name: str, table: dict[str, str], rng: random.Random, most: int = 1) -> str | None:
    spots = [i for i, c in enumerate(name) if c in table]
    if not spots:
        return None
    chosen = set(rng.sample(spots, min(len(spots), rng.randint(1, most))))
    return "".join(table[c] if i in chosen else c for i, c in enumerate(name))


def pinyin_sub(name: str, rng: random.Random, initials: bool = False) -> str:
    """One or two characters (never all) written as pinyin, toned or not, any case, maybe separated."""
    count = 1 if len(name) < 4 else rng.randint(1, 2)
    chosen = set(rng.sample(range(len(name)), count))
    style = Style.FIRST_LETTER if initials else rng.choice([Style.NORMAL, Style.TONE, Style.TONE3])
    readings = lazy_pinyin(name, style=style)
    out = []
    for i, ch in enumerate(name):
        if i in chosen:
            piece = readings[i]
            piece = rng.choice([piece, piece.upper(), piece.capitalize()])
            out.append(rng.choice(["", "", "-", " ", "."]) + piece)
        else:
            out.append(ch)
    return "".join(out)


def evade(name: str, evasion: str, rng: random.Random) -> str | None:
    if evasion == "plain":
        return name
    if evasion == "padding":
        return rng.choice(["", *PAD_BEFORE]) + name + rng.choice(PAD_AFTER)
    if evasion == "symbols":
        i = rng.randint(1, len(name) - 1)
        return name[:i] + rng.choice(SYMBOLS) + name[i:]
    if evasion == "traditional":
        trad = "".join(TRAD.get(c, c) for c in name)
        return trad if trad != name else None
    if evasion == "lookalike":
        return substitute(name, LOOK, rng)
    if evasion == "homophone":
        return substitute(name, HOMO, rng)
    if evasion == "pinyin":
        return pinyin_sub(name, rng)
    if evasion == "initials":
        return pinyin_sub(name, rng, initials=True)
    raise ValueError(evasion)


EVASIONS = ("plain", "padding", "symbols", "traditional", "lookalike", "homophone", "pinyin", "initials")
PERSON_EVASIONS = ("plain", "title_first", "symbols", "traditional", "bio")


def person_name(rng: random.Random) -> tuple[str, str]:
    surname = rng.choice(SURNAMES)
    return surname, surname + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def body_rows(rng: random.Random) -> list[dict]:
    rows = []
    classes = {"central": (CENTRAL, "D1", "official"), "media": (MEDIA, "D1", "media")}
    local = [(p, o) for p in PLACES for o in ORGANS]
    for cls, (entities, req, kind) in classes.items():
        for part in ("dev", "heldout"):
            pool = [e for e in entities if part_of(e) == part]
            for evasion in EVASIONS:
                rows += _fill(
                    rng,
                    cls,
                    req,
                    kind,
                    part,
                    evasion,
                    lambda r, pool=pool: r.choice(pool),
                    lambda n, r, e=evasion: evade(n, e, r),
                    lambda n: n,
                )
    for part in ("dev", "heldout"):
        pool = [(p, o) for p, o in local if part_of(p) == part]
        for evasion in EVASIONS:
            rows += _fill(
                rng,
                "local",
                "D4",
                "local",
                part,
                evasion,
                lambda r, pool=pool: r.choice(pool),
                lambda e, r, ev=evasion: evade(e[0] + e[1], ev, r),
                lambda e: e[0] + e[1],
            )
    return rows


def person_rows(rng: random.Random) -> list[dict]:
    rows = []
    for cls, words, req in (("staff", STAFF_ROLES, "D5"), ("professional", list(TITLES), "D6")):
        for part in ("dev", "heldout"):
            pool = [w for w in words if part_of(w) == part]
            for evasion in PERSON_EVASIONS:

                def make(word: str, r: random.Random, ev: str = evasion) -> tuple[str, str] | None:
                    surname, full = person_name(r)
                    if ev == "plain":
                        return "name", r.choice([surname + word, full + word, "老" + surname + word])
                    if ev == "title_first":
                        return "name", word + r.choice([full, "小" + surname, surname])
                    if ev == "symbols":
                        text = r.choice([surname + word, word + full])
                        i = r.randint(1, len(text) - 1)
                        return "name", text[:i] + r.choice(SYMBOLS) + text[i:]
                    if ev == "traditional":
                        text = "".join(TRAD.get(c, c) for c in r.choice([surname + word, word + full]))
                        return ("name", text) if text != surname + word else None
                    place = r.choice(["三甲医院", "某大学", "市级", "资深", "本人系", "我是"])
                    tail = r.choice(["，专注行业研究", "，擅长答疑", "，从业十年", "。欢迎咨询", "，每天分享"])
                    return "bio", place + word + tail

                rows += _fill(rng, cls, req, cls, part, evasion, lambda r, pool=pool: r.choice(pool), make, lambda w: w)
    for part in ("dev", "heldout"):
        pool = [w for w in NEWS_WORDS if part_of(w) == part]
        for evasion in ("plain", "symbols", "traditional", "padding"):

            def make_news(word: str, r: random.Random, ev: str = evasion) -> str | None:
                base = r.choice(["", r.choice(PLACES)[:-1], "每日", "今日", "身边", "全球"]) + word
                base = base + r.choice(["", "速递", "在线", "前线", "眼"])
                return evade(base, ev, r) if ev != "plain" else base

            rows += _fill(
                rng, "news", "D8", "news", part, evasion, lambda r, pool=pool: r.choice(pool), make_news, lambda w: w
            )
    return rows


def _fill(rng, cls, req, kind, part, evasion, pick, make, target) -> list[dict]:
    rows: dict[str, dict] = {}
    for _ in range(PER_CELL * 40):
        if len(rows) >= PER_CELL:
            break
        entity = pick(rng)
        made = make(entity, rng)
        if made is None:
            continue
        field, text = made if isinstance(made, tuple) else ("name", made)
        rows.setdefault(
            text,
            {
                "text": text,
                "field": field,
                "label": "violation",
                "class": cls,
                "requirement": req,
                "kind": kind,
                "evasion": evasion,
                "part": part,
                "target": target(entity),
            },
        )
    return list(rows.values())


# ---- clean names: everyday account names, none an impersonation
HOBBIES = [
    "摄影",
    "钓鱼",
    "露营",
    "烘焙",
    "手账",
    "跑步",
    "骑行",
    "登山",
    "书法",
    "国画",
    "吉他",
    "钢琴",
    "篮球",
    "足球",
    "围棋",
    "象棋",
    "养猫",
    "养狗",
    "多肉",
    "茶艺",
    "咖啡",
    "追剧",
    "动漫",
    "古风",
    "汉服",
    "街舞",
    "滑板",
    "健身",
]
SHOPS = [
    "小吃店",
    "面馆",
    "火锅",
    "烧烤",
    "奶茶",
    "花店",
    "理发店",
    "超市",
    "便利店",
    "五金店",
    "水果店",
    "书店",
    "药房",
    "宠物店",
    "洗车行",
    "装修公司",
    "家政服务",
    "快递驿站",
    "驾校",
    "琴行",
    "画室",
    "民宿",
    "农家乐",
    "烘焙坊",
]
STREET = ["人民路", "解放路", "中山路", "建设路", "公园路", "胜利街", "法院街", "府前路", "新华路", "和平路", "文化路"]
FANS = ["的小迷妹", "后援会", "粉丝团", "应援站", "超话", "资讯站", "饭拍", "打卡"]
STARS = ["周杰伦", "林俊杰", "邓紫棋", "薛之谦", "毛不易", "张艺兴", "易烊千玺", "王一博", "赵丽颖", "杨紫", "刘亦菲"]
LEGIT = [  # place names and organ words used legitimately
    "{p}公安县小龙虾",
    "{p}人民公园晨练",
    "{p}法院街早餐",
    "{p}派出所旁面馆",
    "{p}交警路小吃",
    "政府采购知识分享",
    "{p}发布会摄影",
    "{p}消防器材批发",
    "{p}日报亭老板",
    "{p}检察院路菜市场",
    "{p}气象爱好者",
    "{p}税务师考试交流群",
    "{p}政务大厅排队攻略",
    "{p}法治公园游记",
    "{p}警察博物馆",
    "{p}纪委大院旁的茶馆",
    "{p}医院陪诊攻略",
]
CITIES_SHORT = [
    "成都",
    "重庆",
    "杭州",
    "西安",
    "长沙",
    "武汉",
    "南京",
    "苏州",
    "厦门",
    "青岛",
    "大理",
    "丽江",
    "桂林",
    "洛阳",
    "开封",
    "泉州",
    "潮汕",
    "延边",
    "喀什",
    "拉萨",
    "三亚",
    "烟台",
    "威海",
    "扬州",
    "绍兴",
]
WORDS_EN = [
    "sunny",
    "lucky",
    "coco",
    "momo",
    "kiki",
    "lemon",
    "peach",
    "panda",
    "tiger",
    "cloud",
    "river",
    "star",
    "moon",
    "happy",
    "cool",
    "tom",
    "jerry",
    "alex",
    "lily",
    "amy",
    "leo",
    "max",
    "zoe",
    "ivy",
]


def clean_rows(rng: random.Random, count: int = 20_000) -> list[dict]:
    makers = [
        lambda: person_name(rng)[1],
        lambda: person_name(rng)[1] + rng.choice(["的日常", "的小屋", "爱生活", "在路上", "的厨房", ""]),
        lambda: rng.choice(CITIES_SHORT) + rng.choice(SHOPS),
        lambda: rng.choice(STREET) + rng.choice(SHOPS),
        lambda: rng.choice(CITIES_SHORT) + rng.choice(HOBBIES) + rng.choice(["群", "社", "小分队", "爱好者", "日记"]),
        lambda: rng.choice(STARS) + rng.choice(FANS),
        lambda: rng.choice(HOBBIES) + rng.choice(["达人", "小白", "玩家", "日常", "分享"]) + str(rng.randint(1, 999)),
        lambda: rng.choice(WORDS_EN) + rng.choice(["_", "", "."]) + rng.choice(WORDS_EN) + str(rng.randint(0, 9999)),
        lambda: "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 12))),
        lambda: rng.choice(LEGIT).format(p=rng.choice(CITIES_SHORT)),
        lambda: rng.choice(["老", "小", "阿"]) + rng.choice(SURNAMES) + rng.choice(HOBBIES),
        lambda: rng.choice(CITIES_SHORT) + rng.choice(["土特产", "房产中介", "二手车", "家教", "婚庆", "搬家"]),
    ]
    seen: dict[str, dict] = {}
    while len(seen) < count:
        text = rng.choice(makers)()
        seen.setdefault(
            text,
            {
                "text": text,
                "field": "name",
                "label": "clean",
                "class": "clean",
                "requirement": None,
                "kind": None,
                "evasion": "clean",
                "part": "clean",
                "target": None,
            },
        )
    return list(seen.values())


def build() -> list[dict]:
    rng = random.Random(SEED)
    return body_rows(rng) + person_rows(rng) + clean_rows(rng)


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    rows = build()
    out = HERE / "generalisation.jsonl"
    out.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    print(f"wrote {len(rows)} rows to {out}")
