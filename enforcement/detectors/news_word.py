"""D8: news-attribute words (新闻, 报道, 资讯, 快讯, 头条…) in an account name without a news licence; and a bio that
presents the account as a news service (a news word and what a news service offers its readers: 新闻线索请拨打新闻热线,
24小时滚动播报), for review."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from enforcement.detectors.clauses import WORKS_TITLE
from enforcement.detectors.compounds import (
    FANS,
    PAPERWORK_WORDS,
    a_head_after,
    compound_head_after,
    compound_head_at_end,
    tells_something,
)
from enforcement.detectors.evidence import location
from enforcement.detectors.official_name import (
    REVIEW_CONFIDENCE,
    a_learners_work_after,
    may_be_only_mentioned,
    only_mentioned,
)
from enforcement.detectors.person_words import WATCHED_BEFORE
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex, TermHit
from enforcement.identity.index import NAME, OUTLET_WORDS, keeps_a_character
from enforcement.text import Match, NormalizedText, is_han, normalize
from enforcement.text.matcher import near_fold
from enforcement.text.surnames import SURNAMES
from enforcement.violations import Violation

# Compounds in which the word names a field of study or of industry, not a news service (资讯科技 is
# information technology, as Hong Kong and Taiwan say it).
NOT_A_NEWS_SERVICE = ("新闻学", "新闻系", "新闻专业", "新闻传播学", "新闻考研", "新闻传播考研", "新闻传播专业",
                      "新闻与传播", "资讯科技", "资讯工程", "资讯管理", "资讯安全",
                      "新闻纸",  # newsprint
                      "日报周报", "日报模板", "日报模版",  # an office's report forms
                      "头条号",  # an account on the Toutiao platform (头条号运营干货)
                      "新闻发言人")  # a body's spokesperson (D5 reads the post), not a news service
# Studying the field named by the word (学新闻的胖虎, 主修新闻): a student, not a service
STUDIED_BEFORE = ("学", "在学", "主修", "辅修")
# A personal log written daily, before 日报 (猫咪成长日报, 减肥日报): the author's diary, not a paper
DAILY_LOGS = ("成长", "养成", "学习", "减肥", "健身", "打卡", "工作", "上班", "摸鱼", "带娃", "育儿", "读书", "练琴",
              "练字", "备考", "考研", "背单词", "记账", "自律", "早起", "跑步", "追剧", "菜园", "种菜", "养花", "多肉",
              "宝宝", "萌宠", "毛孩子", "猫", "猫咪", "狗", "狗子", "狗狗", "养猫", "养狗", "铲屎", "干饭", "穿搭",
              "护肤", "喵星人", "汪星人")
_PAPERS = ("日报", "晚报", "早报", "周报")  # … and the same log kept in the evening or weekly (狗狗晚报)
# Words that a news word's last 报 begins with what follows: doing something quickly (快报名, 快速报价, 火速报到),
# checking in early or late (早报到, 晚报名), a daily report form or report (日报表, 日报告) — not a paper.
REPORTING_ACTS = (*PAPERWORK_WORDS, "报名", "报到", "报警", "报案", "报备", "报批")
# A fan site about one person: the person's name, a word for updates, a word for a fan's site (王一博资讯站,
# 杨紫新闻博). It gathers what is said about that person; it does not present itself as a news service.
UPDATES_WORDS = ("资讯", "新闻", "快讯")
FAN_SITE_WORDS = ("站", "小站", "博", "bot", "组", "吧")
NAME_LENGTHS = range(2, 5)  # a surname and one to three characters (易烊千玺)


# Watching, reading or hearing the news, and 的 after it: its viewer (看新闻的猫, 爱听新闻的老王), not a service
_WATCHING = ("看", "读", "听")
# … or doing so with the news's topic between (读财经新闻的上班族), having been in it (上过新闻的小镇姑娘), or
# watching it after other words (一个普通人看新闻, 看新闻吐槽; not 看看新闻, an outlet's name, nor 看点, highlights)
_WATCHED = re.compile("(?:看|读|听|刷|追看|上过|上了)[\u4e00-\u9fff]{0,2}$")
# Following a programme (追, 追更), read as watching only with 的 after the news word: 追踪新闻 may be a service's name
_FOLLOWED = re.compile("追[\u4e00-\u9fff]{0,2}$")


def _someones_own(index: IdentityIndex, canonical: str, hit: TermHit) -> bool:
    """The news word is someone's own, after 的: a person's or a household's (小王的日报, 我家猫的头条, 我家楼下的头条
    大妈), not a place's (成都的头条), nor a body's name with 的 slipped in (人民的日报)."""
    before = canonical[:hit.start]
    return (before.endswith("的") and (len(before) <= _SOMEONES_LENGTH or before.startswith("我家"))
            and before[:-1] not in _PRONOUNS  # 我的早报 names a paper for its reader
            and not index.division_finder.find(before)
            and not index.names.scan_raw(before[:-1] + canonical[hit.start:]) & NAME)


_SOMEONES_LENGTH = 4  # a name or nickname and 的 (小王的, 阿花的)
_PRONOUNS = ("我", "你", "您", "我们", "你们", "大家")


def _watched(canonical: str, hit: TermHit) -> bool:
    """The news word is what the name's holder watches, reads or has been in, not a service they run."""
    if canonical.endswith(_WATCHING, 0, hit.start) and canonical.startswith("的", hit.end):
        return True
    if canonical.startswith("的", hit.end) and _FOLLOWED.search(canonical, 0, hit.start) is not None:
        return True  # following a programme, and 的 after it (追早间新闻的上班族): its viewer
    found = _WATCHED.search(canonical, 0, hit.start)
    return found is not None and not canonical.startswith("看看") and not found[0].startswith("看点") and (
        canonical.startswith("的", hit.end) or found.start() > 0 or found[0] in ("上过", "上了")
        or hit.end < len(canonical))
