"""D5: posing as staff of an official body or news medium (民警, 警官, 法官, 检察官, 记者, 发言人…)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from enforcement.detectors.clauses import CLAUSE_END, NOTICE_WORDS, only_in_works_titles, opening_canonical
from enforcement.detectors.compounds import (
    FANS,
    HOSPITAL_ENDS,
    compound_head_after,
    compound_head_written,
    heard_inside_a_body,
    inside_a_place_name,
)
from enforcement.detectors.evidence import location, read_as
from enforcement.detectors.person_words import (
    COUNT_OF_YEARS,
    JOKES_WORLDS,
    KIN,
    SELF_INTRODUCTIONS,
    a_disguise_after_its_employer,
    a_disguise_introducing_itself,
    claimed_in_bio,
    in_initials,
    labels_a_person,
    labels_a_person_in_its_part,
    looks_like_personal_name,
    names_the_holder,
    only_the_holder_after,
    place_ends_before_surnames,
    places_before,
    read_over,
    surname_and_rank,
)
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex, TermHit
from enforcement.identity.index import ROLE_INITIALS, keeps_a_character
from enforcement.text import NormalizedText, is_han
from enforcement.text.normalize import completes_a_word, syllable
from enforcement.text.surnames import FAMILY_NAMES, SURNAMES
from enforcement.violations import Violation

# Roles that private trades share, and the words before them that name such a trade: a wedding host, a
# research institute's or a law firm's director is nobody's staff (婚礼主持人小美, 研究所所长, 律所所长老王).
PRIVATE_TRADES_BEFORE = {
    "主持人": ("婚礼", "婚庆", "活动", "年会", "庆典", "商演", "晚会", "派对", "少儿", "司仪", "小", "剧本杀",
            "狼人杀", "公司"),  # a firm's (婚庆公司主持人团队)
    # a neighbourhood's, a school's or a firm's correspondent writes for its own newsletter
    "通讯员": ("社区", "校园", "学生", "小", "企业", "公司"),
    "所长": ("研究所", "律所", "事务所", "诊所", "托管所", "工作室", "设计所"),
    # 小区, 校区, 园区, 景区 …: the head of a housing estate, a campus or a park, not of a district
    "区长": ("小", "校", "园", "社", "景", "厂", "矿", "营", "片", "赛", "展"),
    # 小记者 is a pupil in a children's reporting programme; a school paper's reporter is a student
    "记者": ("小", "校报", "校刊", "校园", "学生"),
    # the game's moderator and sheriff (狼人杀法官小七), and 书 that ends a reading word (新华书店淘书记: notes)
    "法官": ("狼人杀", "剧本杀", "游戏"),
    # a household's, a dorm's or a class's spokesperson is a joke (宿舍新闻发言人)
    "新闻发言人": ("宿舍", "寝室", "家庭", "家里", "班级", "班里", "朋友圈"),
    "警长": ("狼人杀", "剧本杀", "游戏"),
    "书记": ("读", "淘", "藏", "晒", "购", "买", "借", "荐", "选", "评"),
}
# What a role after it makes a joke of: taste, looks, language, food or a made-up world, judged or spoken for by the
# author (颜值警察, 语法警察, 表情包法官, 奶茶检察官, 快乐星球发言人) — the "X police" of everyday talk, no body's staff
PLAYFUL_BEFORE = ("颜值", "语法", "拼写", "错别字", "标点", "时尚", "穿搭", "审美", "表情包", "段子", "沙雕", "搞笑",
                  "星球", "宇宙", "奶茶", "美食", "零食", "吃货", "干饭", "熬夜", "减肥", "恋爱", "爱情", "八卦",
                  "卫生间", "厕所")  # 卫生间所长: a toilet's
PRIVATE_TRADES_BEFORE.update({role: (*PRIVATE_TRADES_BEFORE.get(role, ()), *PLAYFUL_BEFORE)
                              for role in ("警察", "警官", "法官", "检察官", "发言人", "新闻发言人")})
# A serviceman discharged is a veteran, no longer the army's (退伍军人, 转业军官); 退役 is read before every role
PRIVATE_TRADES_BEFORE.update({role: (*PRIVATE_TRADES_BEFORE.get(role, ()), "退伍", "转业", "复员")
                              for role in ("军人", "军官", "特种兵", "士官")})


# Roles whose syllables are also common given names (宇静 sounds like 狱警, 海静 like 海警, 程静 like 乘警, 静远
# like 警员, 女静 like 女警): a name that only sounds like one of them is more often a person's name than a disguise.
SOUNDS_LIKE_GIVEN_NAMES = frozenset({"狱警", "巡警", "乘警", "海警", "武警", "警员", "女警"})


def _a_private_trade(canonical: str, hit: TermHit) -> bool:
    """A word right before the role, or a word or two before it, names a private trade that has the role too
    (婚礼|主持人, 狼人杀|常驻|法官); or a joke's or a pet's world, a made-up body between (恋爱|法院|院长, 猫咪|派出所|
    所长, 家庭|纪委书记); or a display name that opens saying its author held it once (前法院书记员·现卖茶叶)."""
    trades = PRIVATE_TRADES_BEFORE.get(hit.term, ())
    if any(canonical.endswith(trades, 0, hit.start - gap) for gap in range(min(_TRADE_GAP, hit.start) + 1)):
        return True
    start = hit.start - len(next((g for g in _GRADES_OF_A_POST if canonical.endswith(g, 0, hit.start)), ""))
    if any(canonical.endswith(_A_MADE_UP_WORLD, 0, start - gap) and (
            gap == 0 or canonical[start - 1] in _A_BODYS_LAST_CHARACTERS) for gap in range(min(_BODY_GAP, start) + 1)):
        return True  # (恋爱法院首席法官; not 喜欢猫，是一名刑警: no made-up body between the pet and the role)
    return canonical.startswith(_FORMERLY) and not canonical.startswith(_NOT_FORMERLY) and hit.start <= _BODY_GAP + 1


_TRADE_GAP = 2  # characters between a trade's word and the role (常驻, 金牌)
_BODY_GAP = 5  # characters of a made-up body between a joke's word and the role (派出所, 最高法院)
_A_MADE_UP_WORLD = (*PLAYFUL_BEFORE, *JOKES_WORLDS, "吃瓜", "作业", "厨房", "追剧", "群",  # 干饭群: a chat group's
                    "本号", "本账号", "本频道", "本店")  # the account's own (本号首席发言人): no body's
_GRADES_OF_A_POST = ("首席", "金牌", "王牌", "资深", "高级", "特级")  # between a joke's body and the role
_A_BODYS_LAST_CHARACTERS = frozenset("局所院委会队部庭厅处办")
_FORMERLY = ("前任", "前")
_NOT_FORMERLY = ("前进", "前沿", "前线", "前方", "前哨", "前海", "前门", "前卫", "前程")  # words and places


def _found(places: list[TermHit]) -> Callable[[str], list[TermHit]]:
    """The division hits already found in a text, as the finder `place_ends_before_surnames` calls."""
    return lambda _: places


# Units a post belongs to, written right before a role (社区网格员, 村委会主任): with an organ word, or a place's name
# and 台 (鞍山台, a city's station), they say whose post a role heard after them is
_UNITS_BEFORE_A_POST = ("社区", "村", "街道", "镇", "乡", "居委会", "村委会")


def _a_disguised_role_after_its_unit(index: IdentityIndex, canonical: str, hit: TermHit) -> bool:
    """A role heard, keeping one of its characters, right after the unit or body it serves and ending the name or
    before its holder's name (榕江县社区网隔员, 鞍山台计者阿亮, 南宁电视台记着阿华): the unit says whose post it is, and
    an everyday word (记着) between a station and a name is the role."""
    if hit.view != "sound" or hit.start < 2 or not keeps_a_character(canonical[hit.start:hit.end], hit.term):
        return False
    after = canonical[hit.end:]
    if (after and not names_the_holder(after)) or (not after and canonical[hit.start:hit.end] in
                                                    EVERYDAY_ROLE_SOUNDALIKES):
        return False
    before = canonical[:hit.start]
    if before.endswith(_UNITS_BEFORE_A_POST) or any(o.end == hit.start for o in index.organ_words.find(before)):
        return True
    return before.endswith("台") and any(p.end == hit.start - 1 for p in index.division_finder.find(before))


def _a_given_name(canonical: str, hit: TermHit) -> bool:
    """The whole name (its padding aside: 张敏静官方) is a surname and two characters that only sound like the
    role, none of them the role's own (张敏静 sounds like 张民警, 马静华 like 马警花): that is how personal names
    look, so it claims nothing. A disguise keeps a character of the role (张井官, 李法宫) or goes on (王敬关说法)."""
    return (hit.start == 1 and hit.end == len(canonical) == 3
            and not set(canonical[hit.start:hit.end]) & set(hit.term))


# Everyday words and places that sound like a two-syllable role and keep one of its characters: a county seat's
# district (城关), remembering (记着), a sea view (海景), being clean (干净), growing (生长), books (书籍), a firm's
# section chief (课长) and the army's or history's heads (师长, 亭长).
EVERYDAY_ROLE_SOUNDALIKES = frozenset({"城关", "记着", "记住", "海景", "警惕", "干净", "生长", "书籍", "课长", "师长",
                                       "亭长", "警华"})  # (警华, a given name: 陈警华)


def _a_disguised_role_around_a_name(index: IdentityIndex, canonical: str, hit: TermHit) -> bool:
    """A two-syllable role heard, keeping one of its own characters, opening the name before its holder's name
    (较警金老师, 法管孔, 城灌廖明) or ending it after a whole personal name (叶平胶警, 秦华红城灌): how a role
    written plainly stands by its holder (交警金老师, 叶平交警), disguised."""
    if len(hit.term) != 2 or not keeps_a_character(canonical[hit.start:hit.end], hit.term):
        return False  # (an everyday word was ruled out by the caller)
    if hit.start == 0:
        return names_the_holder(canonical[hit.end:])
    name = canonical[:hit.start]
    return (index.before_padding(canonical) == canonical[:hit.end] and len(name) >= 2
            and looks_like_personal_name(name) and not looks_like_personal_name(canonical[:hit.end]))


# Posts are an official body's staff only when the body is named right before them (税务局工作人员, 卫健委副主任,
# 市场监管局执法人员, 人民日报社员工: `staff_posts` in vocab.json); alone they are any employer's. A bio's author
# may also say where they work before the body's name (就职于北京市公安局: `employment_claims`).
_EMPLOYED_REACH = 10  # characters between the employment word and the body's name (就职于|北京市|公安局)
# 在 + a named body + one of these is the other way a bio says where its author works (在北京市公安局工作, 在朝阳区
# 税务局上班), and so is a bio opening with the body and one of these (法院工作多年，…); 在 + the body alone says where
# something is (在北京市公安局门口).
_AT_WORK_AFTER = ("工作", "上班", "任职", "就职", "坐班", "干了")
# Before either way of saying it, what makes the worker someone else (我爸就职于…, 我爸在…工作) or not yet or no
# longer one (想在, 曾就职于)
_NOT_AT_WORK_BEFORE = ("曾经", "曾", "不", "非", "未", "想", "梦想", "希望", *KIN)


# The terms a post is held on, between the body and the post (新华网签约评论员, 人民日报特聘编辑): still its staff
_TERMS_BEFORE_A_POST = ("签约", "特聘", "特约", "首席", "资深", "驻站")
_LEVELS = "省市县区镇乡"  # 某市, 某县: a place left unnamed
_BEFORE_A_LEVEL = "在于是"  # where a level alone may stand for the place (在市税务局, 就职于县公安局, 我是市卫健委…)


def _holders_before_a_post(two: str) -> tuple[str, ...]:
    """What of `two` (the two characters after a body) may be its post holder's surname or 老/小 and a surname."""
    found = [two[:1]] if two[:1] in SURNAMES else []
    if two[:1] in "老小":
        found += [two[:1], *([two] if two[1:] in SURNAMES else [])]
    return tuple(sorted(found, key=len, reverse=True))


