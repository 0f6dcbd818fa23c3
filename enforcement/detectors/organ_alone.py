"""D1 and D3: a name, or a bio's opening clause, that is an organ's own name with no place at all (公安局官方,
派出所, 市公安局, 中国法院; a bio opening 公安局官方账号).

Every public security bureau is called 公安局 after its place; a name that is the organ word alone, or
the organ word after a level or the country and nothing else, presents the account as *a* bureau without
saying which. No registry body is matched, so it is a similar name for review, like a unit named after a
place no registry lists (`official_name.py`); one of the organ's units after it says the same (公安局禁毒支队). A bio
says the same when its opening clause is such a name followed by an official mark (官方, 官方账号, 官微), one of the
organ's units, or a colon (税务局：…, 税务局通知：…, the organ giving notice), or when brackets around it open the bio
(【退役军人事务局】…): without them the clause may be about the organ. A service line is an organ alone too, after its
number or not (12345热线, 12345政务服务便民热线).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from enforcement.detectors.clauses import NOTICE_WORDS, opening_clause
from enforcement.detectors.compounds import HOSPITAL_ENDS
from enforcement.detectors.evidence import location
from enforcement.detectors.official_name import REVIEW_CONFIDENCE, longest_first
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex
from enforcement.identity.index import SERVICE_LINE_DIGITS, TermFinder
from enforcement.text import NormalizedText, normalize
from enforcement.violations import Violation

# What may stand before the organ word and still name no place: the country, "this city", a level alone.
UNPLACED_BEFORE = ("中华人民共和国", "中国", "全国", "本地", "当地", "本省", "我省", "本市", "我市", "本县", "我县",
                   "本区", "我区", "省", "市", "县", "区", "州", "镇", "乡")

# The last characters of an organ word that names an institution (公安局, 派出所, 人民法院, 宣传部, 管委会),
# not a field of government (市场监管, 应急管理) or a medium (电视台, 日报).
_INSTITUTION_ENDS = ("局", "厅", "院", "委", "所", "队", "署", "处", "部", "办", "站", "会", "府", "关", "中心", "热线")

# Two-character organ words are everyday words too (公安 is also a county; 消防 a hobby), so they count only
# with an official mark after them (公安发布, 交警官方) — or, for these institutions, alone (法院, 海关).
_SHORT_INSTITUTIONS = frozenset({"法院", "海关", "高院", "中院"})
_OFFICIAL_MARKS = ("官方账号", "官方", "官微", "发布", "官号", "认证", "小助手", "权威发布")
# What the organ's own account offers, after its name and before any padding, perhaps with what it is offered for
# before it (人社局在线服务, 卫健委官方科普平台, 税务局查询, 人社局|社保|查询, 公积金中心|提取|服务): the organ
# serving, as its mark says — a name or bio about the organ says something else after it
_SERVICES = ("在线服务", "服务", "科普", "举报", "投诉", "预约", "查询", "办理", "受理", "申领", "报名", "年检", "征兵",
             "提取", "代办", "缴费")
_SERVED_REACH = 4  # characters of what the service is for (社保, 执照, 失业金)
# A service line's own account: its number, what it serves and the line or its service (12315投诉举报官方,
# 12333人社服务, 12345市民热线官方)
_A_LINES_SERVICE = re.compile(f"[\u4e00-\u9fff]{{0,{_SERVED_REACH}}}(?:热线|服务中心|中心|服务|投诉举报|投诉|举报|平台"
                              "|服务平台|客服中心)")
_SHORT_WITH_A_MARK = frozenset({"公安", "警方", "交警", "特警", "巡警", "消防", "检察", "税务", "网信", "纪委"})


@lru_cache(maxsize=4)
def institution_words(organ_words: TermFinder) -> tuple[tuple[str, ...], frozenset[str]]:
    """The organ words that name an institution by themselves (three characters or more, ending in 局, 院,
    所, 委…), plus the short institutions: as a tuple, for one `str.endswith` over all of them, and a set."""
    words = {w for w in organ_words.terms if len(w) >= 3 and w.endswith(_INSTITUTION_ENDS)
             and not w.endswith(HOSPITAL_ENDS)} | _SHORT_INSTITUTIONS
    return tuple(sorted(words)), frozenset(words)


# A unit of an organ ending the name after the organ word: a few characters and a unit's word (禁毒支队, 民一庭,
# 督导室, 特勤一中队, 干部科, 价格监督科), nothing of a shop's or a private person's
_UNIT_WORDS = "支队|大队|中队|分队|科|室|庭|处|组|办|部|中心"  # … 中心: 教育局学生资助中心
_A_COURTS_UNIT = "执行局"  # a court's enforcement bureau (法院执行局)
_A_UNIT = re.compile(f"[\u4e00-\u9fff]{{1,5}}(?:{_UNIT_WORDS})|{_A_COURTS_UNIT}")
_A_UNIT_ENDING = re.compile(f"(?:{_UNIT_WORDS}|{_A_COURTS_UNIT})$")
# … not a place beside the organ, on a street named after it, or a shop or studio (派出所隔壁的小卖部, 法院街画室)
_NOT_A_UNIT = re.compile("[的旁边隔壁对面附近门口楼下店铺街路巷]|小卖部|俱乐部|门市部|服务部|画室|工作室|琴室")
# a colon, perhaps after the bracket closing the name (【税务局】：…) or a mark in brackets (人社局【官方】：…)
_ANNOUNCED = re.compile("[】」）)]?(?:[【\\[（(]官方[】\\]）)])?\\s*[：:]")
# … or the name in brackets opening the bio, as a notice's headline is written (【退役军人事务局】一次性补助申领…)
_HEADLINE_OPENS, _HEADLINE_CLOSES = "【「[〔", "】」]〕"
_NUMBER_ENDING = re.compile("[0-9]{3,5}$")  # a service line's number after the organ's name (市场监管局12315：…)
_SHORT_MARKED = tuple(sorted(_SHORT_WITH_A_MARK))
_UNPLACED = frozenset(UNPLACED_BEFORE)
_LAST_CHARACTERS = frozenset(end[-1] for end in _INSTITUTION_ENDS) | {w[-1] for w in _SHORT_INSTITUTIONS}
_LONGEST_BEFORE = max(map(len, UNPLACED_BEFORE))


def detect_organ_alone(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D1 for a name that is an organ word and nothing that says where: padding, a level or the country only,
    perhaps one of the organ's units after it (公安局禁毒支队; with its place in a part of its own after it, D4 reads
    the place's organ: `division_function.py`); D3 for a bio whose opening clause is such a name with an official mark
    or one of the organ's units (税务局征管科，个税问题可以问), or a colon after it (税务局：您有一笔退税待领取)."""
    if profile.account_id in index.verified_accounts:
        return
    for field, text in profile.names():
        yield from _claimed(index, profile, field, text, text, "official_name_similar", marked_only=False)
    for field, text in profile.bios():
        opening = opening_clause(text.original)
        announced = _announces(text.original.strip(), opening)
        if announced:  # 税务局通知：… is the organ's notice, as 税务局：… is; 市场监管局12315：… its line's
            opening = _NUMBER_ENDING.sub("", opening)
            opening = opening[: len(opening) - len(next((w for w in NOTICE_WORDS if opening.endswith(w)), ""))]
        clause = normalize(opening)
        if clause.canonical and text.canonical.startswith(clause.canonical):  # the clause's span is the bio's too
            yield from _claimed(index, profile, field, text, clause, "official_bio", marked_only=not announced)


