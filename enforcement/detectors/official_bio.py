"""D3: a bio or signature presents the account as a protected official body or medium."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from enforcement.detectors.clauses import NOTICE_WORDS, opening_canonical, opening_clause, sentence_ends_between
from enforcement.detectors.compounds import (
    FANS,
    OFFICIAL_MARKS,
    audience_after,
    compound_head_after,
    fan_word_ends,
    inside_a_place_name,
    starts_inside_a_place_name,
    straddles_an_everyday_word,
)
from enforcement.detectors.division_function import best_division, joined_in_latin, joined_organs
from enforcement.detectors.evidence import location, match_evidence
from enforcement.detectors.institution_bio import SCHOOLS, begins_with_a_place, institutions_named, opens_with_a_unit
from enforcement.detectors.official_name import (
    REVIEW_CONFIDENCE,
    a_learners_work_after,
    a_units_place,
    context_claim,
    within,
)
from enforcement.detectors.person_words import AIMED_AT_BEFORE_A_NAME, RELATIONS_AFTER
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex, TermHit
from enforcement.identity.index import UNITS_WITH_A_MARK
from enforcement.text import Match, NormalizedText, is_han, normalize
from enforcement.text.matcher import near_fold
from enforcement.violations import Violation

CLAIM_REACH = 6  # characters after the name within which a claim word (官方, 官微, 账号…) must start
# Words that present the account as the body when they come right before its name (官方认证：国家市场监督管理
# 总局, 本号由北京市人民政府新闻办公室运营); further away they may say something else (未认证，仅转载人民日报).
# What a bio that opens with a body's name says next when it reports or quotes the body rather than speaking as
# it: 新华社报道：…, 人民日报消息, 央视新闻称…
REPORTED_AFTER = ("报道", "消息", "称", "指出", "发文", "援引")
# What may follow a body's name in the clause the bio opens with, when the body speaks: its own parts and channels
# (人民日报社新媒体中心, 应急管理部新闻宣传司, 国家移民管理局微信公众号) — a word ending in one of these, up to
# _PART_REACH characters. Anything else there makes the clause about the body: its audience, a digest, a guide,
# a sentence (国家统计局数据解读, 新华社经典照片回顾, 人民日报说的对).
BODY_PARTS = ("社", "台", "网", "报", "刊", "部", "司", "局", "院", "委", "办", "厅", "处", "室", "科", "所", "站",
              "庭", "队", "组", "号", "中心", "频道", "客户端", "新媒体", "平台", "门户", "网站", "热线", "出品",
              "集团", "分行", "支行")  # (中国人民银行东莞分行，…: the bank's branch in a place)
_PART_REACH = 12
CLAIMED_BEFORE = ("认证", "认证信息", "认证账号", "认证帐号", "运营单位", "本号由", "本号为", "本号系", "本号是",
                  "本账号由", "本账号为", "本账号系", "本账号是", "此号为", "此号是", "此账号为", "该号为", "该账号为",
                  "运营主体", "主办单位", "主体为", "隶属于", "隶属", "唯一官方账号", "归属于", "官方身份",
                  "本号代表", "本账号代表", "我们代表",
                  # in English, the words run together once spaces are dropped: Official account of People's Daily
                  "officialaccountof", "officialaccountofthe", "officialaccountfor")
# A claim word that opens the bio, the name right after it (【官方】海南省公安厅，…; 官方账号：…)
OPENING_CLAIMS = ("官方", "官微", "官方账号", "官方帐号", "官方号", "官号", "官方微博")
# A claim of being what follows, if what follows is the body and not a word it begins (这里是新华社,
# 我们是人民日报社新媒体中心; not 这里是人民日报读者群, a readers' group, nor 我们是人民日报的忠实读者).
INTRODUCED_BEFORE = ("这里是", "我们是", "欢迎来到")
# A bio that opens with 由 and the body's name and says what the body does for the account (由新华通讯社主办):
# the account presents itself as run by the body.
RUN_BY_AFTER = ("主办", "运营", "出品", "管理", "主管", "授权运营", "委托运营", "直属机构", "直属单位", "下属单位",
                "授权", "指定", "直属",  # the body authorising or appointing it (人民日报授权转载, 央视指定合作)
                "指导运营", "指导主办")  # the body guiding the account's running (由徐州市委宣传部指导运营)
_RUN_BY_LONGEST_FIRST = tuple(sorted(RUN_BY_AFTER, key=len, reverse=True))  # 授权运营 before 运营
# Opening the bio right before the body's name: the body authorises or commissions the account (受弥勒市公安局委托运营,
# 经凤庆县人民政府授权…), or the account speaks for it (代表禄劝县委发声)
_ON_BEHALF_BEFORE = ("受", "经", "代表", *(f"{account}{word}" for account in ("本号", "本账号", "此号", "该号")
                                          for word in ("受", "经")))  # 本号经…授权
# What may open a bio right before an institution's own name (本号由…, 这里是…, 受…委托): the claims above
_INSTITUTION_CLAIMED_BEFORE = (*CLAIMED_BEFORE, *INTRODUCED_BEFORE[:2], *_ON_BEHALF_BEFORE, "由")
_ON_BEHALF_AFTER = ("委托", "授权")
# A bio that opens with a body's name and then says "I" soon after is someone else's words about the body
# (北京市公安局曾经帮过我); the body says 我们, or 我 with its own kind (我局, 我院, 我台) or place (我市), and 你我
# ("you and me": 守护你我) is everyone's.
_BODY_AFTER_I = "们局院委部市区县省州乡镇台社报网所处校司厅中单站队"
_AUTHOR_AFTER = re.compile(f"(?<!你)我(?![{_BODY_AFTER_I}])")
_BODY_SPEAKING = re.compile(f"我[{_BODY_AFTER_I}]")
_AUTHOR_REACH = 10
_UNIT_REACH = 4  # characters of a unit or part of a body after its name (办公室, 常委会, 研究室)
# Words just before a body's name that point at another account, whatever follows the name (关注, 转载自):
# the bio recommends or quotes that account; it does not speak as it.
POINTING_BEFORE = ("关注", "转发", "转载", "转自", "来源", "来自", "摘自", "感谢", "举报", "联系", "致电", "搜索")
POINTING_REACH = 4
# A claim word followed by 的 and one of the account's audience or relations within this many characters names
# someone of the account's, not the account (人民日报官方账号的忠实粉丝, 央视官方账号的老观众).
_RELATION_REACH = 6  # 的 + up to two characters of description + a two-character relation: 的忠实粉丝, 的老观众
_CLAIM_TAIL = 2  # a second claim word's characters after the first (官方|账号)


def _end_of_list(ends: dict[int, int], end: int) -> int:
    """Where a run of names written one after another ends, from the end of its first (人民日报|新华社|的)."""
    while end in ends and ends[end] > end:
        end = ends[end]
    return end


def claims_it(canonical: str, claims: Sequence[TermHit], start: int, end: int,
               list_end: int | None = None, original: str = "") -> bool:
    """What stands at [start, end) of a bio is claimed as the account's: a claim word follows within reach
    (人民日报官方账号), or a claim comes right before it (本账号为…) — unless the bio points at another
    account there (欢迎关注人民日报官方账号, 转载自…官方微博). An introduction (这里是, 我们是) claims the
    body only when what follows the name — or the list of names it begins, ending at `list_end` — is not
    something of the body's (我们是人民日报的忠实读者). A claim word after the name counts in the same clause of
    the sentence as `original` writes it, when other words stand between (…以中央气象台为准，本号只做科普 claims
    nothing; 人民日报，官方账号 does), and 系 ("is") only right after it (人民日报系…; not 央视新闻如有侵权请联系).
    The Party's or the league's name before a place's committee is read with it (本号由中共理塘县委宣传部运营)."""
    start -= len(next((party for party in PARTY_BEFORE_A_PLACE if canonical.endswith(party, 0, start)), ""))
    if _points_elsewhere(canonical, start):
        return False
    introduced = canonical.endswith(INTRODUCED_BEFORE, 0, start) and not canonical.startswith(
        "的", end if list_end is None else list_end)
    return (any(end <= c.start <= end + CLAIM_REACH and not _someone_of_the_account(canonical, c.end)
                and not _published_by(canonical, c.start) and (c.term != "系" or c.start == end)
                and not (original and c.start > end and sentence_ends_between(original, end, c.start))
                for c in claims)
            or canonical.endswith(CLAIMED_BEFORE, 0, start) or introduced or canonical[:start] in OPENING_CLAIMS
            or (start == 1 and canonical[0] == "由" and _run_by(canonical, end, claims))
            or _on_behalf_of(canonical, start, end)
            or (start == 0 and _run_by(canonical, end))  # 北京市卫健委主办
            # …江西省公安厅主办 ending the bio; not 本次比赛由人民日报主办, another thing's host
            or (canonical[start - 1:start] != "由" and _run_by_at_the_end(canonical, end)))