def _local_units(index: IdentityIndex, canonical: str) -> list[TermHit]:
    """Where the units that are always official (`local_units` in vocab.json: 街道办事处, 派出所) stand in the text,
    from the text's start when only the unit's own place name stands before it (新桥街道办事处, 中关村派出所)."""
    return [TermHit(unit, 0 if _a_units_own_place(canonical[:at]) else at, at + len(unit))
            for unit in index.registry.vocabulary.local_units for at in _occurrences(canonical, unit)]


def _a_units_own_place(before: str) -> bool:
    """`before` may be the unit's own place name: a few Han characters, none of a sentence's about someone (not
    我老公是, 爸爸是, 我家猫是本区)."""
    return 2 <= len(before) <= _UNIT_PLACE_LONGEST and before.isalpha() and not set(before) & _NOT_IN_A_PLACES_NAME


_UNIT_PLACE_LONGEST = 6  # characters of a unit's own place name (中关村, 前门街道)
_NOT_IN_A_PLACES_NAME = frozenset("的我你他她它们是为当在和与及家爸妈哥姐弟妹公婆猫狗本")


def _occurrences(text: str, word: str) -> Iterator[int]:
    """Every position where `word` starts in `text`."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _bodies(index: IdentityIndex, text: NormalizedText) -> list[tuple[int, int, bool]]:
    """Where official bodies are named in the text as written: protected names, and organ words (公安局, 卫健委)
    with the places written before them (朝阳区市场监管局, 某市卫健委); each (start, end, named), `named` when a
    protected name or a place says which body it is."""
    canonical = text.canonical
    place_ends: dict[int, int] = {}
    places = index.division_finder.find(canonical)
    for place in places:
        place_ends[place.end] = min(place.start, place_ends.get(place.end, place.start))
    spans = [(m.start, m.end, True) for m in index.names.find(text)
             if m.view == "canonical" and not inside_a_place_name(index, places, m.start, m.end)]
    # organ words, and the units that are always official (街道办事处, 派出所, 海关), as organs
    organs = [*index.organ_words.find(canonical), *_local_units(index, canonical)]
    for organ in organs:
        if any(o.start <= organ.start and organ.end <= o.end and o != organ for o in organs):
            continue  # 检察 inside 检察院: the longest organ word is the body's
        if organ.term.endswith(HOSPITAL_ENDS):
            continue  # a hospital's people are its doctors and nurses (D6), not an organ's staff
        if inside_a_place_name(index, places, organ.start, organ.end):
            continue  # 公安 in 苏州公安县小龙虾 begins a county's name
        start = organ.start
        while True:
            if start in place_ends:
                start = place_ends[start]
            elif start >= 2 and canonical[start - 2] == "某" and canonical[start - 1] in _LEVELS:
                start -= 2
            elif start >= 1 and canonical[start - 1] in _LEVELS and (
                    start == 1 or not is_han(canonical[start - 2]) or canonical[start - 2] in _BEFORE_A_LEVEL):
                # a level alone where a clause begins, or after 在, 于 or 是, says 某市 without 某: 市卫健委工作人员,
                # 在市税务局工作, 就职于县公安局
                start -= 1
            else:
                break
        spans.append((start, organ.end, start < organ.start))
    community = _a_community_opening(canonical)
    if community is not None:
        spans.append((*community, False))
    return spans


def _a_community_opening(canonical: str) -> tuple[int, int] | None:
    """Where a community or village the text opens with, perhaps after the author introducing themself, starts and
    ends (红旗社区|顾主任, 前进村|王主任, 俺是刘寨村|的老支书): its committee is the body whose post follows; None when
    the text opens with none."""
    start = len(next((intro for intro in SELF_INTRODUCTIONS if canonical.startswith(intro)), ""))
    for unit in ("社区", "村"):
        at = canonical.find(unit, start + 2, start + _UNIT_PLACE_LONGEST + len(unit))
        if at >= 0 and _a_units_own_place(canonical[start:at]):
            return start, at + len(unit)
    return None


# The account's own marks a self-introduction may end with after the post (央视主持人官方账号)
_OWN_MARKS_AFTER = re.compile("(?:官方账号|官方|官号|账号|认证)*")


def _ends_a_clause(original: str, post: str) -> bool:
    """The post is followed by punctuation or ends the text as written, the account's own marks between allowed:
    a self-introduction (税务局工作人员，解答…; 央视主持人官方账号), not a sentence about the post's holder
    (…工作人员态度很好)."""
    return any(_a_clause_ends_at(original, found.end()) for found in re.finditer(re.escape(post), original))


def _gives_notice(original: str, post: str) -> bool:
    """The post is followed by a notice word and a colon as written (医保局工作人员提醒：…): the holder giving notice
    in their own voice, as a body's notice is read (`NOTICE_WORDS`)."""
    at = original.find(post)
    if at < 0:
        return False
    rest = original[at + len(post):]
    word = next((w for w in NOTICE_WORDS if rest.startswith(w)), "")
    return bool(word) and rest[len(word):].lstrip().startswith(("：", ":"))


