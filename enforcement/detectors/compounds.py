"""Whether the words right after an organ, role or title word turn it into something else — a street,
a building, a shop, an event, goods, a trade or a hobby (D4, D1 local organs, D5, D6, D8).

"西安派出所旁面馆", "长沙法院街早餐", "绍兴发布会摄影", "南京日报亭老板", "烟台消防器材批发", "洛阳交警路小吃":
the organ word is the first half of a compound noun naming a place or a business near it, an event it
holds, equipment sold for it or people interested in it. Chinese compounds put the head noun last, so
the word that follows decides what the whole names; an account named after such a compound presents
itself as that place or business, not as the organ. The test is by the category of the following word
(locatives, streets and buildings, events, shops and food, goods, trades and hobbies), not by the names
of any particular place, so it covers compounds nobody listed.

Deliberately absent: 站 (消防站, a real station, is an organ), 边 alone (公安边防 is an organ), 学院 and 学校
(police and judicial academies are official institutions), and anything that pads an official name
(官方, 发布, 频道, 中心, 支队…): those keep the organ reading. 节 is absent too (央视节目 is a programme).

A division's full name that begins inside the word and runs past it (苏州公安县小龙虾: 公安县) makes the
word part of a place name as well: `inside_a_place_name`; one that the word begins inside of (朝阳区公安分局
read as 阳区公安) makes the word a misreading: `starts_inside_a_place_name`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from enforcement.identity import IdentityIndex, TermHit
from enforcement.text import NormalizedText

# Locatives: the name says where something is, relative to the organ's building.
LOCATIVES = ("旁", "旁边", "对面", "附近", "周边", "隔壁", "门口", "门前", "后门", "后面", "前面", "楼下", "一带",
             "斜对面", "路口")
# Streets, landmarks and buildings named after the organ that sits there.
# 区 ends 社区, a residential community named after its street (新华社区, 中新社区: not the news agencies).
STREETS_AND_BUILDINGS = ("路", "街", "巷", "弄", "胡同", "大道", "大街", "桥", "广场", "公园", "小区", "大院", "家属院",
                         "宿舍", "大楼", "大厦", "大厅", "地铁站", "公交站", "车站", "停车场", "食堂", "区")
# Events held by or about the organ: the account is the event's (or a photographer's, a fan's).
EVENTS = ("会", "展", "展览", "比赛", "大赛", "晚会", "开放日")
# Schools named after the trade they teach (警察学院, 护士学校): a student's or an alumnus's account.
SCHOOLS = ("学院", "学校", "大学")
# Shops, food and trade.
BUSINESSES = ("店", "馆", "铺", "摊", "亭", "面馆", "饭店", "餐厅", "餐馆", "小吃", "早餐", "早点", "夜宵", "菜市场",
              "市场", "超市", "便利店", "茶馆", "茶楼", "火锅", "烧烤", "奶茶", "咖啡", "批发", "零售", "专卖",
              "博物馆", "纪念馆", "展览馆", "体育馆", "文创", "物流", "快递", "货运", "速运", "搬家", "家政", "装修",
              "建材", "五金", "汽修", "驾校", "集团", "公司", "科技", "工程", "家装", "发型", "美发", "理发", "美甲",
              # 成都公安旅游: a travel agent's
              "代理", "代账", "记账", "维保", "旅游", "旅行社", "攻略", "开锁", "出版社")
# Goods made or sold for the organ's line of work.
GOODS = ("器材", "用品", "设备", "设施", "装备", "服装", "制服", "模型", "玩具", "周边", "手办", "贴纸", "夹", "监控",
         "安防", "摄像头")
# Services sold around an organ's work, ending a name a word or two after it (成都公积金贷款咨询, 北京医保卡办理):
# an agent's account. Only at the end: right after a title they are the holder's own service (张律师咨询).
SERVICES = ("咨询", "办理", "代办", "代缴", "贷款", "中介")
# Exams, the training for them and the qualification they give: a candidate's or a tutor's account (税务师考试交流群,
# 市委党校考研, 教师资格证备考), or its candidates and trainees (税务师考生, 心理咨询师学员).
EXAMS = ("考试", "考证", "考研", "考公", "考编", "培训", "题库", "备考", "资格证", "资格", "联考", "刷题", "真题",
         "面试", "笔试", "上岸", "考生", "学员")
# Public hospitals, organ words named by their place (金寨县人民医院: D4) whose people are professionals (D6), not an
# organ's staff (D5: 在县人民医院上班 is a nurse's life), and which a name without the place does not claim (中医院)
HOSPITAL_ENDS = ("医院", "保健院")
# Fans, readers, viewers and hobbyists of what is named before them, and what they write or do about it.
FANS = ("爱好者", "迷", "粉丝", "粉丝团", "后援会", "发烧友", "读者", "观众", "听众", "用户", "读后感", "观后感",
        "追剧", "评论区", "打卡", "吃瓜群众", "吃瓜", "订阅者", "订户", "同款", "摘抄", "练笔", "模仿秀", "模仿",
        "配音", "摘抄本", "笔记", "学法笔记", "字帖", "练字帖", "收藏", "旧报收藏", "剪报", "订了", "应援", "应援站",
        "应援团", "后援团", "粉丝站", "达人", "积分", "剧迷", "看球党", "追剧党", "追综党", "追综", "收看者", "收听者",
        "读报人", "订阅户", "铁粉", "老粉", "一日游", "半日游", "游记", "参观记", "追看人", "追看",
        "看报人", "书粉", "剧粉", "摘抄员", "速记", "复读机", "追更", "表情包", "fans", "fanclub", "收藏者", "创刊号",
        "追综艺", "看综艺", "看球",
        # in English after an English name: its students, alumni, applicants and fans (Peking University alumni)
        "alumni", "alum", "student", "graduate", "applicant", "lover", "fan",
        # learning from it (CGTN英语学习者)
        "学习者",
        # dressing up as a character of that name (朱迪警官cosplay)
        "cosplay", "coser", "cos")
# Trades, exams, fans and a party's or society's members (民盟盟员, 九三学社社员): people who work near, are
# interested in or belong to what is named.
TRADES_AND_HOBBIES = ("师", "工程师", *EXAMS, *FANS, "党员", "盟员", "社员")

# A one-character head that begins everyday words of its own: written before these it is that word, not the
# head (军事新闻|迷彩 is camouflage, not a news fan; 新闻迷 and 新闻迷们 are fans; 成都交警|路况 reports the
# traffic, 交警路面执勤 the road's surface, where 交警路小吃 is a street's snack bar).
NOT_THE_HEAD_BEFORE = {"迷": "彩宫你雾路惑人失信糊茫航途离", "路": "况面段政上网"}  # (交通运输部|路网中心)


def _head_pattern(word: str) -> str:
    before = NOT_THE_HEAD_BEFORE.get(word)
    return re.escape(word) + (f"(?![{before}])" if before else "")


_SUFFIX = re.compile("|".join(_head_pattern(word) for word in sorted(
    {*LOCATIVES, *STREETS_AND_BUILDINGS, *EVENTS, *SCHOOLS, *BUSINESSES, *GOODS, *TRADES_AND_HOBBIES},
    key=lambda word: (-len(word), word))))


# Everyday words that begin with the last character of a protected name: 人民网|红 reads 人民 + 网红
# (an influencer), 中国网|民 reads 中国 + 网民 (netizens), 保监会|计 reads 保监 + 会计 (an accountant).
# Read that way the name is not there; an impersonator has no reason to add a character that breaks
# it up. Only words whose first character rarely starts anything else after such a name: not 报名
# (人民日报名记者), 局面 (公安局面向社会招聘), 部落 (公安部落实), 台风 (电视台风采), nor words that keep
# an official reading (部队, 部长, 局长: 公安部队 still names a force). A paper's 报 begins the paperwork words
# (中国城市报告, 中国医药报价, 中国信息报送 are a report, a price list, a filing), but not 报告诉 (人民日报告诉你
# is the paper telling you something).
PAPERWORK_WORDS = ("报告", "报价", "报表", "报销", "报税", "报关", "报送", "报废", "报修", "报账", "报考")
STRADDLING_WORDS = ("网红", "网友", "网民", "网购", "网课", "网游", "网恋", "网瘾", "网名", "网聊", "网约车", "网剧",
                    "网文", "网赚", "网速", "网费", "网球", "网吧", "网银", "网虫", "网兜", "网上", "网络", "网店",
                    "网页", "网址", "网盘", "网格", "社团", "社交", "社工",
                    "社保", "社群", "社畜", "会计", "会员", "网站", "党员", *PAPERWORK_WORDS)

_STRADDLING = re.compile("|".join(re.escape(word) for word in sorted(STRADDLING_WORDS, key=lambda w: (-len(w), w))))


def straddles_an_everyday_word(canonical: str, end: int) -> str | None:
    """The everyday word that the name ending at `end` shares its last character with (人民网红: 网红), or None."""
    if end <= 0 or end >= len(canonical):
        return None
    found = _STRADDLING.match(canonical, end - 1)
    return found.group() if found is not None and not tells_something(canonical, end) else None


def tells_something(canonical: str, end: int) -> bool:
    """The name ending at `end` in 报 is followed by 告诉: the paper telling you something (人民日报告诉你)."""
    return canonical.startswith("报告诉", end - 1)


# Words for how devoted an audience is, between a name and the audience word (人民日报忠实读者, 央视新闻铁杆粉丝)
DEVOTION = ("忠实", "铁杆", "忠诚", "资深", "多年", "骨灰级", "老")


def audience_after(canonical: str, end: int) -> bool:
    """An audience word (`FANS`) follows `end`, right after it or after one word of devotion: the name before it
    is what the audience reads or watches (人民日报忠实读者, 央视新闻老观众), as `compound_head_after` reads
    人民日报读者."""
    at = next((end + len(word) for word in DEVOTION if canonical.startswith(word, end)), end)
    return canonical.startswith(FANS, at)


def compound_head_after(canonical: str, end: int) -> str | None:
    """The word at `end` of `canonical` that makes the word before it part of a place, business, event,
    goods or trade name (路, 旁, 发布会's 会, 器材, 爱好者…), or None."""
    found = _SUFFIX.match(canonical, end)
    return found.group() if found is not None else None


# Words that keep a name official wherever they stand: a fan's or a shop's name never carries them.
OFFICIAL_MARKS = ("官方", "官网", "官微", "发布", "频道", "账号", "认证", "客户端", "在线", "权威", "政务")
MAX_GAP = 2  # characters between the word and a head that ends the name: 央视新闻|联播|观众, 快讯|通|物流
# Heads that end a name a few characters on: audiences, exams, shops and trades, goods. Not places, streets or
# events (国家安全部朝阳区, 新闻协会: a district or an association can be official), nor 师 (法医师 is staff).
AUDIENCES = (*FANS, "学生", "校友")
def compound_head_written(canonical: str, original: str, start: int, end: int) -> bool:
    """`compound_head_after(canonical, end)` finds a head that `original`, the text as sent, writes right after
    the word at [start, end) (交警路小吃, 警察博物馆): in a bio, punctuation the canonical text drops may part a
    one-character head from the word (医生，会看病). A head of two or more characters is taken as found."""
    head = compound_head_after(canonical, end)
    return head is not None and (len(head) > 1 or canonical[start:end] + head in original)


# A fan's word ending a name, a programme's or a column's name (up to FAN_GAP characters) between it and the body
# named before: 粉 alone counts only there (粉碎 and 米粉 begin or end other words).
FAN_GAP = 6
_FAN_END = re.compile("|".join(re.escape(word) for word in sorted({*FANS, "粉"}, key=lambda word: (-len(word), word))))
_END_HEAD = re.compile("|".join(re.escape(word) for word in sorted(
    {*AUDIENCES, *EXAMS, *BUSINESSES, *GOODS, *SERVICES}, key=lambda word: (-len(word), word))))


def a_head_after(canonical: str, start: int) -> bool:
    """Some head word that `compound_head_after` or `compound_head_at_end` looks for stands after `start`: a cheap
    necessary test before looking for where else a word may end."""
    return any(head.search(canonical, start) is not None for head in (_SUFFIX, _END_HEAD, _FAN_END))


def fan_word_ends(canonical: str, end: int) -> bool:
    """A fan's word ends the name up to FAN_GAP characters after `end`, nothing official between (雷顿教授解谜迷: a
    fan of the game whose character the title names), as `compound_head_at_end` reads a body's fans."""
    return any(_FAN_END.fullmatch(canonical, end + gap) is not None
               and not any(mark in canonical[end:end + gap] for mark in OFFICIAL_MARKS) for gap in range(FAN_GAP + 1))


def compound_head_at_end(canonical: str, end: int) -> str | None:
    """The head word that ends `canonical` one or two characters after `end` (央视新闻联播观众: 观众 after 联播;
    快讯通物流: 物流 after 通), or a fan word up to FAN_GAP characters after it (浙江卫视跑男粉, 江苏卫视非诚勿扰粉:
    a programme's name between), or None. The head of a Chinese compound is its last word, so such a name is a
    viewer's, a fan's or a firm's — unless the characters between mark it official (人民日报官方粉丝 keeps it)."""
    for gap in range(FAN_GAP + 1):
        found = (_END_HEAD.fullmatch(canonical, end + gap) if 0 < gap <= MAX_GAP else None) or (
            _FAN_END.fullmatch(canonical, end + gap))
        if found is not None and not any(mark in canonical[end:end + gap] for mark in OFFICIAL_MARKS):
            return found.group()
    return None


def inside_a_place_name(index: IdentityIndex, division_hits: Iterable[TermHit], start: int, end: int) -> bool:
    """A division's full name begins within [start, end) and runs past `end` (公安县 after 苏州公安): the
    word ending at `end` is the beginning of a place name, not an organ. Short names are not enough:
    a two-character short name can straddle anything."""
    return any(start <= h.start < end < h.end and written_in_full(index, h) for h in division_hits)


def starts_inside_a_place_name(index: IdentityIndex, division_hits: Iterable[TermHit], start: int) -> bool:
    """A division's full name begins before `start` and runs past it (朝阳区 in 朝阳区公安分局, read from 阳):
    a name found from `start` takes its first characters from a real place name written out in full, which
    no evasion does — the whole text names that place's organ instead."""
    return any(h.start < start < h.end and written_in_full(index, h) for h in division_hits)


def written_in_full(index: IdentityIndex, hit: TermHit) -> bool:
    """The division term found is some division's full name (朝阳区) or marked name (大理州), not only a short
    name (朝阳)."""
    return any(hit.term in (d.name, d.marked_name) for d in index.divisions_by_name[hit.term])


def heard_inside_a_body(index: IdentityIndex, text: NormalizedText, hit: TermHit) -> bool:
    """A title or role only heard, lying inside or across a protected name or an organ word written in the text:
    part of the body's name, not a disguise (国家宗教事务局: 宗|教事 is no surname and 教师)."""
    if hit.view != "sound":
        return False
    spans = [(m.start, m.end) for m in index.names.find(text) if m.view in ("canonical", "shape")]
    spans += [(o.start, o.end) for o in index.organ_words.find(text.canonical)]
    # inside it, or beginning inside it (看东方卫视长大: 视长 heard as 市长 begins inside 东方卫视; 张检察关 is
    # 检察官 heard, beginning where the organ word 检察 does)
    return any((start <= hit.start and hit.end <= end) or start < hit.start < end for start, end in spans)