# Words 系 begins (海关系统, 教育系列): there it is no claim word ("is")
_WORDS_BEGUN_BY_XI = ("系统", "系列", "系数")
# Words right before a claim word that deny it: the author says the account is not the body's
DISCLAIMED_BEFORE = ("非", "不是", "并非", "并不是", "绝非")
# A bio that says anywhere that it is no body's account claims none (…无任何关系, 本号非…官方, 粉丝自建)
DISCLAIMERS = ("非官方", "无关", "无任何关系", "没有任何关系", "本号非", "本账号非", "并非官方", "不是官方", "同名巧合",
               "粉丝自建")


def _spelled_and_claimed(canonical: str, claims: Sequence[TermHit], match: Match) -> bool:
    """A name spelt whole in pinyin or initials opens the bio, a claim word right after it (RMRB官方账号,
    renminribao官方，…): the account's own claim. Anywhere else in a bio, Latin letters spell names by chance."""
    return match.start == 0 and any(c.start == match.end for c in claims)


def _speaks_as_it(canonical: str, after: int) -> bool:
    """What follows a body's name that opens the bio, from `after`, neither makes it something of the body's
    (人民日报的忠实读者), reports it or what it did (新华社报道：…, 国家统计局发布的…) nor has an author speak
    of it (北京市公安局曾经帮过我) — also after a unit or part of the body that no registry name covers
    (中央机构编制委员会|办公室的忠实读者, 全国人大|常委会的忠实读者, 国务院|研究室报道过的地方)."""
    if canonical.startswith(("的", *REPORTED_AFTER), after) or _published_by(canonical, after):
        return False
    of = canonical.find("的", after, after + _UNIT_REACH + 1)
    if of >= 0 and any(word in canonical[of + 1:of + 1 + _RELATION_REACH] for word in RELATIONS_AFTER):
        return False
    if any(canonical.startswith(REPORTED_AFTER, i) for i in range(after + 1, after + _UNIT_REACH + 1)):
        return False
    return _AUTHOR_AFTER.search(canonical, after, after + _AUTHOR_REACH) is None