# What a name says of itself to disclaim being a news service
NOT_MEDIA = ("非媒体", "非新闻机构", "非新闻媒体", "非官方媒体", "非记者", "不是媒体", "非新闻单位", "非官方")


def detect_news_word(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D8: the name carries a news word and the account holds no `news` credential (licence)."""
    if "news" in profile.credential_domains or profile.account_id in index.verified_accounts:
        return
    for field, text in profile.names():
        canonical = text.canonical
        if canonical.startswith(WATCHED_BEFORE):
            continue  # what a viewer or well-wisher watches or thanks (我爱看新闻联播, 感谢人民日报), not a service
        if any(word in canonical for word in NOT_MEDIA):
            continue  # 热点评论·非新闻机构, 看新闻的老王（非媒体）: the name says it is no news service
        # a news word that begins a shop's or place's name (日报亭, a newspaper kiosk), or one a fan's or a
        # firm's name ends soon after (新闻联播忠实观众, 快讯通物流), is not a news service
        # (a news word partly in pinyin, xin闻速递, is one spelt out on purpose)
        # as written, and with rare look-alikes folded; a disguise is looked for only in a name without one
        found = index.news_words.find(canonical) or (
            [TermHit(h.term, h.start, h.end, "shape") for h in index.news_words.find(text.shape)]
            if text.shape != canonical else []) or _disguised_hits(index, text)
        names = _written_names(index, text)  # found once, when a test first needs them
        hits = [h for h in [*found, *index.in_latin(index.news_in_latin, text), *_spelt_whole(text)]
                if not canonical.startswith(NOT_A_NEWS_SERVICE, h.start)
                and not any(compound_head_after(canonical, end) or compound_head_at_end(canonical, end)
                            for end in _ends_to_test(names, canonical, h))
                and not _a_reporting_act(canonical, h.term, h.end)
                and not (h.term in _PAPERS and canonical.endswith(DAILY_LOGS, 0, h.start))
                and not _someones_own(index, canonical, h)
                and not canonical.endswith(STUDIED_BEFORE, 0, h.start)
                # news as a word of its own, in a Chinese name (每日News): not newsletter, nor English prose (fake news)
                and (not h.term.isascii() or (h.term in text.words and not canonical.isascii()))
                and not _fan_site(index, canonical, h.term, h.start) and not _in_a_name_read(names, canonical, h)
                and not _a_works_audience(text.original, h.term)
                and not _watched(canonical, h)
                and not a_learners_work_after(canonical, h.end)]  # (英语新闻跟读, 日报摘抄: a learner's work)
        if hits:
            words = sorted({h.term for h in hits})
            yield Violation(
                account_id=profile.account_id,
                rule="news_word_unlicensed",
                confidence=0.9 if any(h.view == "canonical" for h in hits) else 0.85 if any(
                    h.view not in _DISGUISES for h in hits) else DISGUISED_CONFIDENCE,
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity="news:" + "+".join(words),
                # one span for the name: the smallest stretch holding every news word found
                evidence={"field": field, "text": text.original, "canonical": canonical, "news_words": words,
                          "steps": list(text.steps),
                          **location(text, min(h.start for h in hits), max(h.end for h in hits), _view(hits))},
            )
    for field, text in profile.bios():
        yield from _a_news_service_bio(index, profile, field, text)


# What a news service offers its readers, in its bio: a tip line, tips wanted, a reporting team, news pushed or
# broadcast as it happens (新闻热线, 爆料请私信, 记者团队, 第一时间推送, 24小时滚动播报). Stricter than
# `official_bio.NEWS_SERVICE_OFFERS`, read after a place's news name opening the bio: here nothing names an outlet.
NEWS_SERVICE_SIGNS = ("新闻热线", "爆料", "报料", "新闻线索", "记者团队", "滚动播报", "实时播报", "第一时间报道",
                      "第一时间推送", "第一时间发布", "24小时", "24h", "突发", "每日精选")
# What makes a bio with those words someone else's: a student, reader or fan of the news, or a disclaimer
_NOT_A_SERVICES_BIO = (*FANS, *NOT_MEDIA, "学生", "学院", "看新闻", "读新闻", "听新闻", "上过新闻", "接受", "采访过",
                       "曾是", "曾经", "退休", "以前")  # (本人曾是新闻记者: the author once was one)


def _a_news_service_bio(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                        ) -> Iterator[Violation]:
    """A bio that names news it gives and what a news service offers its readers (`NEWS_SERVICE_SIGNS`): the
    account presents itself as a news service without a licence (D8 reads the same in a name). For review: a
    bio says more than a name, and may describe someone else's service."""
    canonical = text.canonical
    if not any(sign in canonical for sign in NEWS_SERVICE_SIGNS) or any(
            word in canonical for word in _NOT_A_SERVICES_BIO):
        return
    hits = [h for h in index.news_words.find(canonical) if not canonical.startswith(NOT_A_NEWS_SERVICE, h.start)
            and not _a_reporting_act(canonical, h.term, h.end)]
    if not hits:
        return
    words = sorted({h.term for h in hits})
    yield Violation(
        account_id=profile.account_id, rule="news_word_unlicensed", confidence=REVIEW_CONFIDENCE,
        source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field,
        identity="news:" + "+".join(words),
        evidence={"field": field, "text": text.original, "canonical": canonical, "news_words": words,
                  "news_service_bio": True, "steps": list(text.steps),
                  **location(text, min(h.start for h in hits), max(h.end for h in hits))},
    )


# News words spelt whole in pinyin, as a word of their own in a name with Chinese in it (每日xinwen, 全网kuaixun): a
# news word written out on purpose. Not 资讯 (zixun is also 咨询, consulting) nor 头条 (toutiao, an app's name).
SPELT_NEWS_WORDS = {"xinwen": "新闻", "kuaixun": "快讯"}


def _spelt_whole(text: NormalizedText) -> list[TermHit]:
    if len(text.words) != 1 or text.canonical.isascii():
        return []  # most names: no Latin word; an all-Latin name is anyone's handle, and two words may be a name
        # in pinyin (Xinwen Wang的水彩)
    hits: list[TermHit] = []
    for word in text.words:
        term = SPELT_NEWS_WORDS.get(word)
        if term is None:
            continue
        at = text.canonical.find(word)
        if at >= 0:
            hits.append(TermHit(term, at, at + len(word), "pinyin"))
    return hits


# What a work's audience writes right after its title (《新闻女王》追剧中, 《新闻编辑室》观后感): a fan's word, or a
# review of it
_REVIEWS = ("书评", "影评", "剧评", "解说", "推荐", "安利", "二刷", "追更")


def _a_works_audience(original: str, term: str) -> bool:
    """The word is inside a work's title in book-title marks that a fan's or a reviewer's word follows: the name
    of a series or a book its audience writes about, not a news service (not 《每日新闻》, an outlet's own)."""
    if "《" not in original:
        return False  # most names
    for title in WORKS_TITLE.finditer(original):
        after = normalize(original[title.end():]).canonical
        if term in normalize(title.group(1)).canonical and after.startswith((*FANS, *_REVIEWS)):
            return True
    return False


# The unit a paper's or station's word may be followed by before a place word (日报社|对面, 电视台|旁边)
_UNIT_AFTER = "社台站馆"


def _written_names(index: IdentityIndex, text: NormalizedText) -> Callable[[], list[Match]]:
    """The protected names written in `text` (canonical view), searched for once, on the first call."""
    return cache(lambda: [m for m in index.names.find(text) if m.view == "canonical"])


def _ends_to_test(names: Callable[[], list[Match]], canonical: str, hit: TermHit) -> list[int]:
    """Where the word at `hit` ends, for the head tests: at its own end, after its unit (日报社对面麻辣烫 is a
    restaurant across from the paper's office), and at the end of a protected name it begins (新闻联播打卡的大爷
    is the programme's viewer, as D1 reads it)."""
    ends = [hit.end]
    if canonical[hit.end:hit.end + 1] in _UNIT_AFTER and hit.end < len(canonical):
        ends.append(hit.end + 1)
    if hit.view == "canonical" and hit.end < len(canonical) and a_head_after(canonical, hit.end):
        ends += [m.end for m in names() if m.start <= hit.start and hit.end < m.end]
    return ends


def _in_a_name_read(names: Callable[[], list[Match]], canonical: str, hit: TermHit) -> bool:
    """The word is part of a protected name the text only mentions — watches, reads, talks about, or is in the
    audience of (读人民日报学写作, 看参考消息的大爷, 羊城晚报的老街坊) — as D1 reads it."""
    if not may_be_only_mentioned(canonical):
        return False  # the common case: nothing in the name says it only mentions a body
    return any(m.start <= hit.start and hit.end <= m.end and only_mentioned(canonical, m.start, m.end)
               for m in names() if m.view not in ("pinyin", "initials"))


# A news word heard (心闻, 豹道, 侩讯) or drawn with an everyday look-alike (新间) is weaker evidence than one
# written: below the default policy's bar for deciding alone (0.8), so a person confirms it.
DISGUISED_CONFIDENCE = 0.75
_DISGUISES = ("sound", "near")
# Everyday words that sound like a news word and keep one of its characters: glad to hear (欣闻), checking in
# (报到), video calls (视讯), reporting expenses (实报), asking (要问), a new text (新文), a consultancy's
# misspelling (资询), brands (快迅), nicknames (晚宝) and a city's paper (都市报: no 时报 in disguise).
EVERYDAY_NEWS_SOUNDALIKES = frozenset({"欣闻", "报到", "视讯", "实报", "要问", "新文", "资询", "快迅", "快宝", "晚宝",
                                       "早宝", "晨宝", "日宝", "时宝", "宝道", "刨刀", "市报"})


# Two-character surnames, before which a news word's sound is a given name (欧阳新雯)
COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "上官", "诸葛", "皇甫", "慕容", "令狐", "公孙", "夏侯", "尉迟", "长孙",
                               "宇文", "司徒", "独孤", "南宫", "西门", "端木", "轩辕", "澹台", "百里", "呼延", "万俟"})