def _announces(written: str, opening: str) -> bool:
    """Whether the bio `written` gives its opening clause as who speaks: a colon right after it
    (教育局：助学金发放通知…) or brackets around it opening the bio (【退役军人事务局】…) — the organ giving notice,
    as an official mark says."""
    at = written.find(opening)
    end = at + len(opening)
    if _ANNOUNCED.match(written, end) is not None:
        return True
    return at > 0 and written[at - 1] in _HEADLINE_OPENS and written.startswith(tuple(_HEADLINE_CLOSES), end)


def _claimed(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText, read: NormalizedText,
             rule: str, *, marked_only: bool) -> Iterator[Violation]:
    """The violation when `read` (the text, or the opening clause of it) names an organ alone, or else a state
    service's office (`_a_state_services_office`); `marked_only`: an organ only with an official mark after it."""
    for canonical in dict.fromkeys((read.canonical, read.shape)):
        found = _organ_named_alone(index, canonical)
        if found is None or (marked_only and not found[3]):
            continue
        before, organ, start, _ = found
        view = "canonical" if canonical == read.canonical else "shape"
        if any(m.view == "canonical" for m in index.names.find(read)):
            return  # 中国海关, 中国消防: the registry's own body, D1 or D3 by its name
        yield _for_review(profile, field, text, read, rule, f"organ:{organ}", "organ_alone", before + organ,
                          start, start + len(before) + len(organ), view, organ_word=organ, before=before)
        return
    office = _a_state_services_office(index, read.canonical)
    if office is not None:
        service, start, end = office
        yield _for_review(profile, field, text, read, rule, f"service:{service}", "state_service_office",
                          read.canonical[start:end], start, end, "canonical", service=service)