_FAN_REACH = 8  # characters after a body's name within which a fan's word makes the clause a fan's


def _clause_is_the_body(index: IdentityIndex, text: NormalizedText, after: int) -> bool:
    """The clause the bio opens with, as written (up to its first punctuation, space or dash), is the body's name at
    [0, `after`) of the canonical text and, after it, nothing but padding (官方, 发布, 账号…) or one of the body's
    parts or channels (`BODY_PARTS`), or words that mark it official (权威, 发布: `OFFICIAL_MARKS`), or the body's
    own 我市, 我局: the body speaking. Anything else there is a clause about the body."""
    rest = opening_canonical(text.original)
    if not rest.startswith(text.canonical[:after]):
        # the name runs past the clause (symbols inside it: CCTV-9): the clause is the name, unless a fan's word
        # follows it shortly (CCTV-9纪录片爱好者)
        return not (any(word in text.canonical[after:after + _FAN_REACH] for word in FANS)
                    or a_learners_work_after(text.canonical, after))
    if a_learners_work_after(rest, after):
        return False  # 最高法判例学习小组: a learners' group, whatever part of a body its last word could end
    rest = rest[after:]
    if rest.startswith(DISCLAIMED_BEFORE):
        return False  # 人民日报非官方粉丝号: disclaimed
    if any(mark in rest for mark in OFFICIAL_MARKS) or _BODY_SPEAKING.match(rest):
        return True  # 国家医保局权威发布, 国家统计局数据发布; 北京市公安局我市警方提醒 (the body's 我市)
    if len(rest) <= _PART_REACH and rest.endswith(BODY_PARTS):
        return True  # 中国气象局公共气象服务中心, 应急管理部新闻宣传司, 国家移民管理局微信公众号
    for word in index.padding_first:
        rest = rest.replace(word, "")
    return not rest


def _points_elsewhere(canonical: str, start: int) -> bool:
    """A word just before `start` points at another account (欢迎关注…, 转载自…): what follows is not claimed."""
    return any(word in canonical[max(0, start - POINTING_REACH):start] for word in POINTING_BEFORE)


def _someone_of_the_account(canonical: str, end: int) -> bool:
    """What follows a claim word ending at `end` is 的 and, shortly after, a fan, reader or other relation: the
    bio's author is the account's audience (人民日报官方账号的忠实粉丝), not the account."""
    of = canonical.find("的", end, end + _CLAIM_TAIL + 1)  # 官方|账号的…: the claim word may be the first of two
    return of >= 0 and any(word in canonical[of + 1:of + 1 + _RELATION_REACH] for word in RELATIONS_AFTER)


def _published_by(canonical: str, at: int) -> bool:
    """发布 followed by 的 stands at `at`: what the body published (应急管理部发布的知识转载), not its account
    (应急管理部发布, 北京发布)."""
    return canonical.startswith("发布的", at)


# A body's own unit that runs its accounts, between its name and the word for running one (吉林省教育厅新媒体中心运营)
_MEDIA_UNITS = ("新媒体中心", "融媒体中心", "新闻中心", "宣传中心", "新媒体", "宣传处", "宣传科", "宣传部",
                "新闻办公室", "新闻办", "网信办", "新闻局", "新闻宣传司", "新闻宣传中心",  # (最高人民法院新闻局运营)
                "新媒体工作室")
_MEDIA_UNITS_LONGEST_FIRST = tuple(sorted(_MEDIA_UNITS, key=len, reverse=True))  # 新媒体工作室 before 新媒体


def _run_by(canonical: str, end: int, claims: Sequence[TermHit] = ()) -> bool:
    """What the body (or its media unit) does for the account follows its name and ends the clause
    (由新华通讯社主办, 吉林省教育厅新媒体中心运营); followed by 的 it describes something else (由人民日报主办的
    征文比赛 is the contest's) — unless a claim word follows the 的 within reach, among `claims` (由昭通市委宣传部主办的
    乌蒙官方发布号 is the account)."""
    end = _past_a_media_unit(canonical, end)
    word = next((w for w in _RUN_BY_LONGEST_FIRST if canonical.startswith(w, end)), None)
    if word is None:
        return False
    of = end + len(word)
    if not canonical.startswith("的", of):
        return True
    return any(of < c.start <= of + CLAIM_REACH for c in claims)