def _written_ending_a_clause(text: NormalizedText, hit: TermHit) -> bool:
    """The role as written in the text as sent, symbols inside it or not (人民日报记*者，…), ends a clause there."""
    return _a_clause_ends_at(text.original, location(text, hit.start, hit.end, hit.view)["span"][1])


def _a_clause_ends_at(original: str, at: int) -> bool:
    """The text as sent ends, or a clause ends, at `at`, past the account's own marks there (官方账号, 认证)."""
    after = _OWN_MARKS_AFTER.match(original, at).end()  # type: ignore[union-attr]
    return after == len(original.rstrip()) or CLAUSE_END.match(original, after) is not None


# A unit inside a body, between its name and a post (规划科, 新闻司, 政工室, 接待科): a few characters and its kind
# (法院|立案庭|工作人员, 法院|执行局|认识人), or its service window (社保局|窗口|工作人员)
_UNIT_INSIDE = re.compile("[\u4e00-\u9fff]{1,4}(?:科|室|司|处|股|组|部门|中心|庭|办|局|队)|窗口")
_UNIT_LONGEST = 6


def _a_unit_at(canonical: str, at: int, posts: list[str]) -> int:
    """The length of a unit of the body written at `at` with one of `posts` right after it (规划科|干部), or 0."""
    after = tuple(posts)
    for end in range(at + 2, min(len(canonical), at + _UNIT_LONGEST) + 1):
        if _UNIT_INSIDE.fullmatch(canonical, at, end) and canonical.startswith(after, end):
            return end - at
    return 0