def _for_review(profile: ProfileView, field: str, text: NormalizedText, read: NormalizedText, rule: str,
                identity: str, kind: str, matched: str, start: int, end: int, view: str,
                **details: str) -> Violation:
    """A similar name at the review confidence: what was matched, its `details`, and where it lies in `text`."""
    return Violation(
        account_id=profile.account_id, rule=rule, confidence=REVIEW_CONFIDENCE,
        source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field,
        identity=identity, evidence={
            "field": field, "text": text.original, "canonical": text.canonical, "matched": matched, **details,
            "view": view, "steps": list(read.steps), "identity_kind": kind, **location(text, start, end, view)})


def _organ_named_alone(index: IdentityIndex, canonical: str) -> tuple[str, str, int, bool] | None:
    """(what stands before the organ word, the organ word, where the claim starts, whether an official mark
    follows it) when `canonical` is padding, then an unplaced prefix, an organ word, then padding only; else
    None."""
    padding_first = index.padding_first
    starts = [0]
    while canonical.startswith(padding_first, starts[-1]):  # 官方公安局
        starts.append(starts[-1] + len(next(p for p in padding_first if canonical.startswith(p, starts[-1]))))
    # from the padding's end first, then from each earlier start: 网 pads 网公安局 but begins 网信办
    for start in reversed(starts):
        found = _organ_from(index, canonical, start)
        if found is not None:
            return found
    return None


def _organ_from(index: IdentityIndex, canonical: str, start: int) -> tuple[str, str, int, bool] | None:
    """`_organ_named_alone` with the claim starting at `start`."""
    padding_first = index.padding_first
    endings, institutions = institution_words(index.organ_words)
    core = canonical[start:]
    unit = False
    # … and without the padding after it (法院执行局|官方; 中心 also ends units: 疫苗预约中心)
    for written in dict.fromkeys((core, index.before_padding(core))):
        if _A_UNIT_ENDING.search(written) is None:
            continue
        # one of the organ's units after it (公安局|禁毒支队, 人民法院|民一庭): read to where the organ word ends
        cut = next((at for at in range(2, len(written)) if written.endswith(endings, 0, at)
                    and _A_UNIT.fullmatch(written, at) is not None and not _NOT_A_UNIT.search(written, at)), None)
        if cut is not None:
            core, unit = written[:cut], True
            break
    while core:  # the padding after it taken off one word at a time: 中心 ends 疾控中心 and pads 公安局中心
        # a unit of the organ named after it marks the name as the organ's as an official mark does (a bio opening
        # 税务局征管科，… speaks as the unit, or as one of its staff)
        marked = unit or canonical.startswith(_OFFICIAL_MARKS, start + len(core))
        if (core[-1] in _LAST_CHARACTERS and core.endswith(endings)) or (marked and core.endswith(_SHORT_MARKED)):
            for cut in range(min(len(core) - 1, _LONGEST_BEFORE) + 1):  # the whole first: 市场监督管理局, not 市 + …
                before, organ = core[:cut], core[cut:]
                # a service line's number before the organ says no place either (12345政务服务便民热线, 119消防官方)
                unplaced = before == "" or before in _UNPLACED or before in index.registry.vocabulary.hotline_numbers
                if unplaced and (
                        organ in institutions or (marked and organ in _SHORT_WITH_A_MARK)):
                    return before, organ, start, marked
        after = next((p for p in padding_first if core.endswith(p)), None)
        if after is None:
            # padding after a number alone, other than 号 (12345号 may be an address or a handle)
            line = _a_lines_own(index, core, start, padded=canonical[start + len(core):] not in ("", "号", "小号"))
            served = None if line is not None else _without_a_service(core, endings)
            if served is None:
                return line
            core = served
            continue
        core = core[: -len(after)]
    return None


# What, before a state service's office, makes it a business's or a teacher's (四六级培训中心 is no office of the
# list, but 驾照考试代办处理中心 names an agent): an agent, a course, a firm, a shop
_A_BUSINESS = ("代办", "代缴", "代理", "培训", "辅导", "课程", "学习", "资料", "律师", "律所", "事务所", "公司",
               "咨询", "会计", "财税", "保险", "中介", "工作室", "店")