def _on_behalf_of(canonical: str, start: int, end: int) -> bool:
    """The bio opens with the body authorising or commissioning the account, or the account speaking for it:
    受…委托, 经…授权, 代表… (`_ON_BEHALF_BEFORE`, `_ON_BEHALF_AFTER`)."""
    opening = canonical[:start]
    if opening not in _ON_BEHALF_BEFORE:
        return False
    return opening == "代表" or canonical.startswith(_ON_BEHALF_AFTER, _past_a_media_unit(canonical, end))


def _run_by_at_the_end(canonical: str, end: int) -> bool:
    """`_run_by`, the word for running the account ending the bio (…江西省公安厅主办, …新媒体中心运营)."""
    end = _past_a_media_unit(canonical, end)
    return any(canonical.endswith(word) and len(canonical) == end + len(word) for word in RUN_BY_AFTER)


def _past_a_media_unit(canonical: str, end: int) -> int:
    """`end`, past the body's media unit written there (新媒体中心, 宣传处 …), if one is."""
    return end + len(next((unit for unit in _MEDIA_UNITS_LONGEST_FIRST if canonical.startswith(unit, end)), ""))


def detect_official_bio(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D3: the bio opens with a protected name, or names one next to a claim of being its account.

    A bio that merely mentions a body ("转载自人民日报") or opens with it as part of another word
    ("人民日报读者") is not a claim; one that says "人民日报官方账号", "官方认证：人民日报" or starts
    "新华社……" is.
    """
    verified = profile.account_id in index.verified_accounts
    for field, text in profile.bios():
        canonical = text.canonical
        if any(words in canonical for words in DISCLAIMERS):
            continue  # 本账号与南阳电视台无任何关系; 本号非景德镇政府官方: the bio says it is no body's
        # a claim word disclaimed is none (整理央视财经节目笔记，非官方账号)
        # (系 is "is" only where it begins no word of its own: 海关系统, 教育系列)
        claims = [c for c in index.claim_words.find(canonical) if not canonical.endswith(DISCLAIMED_BEFORE, 0, c.start)
                  and not (c.term == "系" and canonical.startswith(_WORDS_BEGUN_BY_XI, c.start))]
        places = None  # the division names written in the bio, found when first needed
        seen: set[str] = set()
        reported: list[tuple[int, int]] = []
        matches = index.names.find(text)
        # where each name found in the bio's own characters ends, by where it starts: a list of bodies
        # (人民日报、新华社的读者) is read to its end
        ends: dict[int, int] = {}
        for m in matches:
            if m.view not in ("pinyin", "initials"):
                ends[m.start] = max(ends.get(m.start, m.end), m.end)
        for match in matches:
            if match.key in seen or (match.view in ("pinyin", "initials")
                                     and not _spelled_and_claimed(canonical, claims, match)):
                continue
            if len(match.name) < 3 and (match.name in index.context_names
                                        or not any(c.start == match.end for c in claims)):
                # a two-character name (红网, 瞭望) is an everyday word unless a claim word follows it; an everyday
                # short form (南都, 央视) claimed goes to review (_context_aliases)
                continue
            if within(reported, match.start, match.end):
                continue  # a body's name inside a longer one reported (中共中央 in 中共中央组织部) is part of it
            if canonical.endswith((*DISCLAIMED_BEFORE, *AIMED_AT_BEFORE_A_NAME), 0, match.start):
                continue  # 本号非人民日报官方账号, 考研目标人民大学: not the body's
            if index.registry.is_verified(match.key, profile.account_id):
                continue
            # the name as the first half of another word is not the body's, whatever claim word follows: 人民日报
            # 读者 (a reader), 人民网红 (an influencer), 南京日报亭 (a news stand), 武汉发布会 — unless a claim
            # stands right before it (本号为人民日报读者服务: the body's own reader service)
            if ((compound_head_after(canonical, match.end) or straddles_an_everyday_word(canonical, match.end)
                 or audience_after(canonical, match.end) or fan_word_ends(canonical, match.end))
                    and not canonical.endswith(CLAIMED_BEFORE, 0, match.start)):
                continue
            places = index.division_finder.find(canonical) if places is None else places
            if starts_inside_a_place_name(index, places, match.start):
                continue  # read from inside a place written in full: 理州公安 in 大理州公安局 is not 利州公安
            if inside_a_place_name(index, places, match.start, match.end):
                continue  # ends inside a place written in full: 苏州公安 in 苏州公安县小龙虾 is not the police
            # a bio that opens with what belongs to the body is not the body's (人民日报的忠实读者)
            # (read from the end of the longest name found where this one starts: 中共中央 in 中共中央社会工作部的…)
            after = _end_of_list(ends, max(match.end, ends.get(match.start, match.end)))
            opens = (match.start == 0 and _speaks_as_it(canonical, after) and _clause_is_the_body(index, text, after)
                     and not any(c.start == after and _someone_of_the_account(canonical, c.end) for c in claims))
            if opens and match.name.endswith(SCHOOLS):  # its students open their bios with it (厦门大学｜软件工程)
                # … but not with one of its units or an institution affiliated to it (中山大学附属第一医院，…)
                opens = opens_with_a_unit(canonical, text.original, after, ORGAN_SERVICE_ENDS, placed=False) or \
                    opening_canonical(text.original).startswith("附属", after)
            claimed = claims_it(canonical, claims, match.start, match.end, after, text.original)
            if not (opens or claimed):
                continue
            seen.add(match.key)
            reported.append((match.start, match.end))
            yield Violation(
                account_id=profile.account_id,
                rule="official_bio",
                confidence=match.confidence * (0.95 if claimed else 0.8),
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=match.key,
                evidence=match_evidence(field, text, match, claim=claimed, opens_bio=opens),
            )
        organs = [] if verified else list(_local_organs(index, profile, field, text, claims, reported))
        if not (verified or organs or reported or "news" in profile.credential_domains):
            organs = list(_a_places_news_claimed(index, profile, field, text, claims))
        yield from organs
        aliases = list(_context_aliases(index, profile, field, text, claims, reported))
        yield from aliases
        if not (verified or reported or organs or aliases):  # one claim a bio: a body the lists name comes first
            yield from _institutions(index, profile, field, text, claims)


@lru_cache(maxsize=4)
def _kinds_and_units(kinds: tuple[str, ...], units: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[str]]:
    """The institutions' kinds and the always-official units read together in a bio, and the units alone (worked
    out once per vocabulary, not per bio)."""
    return (*kinds, *units), frozenset(units)


def _institutions(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                  claims: Sequence[TermHit]) -> Iterator[Violation]:
    """A public institution no list holds, named by its own name and kind and claimed in the bio (北京协和医院官方号,
    受湘雅医院委托运营; `institution_bio.py`), or opening it with one of its units (云南大学招生办，…): for review,
    identity `institution:<name>` — the text cannot tell whether the account is the institution's own; a unit
    that is always official (`local_units`: 望京派出所官方号) likewise, identity `unit:<name>`, also as the whole
    opening clause after a place's name (白塔村村民委员会，…; 青石村村委会通知：…)."""
    canonical = text.canonical
    vocabulary = index.registry.vocabulary
    # a street is its office's only claimed (北新泾街道官方，…): alone the clause names the place
    kinds, units = _kinds_and_units(vocabulary.institution_kinds, (*vocabulary.local_units, *UNITS_WITH_A_MARK))
    clause = opening_canonical(text.original)
    clause_end = len(clause) if canonical.startswith(clause) else None
    for start, end, kind in institutions_named(canonical, kinds, _INSTITUTION_CLAIMED_BEFORE, clause_end):
        claimed = claims_it(canonical, claims, start, end, original=text.original)
        introduced = start == 0 and kind in units and _a_unit_introduced(index, canonical, end, kind, clause_end)
        # opening the bio with a unit that is always official, what stands before its kind must be a place's name
        # (not 备考|海关系统公务员, an exam's aim)
        opens = not (claimed or introduced) and start == 0 and opens_with_a_unit(
            canonical, text.original, end, ORGAN_SERVICE_ENDS, placed=begins_with_a_place(index, canonical)) and (
            kind not in units or a_units_place(index, canonical[:end - len(kind)], kind))
        if claimed or introduced or opens:
            name = canonical[start:end]
            # a unit that is always official (望京派出所, 鼓东街道办事处) is reported as D1 reports it in a name
            unit = kind in units
            yield Violation(
                account_id=profile.account_id, rule="official_bio", confidence=REVIEW_CONFIDENCE,
                source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field,
                identity=f"unit:{name}" if unit else f"institution:{name}",
                evidence={"field": field, "text": text.original, "canonical": canonical, "matched": name,
                          "protected_name": name, "unit" if unit else "institution_kind": kind, "view": "canonical",
                          "steps": list(text.steps), "claim": claimed, "opens_bio": not claimed,
                          **location(text, start, end)})
            return  # one institution or unit a bio