def _post_in_a_body(index: IdentityIndex, text: NormalizedText, in_bio: bool) -> TermHit | None:
    """A post right after an official body's name that labels the holder (税务局工作人员小王, a bio opening with
    卫健委副主任), or, in a bio, the author saying they work there (就职于北京市公安局): the hit spans the body
    and the post (the post is its term; 工作人员 for an employment claim)."""
    canonical = text.canonical
    vocab = index.registry.vocabulary
    posts = [p for p in vocab.staff_posts if p in canonical]
    employed = [w for w in vocab.employment_claims if w in canonical] if in_bio else []
    at_work = in_bio and any(w in canonical for w in _AT_WORK_AFTER)
    one_of_them = in_bio and canonical.startswith(SELF_INTRODUCTIONS)
    inside = _INSIDER in canonical
    if not posts and not employed and not at_work and not one_of_them and not inside:
        return None  # most texts: no post, no word of employment
    posts.sort(key=len, reverse=True)  # 副主任 before 主任
    for start, end, named in sorted(_bodies(index, text)):
        # right after the body; in a bio also after its 的 (我是国家税务总局的工作人员), as a role is read there
        after = end + 1 if in_bio and canonical.startswith("的", end) else end
        after += _a_unit_at(canonical, after, posts)  # 自然资源局|规划科|干部, 外交部|新闻司|工作人员
        after += len(next((g for g in _TERMS_BEFORE_A_POST if canonical.startswith(g, after)
                           and canonical.startswith(tuple(posts), after + len(g))), ""))  # 新华网|签约|评论员
        # the holder's surname, or 老 or 小 and perhaps a surname, before the post (红旗社区|顾|主任, 税务局|王|主任,
        # 刘寨村的|老|支书)
        after += next((len(holder) for holder in _holders_before_a_post(canonical[after:after + 2])
                       if canonical.startswith(tuple(posts), after + len(holder))), 0)
        post = next((p for p in posts if canonical.startswith(p, after)), None)
        insider = post is None and inside and canonical.startswith(_INSIDER, after)
        if insider:  # 内部 and a post (社保局内部专员), or what only the body's inside gives (交警内部销分)
            post = next((p for p in posts if canonical.startswith(p, after + len(_INSIDER))), None)
            if post is None and start == 0 and _offers_from_inside(canonical, text.original, after, in_bio):
                return TermHit(_INSIDER, start, after + len(_INSIDER))
            after += len(_INSIDER) * (post is not None)
        if post is None:  # a service post with the service between (税务局|退税|专员, 电子税务局|在线|客服)
            gap = next((g for g in range(1, _SERVICE_REACH + 1) if canonical[after:after + g].isalnum()
                        and _NOT_IN_A_SERVICE.isdisjoint(canonical[after:after + g])
                        and canonical.startswith(_SERVICE_POSTS, after + g)), 0)
            post = next((p for p in _SERVICE_POSTS if gap and canonical.startswith(p, after + gap)), None)
            after += gap * (post is not None)
        if post is not None:
            hit = TermHit(post, start, after + len(post))
            if in_bio and start == 0 and not (_ends_a_clause(text.original, post)
                                              or _gives_notice(text.original, post)):
                continue  # 公安局工作人员态度很好: a bio opening with someone's post goes on about them
            if not in_bio and start == 0 and (insider or post.startswith(_INSIDER)):
                return hit  # a name opening with the body's insider says what they offer after it (车管所内部人员办证)
            if claimed_in_bio(canonical, hit, text.original) if in_bio else labels_a_person(canonical, hit):
                return hit
        if employed and named:  # 就职于政府采购… names no body
            window = canonical[max(0, start - _EMPLOYED_REACH - 3): start]
            at = max((window.rfind(word) for word in employed), default=-1)
            if (at >= 0 and not window[:at].endswith(_NOT_AT_WORK_BEFORE)
                    and not compound_head_written(canonical, text.original, start, end)):
                return TermHit("工作人员", start, end)
        # at work there: after 在 (在北京市公安局工作, 在县税务局窗口上班), or opening the bio with the body, the work
        # and nothing after it in the clause but the years (法院执行局工作，…; 检察院工作多年，…)
        worked = end if canonical.startswith(_AT_WORK_AFTER, end) else _unit_inside_at(canonical, end)
        if at_work and canonical.startswith(_AT_WORK_AFTER, worked) and (
                (named and canonical.endswith("在", 0, start)
                 and not canonical[:start - 1].endswith(_NOT_AT_WORK_BEFORE))
                or (start == 0 and _YEARS_AT_WORK.fullmatch(opening_canonical(text.original), worked) is not None)):
            return TermHit("工作人员", start, worked)
        if (one_of_them and canonical[:start] in SELF_INTRODUCTIONS and canonical.startswith("的", end)
                and opening_canonical(text.original) == canonical[:end + 1]
                and not text.original.lstrip().startswith(_QUOTES_OPENING)):  # (“我是税务局的，…”: a scam quoted)
            # 我是派出所的，…: the bio's first clause says the author is one of the body's people
            return TermHit("工作人员", start, end + 1)
    return None


