"""D6: a professional title (医生, 律师, 教授, 分析师, 心理咨询师…) without a valid credential in its domain."""

from __future__ import annotations

import re
from collections.abc import Iterator

from enforcement.detectors.clauses import only_in_works_titles, sentence_ends_inside
from enforcement.detectors.compounds import compound_head_after, heard_inside_a_body
from enforcement.detectors.evidence import location, read_as
from enforcement.detectors.official_name import an_institutions_short_form
from enforcement.detectors.person_words import (
    CHANNEL_AFTER,
    CLAIM_BEFORE,
    SUBJECTS,
    TALKS_ABOUT,
    TOPIC_REACH,
    a_disguise_after_its_employer,
    a_disguise_introducing_itself,
    claimed_in_bio,
    department_starts,
    in_initials,
    labels_a_person,
    labels_a_person_in_its_part,
    looks_like_personal_name,
    names_the_holder,
    place_ends_before_surnames,
    places_before,
    read_over,
    the_holders_channel,
)
from enforcement.detectors.profile import ProfileView
from enforcement.identity import IdentityIndex, TermHit
from enforcement.identity.index import TITLE_INITIALS
from enforcement.text import is_han
from enforcement.text.surnames import FAMILY_NAMES, SURNAMES
from enforcement.violations import Violation


def _inside_a_latin_word(canonical: str, hit: TermHit) -> bool:
    """A Latin letter touches the hit on either side: it is part of a longer word."""
    before = canonical[hit.start - 1] if hit.start > 0 else ""
    after = canonical[hit.end] if hit.end < len(canonical) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


# Words ending in 科 that name a field of study or a school's track, not a hospital's department: 文科王主任
# is nobody's doctor.
_NOT_DEPARTMENTS = ("文科", "理科", "工科", "本科", "专科", "学科", "社科", "预科", "教科", "百科", "科科")
# A department or a hospital (its number too: 哈医大二院), then its head by surname, the way patients name a doctor
# (皮肤科王主任, 心内科老李主任, 湘雅医院张主任, 哈医大二院于主任), perhaps praised between (男科权威吴主任).
_DEPARTMENT_HEAD = re.compile(
    rf"(?:(?<=[\u4e00-\u9fff])科|医院|(?<=[一二三四五六七八九])院|附院)(?:权威|名医|专家)?(?:[老小])?"
    rf"[{''.join(sorted(FAMILY_NAMES))}]主任")


def _a_disguised_title(canonical: str, hit: TermHit) -> bool:
    """A two-syllable title heard right after a surname, its first character kept (王医牲 for 王医生, 李教受 for
    李教授) or ending the name after a whole personal name (周伟牙肄), and not beginning a place or shop name — or
    opening the name before a personal name or what the holder's channel offers or talks about, either of its
    characters kept (教手田萍, 牙意邱, 郊授胡, 绿师说法). After a name, or opening the name as one, its second
    character alone is no sign: given names end in 生 and 师's
    sounds (王一生, 刘依生, 陈诗, 吕师文). A title whose first character begins given names (中医, 军医) is the
    other way round: only its second character kept is a sign (王钟医, 钟医梁老师; 王中意, 李军毅 are names)."""
    written = canonical[hit.start:hit.end]
    if written in EVERYDAY_SOUNDALIKES or compound_head_after(canonical, hit.end):
        return False
    if hit.term in _GIVEN_NAME_BEGINNINGS:
        first_kept, second_kept = False, written[1] == hit.term[1]
    else:
        first_kept, second_kept = written[0] == hit.term[0], written[1] == hit.term[1]
    if hit.start == 0:  # opening the name: the first character kept (教手田萍), or the second after one that is no
        # surname (郊授胡, 率师郝) — 吕师文 and 蒋师华 are a surname and a given name, not 律师 and 讲师
        kept = first_kept or (second_kept and (written[0] not in SURNAMES or hit.term in _GIVEN_NAME_BEGINNINGS))
        return kept and (names_the_holder(canonical[hit.end:]) or the_holders_channel(canonical[hit.end:]))
    if not (first_kept or (second_kept and hit.term in _GIVEN_NAME_BEGINNINGS)):
        return False
    # right after a surname (王医牲), or ending the name after a whole personal name (周伟牙肄, 杨丽玉教受)
    name = canonical[:hit.start]
    return canonical[hit.start - 1] in FAMILY_NAMES or (
        hit.end == len(canonical) and len(name) >= 2 and looks_like_personal_name(name))