def _a_unit_introduced(index: IdentityIndex, canonical: str, end: int, kind: str, clause_end: int | None) -> bool:
    """A unit that is always official, named by its place and kind up to `end`, is the bio's whole opening clause,
    perhaps with the word its notices go by: the unit introducing itself, as a body's name opening a bio does
    (东风村村民委员会，…; 杨柳村委会通知：…). Not a street, which is its office's only claimed."""
    if kind in UNITS_WITH_A_MARK or clause_end is None:
        return False
    after = canonical[end:clause_end]
    return (after == "" or after in NOTICE_WORDS) and a_units_place(index, canonical[:end - len(kind)], kind)


def _context_aliases(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                     claims: Sequence[TermHit], reported: list[tuple[int, int]]) -> Iterator[Violation]:
    """A body's everyday short form claimed in the bio (央视官方账号, 本号为南都官方账号, 官方认证：财新): a similar
    name, for review, as D1 reads the same short form with official marks in a name. Only a claim counts —
    a claim word right after the short form, or a claim right before it — never a bio opening with it, which an
    everyday word does (光明的未来, 前进的方向); and not the tail of a longer word (东风小康官方账号 is the car's:
    the short form must begin the bio, follow a claim, or follow punctuation as written)."""
    canonical = text.canonical
    found = False
    for alias, identity in index.context_names.items():
        start = canonical.find(alias)
        while start >= 0:
            end = start + len(alias)
            if (not any(start < e and s < end for s, e in reported)
                    and _short_form_claimed(canonical, claims, start, end)
                    and _begins_a_word(text, start, end)):
                if not index.registry.is_verified(identity, profile.account_id):
                    found = True
                    yield Violation(
                        account_id=profile.account_id, rule="official_bio", confidence=REVIEW_CONFIDENCE,
                        source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field,
                        identity=identity, evidence={
                            "field": field, "text": text.original, "canonical": canonical, "matched": alias,
                            "protected_name": alias, "view": "canonical", "steps": list(text.steps),
                            "context_alias": True, "claim": True, **location(text, start, end)})
                break
            start = canonical.find(alias, end)
    if not found:
        yield from _a_short_forms_unit_opening(index, profile, field, text, reported)