# The posts that serve the public, which a body's service may stand before (税务局退税专员, 社保局养老金专员, 电子税务局
# 在线客服, 个税APP客服), up to this many characters of it
_SERVICE_POSTS = ("专员", "客服", "办事员", "经办人")
_SERVICE_REACH = 5
_NOT_IN_A_SERVICE = frozenset("的我你他她是在给问找打说和与跟")  # (税务局打电话问客服: someone calling it)


# 内部 right after a body's name: its author is inside it, with its people (税务局内部专员, 社保局内部办事员) or
# with what only its inside gives (车管所内部办证, 交警内部销分, 人社局内部编制名额): how insider scams present
# themselves. What a body's inside may also be without anyone in it claiming anything: its rooms and fittings, its
# journal, its controls (医院内部装修, 法院内部刊物, 揭秘派出所内部).
_INSIDER = "内部"
_INSIDE_THINGS = ("装修", "装饰", "设计", "结构", "构造", "环境", "布局", "刊物", "期刊", "审计", "控制", "管理", "图",
                  "照片", "实拍", "揭秘", "曝光", "视角", "长什么样", "什么样", "是什么样")


def _offers_from_inside(canonical: str, original: str, at: int, in_bio: bool) -> bool:
    """The body's name opening the text (its place before it) is followed at `at` by 内部 and what its inside gives
    (内部销分, 内部加急办证), not by what its rooms or journal are (`_INSIDE_THINGS`); a bio says what it gives there
    in its own voice, not quoting someone (“车管所内部…”)."""
    rest = canonical[at + len(_INSIDER):]
    if not rest or rest.startswith(_INSIDE_THINGS):
        return not in_bio and not rest  # a name ending 税务局内部 says no more than that
    return not (in_bio and original.lstrip().startswith(_QUOTES_OPENING))


def _unit_inside_at(canonical: str, at: int) -> int:
    """Where a unit of the body written at `at` ends (执行局, 窗口, 户籍科: `_UNIT_INSIDE`), or `at` when none is."""
    found = _UNIT_INSIDE.match(canonical, at)
    return found.end() if found is not None else at


# The work word, then only the years at it, ending a bio's first clause (工作, 工作多年, 上班十年, 干了十二年)
_YEARS_AT_WORK = re.compile(f"(?:{'|'.join(_AT_WORK_AFTER)})(?:多年|{COUNT_OF_YEARS})?")


# What a bio opening with a quotation begins with: the author quotes someone else (“我是税务局的，…”)
_QUOTES_OPENING = ('"', "“", "「", "『", "'", "‘")


# The last character of an organ word that names a unit staff serve in (公安局, 派出所, 法院, 卫健委, 交警大队,
# 宣传部, 海关, 消防站): a name that is such a body and a personal name (税务局小王, 某市公安局老张) claims to be
# its staff. Not a word that names no unit (公安, 消防, 人大: 人大小王 may be a university's student).
_UNIT_ENDS = frozenset("局所院委队厅办部处关站")
# What ends a place or institution, not a person's given name: after a body, 党校, 大院 and 食堂 are its school,
# compound and canteen (省委党校, 县委大院).
_PLACE_ENDS = frozenset("校院楼堂所园站场馆部室厅局处队会社门")