# Titles whose first character begins many given names: after a surname, 军 and a sound like 医 is a given name
# (冯军怡, 李军毅), not a military doctor, and 中 and one like 医 too (王中意, 李中一, 张中义) — unless 医 is kept.
_GIVEN_NAME_BEGINNINGS = frozenset({"军医", "中医"})


# Everyday words that sound like a two-syllable title and keep one of its characters: a classroom is not a
# teacher (王教室), a tale of history not a lecturer (老王讲史), a fortune not a doctor (王大富), a lifetime not a
# doctor (一生), nor a first division or a mentor a physician (一师, 亦师), nor a university's attached school a
# doctor after a surname's character (北师|大附中).
EVERYDAY_SOUNDALIKES = frozenset({"教室", "教士", "教式", "讲史", "讲诗", "大富", "大福", "大副", "律诗",
                                  "药石", "药食", "药事", "护市", "医圣", "医事", "医史", "一生", "一师", "亦师",
                                  "易师", "义师", "大附"})


# After a title, the work of someone who assists its holder. (A staff role's 助理 is a post of its own: 法官助理
# works in the court, D5.)
_ASSISTANT_AFTER = ("助理", "助手", "秘书")
# Titles whose full pinyin is also a common given name: 王yisheng is as likely 王一生 as 王医生.
_SPELLED_AS_GIVEN_NAMES = frozenset({"医生", "医师"})


def _spelled_like_a_given_name(canonical: str, hit: TermHit) -> bool:
    """The title is spelled whole in pinyin right after a surname, and its spelling is also a given name's."""
    return (hit.term in _SPELLED_AS_GIVEN_NAMES and canonical[hit.start:hit.end].isascii()
            and hit.start > 0 and canonical[hit.start - 1] in SURNAMES
            and not _talks_about_a_topic(canonical[hit.end:]))


def _talks_about_a_topic(tail: str) -> bool:
    """What follows is a channel talking about a topic (讲健康, 科普养生): 王yisheng讲健康 is a doctor's channel."""
    verb = next((word for word in TALKS_ABOUT if tail.startswith(word)), "")
    return bool(verb) and len(verb) < len(tail) <= TOPIC_REACH


# Titles that, with 学, name their discipline (法医学专业学生 studies it; no holder is named).
_DISCIPLINES = frozenset({"法医学", "中医学"})
# What 中医 names as a field, not a doctor, right after it (中医养生爱好者, 中医药, 中医馆), in a bio as in a name
_TCM_FIELD_AFTER = ("养生", "药", "文化", "知识", "馆", "调理", "推拿", "理疗", "食疗", "爱好", "院", "诊所")


# Where a profession works, heard like its holder (yuan, shi, suo): a 心理咨询室 or 会计室 is a room, a 研究院 an
# institute — the place, not a title in disguise.
_WORKPLACE_CHARACTERS = frozenset("室院所馆店站厅部处社堂")


def _a_workplace_heard(canonical: str, hit: TermHit) -> bool:
    """The title is only heard, and a character where it differs from the title names a place of work, or the
    firm's word begins inside it (会计事|务所 heard as 会计师)."""
    written = canonical[hit.start:hit.end]
    return (hit.view == "sound" and len(written) == len(hit.term)
            and (any(w != t and w in _WORKPLACE_CHARACTERS for w, t in zip(written, hit.term, strict=True))
                 or hit.start < canonical.find(_FIRM, hit.start, hit.end + len(_FIRM)) < hit.end))


_FIRM = "事务所"  # an accountants', lawyers' or tax advisers' firm