def _a_short_forms_unit_opening(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                                reported: list[tuple[int, int]]) -> Iterator[Violation]:
    """A school's or hospital's short form and one of its units, a hospital's number or its admissions as the bio's
    whole first clause (复旦招生办，…; 浙大一院，…; 川大招生在线，…): read as a display name of the same words is."""
    if reported:
        return
    clause = normalize(opening_clause(text.original))
    claim = context_claim(index, clause)  # (a short form alone is none, unless a hospital's: 湘雅医院，…)
    if claim is None or index.registry.identities[claim[0]].kind != "institution":
        return
    identity, short = claim
    if index.registry.is_verified(identity, profile.account_id):
        return
    start = clause.canonical.find(short)
    yield Violation(
        account_id=profile.account_id, rule="official_bio", confidence=REVIEW_CONFIDENCE,
        source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field, identity=identity,
        evidence={"field": field, "text": text.original, "canonical": text.canonical, "matched": short,
                  "protected_name": short, "view": "canonical", "steps": list(text.steps), "context_alias": True,
                  "claim": False, "opens_bio": True, **location(clause, start, start + len(short))})


def _short_form_claimed(canonical: str, claims: Sequence[TermHit], start: int, end: int) -> bool:
    """A short form at [start, end) is claimed: a claim word right after it (央视官方账号) or a claim right before
    it (本号为…, 官方认证…) — not after a word that points at another account (欢迎关注澎湃官方账号), and not
    when the claim names the account's audience (央视官方账号的老观众). Introductions (这里是…) are left out:
    after them a short form is as often a place or an everyday word (这里是光明顶)."""
    if _points_elsewhere(canonical, start):
        return False
    return (any(c.start == end and not _someone_of_the_account(canonical, c.end) for c in claims)
            or canonical.endswith(CLAIMED_BEFORE, 0, start))


def _begins_a_word(text: NormalizedText, start: int, end: int) -> bool:
    """The short form at [start, end) of the canonical text begins the bio, follows a claim (本号为, 认证), or
    follows punctuation or a space in the bio as sent (found where it lies there): it is not the end of another
    word."""
    if start == 0 or text.canonical.endswith(CLAIMED_BEFORE, 0, start):
        return True
    at = location(text, start, end)["span"][0]
    return at == 0 or not text.original[at - 1].isalnum()