_SERVICE_REACH = 10  # characters between the name's start and its office (失信黑名单撤销|中心: 失信黑名单撤销)


@lru_cache(maxsize=4)
def _last_characters(words: tuple[str, ...]) -> frozenset[str]:
    """The characters `words` end in: a text holding none of them holds none of the words."""
    return frozenset(word[-1] for word in words)


_UNPLACED_LONGEST_FIRST = longest_first(tuple(UNPLACED_BEFORE))


def _a_state_services_office(index: IdentityIndex, canonical: str) -> tuple[str, int, int] | None:
    """(the service, where the claim starts and ends) when `canonical`, its padding aside, is a service only the
    state provides or decides and the office that would provide it, no place and nothing else (个税退税办理中心,
    医保卡解冻中心, 失信黑名单撤销中心, 四六级考试中心官方): an office made up in the state's name, as an organ
    alone is — unless what stands before the office is an agent's, a course's or a firm's (社保代缴办理中心)."""
    vocabulary = index.registry.vocabulary
    if _last_characters(vocabulary.service_offices).isdisjoint(canonical) or not any(
            office in canonical for office in vocabulary.service_offices):
        return None  # (most names hold none of the offices' last characters: 心, 处, 站)
    start = 0  # the padding before it (官方, 【公安】 leaves 公安 …), by words of two characters (网 begins 网络诈骗)
    while (mark := next((p for p in index.padding_first if len(p) > 1 and canonical.startswith(p, start)), None)):
        start += len(mark)
    offices = longest_first(vocabulary.service_offices)
    # the padding after it taken off a word at a time, until the office ends what is left (中心 is padding too)
    rest = next((r for r in index.padding_stripped(canonical[start:]) if r.endswith(offices)), None)
    if rest is None:
        return None
    end = start + len(rest)
    office = next(o for o in offices if rest.endswith(o))
    before = canonical[start: end - len(office)]
    before = next((before[len(u):] for u in _UNPLACED_LONGEST_FIRST if before.startswith(u)), before)
    if not before or len(before) > _SERVICE_REACH or any(word in before for word in _A_BUSINESS) \
            or index.division_finder.find(before):
        return None  # (a place's office is its organ's, which D1 and D4 read: 包头交警违章处理中心)
    service = next((w for w in vocabulary.state_services if w in before), None)
    return (service, start, end) if service is not None else None


def _without_a_service(core: str, endings: tuple[str, ...]) -> str | None:
    """`core` without a service ending it and what the service is for, where an institution's organ word ends before
    them (人社局|社保查询, 工商局|执照年检) — never a place beside the organ (公安局附近美食|查询 stays as it is, and
    names no organ alone); without the service alone otherwise (人社局在线|服务); None when no service ends it."""
    if not core.endswith(_SERVICES):
        return None
    service = next((w for w in _SERVICES if core.endswith(w) and len(core) > len(w)), None)
    if service is None:
        return None
    rest = core[: -len(service)]
    for served in range(1, _SERVED_REACH + 1):
        if served < len(rest) and rest.endswith(endings, 0, len(rest) - served) and not _NOT_A_UNIT.search(
                rest, len(rest) - served):
            return rest[: len(rest) - served]
    return rest


def _a_lines_own(index: IdentityIndex, core: str, start: int, *, padded: bool = False,
                 ) -> tuple[str, str, int, bool] | None:
    """A service line's number and its service, nothing else, perhaps the country before it (12315投诉举报,
    12333人社服务, 全国12315消费维权服务平台), or the number alone when padding followed it (`padded`: 全国12315平台,
    12366官方): the line's own account."""
    if not core[:1].isdigit() and not core.startswith(_UNPLACED_LONGEST_FIRST):
        return None  # (most names reaching here: neither a number nor the country opens them)
    before = next((u for u in _UNPLACED_LONGEST_FIRST if core.startswith(u) and core[len(u):len(u) + 1].isdigit()), "")
    if not core[len(before):len(before) + 1].isdigit():
        return None
    number = next((n for n in index.registry.vocabulary.hotline_numbers
                   if core.startswith(n, len(before)) and len(n) >= SERVICE_LINE_DIGITS), None)
    if number is None:
        return None
    after = len(before) + len(number)
    if _A_LINES_SERVICE.fullmatch(core, after) is None and not (padded and after == len(core)):
        return None
    return before, number, start, True