def _another_trade(index: IdentityIndex, canonical: str, hit: TermHit) -> bool:
    """The word written right before the title makes it another trade: what the holder mends or reads is no
    patient or market (电脑医生, 宠物医生, 数据分析师, 足球分析师: `other_trades` in vocab.json). A title
    that names its domain only unqualified (分析师: `title_fields`) is another trade after any two characters
    that are neither one of its fields (宏观分析师, 资深分析师), a personal name's (张伟分析师, 小李分析师) nor a
    place's (北京分析师金): 摸鱼分析师, 塔罗分析师."""
    before = canonical[:hit.start]
    if before.endswith(index.other_trades.get(hit.term, ())):
        return True
    fields = index.title_fields.get(hit.term)
    if fields is None or before.endswith(fields) or len(before) < 2:
        return False
    if any(place.end == hit.start for place in index.division_finder.find(before)):
        return False  # where the holder works, not what they analyse (北京分析师金, 上海分析师吕)
    qualifier = before[-3:]
    return (all(is_han(c) for c in qualifier[-2:]) and qualifier[-1] not in _NO_QUALIFIER_ENDS
            and not any(c in SURNAMES or c == "阿" for c in qualifier[:-1]))


# Characters that end what comes before a title without qualifying it: a claim (我是, 身为, 本人系), a count
# (一名, 一位), years (十年), a grade (市级, 二级, 基层), a possessive (身边的) or a join with another title
# (律师兼, 律师和).
_NO_QUALIFIER_ENDS = frozenset("是为任当做名位个枚只的兼和与及级系年层")


def _department_heads(index: IdentityIndex, canonical: str) -> list[TermHit]:
    """科主任 with the head's surname inside it (皮肤科王主任), or a hospital's 主任 by surname (协和医院王主任, and
    by the short form the hospital is known by: 协和张主任, 华西李主任), read as the specialty form 科主任. Not a
    school's track (文科王主任) nor a hospital of another trade's (宠物医院, 手机医院: what `other_trades` says a 医生
    of is no patient)."""
    heads = [TermHit("科主任", m.start(), m.end()) for m in _DEPARTMENT_HEAD.finditer(canonical)
             if not canonical.endswith(_NOT_DEPARTMENTS, 0, m.start() + 1)
             and not canonical.endswith(index.other_trades.get("医生", ()), 0, m.start())]
    found = _HEAD_AFTER_A_SHORT_FORM.match(canonical)
    if not heads and found is not None and _a_hospitals_short_form(index, found[1]):
        heads.append(TermHit("科主任", 0, found.end()))
    return heads


# A name opening with a short form, then a head by surname (协和张主任): a hospital's, if the short form is one's
_HEAD_AFTER_A_SHORT_FORM = re.compile(rf"(.{{2,4}}?)(?:[老小])?[{''.join(sorted(FAMILY_NAMES))}]主任")


def _a_hospitals_short_form(index: IdentityIndex, short: str) -> bool:
    """`short` is the short form a listed hospital is known by (协和, 华西, 湘雅)."""
    owner = index.context_names.get(short)
    return owner is not None and any(name.endswith("医院") for name in index.registry.identities[owner].names)


# A school subject, then the teacher by surname (数学王老师, 语文老李老师): the subject's teacher, as 数学老师 is.
_SUBJECT_TEACHER = re.compile(
    f"({'|'.join(SUBJECTS)})(?:[老小])?[{''.join(sorted(FAMILY_NAMES))}]老师")


def _subject_teachers(index: IdentityIndex, canonical: str) -> list[TermHit]:
    """A subject and a teacher by surname (高中数学王老师), read as the subject's title (数学老师) over the span."""
    return [TermHit(f"{m[1]}老师", m.start(), m.end()) for m in _SUBJECT_TEACHER.finditer(canonical)
            if f"{m[1]}老师" in index.title_domains]


# A school named, perhaps one of its offices or groups, then a teacher by surname (沂水一中王老师, 郑州大学辅导员刘老师,
# 醴陵一中数学组何老师, 阳光幼儿园大班李老师), or an admissions office's (复旦招生办张老师, 招办刘老师): that school's
# teacher, as 数学老师 is the subject's — not its student's (大学生小王老师)
_SCHOOL_TEACHER = re.compile(
    "(?:中学|小学|[一二三四五六七八九十]{1,2}中|高中|附中|附小|大学|学院|幼儿园|招生办|招办|招生处)(?!生)"
    "[\u4e00-\u9fff]{0,5}?[老小]?"
    f"[{''.join(sorted(FAMILY_NAMES))}]老师")