def _local_organs(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                  claims: Sequence[TermHit], reported: list[tuple[int, int]]) -> Iterator[Violation]:
    """A place's organ claimed in the bio (本账号为海淀区公安分局官方账号, 成都市卫健委官方微博) that the registry's
    names did not already report: a place joined to an organ word (D4's test, as written — a bio is long, so
    no homophones), and only with a claim — a bio that mentions the organ (家住海淀区公安分局旁边) says nothing
    about the account."""
    canonical = text.canonical
    # whether the span `claimed` accepted last only opens the bio (no claim word): `joined_organs` reports each
    # span it keeps before asking about the next
    opens_only = [False]

    def claimed(start: int, end: int) -> bool:
        if any(start < e and s < end for s, e in reported) or canonical.endswith(AIMED_AT_BEFORE_A_NAME, 0, start):
            return False  # (目标佛山税务系统: a candidate's aim)
        opens_only[0] = not claims_it(canonical, claims, start, end, original=text.original)
        return not opens_only[0] or _opens_as_the_organ(index, text, start, end)

    seen: set[str] = set()
    # as written, then with look-alikes folded (奉节县锐务局，…), as D4 reads a display name: the folds keep every
    # character where it is, so the spans `claimed` is asked about are the canonical text's
    reads = dict.fromkeys((canonical, text.shape, near_fold(text.shape) or text.shape))
    for found in (f for read in reads for f in joined_organs(index, profile, field, text, read, seen, heard=False,
                                                               keep=claimed)):
        if found.evidence["function_word"] is None:
            continue  # a brand before a place (平安成都) is a name only the registry's list protects
        opens = opens_only[0]
        yield replace(found, rule="official_bio", confidence=round(found.confidence * (0.8 if opens else 0.95), 4),
                      evidence={**found.evidence, "claim": not opens, "opens_bio": opens})
    # heard (湘西州检查院官方账号, 盱眙县井方官方号, 本号由菏泽市场坚管局主办) only where the bio claims it as a written
    # one is claimed — never where it only opens the bio: the name the account gives itself, disguised as a display
    # name would be. A two-syllable organ word is heard only right before a claim word (`joined_organs`)
    claim_starts = frozenset(c.start for c in claims)

    def claimed_heard(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in reported) and (
            end in claim_starts or claims_it(canonical, claims, start, end, original=text.original)
            or _opens_as_the_organ(index, text, start, end))

    for found in joined_organs(index, profile, field, text, canonical, seen, keep=claimed_heard,
                               claim_starts=claim_starts):
        if found.evidence["function_word"] is not None and found.evidence["view"] == "sound":
            yield replace(found, rule="official_bio", confidence=round(found.confidence * 0.95, 4),
                          evidence={**found.evidence, "claim": True, "opens_bio": False})
    # partly in pinyin or initials (灵丘县FY官方账号，…; 屏南gongan官方号) only as the bio's first clause with padding
    # or a claim word ending it: the name the account gives itself, read as D4 reads a display name
    clause = normalize(opening_clause(text.original))
    if index.before_padding(clause.canonical) != clause.canonical and not any(reported):
        for found in joined_in_latin(index, profile, field, clause):
            if found.evidence["division_code"] not in seen:
                yield replace(found, rule="official_bio", confidence=round(found.confidence * 0.95, 4),
                              evidence={**found.evidence, "text": text.original, "claim": True, "opens_bio": True})


# Between a place and a news word opening a bio, a word saying the news is the place's own or what it covers
# (杭州本地新闻, 毕节热点新闻)
_LOCAL = ("本地", "本市", "热点")
# An official mark or a claim after the place written again, in the clause after the first (菏泽头条 菏泽官方新闻发布,
# 毕节热点新闻 毕节市官方新闻号): the account says again whose it is
_OFFICIAL_AFTER_THE_PLACE = ("官方", "权威")
# After a place's news word: the outlet's own kind (泉州新闻网, 南昌新闻频道)
_NEWS_OUTLETS = ("网", "频道", "台", "社", "客户端")


def _a_places_news_claimed(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                           claims: Sequence[TermHit]) -> Iterator[Violation]:
    """A place's news service claimed as the bio's first clause (泉州新闻 官方，…; 温州新闻网官方账号; 杭州本地新闻官方
    发布): a place's name, a news word and perhaps its outlet's kind, then an official mark ending the clause or a
    claim word right after it, or opening it (『官方』固原新闻▶…), or the rest of the bio offering what a news service
    does (铁岭快讯，…每日更新，爆料请私信: `NEWS_SERVICE_OFFERS`) — the account presents itself as the place's news
    medium (D8 reads the same words in a name). For review: no list says which outlets a place licenses."""
    clause = normalize(opening_clause(text.original))
    whole = clause.canonical
    if not whole or not text.canonical.startswith(whole):
        return
    lead = len(next((w for w in _OPENING_CLAIMS_LONGEST_FIRST if whole.startswith(w)), ""))
    canonical = whole[lead:]
    place = next((h for h in index.division_finder.find(canonical) if h.start == 0 and h.view == "canonical"), None)
    if place is None or any(d.ordinary_word for d in index.divisions_by_name[place.term]):
        return
    at = place.end + len(next((w for w in _LOCAL if canonical.startswith(w, place.end)), ""))
    news = next((h for h in index.news_words.find(canonical) if h.start == at), None)
    if news is None:
        return
    rest = core = canonical[news.end:]
    while (padding := next((p for p in index.padding_first if core.endswith(p)), None)) is not None:
        core = core[: -len(padding)]  # every padding word, to the last (官方|发布)
    marked = (core != rest or lead > 0 or any(c.start == len(whole) for c in claims)
              or _the_place_again_marked(index, text.canonical, len(whole), place.term)
              or any(word in text.canonical[len(whole):] for word in NEWS_SERVICE_OFFERS))
    if not marked or core.removeprefix(next((w for w in _NEWS_OUTLETS if core.startswith(w)), "")):
        return
    division = best_division(index.divisions_by_name[place.term])
    yield Violation(
        account_id=profile.account_id, rule="official_bio", confidence=REVIEW_CONFIDENCE,
        source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field,
        identity=f"division:{division.code}", evidence={
            "field": field, "text": text.original, "canonical": text.canonical, "division": division.name,
            "division_code": division.code, "place_text": place.term, "news_word": news.term, "claim": True,
            "opens_bio": True, "view": "canonical", "steps": list(text.steps),
            **location(text, lead, lead + news.end)})