_A_SECTION = re.compile("[\u4e00-\u9fff]{1,3}(?:科|庭|处|局|室|组)")


def _member_of_a_body(index: IdentityIndex, text: NormalizedText) -> TermHit | None:
    """A name that is an official body followed by a personal name, alone or with what the holder's channel
    says it is (税务局小王, 海淀派出所李, 税务局小王的日常), the account's own marks after it aside (税务局小张官方):
    one of the body's staff, read as its post 工作人员. The body is an organ word ending in a unit, with any place
    written before it."""
    canonical = index.before_padding(text.canonical)
    for organ in index.organ_words.find(canonical):
        if (organ.end < len(canonical) and surname_and_rank(canonical[organ.end:])
                and not canonical.startswith(_UNIT_WORDS_AFTER_A_ROLE, organ.end)
                and not organ.term.endswith(HOSPITAL_ENDS)):
            # a surname and a rank after any organ word opening the name (经侦张队长, 禁毒李所长): a rank is always
            # someone's (not 交警大队: a unit's name, whose 大 is no surname)
            start = min((s for s, e, _ in _bodies(index, text) if e == organ.end), default=organ.start)
            if start == 0:
                return TermHit("工作人员", start, len(canonical))
        if not (organ.end < len(canonical) and canonical[organ.end - 1] in _UNIT_ENDS
                and not organ.term.endswith(HOSPITAL_ENDS)
                and canonical[-1] not in _PLACE_ENDS and not compound_head_after(canonical, organ.end)):
            continue
        # one of the body's sections may stand between (税务局|稽查科|小王, 法院|执行局|孟)
        section = _A_SECTION.match(canonical, organ.end)
        if names_the_holder(canonical[organ.end:]) or (
                section is not None and names_the_holder(canonical[section.end():])):
            start = min((s for s, e, _ in _bodies(index, text) if e == organ.end), default=organ.start)
            return TermHit("工作人员", start, len(canonical))
    return None


# Between the employer opening a bio and the role: a unit of it (新华社浙江分社记者, …法院执行局法官, 人民日报社会部
# 记者) or a grade of the post (新华社特约记者, 央视首席记者), up to this many characters.
_UNIT_OR_GRADE_REACH = 8
_SUB_UNIT_ENDS = ("分社", "记者站", "局", "庭", "部", "处", "科", "室", "所", "站", "队", "中心")
_POST_GRADES = ("特约", "首席", "资深", "高级", "驻站", "一线", "实习", "执行", "审判", "摄影", "文字", "出镜", "签约",
                "时政", "编辑", "驻外")


_UNIT_WORDS_AFTER_A_ROLE = ("大队", "支队", "中队", "总队", "分队", "队", "局")


def _begins_a_unit(index: IdentityIndex, canonical: str, hit: TermHit) -> bool:
    """The role is the first part of a longer organ word written there that names a unit (交警|大队, 警察|局),
    and nothing after the unit names one of its staff — its head (交警大队长) or a holder (交警支队李队长): the
    unit is named, not one of its staff (交警大队旁边的洗车店, 乐高警察局拼装)."""
    return canonical.startswith(_UNIT_WORDS_AFTER_A_ROLE, hit.end) and any(
        o.start == hit.start and o.end > hit.end and not canonical.startswith("长", o.end)
        and not names_the_holder(canonical[o.end:]) for o in index.organ_words.find(canonical))


def _opened_by_the_employer(index: IdentityIndex, text: NormalizedText, hit: TermHit) -> bool:
    """A bio that opens with an official body or news medium and the role, ending a clause — or its assistant's
    post (最高法法官助理，…): the author's employer and post (央视记者，爆料请私信; 北京市公安局民警。; a unit or a
    grade may stand between: 新华社浙江分社记者, 新华社特约记者). The body may be named by its everyday short
    form here (央视, 澎湃, 南都), which the role after it makes a claim; a clause that goes on is about
    someone else (央视记者拍摄的纪录片)."""
    if hit.start == 0 or not (_ends_a_clause(text.original, hit.term)
                              or _ends_a_clause(text.original, hit.term + "助理")
                              or _written_ending_a_clause(text, hit) or _the_holder_named_after(text, hit)):
        return False
    opening = text.canonical[: hit.start]
    if opening.removesuffix(_grade_before(opening)) in index.context_names:
        return True
    return any(start == 0 and end <= hit.start and _a_unit_or_grade(opening[end:])
               for start, end, _ in _bodies(index, text))


def _the_holder_named_after(text: NormalizedText, hit: TermHit) -> bool:
    """The bio's first clause goes on after the role only with its holder's name (央视记者小林个人号)."""
    clause = opening_canonical(text.original)
    return hit.end < len(clause) and text.canonical.startswith(clause) and only_the_holder_after(clause, hit.end)


def _grade_before(opening: str) -> str:
    return next((grade for grade in _POST_GRADES if opening.endswith(grade)), "")