def _school_teachers(canonical: str) -> list[TermHit]:
    """A school's teacher by surname (临泉一中王老师), read as the title 教师 over the span from the school's kind."""
    return [TermHit("教师", m.start(), m.end()) for m in _SCHOOL_TEACHER.finditer(canonical)]


# A lawyer called by surname and 律 alone, the way clients and their own channels name one (张律说法, 李律普法,
# 王律聊婚姻法): only with what a holder's channel says after it and the surname beginning the name or following
# 老/小 — 郑律 alone may be a person's whole name —, or in a bio right after a claim (我是张律); never a word that
# ends in 律 (纪律, 严律, 金律).
_LAW_SHORT = re.compile(rf"[{''.join(sorted(FAMILY_NAMES))}]律")
_LAW_SHORT_SAID = (*CHANNEL_AFTER, *TALKS_ABOUT, "普法", "答疑", "讲法", "聊法", "说案", "讲案")
_NOT_LAW_SHORTS = frozenset({"纪律", "严律", "金律"})


def _lawyers_by_surname(canonical: str, in_bio: bool) -> list[TermHit]:
    """张律 before what a lawyer's channel says (张律说法), or in a bio after a claim (我是张律), read as the title
    律师 at 律, right after the surname."""
    hits = []
    for m in _LAW_SHORT.finditer(canonical):
        if m.group() in _NOT_LAW_SHORTS:
            continue
        before = canonical[m.start() - 1] if m.start() else ""
        claimed = in_bio and canonical.endswith(CLAIM_BEFORE, 0, m.start())
        opens = not is_han(before) or before in "老小"  # the surname begins the name (or a nickname: 老张律说法)
        if claimed or (opens and canonical.startswith(_LAW_SHORT_SAID, m.end())):
            hits.append(TermHit("律师", m.end() - 1, m.end()))
    return hits


_SHORTEST_NUMBERED_HOSPITAL = 4  # 浙大一院


def _place_ending_at(index: IdentityIndex, canonical: str, hit: TermHit) -> int | None:
    """Where the places' names that end right before the title start (上海|执业律师): a bio may open with the place
    the holder practises in, as with a surname — or with the short form its listed hospital is known by (协和|医生)."""
    if hit.start >= 2 and _a_hospitals_short_form(index, canonical[:hit.start]):
        return 0
    if any(an_institutions_short_form(index, canonical[:start]) is not None
           for start in (hit.start, *department_starts(canonical, hit)) if start >= _SHORTEST_NUMBERED_HOSPITAL):
        return 0  # a university's hospital by its number, the department perhaps between (郑大一附院|儿科|医生)
    return places_before(index.division_finder.find(canonical[:hit.start]), hit.start) if hit.start >= 2 else None


# A trainee's word before a title, or right after (or over the last character of) what was read as one: 实习教师,
# 见习教师, 护理实习生, 心理咨询实习生 (not 规培医生: a resident is a licensed doctor in training; 实习律师 is a
# title of its own)
_TRAINING = ("实习", "见习")
_NUMERALS = frozenset("一二两三四五六七八九十几每某")  # before 名, a count of people (一名医生), not 名医
# A level of an exam right after a title in Latin initials (CFA一级, CFA level 2): a candidate's, not the holder's
_AN_EXAMS_LEVEL = re.compile("(?:[一二三123]级|level ?[123i]{1,3}|l[123])(?![a-z])")