# What a news service offers its readers, said in a bio after its first clause: tips taken, news pushed as it
# happens (爆料请私信, 第一时间推送, 每日更新). Looser than `news_word.NEWS_SERVICE_SIGNS`, which a bio with no place's
# news name opening it must show: here the opening clause already names the outlet.
NEWS_SERVICE_OFFERS = ("爆料", "报料", "线索", "投稿", "第一时间", "每日更新", "每天更新", "天天更新", "实时", "推送",
                       "播报", "滚动")
_OPENING_CLAIMS_LONGEST_FIRST = tuple(sorted(OPENING_CLAIMS, key=len, reverse=True))


def _the_place_again_marked(index: IdentityIndex, canonical: str, after: int, place: str) -> bool:
    """Right after the bio's first clause, the same place, perhaps with its level, and an official mark (菏泽官方…,
    毕节市官方…, 周口本地权威…)."""
    if not canonical.startswith(place, after):
        return False
    at = after + len(place)
    at += next((len(w) for w in ("市", "县", "区", *_LOCAL) if canonical.startswith(w, at)), 0)
    return canonical.startswith(_OFFICIAL_AFTER_THE_PLACE, at)


# What the organ's own account offers, ending the bio's first clause right after the organ's name (长兴县税务局纳税
# 服务, 睢宁县医保局政策解读, 五常市卫健局健康科普): the organ speaking
ORGAN_SERVICE_ENDS = ("服务", "受理", "解读", "科普", "指南", "预警", "提醒", "公告", "通报", "小助手")
_SERVICE_REACH = 6


# The Party's or its youth league's name written before a place's committee or organ, as the committee's own full
# name begins (中共陆丰市委组织部, 共青团广元市委)
PARTY_BEFORE_A_PLACE = ("中国共产党", "中共", "中国共产主义青年团", "共青团")
# Who speaks before the organ's name when a bio introduces itself as the organ (我是瑞金警方，为您守护平安), after at
# most a verification mark (V认证 我是…)
_SELF_INTRODUCED = (*INTRODUCED_BEFORE, "我是")
_MARK_BEFORE_REACH = 3


def _opening_before_the_place(before: str) -> bool:
    """What stands before the place's name lets the bio open with the organ: nothing, the Party's or the league's
    name (中共陆丰市委), or a self-introduction (我是, 这里是), perhaps after a verification mark (V认证)."""
    if not before or before in PARTY_BEFORE_A_PLACE:
        return True
    intro = next((i for i in _SELF_INTRODUCED if before.endswith(i)), "")
    mark = before[: len(before) - len(intro)]
    return bool(intro) and (not mark or (len(mark) <= _MARK_BEFORE_REACH and mark.endswith("认证")))


def _a_colon_after_the_opening(original: str) -> bool:
    """The bio's opening clause, as written, is followed by a colon (…通知：…)."""
    written = original.strip()
    opening = opening_clause(written)
    return written[written.find(opening) + len(opening):].lstrip().startswith(("：", ":"))


def _opens_as_the_organ(index: IdentityIndex, text: NormalizedText, start: int, end: int) -> bool:
    """The bio opens with the place's organ, as a registry body's may (北京市海淀区公安分局，守护平安; 天河区应急管理局
    发布; 中共陆丰市委组织部 组工动态): the places before it from the first character or right after the Party's or
    the league's name (`PARTY_BEFORE_A_PLACE`) or a self-introduction (我是瑞金警方), the organ word ending a word —
    punctuation after it in the bio as sent, padding (发布, 官方…), one of its units or channels ending the clause
    (南昌市税务局第一稽查局, 杭州电视台西湖明珠频道) or what it offers (长兴县税务局纳税服务) — and neither something
    of the organ's after it (海淀区公安分局的…, …旁边), a report of it (…消息, …称) nor an author speaking of it
    (…帮过我)."""
    canonical = text.canonical
    if not _opening_before_the_place(canonical[:start]):
        return False
    after = end
    padding = next((p for p in index.padding_first if canonical.startswith(p, end)), "")
    if padding:
        after += len(padding)
    elif end < len(canonical) and is_han(canonical[end]):
        at = location(text, start, end)["span"][1]  # punctuation there was dropped from the canonical text
        if at >= len(text.original) or text.original[at].isalnum():
            rest = opening_canonical(text.original)[end:]
            if len(rest) <= _SERVICE_REACH and rest.endswith(ORGAN_SERVICE_ENDS):
                return _speaks_as_it(canonical, end)
            if rest in NOTICE_WORDS and _a_colon_after_the_opening(text.original):
                return True  # 晋江市教育局通知：…, the organ's notice
            if not (len(rest) <= _PART_REACH and rest.endswith(BODY_PARTS)):
                return False
    return _speaks_as_it(canonical, after) and _clause_is_the_body(index, text, after)
