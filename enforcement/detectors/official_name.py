"""D1: a display name or handle imitates a protected official body, public institution or news medium."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from enforcement.detectors.compounds import (
    DEVOTION,
    FANS,
    audience_after,
    compound_head_after,
    compound_head_at_end,
    inside_a_place_name,
    starts_inside_a_place_name,
    straddles_an_everyday_word,
)
from enforcement.detectors.evidence import location, match_evidence
from enforcement.detectors.institution_bio import (
    PART_LAST_CHARACTERS,
    SCHOOLS,
    begins_with_a_place,
    institutions_named,
    names_a_kind,
    one_of_its_parts,
    without_a_unit,
    without_an_offer,
)
from enforcement.detectors.person_words import (
    AIMED_AT_BEFORE_A_NAME,
    COUNT_OF_YEARS,
    JOKES_WORLDS,
    RELATIONS_AFTER,
    WATCHED_BEFORE_A_NAME,
    a_figure_of_speech,
    looks_like_personal_name,
)
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex, TermHit
from enforcement.identity.index import UNITS_WITH_A_MARK
from enforcement.text import Match, NormalizedText, is_han
from enforcement.text.matcher import near_fold
from enforcement.violations import Violation

SHORT_NAME = 3  # names shorter than this only count as the whole display name (央视, 武警…)

# Right before a body's name: listening to it, using it, or talking about it (听中国之声上下班, 用China Daily练英语,
# 聊聊外交部那些金句)
_HEARD_USED_OR_DISCUSSED = ("听", "听着", "用", "聊聊", "说说", "谈谈", "吐槽")
# … or a household, a dorm or a circle of friends whose joke it is (家庭财政部长, 宿舍新闻联播, 朋友圈纪委)
_A_HOMES_JOKE_BEFORE = (*JOKES_WORLDS, "我家", "宇宙", "星球", "地球", "楼道", "小区", "村口")  # (宇宙最高法院)
# … or visiting it (去故宫博物院玩, 逛国家博物馆)
_VISITED_BEFORE = ("去", "逛", "逛逛", "游", "参观", "打卡", "来到")
_NOT_THE_BODY_BEFORE = (*WATCHED_BEFORE_A_NAME, *AIMED_AT_BEFORE_A_NAME, *_HEARD_USED_OR_DISCUSSED,
                        *_A_HOMES_JOKE_BEFORE, *_VISITED_BEFORE)
# … or reading, watching or subscribing to it for years (订了三十年参考消息的爷爷, 看了十年新闻联播)
_FOR_YEARS_BEFORE = re.compile(f"(?:订|看|读|听|追)了?{COUNT_OF_YEARS}$")
# … or after it (参考消息订阅二十年的老爸, 新闻联播看了三十年)
_FOR_YEARS_AFTER = re.compile(f"(?:订阅?|看|读|听|追)了?{COUNT_OF_YEARS}")
# What, right after a body's name, makes the name about the body: its new rules, its sayings, "those" things of it
# (证监会新规吐槽君, 外交部那些金句)
_ABOUT_IT_AFTER = ("新规", "金句", "那些", "那点")
# … or studying there, said a few characters after it (中科院读博的小周, 社科院研究生院在读, 北大毕业)
_STUDYING_AFTER = re.compile("在读|读博|读研|就读|求学|毕业|学生(?![处科部])|实习生|进修生")  # (not 学生处, an office)
_STUDYING_REACH = 8
# … or a piece of it read or watched, right before it (每天读一篇人民日报评论, 背一段新闻联播): its reader
_A_PIECE_OF_IT_BEFORE = re.compile("(?:看|读|听|刷|追|抄|背)(?:一|几|两|每)?[篇期集份段条句]$")
# … or learning from it (向人民日报学写作, 跟着新闻联播学普通话): a learner
_LEARNING_FROM_BEFORE = ("向", "跟", "跟着")
# … or what a learner, reader or fan makes of it, a few characters after it (最高法指导案例研读, 法治日报读报心得,
# 人民日报体仿写练习, 火箭军军歌翻唱, 学习强国答题搭子): the body's work is the name's topic. A name marked official
# (人民日报官方精读) is still the body's, so `only_mentioned` asks for no such mark.
_A_LEARNERS_WORK_AFTER = re.compile("研读|精读|读报|心得|笔记|摘抄|仿写|翻唱|答题|搭子|学习小组|积累|语录|变迁|练习"
                                    "|跟读|练口播|仿读")  # (英语新闻跟读: reading after the broadcast)
_LEARNERS_REACH = 8


def a_learners_work_after(canonical: str, end: int) -> bool:
    """What a learner, reader or fan makes of a body's work follows its name ending at `end` within reach, and
    nothing in the text marks it official (人民日报官方精读 is the body's)."""
    return (_A_LEARNERS_WORK_AFTER.search(canonical, end, end + _LEARNERS_REACH) is not None
            and not any(mark in canonical for mark in CONTEXT_MARKS))


# A body's abbreviation in Latin letters, one word of a few letters (MOFCOM, NFRA): written as sent, it stands as a
# word of its own, not inside a longer one (Infrared, Samrat). Longer Latin names run their words together once
# spaces are dropped (People Daily is the peopledaily listed), so only short ones are asked.
_ABBREVIATION_MAX = 6


def inside_a_latin_word(original: str, name: str) -> bool:
    """`name`, a short Latin abbreviation, appears in the text as sent only inside longer Latin words."""
    if len(name) > _ABBREVIATION_MAX or not name.isascii() or not name.isalpha():
        return False
    word = "[^a-z]{0,3}".join(name.casefold())  # its letters may be spaced or dotted (P.B.O.C)
    return re.search(rf"(?<![a-z]){word}(?![a-z])", unicodedata.normalize("NFKC", original).casefold()) is None


def _someone_the_body_has(canonical: str, end: int) -> bool:
    """A reader, neighbour or other relation of the body, after 的 (羊城晚报的老街坊, 人民日报的老读者)."""
    if not canonical.startswith("的", end):
        return False
    rest = canonical[end + 1:].removeprefix("老")
    return rest.startswith((*RELATIONS_AFTER, "街坊"))


# the characters `only_mentioned` needs one of: the last of a word before the name, 年 (订了三十年), 的, and the first
# of a word after it
_MENTION_MARKS = frozenset({word[-1] for word in _NOT_THE_BODY_BEFORE} | {"年", "的"}
                           | {word[0] for word in (*_ABOUT_IT_AFTER, *DEVOTION, *FANS)}
                           | set("篇期集份段条句") | set(_LEARNING_FROM_BEFORE)
                           | {word[0] for word in _A_LEARNERS_WORK_AFTER.pattern.split("|")})


def may_be_only_mentioned(canonical: str) -> bool:
    """A cheap necessary test for `only_mentioned` anywhere in `canonical`: a character that ends a word of watching or
    aiming, or begins one of audience, relation or topic, is in it (most names have none)."""
    return not _MENTION_MARKS.isdisjoint(canonical)


def only_mentioned(canonical: str, start: int, end: int) -> bool:
    """The body named at [start, end) of a name is what the name's holder watches, reads, aims at, talks about,
    studies at or belongs to the audience of (每天看人民日报, 光明日报老读者周叔, 证监会新规吐槽君,
    中科院读博的小周), not the holder: D4 and D8 read the words inside it so too."""
    return (canonical.endswith(_NOT_THE_BODY_BEFORE, 0, start) or _FOR_YEARS_BEFORE.search(canonical, 0, start)
            is not None or _someone_the_body_has(canonical, end) or canonical.startswith(_ABOUT_IT_AFTER, end)
            or audience_after(canonical, end) or _FOR_YEARS_AFTER.match(canonical, end) is not None
            or _STUDYING_AFTER.search(canonical, end, end + _STUDYING_REACH) is not None
            or _A_PIECE_OF_IT_BEFORE.search(canonical, 0, start) is not None
            or (canonical.endswith(_LEARNING_FROM_BEFORE, 0, start) and canonical.startswith("学", end))
            or a_learners_work_after(canonical, end))


@lru_cache(maxsize=8)
def removal_order(padding: frozenset[str]) -> tuple[str, ...]:
    """Padding words longest first, then in code-point order: a fixed order, so that the result of
    removing them does not depend on how a set happens to iterate (发官号布 leaves 发布 or nothing
    depending on whether 发布 or 官号 goes first)."""
    return tuple(sorted(padding, key=lambda word: (-len(word), word)))


def leftover(text: NormalizedText, match: Match, padding: frozenset[str]) -> str:
    """What the name has besides the protected name and padding words (官方, 发布, 频道…)."""
    if match.view in ("pinyin", "initials"):
        rest = text.canonical.replace(match.matched_text, "", 1)
    else:
        rest = text.canonical[: match.start] + text.canonical[match.end:]
    for word in removal_order(padding):
        if not rest:
            break
        if word in rest:  # a replace that finds nothing still copies the string
            rest = rest.replace(word, "")
    return rest


def within(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """[start, end) lies inside one of `spans` that is longer (the same span is another reading of it)."""
    return any(s <= start and end <= e and e - s > end - start for s, e in spans)


# Words that, alone beside a body's everyday short form, make the name the body's account: 央视官方, 央行发布,
# 官方认证武警. Other padding (网, 在线, 中心, 平台…) also ends shops' and sites' names (光明网 is an alias of its own).
CONTEXT_MARKS = frozenset({"官方账号", "官方", "官微", "官号", "官网", "发布", "认证", "客户端", "频道"})


# … and in English, beside an abbreviation in Latin letters (PLA Official, CAC China): read for the short form only,
# so a name in English is not marked official elsewhere by the country it names
_ENGLISH_CONTEXT_MARKS = frozenset({"official", "china"})
_ALL_CONTEXT_MARKS = CONTEXT_MARKS | _ENGLISH_CONTEXT_MARKS


# Signs that imitate a platform's verification badge (✅央视, 澎湃✔): beside a body's everyday short form and
# nothing else, they mark it official as 官方 does. The canonical text drops them, so the name as sent is read.
VERIFIED_SIGNS = ("\u2705", "\u2714", "\u2611", "\u2713", "\U0001f194")  # ✅ ✔ ☑ ✓ 🆔


# A university's short form and the number of one of its affiliated hospitals, the way patients name them (浙大一院,
# 北大六院, 郑大一附院, 苏大附一院, 兰大第二医院): the hospital, a part of the university (`context_claim`)
_NUMBERED_HOSPITAL = re.compile("(.+?)(?:第?[一二三四五六七八九]{1,2}(?:附属医院|附院|医院|院)"
                                "|附[一二三四五六七八九]院)")
_HOSPITAL_OR_PART_ENDS = PART_LAST_CHARACTERS | {"院"}
_HOSPITAL = "医院"
# What only a school's admissions office offers under its short form (复旦招生, 川大招生在线): its own account's name
_ADMISSIONS = ("招生", "招生咨询", "招生在线", "招办", "招办在线")
# A university's short form and a school attached to it, perhaps numbered (北大附中, 清华附小, 华东师大二附中): a public
# school the university runs, named as the public names it
_ATTACHED_SCHOOL = re.compile("(.+?)(?:[一二三四五六七八九]?附(?:中|小)|附属(?:中学|小学|实验学校))")


def an_institutions_short_form(index: IdentityIndex, rest: str) -> tuple[str, str] | None:
    """(identity, short form) when `rest`, a name without its marks, is an institution's short form before its
    admissions (复旦招生), one of its units (厦大招生办, 北大教务处), the number of one of its hospitals (浙大一院,
    郑大一附院) or a school attached to it (北大附中, 华东师大二附中), or a listed hospital's short form alone
    (湘雅医院, 北医三院): no everyday word. Asked only of names ending as admissions, a unit, a hospital or a school
    does."""
    admissions = next((offer for offer in _ADMISSIONS if rest.endswith(offer) and len(rest) > len(offer)), None)
    if admissions is not None:
        short = rest[: -len(admissions)]
    elif rest and rest[-1] in _HOSPITAL_OR_PART_ENDS:
        short = without_a_unit(rest)
        if short not in index.context_names and (hospital := _NUMBERED_HOSPITAL.fullmatch(short)) is not None:
            short = hospital[1]
    elif (school := _ATTACHED_SCHOOL.fullmatch(rest)) is not None:
        short = school[1]
    else:
        return None
    # the short form alone names the body only when it is a hospital's (湘雅医院): 北大 alone may be anyone's
    named = short != rest or short.endswith(_HOSPITAL) or _NUMBERED_HOSPITAL.fullmatch(short) is not None
    owner = index.context_names.get(short) if named else None
    if owner is None or index.registry.identities[owner].kind != "institution":
        return None
    return owner, short


def context_claim(index: IdentityIndex, text: NormalizedText) -> tuple[str, str] | None:
    """(identity, short form) when the name is a body's everyday short form (央视, 央行: a context alias) with
    official marks or a verification sign and nothing else, or an institution's short form with one of its parts or
    what it offers, or a listed hospital's short form alone (`an_institutions_short_form`); None otherwise (the
    short form alone is an everyday word)."""
    canonical = text.canonical
    if not index.context_names or len(canonical) > 12:
        return None
    rest = canonical
    for mark in removal_order(_ALL_CONTEXT_MARKS):  # longest first, as padding is removed
        rest = rest.replace(mark, "")
    found = an_institutions_short_form(index, rest)
    if found is not None:
        return found
    if rest == canonical and (canonical not in index.context_names
                              or not any(sign in text.original for sign in VERIFIED_SIGNS)):
        return None
    identity = index.context_names.get(rest)
    return (identity, rest) if identity is not None else None


def detect_official_name(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D1: the protected name appears in the display name under any evasion; its own accounts are exempt."""
    for field, text in profile.names():
        yield from _context_alias(index, profile, field, text)
        yield from _local_unit(index, profile, field, text)
        yield from _a_numbered_troop(index, profile, field, text)
        seen: set[str] = set()
        reported: list[tuple[int, int]] = []  # where the names reported lie (the longest come first)
        words: tuple[list[TermHit], list[TermHit]] | None = None  # organ words, division names
        for match in index.names.find(text):
            if match.key in seen or index.registry.is_verified(match.key, profile.account_id):
                continue
            if match.start > 0 and a_figure_of_speech(text.canonical, TermHit(match.name, match.start, match.end), "",
                                                      owners=False):
                continue  # 家里的财政部长: a household's, not the ministry
            if match.view not in ("pinyin", "initials") and within(reported, match.start, match.end):
                continue  # a body's name inside a longer one reported (中共中央 in 中共中央组织部) is part of it
            if inside_a_latin_word(text.original, match.name):
                continue  # NFRA in Infrared, SAMR in Samrat: letters of a longer word
            if match.view == "sound" and (_an_everyday_soundalike(index, text, match)
                                          or _heard_after_other_words(index, text, match)):
                continue
            if match.view not in ("pinyin", "initials") and (match.start > 0 or match.end < len(text.canonical)):
                # the name begins a place, business or event name (绍兴发布会摄影, 喀什交警路小吃,
                # 苏州公安县小龙虾): that place's account, not the body's. The organ word the name ends in
                # is read whole first (南京公安|局对面: 公安局 is followed by 对面). Nor does a name read from
                # the middle of a place name written out in full count (朝阳区公安分局 is not 阳曲公安)
                if words is None:
                    words = (index.organ_words.find(text.canonical), index.division_finder.find(text.canonical))
                end = max((o.end for o in words[0] if o.start < match.end < o.end), default=match.end)
                if starts_inside_a_place_name(index, words[1], match.start):
                    continue
                if only_mentioned(text.canonical, match.start, end):
                    continue  # a viewer's, reader's, candidate's or critic's account names the body it watches
                if match.view == "canonical" and straddles_an_everyday_word(text.canonical, match.end):
                    continue  # 人民网红 is 人民 + 网红, not 人民网
                if match.end < len(text.canonical) and (compound_head_after(text.canonical, end)
                                                        or compound_head_at_end(text.canonical, end)
                                                        or inside_a_place_name(index, words[1], match.start, end)):
                    continue
            rest = leftover(text, match, index.padding_words)
            whole = rest == ""
            if len(match.name) < SHORT_NAME and not whole:
                continue
            if not whole and match.name.endswith(SCHOOLS) and not one_of_its_parts(rest):
                continue  # 清华大学校友会, 北京大学美食: its students', alumni's or fans' own words, not the school
            seen.add(match.key)
            if match.view not in ("pinyin", "initials"):
                reported.append((match.start, match.end))
            exact = whole and match.view == "canonical"
            yield Violation(
                account_id=profile.account_id,
                rule="official_name_exact" if exact else "official_name_similar",
                confidence=match.confidence if whole else match.confidence * 0.9,
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=match.key,
                evidence=match_evidence(field, text, match, identity_kind=index.registry.identities[match.key].kind),
            )


def _an_everyday_soundalike(index: IdentityIndex, text: NormalizedText, match: Match) -> bool:
    """A place's organ heard through an everyday word that replaces its two-character organ word whole
    (深圳小方 for 深圳消防, 北京正午 for 北京政务): a disguise keeps one of the word's characters (阳朔公按,
    重庆发部), as D4 asks of the organ words it hears; the place may be heard too (泰洲公安 is 泰州's or
    台州's police)."""
    if index.registry.identities[match.key].kind != "local_organ":
        return False
    heard = text.canonical[match.start:match.end]
    organ = match.name[-2:]
    return organ in index.organ_words and len(heard) == len(match.name) and not set(heard[-2:]) & set(organ)


def _heard_after_other_words(index: IdentityIndex, text: NormalizedText, match: Match) -> bool:
    """A place's organ heard from the middle of a name, after characters that are not padding: 中山路|花店发布 is a
    flower shop's posts, not 桦甸发布; 薛之谦|后援会发布 a fan club's, not 源汇发布. Heard from the name's start it
    may be a disguise (杨欣发布 for 阳信发布: sent to review by its confidence)."""
    if match.start == 0 or index.registry.identities[match.key].kind != "local_organ":
        return False
    before = index.before_padding(text.canonical[: match.start])
    return before not in index.padding_words and any(map(is_han, before))


def _context_alias(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                   ) -> Iterator[Violation]:
    """D1 for a body's everyday short form made official by marks alone (央视官方): a similar name, for review."""
    claim = context_claim(index, text)
    if claim is None or index.registry.is_verified(claim[0], profile.account_id):
        return
    identity, alias = claim
    start = text.canonical.find(alias)
    yield _for_review(profile, field, identity, {
        "field": field, "text": text.original, "canonical": text.canonical, "matched": alias, "protected_name": alias,
        "view": "canonical", "steps": list(text.steps), "context_alias": True,
        "identity_kind": index.registry.identities[identity].kind, **location(text, start, start + len(alias))})


REVIEW_CONFIDENCE = 0.8  # below the default policy's bar for deciding alone (0.85): a person confirms it


def _for_review(profile: ProfileView, field: str, identity: str, evidence: dict[str, object]) -> Violation:
    """A similar name that no registry name matched as written, sent to a person (`REVIEW_CONFIDENCE`)."""
    return Violation(account_id=profile.account_id, rule="official_name_similar", confidence=REVIEW_CONFIDENCE,
                     source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field,
                     identity=identity, evidence=evidence)


_UNIT_PLACE = range(2, 7)  # characters of the place before a unit: 中关村, 拱北, 前门街道 …
# A town's, township's, street's or village's level written before the unit, or beginning it: what stands before is a
# place's name, never a person's (柳市镇派出所, 盛泽镇政府 — 柳市 and 盛泽 read as names too)
_LEVELS = ("镇", "乡", "街道", "村", "社区")
_NICKNAMES = ("小", "老", "阿")  # how a nickname begins (小王, 老李, 阿强)
# … longer when a town's or street's name and a village's or community's stand there (太清宫镇|刘寨村|村委会)
_A_TOWNS_VILLAGE = re.compile("[\u4e00-\u9fff]{1,4}(?:镇|乡|街道)[\u4e00-\u9fff]{1,4}(?:村|社区)")


def _local_unit(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText) -> Iterator[Violation]:
    """D1 for a unit that is always official, named after a place no registry lists (中关村派出所, 拱北海关,
    太平镇人民政府): the whole name is Han characters ending in the unit word (`local_units` in vocab.json).
    A division written right before it is D4's (海淀区派出所). No registry says the unit exists: a similar
    name, for review."""
    # as written, else with rare look-alikes folded (护国派岀所)
    units = longest_first(index.registry.vocabulary.local_units)
    views: tuple[str, ...] = (text.canonical, text.shape)
    if text.canonical.endswith(index.padding_first):  # (皇岗边检站 官方)
        marked = (index.before_padding(text.canonical), index.before_padding(text.shape))
        views += marked
        if any(view.endswith(UNITS_WITH_A_MARK) for view in marked):
            units = (*units, *UNITS_WITH_A_MARK)
    if text.canonical.endswith(_UNITS_WITH_A_PATH) and _a_path_before(index, text.canonical):
        units = (*units, *_UNITS_WITH_A_PATH)  # 黄浦区南京东路街道, 义乌市稠城街道宾王社区
    canonical = next((view for view in views if view.endswith(units)), None)
    if canonical is None:
        return  # (most names: no view ends in a unit)
    unit = next(u for u in units if canonical.endswith(u))
    if index.registry.is_verified(f"unit:{canonical}", profile.account_id):
        return
    place = canonical[: -len(unit)]
    if index.before_padding(place) in index.padding_words:
        return  # 官方派出所: no place, only a mark (organ_alone.py)
    if unit in index.organ_words and any(h.end == len(place) for h in index.division_finder.find(place)):
        return  # 海淀区派出所: a division and an organ word, D4 (太平镇人民政府 is a town's, not 太平区's)
    if not a_units_place(index, place, unit) or any(m.view == "canonical" for m in index.names.find(text)):
        return  # 中国海关 is the registry's own body
    yield _for_review(profile, field, f"unit:{canonical}", {
        "field": field, "text": text.original, "canonical": canonical, "matched": canonical, "unit": unit,
        "place": place, "view": "canonical", "steps": list(text.steps), "identity_kind": "local_unit",
        **location(text, 0, len(canonical))})


# The army's units go by a five-digit number before 部队 (66389部队), the designation they publish; perhaps the army's
# name before it, one of the unit's offices after it, or padding
_A_NUMBERED_TROOP = re.compile("(?:中国人民解放军|解放军|武警)?([0-9]{5})部队(?:[\u4e00-\u9fff]{1,4}[处科部室队])?")


def _a_numbered_troop(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                      ) -> Iterator[Violation]:
    """D1 for a name that is a troop's numbered designation and nothing but padding (66389部队, 解放军32101部队后勤处):
    no list of them is published, so a similar name, for review, identity `unit:<number>部队`."""
    if "部队" not in text.canonical:
        return
    found = _A_NUMBERED_TROOP.fullmatch(index.before_padding(text.canonical))
    if found is None or index.registry.is_verified(f"unit:{found[1]}部队", profile.account_id):
        return
    yield _for_review(profile, field, f"unit:{found[1]}部队", {
        "field": field, "text": text.original, "canonical": text.canonical, "matched": found[0],
        "unit": "部队", "view": "canonical", "steps": list(text.steps), "identity_kind": "local_unit",
        **location(text, 0, len(found[0]))})


# A street's or a community's name is the place's, and an online forum's too (XX社区); after the district or town it
# lies in, written in full, it is the office's address as its own account names it (黄浦区南京东路街道, 南桥镇江海社区,
# 义乌市稠城街道宾王社区)
_UNITS_WITH_A_PATH = ("街道", "社区")
_TOWN_LEVELS = ("街道", "镇", "乡")


def _a_path_before(index: IdentityIndex, canonical: str) -> bool:
    """`canonical` opens with a division written in full, or has a street or town written before its last unit."""
    if _after_the_divisions(index, canonical) != canonical:
        return True
    unit = next(u for u in _UNITS_WITH_A_PATH if canonical.endswith(u))
    head = canonical[: -len(unit)]
    return any(0 < head.find(level) < len(head) - len(level) for level in _TOWN_LEVELS)


# Words a place's name does not hold: a sentence's (今年国考报了海关, 药房位于南京政务服务中心), not a place's name
_NOT_IN_A_PLACES_NAME = ("的", "了", "位于", "报", "在", "是")


def a_units_place(index: IdentityIndex, place: str, unit: str) -> bool:
    """Whether `place`, written right before a unit that is always official, is a place's name: Han characters only, a
    few of them after the divisions written in full (昆明市五华区|护国派出所), no person's name (小王派出所) unless a
    level or a division before it says it is a place's (柳市镇派出所, 望城区高塘岭派出所) or it is a division's own name
    (白云机场公安分局), and no joke's world before it (快乐星球海关)."""
    local = _after_the_divisions(index, place)
    if (len(local) not in _UNIT_PLACE and _A_TOWNS_VILLAGE.fullmatch(local) is None) or not place.isalpha() or any(
            ch.isascii() for ch in place) or any(word in place for word in _NOT_IN_A_PLACES_NAME):
        return False
    # a level says it is a place's name; so does a division written before it (望城区|高塘岭), unless it is a
    # nickname (北京市|小王派出所 is a joke), and a division's own name (白云|机场公安分局) is no person's
    a_persons = looks_like_personal_name(local) and (local == place or local.startswith(_NICKNAMES)) and not (
        unit.startswith(_LEVELS) or place.endswith(_LEVELS)) and not any(
        h.start == 0 and h.end == len(place) for h in index.division_finder.find(place))
    return not a_persons and not place.endswith(_NOT_THE_BODY_BEFORE)


_BRANDS_KINDS = ("研究所", "研究院")  # kinds shops and brands name themselves by (奶茶研究所)
# The institution's English name or initials after its Chinese one, ending a display name
_ENGLISH_AFTER = re.compile("(?<=[\u4e00-\u9fff])[a-z][a-z0-9]*$")


def detect_institution_name(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D1 for a public institution no list holds, in the display name (`_institution`): a detector of its own, so
    that the many names with 大学, 医院 or 中学 in them cost only this reading."""
    for field, text in profile.names():
        yield from _institution(index, profile, field, text)


def _institution(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText) -> Iterator[Violation]:
    """D1 for a public institution no list holds, the whole name its own name and kind, with official marks or its
    English name after it (北京协和医院官方, 三星堆博物馆官方号, 兰州大学 LZU: `institution_bio.py`), or alone when it
    begins with its place (延边大学, 北京协和医院): for review, identity `institution:<name>` — a fan or an alumnus adds
    words of their own (清华大学校友会), a joke names no place (玩具医院, 摸鱼研究所), and a registry body's name is the
    registry's."""
    kinds = index.registry.vocabulary.institution_kinds
    if profile.account_id in index.verified_accounts:
        return
    # as written, then with variant and look-alike characters folded (新疆农业大斈, 吐鲁番愽物馆, 故宫博物阮)
    for view, written in (("canonical", text.canonical), ("shape", text.shape),
                          ("near", near_fold(text.shape) or text.shape)):
        if view != "canonical" and written == text.canonical:
            continue
        if not names_a_kind(written, kinds):
            continue
        # the name as written, and without its padding (a kind may end in a padding word: 急救中心), its English name
        # or initials dropped (故宫博物院 The Palace Museum, 兰州大学 LZU)
        core, found = next(((core, found) for core in dict.fromkeys(
            without_a_unit(_ENGLISH_AFTER.sub("", name)) for name in index.padding_stripped(written))
            if (found := next(institutions_named(core, kinds, ()), None)) is not None and found[1] == len(core)),
            ("", None))
        if found is None:
            continue
        if core in (written, without_an_offer(written)) and (found[2] in _BRANDS_KINDS
                                                              or not begins_with_a_place(index, core)
                                or index.staff_roles.find(core) or index.titles.find(core)):
            # with no mark and no English name, only a placed name (延边大学), perhaps with what it offers
            # (北京儿童医院挂号: so do private clinics): 玩具医院 is a joke, shops and brands call themselves
            # institutes (武汉热干面研究所), and a museum of a trade is the trade's (杭州警察博物馆)
            continue
        if any(m.view == "canonical" for m in index.names.find(text)) or context_claim(index, text) is not None:
            return  # a listed body, by a name or a short form (asked last: the registry's names cost the most to read)
        yield _for_review(profile, field, f"institution:{core}", {
            "field": field, "text": text.original, "canonical": text.canonical, "matched": core,
            "protected_name": core, "institution_kind": found[2], "view": view, "steps": list(text.steps),
            "identity_kind": "institution", **location(text, 0, len(core), view)})
        return


def _after_the_divisions(index: IdentityIndex, place: str) -> str:
    """`place` without the divisions written in full at its start (昆明市五华区护国 → 护国), or `place` when none is."""
    while True:
        ends = [h.end for h in index.division_finder.find(place) if h.start == 0 and h.end < len(place)
                and any(h.term == d.name for d in index.divisions_by_name[h.term])]
        if not ends:
            return place
        place = place[max(ends):]


@lru_cache(maxsize=8)
def longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words`, longest first: for `str.endswith` and for the longest that ends or begins a text."""
    return tuple(sorted(words, key=len, reverse=True))