def _outlet_ends(canonical: str) -> set[int]:
    """Where a disguised news word may end: the name's end, or before one or two outlet words ending it."""
    ends = {len(canonical)}
    if not canonical.endswith(OUTLET_WORDS):  # most names: one test
        return ends
    for word in OUTLET_WORDS:
        if canonical.endswith(word):
            end = len(canonical) - len(word)
            ends.add(end)
            ends.update(end - len(other) for other in OUTLET_WORDS if canonical.endswith(other, 0, end))
    return ends


def _disguised_hits(index: IdentityIndex, text: NormalizedText) -> list[TermHit]:
    """News words heard or drawn with an everyday look-alike where a disguise may stand (`_disguised`): only
    the spans ending where `_outlet_ends` says are read, one lookup each, not the whole name."""
    canonical, sound = text.canonical, text.sound_code
    found: list[TermHit] = []
    if len(canonical) < 4:
        return found  # two characters before a two-character word at least
    for end in _outlet_ends(canonical):
        for size in (2, 3):
            start = end - size
            if start < 2:
                continue
            heard = index.news_words.heard_as(sound[start:end]) if len(sound) == len(canonical) else ()
            folded = near_fold(canonical[start:end])
            candidates = [TermHit(term, start, end, "sound") for term in heard]
            if folded is not None and folded in index.news_words:
                candidates.append(TermHit(folded, start, end, "near"))
            hit = next((h for h in candidates if _disguised(canonical, h) or _an_everyday_soundalike_after_a_place(
                index, canonical, h)), None)
            if hit is not None:
                found.append(hit)
    return found