def detect_professional_title(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D6: the title labels the holder; no valid credential in the title's domain (another domain's
    credential is a mismatch — dynamic verification, 001 §三3)."""
    for field, text in profile.texts:
        in_bio = field == "bio"
        canonical = text.canonical
        # homophones for titles of 3+ characters (心里咨询师); two-syllable ones are everyday sounds (王一生
        # reads like 王医生), so only a disguise that keeps the title's first character, right after a
        # surname (王医牲, 李教受) or opening the name before a personal name (教手田萍)
        hits = sorted([*(h for h in index.titles.find_views(text, sound=True, near=True)
                         if h.view != "sound" or len(h.term) >= 3 or _a_disguised_title(canonical, h)
                         or (in_bio and (a_disguise_after_its_employer(canonical, h)
                                         or (a_disguise_introducing_itself(canonical, h)
                                             and canonical[h.start:h.end] not in EVERYDAY_SOUNDALIKES)))),
                       *index.in_latin(index.titles_in_latin, text), *_department_heads(index, canonical),
                       *_subject_teachers(index, canonical), *_school_teachers(canonical),
                       *in_initials(text, in_bio, TITLE_INITIALS),
                       *_lawyers_by_surname(canonical, in_bio)],
                      key=lambda h: h.end - h.start, reverse=True)
        reported: set[str] = set()
        place_ends = frozenset() if in_bio else place_ends_before_surnames(canonical, hits, index.division_finder.find)
        news_ends = [h.end for h in index.news_words.find(canonical)] if hits and not in_bio else []
        read: list[TermHit] = []
        for hit in hits:
            if read_over(read, hit):
                continue  # the longer title read here decided (全科医生招聘 is not 全 + 科医生)
            read.append(hit)
            if hit.term.isascii() and _inside_a_latin_word(canonical, hit):
                continue  # CPA in escpa is not the title
            if in_bio and sentence_ends_inside(text.original, hit.start, hit.end):
                continue  # 研究生，导师是个好教授: no 研究生导师 across the comma
            if canonical.endswith(_TRAINING, 0, hit.start) or canonical.startswith(_TRAINING, hit.end - 1) \
                    or canonical.startswith(_TRAINING, hit.end):
                continue  # 实习律师, 实习教师, 心理咨询实习生 (heard as 心理咨询师): a trainee, not yet licensed
            if hit.term.isascii() and _AN_EXAMS_LEVEL.match(canonical, hit.end):
                continue  # CFA二级考生, CFA level 2: the exam's levels are a candidate's; the charter has none
            domain = index.title_domains[hit.term]
            if domain in reported or domain in profile.credential_domains:
                continue
            if any(end <= hit.start for end in news_ends):
                continue  # a news account quoting an expert ("健康日报张教授说") names the expert, not itself
            if hit.term.startswith("名") and canonical[hit.start - 1:hit.start] in _NUMERALS and hit.start > 0:
                continue  # 一名医生的女儿: 名 counts people (一名), and 名医 is no title there
            if canonical.startswith(_ASSISTANT_AFTER, hit.end):
                continue  # 律师助理, 医生助手: the holder assists one; the title is not theirs
            if canonical.startswith("学", hit.end) and hit.term + "学" in _DISCIPLINES:
                continue  # 法医学专业: the discipline studied, not its practitioner
            if hit.term == "中医" and canonical.startswith(_TCM_FIELD_AFTER, hit.end):
                continue  # 中医养生爱好者: the field
            if _another_trade(index, canonical, hit) or _a_workplace_heard(canonical, hit):
                continue
            if only_in_works_titles(text.original, canonical[hit.start:hit.end]):
                continue  # 《精英律师》罗槟粉: a series' name
            if hit.view == "pinyin_mix" and _spelled_like_a_given_name(canonical, hit):
                continue
            person = (claimed_in_bio(canonical, hit, text.original,
                                     place_before=_place_ending_at(index, canonical, hit)) if in_bio
                      else labels_a_person(canonical, hit, place_ends)
                      or labels_a_person_in_its_part(canonical, hit, text.original, place_ends))
            if not person or heard_inside_a_body(index, text, hit):  # (asked last: it reads the names in the text)
                continue
            reported.add(domain)
            mismatch = bool(profile.credential_domains)
            yield Violation(
                account_id=profile.account_id,
                rule="professional_title_domain_mismatch" if mismatch else "professional_title_uncredentialed",
                confidence=0.9 if hit.view == "canonical" else 0.85,
                source_event_id=profile.event_id,
                occurred_at=profile.occurred_at,
                field=field,
                identity=f"title:{domain}",
                evidence={"field": field, "text": text.original, "canonical": text.canonical, "title": hit.term,
                          "domain": domain, "credential_domains": sorted(profile.credential_domains),
                          "steps": list(text.steps),
                          **location(text, hit.start, hit.end, hit.view, read_as=read_as(hit))},
            )