def _a_unit_or_grade(between: str) -> bool:
    """What stands between the employer and the role is nothing, a grade of the post, or a unit of the employer
    (Han characters ending in 分社, 局, 庭, 部 …, a grade after it allowed) — not its audience's (人民日报读者
    俱乐部记者 reports for a readers' club)."""
    unit = between.removesuffix(_grade_before(between))
    return unit == "" or (len(unit) <= _UNIT_OR_GRADE_REACH and all(map(is_han, unit))
                          and unit.endswith(_SUB_UNIT_ENDS) and not any(fan in unit for fan in FANS))


_A_MILITARY_UNIT = re.compile("(?:边防|侦察|炮兵|装甲|特战|警卫|通信|工兵|汽车|舟桥|导弹|雷达|步兵|坦克|高炮|防化|"
                              "[一二三四五六七八九十0-9]+)[连排营]$")


def _heads_a_made_up_unit(index: IdentityIndex, canonical: str, hit: TermHit) -> bool:
    """A head's post (局长, 所长, 区长 …) right after a word ending in the unit it heads (…局局长) that is neither an
    organ word, a place, a unit of an organ named before it nor a unit left unnamed (税务局局长, 派出所所长, 朝阳区区长,
    税务局稽查科科长 and 某局局长 are; 减肥局局长 and 快乐所所长 are jokes)."""
    if not (hit.term.endswith("长") and hit.start >= 2 and canonical[hit.start - 1] == hit.term[0] != "庭"):
        return False  # (a court's tribunal is named by its cases: 行政庭庭长, 家事庭庭长)
    before = canonical[:hit.start]
    if _A_MILITARY_UNIT.search(before) is not None:
        return False  # an army's company, platoon or battalion is named by its arm or number (边防连连长, 三排排长)
    if before.endswith("某", 0, hit.start - 1):
        return False  # 某县县长, 某局局长: a real unit left unnamed, not a made-up one
    if hit.term in _TOWNS_HEADS and not any(world in before for world in _A_MADE_UP_WORLD):
        return False  # a town or a village no table lists is as likely real as made up (娜姑镇镇长): a person decides
    # the organ or place right before the unit's head, or before a unit of the organ's named a few characters on
    # (税务局|稽查科|科长)
    return not any(found.end == hit.start for found in index.division_finder.find(before)) and not any(
        found.end == hit.start or (0 < hit.start - found.end <= _UNIT_NAME_REACH
                                   and not any(world in before for world in _A_MADE_UP_WORLD))
        for found in index.organ_words.find(before))


_UNIT_NAME_REACH = 4  # characters of a unit's name between its organ and its head (稽查科, 治安大队)


# The heads of a place, each named after its level (镇长 of a 镇): written right after the place's name, whose level
# character it repeats (娜姑镇|镇长, 下党村|村主任), the role heads that place — a town or a village no division table
# lists, as well as a county
_PLACES_HEADS = {"镇长": "镇", "乡长": "乡", "村长": "村", "村主任": "村", "县长": "县", "区长": "区", "市长": "市"}
# … of which a town's, a township's and a village's: no table lists those places
_TOWNS_HEADS = frozenset(head for head, level in _PLACES_HEADS.items() if level in "镇乡村")


def _heads_the_place_named(canonical: str, hit: TermHit, original: str = "") -> bool:
    """The role heads a place named right before it by its name and level (娜姑镇镇长, 乌石镇村主任), and nothing
    follows but the holder's name, or — in a bio (`original` given) — the end of its first clause."""
    level = _PLACES_HEADS.get(hit.term)
    if level is None or not canonical.endswith(level, 0, hit.start) or hit.start < 3:
        return False
    if not all(map(is_han, canonical[hit.start - 3: hit.start - 1])):
        return False  # the place's own name, two characters or more, before its level
    if original:
        return len(opening_canonical(original)) == hit.end  # (娜姑镇镇长，…)
    rest = canonical[hit.end:]
    return not rest or names_the_holder(rest)


def _runs_into_a_word(canonical: str, end: int) -> bool:
    """The character before `end` and the one at it make an everyday two-character word (长|大)."""
    return 0 < end < len(canonical) and is_han(canonical[end]) and completes_a_word(canonical[end - 1],
                                                                                  syllable(canonical[end]))