def _an_everyday_soundalike_after_a_place(index: IdentityIndex, canonical: str, hit: TermHit) -> bool:
    """A news word heard as a word that is no verb or greeting (`_OUTLETS_SOUNDALIKES`), right after the name of a
    city or province that is no everyday word (榆林新文, 兰州快迅): the place's outlet, disguised. Anywhere else it
    is itself (原创新文 is a new story; 晋江新文, a county's name that is also a novel site's, stays a story)."""
    if canonical[hit.start:hit.end] not in _OUTLETS_SOUNDALIKES:
        return False
    return any(place.end == hit.start and any(
        division.level != "county" and not division.ordinary_word for division in index.divisions_by_name[place.term])
        for place in index.division_finder.find(canonical[:hit.start]))


# News words heard as words that are not verbs or greetings (报到, 欣闻 are), read after a city's or province's name
_OUTLETS_SOUNDALIKES = frozenset({"新文", "快迅"})


def _view(hits: list[TermHit]) -> str:
    """The view the evidence shows the reading of: the one every hit was found by (the syllables heard, the
    look-alikes folded), else the text as written."""
    views = {h.view for h in hits}
    return views.pop() if len(views) == 1 and views <= {"shape", "near", "sound"} else "canonical"


def _disguised(canonical: str, hit: TermHit) -> bool:
    """A news word heard or drawn alike, found where a disguise may stand (`_disguised_hits`: the name's end or
    before outlet words), written as one: it keeps one of its own characters (芯闻 for 新闻, 新间), is no everyday
    word, and at least two characters come before it that are not a surname — a place or a topic (今日心闻,
    西安报捣, 娱乐侩讯). 李新雯 and 欧阳新雯 are names, 欣闻喜讯 is good news."""
    written = canonical[hit.start:hit.end]
    before = canonical[:hit.start]
    return (keeps_a_character(written, hit.term) and written not in EVERYDAY_NEWS_SOUNDALIKES
            and len(before) >= 2 and all(map(is_han, before[-2:])) and before not in COMPOUND_SURNAMES)


def _fan_site(index: IdentityIndex, canonical: str, word: str, start: int) -> bool:
    """Whether the whole name is a person's name, an updates word and a fan site's word (王一博资讯站): the
    characters before the word must read as a personal name — a common surname first, Han characters only,
    no place, body or other term of the registry's vocabulary in them (成都资讯站 stays a news word). The name
    matcher's scan holds every division name and vocabulary term, so one scan answers for all of them."""
    if word not in UPDATES_WORDS or start not in NAME_LENGTHS or canonical[start + len(word):] not in FAN_SITE_WORDS:
        return False
    person = canonical[:start]
    return (person[0] in SURNAMES and all(map(is_han, person))
            and not index.names.scan_raw(person))


def _a_reporting_act(canonical: str, term: str, end: int) -> bool:
    """The news word's last 报 begins an act of reporting or filing with what follows (快速报价, 日报表)."""
    return term.endswith("报") and canonical.startswith(REPORTING_ACTS, end - 1) and not tells_something(canonical, end)