def detect_staff(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D5: a staff role labels the account holder in the name (张警官) or is claimed in the bio; or a post
    in an official body does (税务局工作人员, 就职于北京市公安局)."""
    if profile.account_id in index.verified_accounts:
        return
    for field, text in profile.texts:
        in_bio = field == "bio"
        # the longest role first: 城管队员 is read whole before the 城管 it begins with
        hits = sorted([*index.staff_roles.find_views(text, sound=True, near=True),
                       *index.in_latin(index.roles_in_latin, text),
                       *in_initials(text, in_bio, ROLE_INITIALS)],
                      key=lambda h: h.end - h.start, reverse=True)
        post = _post_in_a_body(index, text, in_bio) or (None if in_bio else _member_of_a_body(index, text))
        if post is not None:
            hits.append(post)
        read: list[TermHit] = []
        # a place's name read into a role: among several roles (威海警察: 海警 or 警察), heard at all, or one that
        # begins inside one (上海警方 holds no 海警); a role opening the name begins no place's name
        place_test = len(hits) > 1 or any(h.view == "sound" or h.start > 0 for h in hits)
        places = index.division_finder.find(text.canonical) if place_test else []
        # the places are read once: those just found, else only if a surname's character stands before a role
        place_ends = place_ends_before_surnames(text.canonical, hits,
                                                _found(places) if place_test else index.division_finder.find)
        for hit in hits:
            if read_over(read, hit):
                continue  # a longer role read here decided (城管队员 is not 城管 again)
            if any(p.start < hit.start < p.end and not (hit.start == p.end - 1 and hit.term[0] in _LEVELS
                                                        and hit.view == "canonical"
                                                        and not _runs_into_a_word(text.canonical, hit.end))
                   for p in places):
                # the role's first character ends a place's name: 威海|警察 is not 海警, 上海|警方 no 海警, and 温岭市
                # heard is no 领事; one written role may share the place's level character (朝阳区长), unless its
                # last character begins a word with the next (泾源县长大的孩子: 长大, grown up)
                continue
            read.append(hit)
            if _a_private_trade(text.canonical, hit) or (hit.view == "sound" and hit.term in SOUNDS_LIKE_GIVEN_NAMES):
                continue
            if _heads_a_made_up_unit(index, text.canonical, hit):
                continue  # 减肥局局长: a joke's bureau
            if hit is not post and _begins_a_unit(index, text.canonical, hit):
                continue  # 交警 in 交警大队旁边的洗车店 is the brigade's name, not an officer
            if only_in_works_titles(text.original, text.canonical[hit.start:hit.end]):
                continue  # 《警察荣誉》追剧中: a series' name
            if index.padding_at(text.canonical, hit.end - 1) and (
                    hit.view == "sound" or text.canonical[hit.start - 1: hit.start] not in SURNAMES):
                # the role's last character begins 官方, 官微 …: 林静|官方 and 书法|官方 hold no 警官 or 法官;
                # written right after a surname it may still be the role (王警官方)
                continue
            if hit is post:
                person = True  # decided where it was found
            # a role partly in pinyin, or with a character drawn like one of its own (交瞥), is spelt out on
            # purpose; one of three or more syllables is no everyday sound either (检查官 for 检察官, 消防猿 for
            # 消防员), as for titles (D6)
            elif hit.view in ("canonical", "pinyin_mix", "near", "initials"):
                # the place may be written before a deputy's grade (云阳县|副|县长)
                deputy = text.canonical.endswith("副", 0, hit.start)
                person = (claimed_in_bio(text.canonical, hit, text.original,
                                         place_before=places_before(places, hit.start - deputy))
                          or _opened_by_the_employer(index, text, hit)
                          or _heads_the_place_named(text.canonical, hit, text.original)) if in_bio else (
                    labels_a_person(text.canonical, hit, place_ends)
                    or labels_a_person_in_its_part(text.canonical, hit, text.original, place_ends)
                    or _heads_the_place_named(text.canonical, hit))
            elif len(hit.term) >= 3:  # but ending a name, a sound-alike may be a trade's own word (质量检查官), and
                # one that keeps none of the role's characters after a surname, or anywhere in a bio, is other words
                # by chance (信阳毛|尖茶园)
                person = (claimed_in_bio(text.canonical, hit, text.original)
                          and keeps_a_character(text.canonical[hit.start:hit.end], hit.term)) if in_bio else (
                    (labels_a_person(text.canonical, hit, place_ends)
                     and (hit.end < len(text.canonical) or (
                         text.canonical[hit.start - 1: hit.start] in SURNAMES
                         and keeps_a_character(text.canonical[hit.start:hit.end], hit.term))))
                    or _a_disguised_role_after_its_unit(index, text.canonical, hit))
            else:  # a disguised two-syllable role counts only right after a surname (张井官, 李法宫), or by a
                # whole personal name; in a bio, which goes on after any name, only keeping a character of the
                # role (我是张敏静 is a name); never as an everyday word (李明记着)
                written = text.canonical[hit.start:hit.end]
                person = (not in_bio and _a_disguised_role_after_its_unit(index, text.canonical, hit)) or (
                    written not in EVERYDAY_ROLE_SOUNDALIKES and (
                    (hit.start > 0 and text.canonical[hit.start - 1] in FAMILY_NAMES
                     and not compound_head_after(text.canonical, hit.end)
                     and not _a_given_name(index.before_padding(text.canonical), hit)
                     and not (in_bio and not (set(written) & set(hit.term)
                                              and claimed_in_bio(text.canonical, hit, text.original))))
                    or (not in_bio and _a_disguised_role_around_a_name(index, text.canonical, hit))
                    or (in_bio and (a_disguise_introducing_itself(text.canonical, hit)
                                    or a_disguise_after_its_employer(text.canonical, hit, frozenset(
                                        o.end for o in index.organ_words.find(text.canonical))))
                        and claimed_in_bio(text.canonical, hit, text.original))))
            if not person or heard_inside_a_body(index, text, hit):  # (asked last: it reads the names in the text)
                continue
            official_context = bool(index.organ_words.find(text.canonical)) or bool(index.names.find(text))
            yield Violation(
                account_id=profile.account_id,
                rule="staff_impersonation",
                confidence=(0.95 if official_context else 0.85) * (1.0 if hit.view == "canonical" else 0.9),
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=f"role:{hit.term}",
                evidence={"field": field, "text": text.original, "canonical": text.canonical, "role": hit.term,
                          "view": hit.view,
                          "official_context": official_context, "steps": list(text.steps),
                          **location(text, hit.start, hit.end, hit.view, read_as=read_as(hit))},
            )
            break
