"""D4: an administrative-division name joined to an official-function word (成都公安, 平安北京, 西安发布), marked
official (珙县官微), or written after the organ in a part of its own (卫生监督所·广州番禺).

A place name in an ordinary name ("成都美食探店", "朝阳群众") is not a violation. Short names that are
ordinary words or shared by several divisions (朝阳, 和平, 新华…) count only when joined to a function
word, and with lower confidence so the policy can route them to review.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from enforcement.detectors.clauses import CLAUSE_END, SENTENCE_END, written_between
from enforcement.detectors.compounds import (
    LOCATIVES,
    compound_head_after,
    compound_head_at_end,
    inside_a_place_name,
    written_in_full,
)
from enforcement.detectors.evidence import location
from enforcement.detectors.official_name import may_be_only_mentioned, only_mentioned
from enforcement.detectors.person_words import WATCHED_BEFORE, parted_after
from enforcement.detectors.profile import BIO_FIELDS, ProfileView
from enforcement.identity import IdentityIndex, TermHit
from enforcement.registry import Division
from enforcement.text import NormalizedText, is_han, normalize
from enforcement.text.matcher import near_fold
from enforcement.text.mixed import JoinedHit
from enforcement.violations import Violation

_LEVEL_ORDER = {"province": 0, "prefecture": 1, "county": 2}


_PREFIX = {"province": 2, "prefecture": 4}  # how many digits of a code a division shares with those under it


def best_division(divisions: tuple[Division, ...], before: tuple[Division, ...] = ()) -> Division:
    """The division a place name means: the one under a division written before it (沈阳和平区 is
    Shenyang's 和平区, not Tianjin's), else the highest level, then the lowest code."""
    if len(divisions) == 1:
        return divisions[0]
    under = [d for d in divisions for parent in before if parent.level in _PREFIX and d.code != parent.code
             and d.code.startswith(parent.code[:_PREFIX[parent.level]])]
    return min(under or divisions, key=lambda d: (_LEVEL_ORDER.get(d.level, 3), d.code))


def detect_division_function(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D4: division name immediately followed by an official-function word, or preceded by a brand (平安); D3 for a
    bio whose first part is a place marked official (筠连官微，…)."""
    if profile.account_id in index.verified_accounts:
        return
    for field, text in profile.names():
        if text.canonical.startswith(WATCHED_BEFORE):
            continue  # what a reader reads or thanks (每天读光明日报的退休教师, 感谢成都公安), as D1 and D8 read it
        seen: set[str] = set()
        # plain, then look-alikes folded, then standard look-alike characters folded too (郫都区氏政局)
        near = near_fold(text.shape) or text.shape
        for canonical in dict.fromkeys((text.canonical, text.shape, near, _near_after_the_places(index, text.shape,
                                                                                                    near))):
            yield from joined_organs(index, profile, field, text, canonical, seen)
        if not seen:
            found = list(a_place_marked_official(index, profile, field, text))
            yield from found or _the_place_in_a_part_after(index, profile, field, text, seen)
    for field, text in profile.bios():
        yield from _a_place_marked_official_first(index, profile, field, text)


def _a_place_marked_official_first(index: IdentityIndex, profile: ProfileView, field: str,
                                   text: NormalizedText) -> Iterator[Violation]:
    """D3: the bio's first sentence part is a place marked official, as a display name may be (筠连官微，…; 魅力龙陵
    （官方），…: `a_place_marked_official`): the place's own account introducing itself."""
    sentence = SENTENCE_END.split(text.original.strip(), maxsplit=1)[0]
    # the first sentence part, or its first word when a space parts it (浙江之声官方 FM88)
    for written in dict.fromkeys((sentence, sentence.split(maxsplit=1)[0] if sentence.strip() else sentence)):
        first = normalize(written)
        if not first.canonical or not text.canonical.startswith(first.canonical):
            continue
        found = [replace(found, rule="official_bio", confidence=round(found.confidence * 0.95, 4),
                         evidence={**found.evidence, "text": text.original, "canonical": text.canonical,
                                   "claim": True, "opens_bio": True})
                 for found in a_place_marked_official(index, profile, field, first)]
        if found:
            yield from found
            return


def _only_places(index: IdentityIndex, canonical: str) -> bool:
    """`canonical` is one or more divisions' names written one after another (济南, 昆明盘龙, 广州番禺) and nothing
    else."""
    if not canonical:
        return False
    ends = {0}
    for hit in sorted(index.division_finder.find(canonical), key=lambda h: h.start):
        if hit.view == "canonical" and hit.start in ends:
            ends.add(hit.end)
    return len(canonical) in ends


def _the_place_in_a_part_after(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText,
                               seen: set[str]) -> Iterator[Violation]:
    """D4 for a name in parts whose last parts are only its place, after the organ (卫生监督所·广州番禺, 税务稽查局 ·
    沈阳, 城管执法中队（深圳福田）), or an organ word written right before its place and nothing else (税务局南昌):
    read as the place before the organ, as 番禺区卫生监督所 is written; the evidence names the whole name."""
    parts = [part for part in CLAUSE_END.split(text.original) if part.strip()]
    if len(parts) < 2:
        # … or written on without a part of its own: an organ word that is the whole start, then places only
        # (税务局南昌, 公安局昆明市)
        canonical = text.canonical
        organ = max((o.end for o in index.organ_words.find(canonical) if o.start == 0 and o.view == "canonical"),
                    default=0)
        parts = [canonical[:organ], canonical[organ:]] if organ and organ < len(canonical) else parts
    if len(parts) < 2 or not all(_only_places(index, normalize(part).canonical) for part in parts[1:]):
        return
    turned = normalize("".join(parts[1:]) + parts[0])
    for found in joined_organs(index, profile, field, turned, turned.canonical, seen):
        yield replace(found, evidence={**found.evidence, "text": text.original, "canonical": text.canonical,
                                       "place_after": True, **location(text, 0, len(text.canonical))})


# Words by which a name calls itself a place's official account, before or after the place's name (珙县官微,
# 官方·岳普湖)
PLACES_OFFICIAL_MARKS = ("官方账号", "官方帐号", "官方号", "官方", "官微", "官号", "official")
# ... and after the place's name only: its broadcaster's and media centre's brand (宁乡之声, 寿光之声 — 中国之声 is
# the national radio's channel, a registry name)
_PLACES_BROADCAST_MARKS = ("之声",)
# What a county's own account puts before its place's name as a slogan (大美绿春官方, 魅力施甸（官方）): with an
# official mark only — a tourism blogger writes 大美新疆 too
_SLOGANS_BEFORE = ("大美", "魅力", "美丽", "最美", "印象", "多彩", "锦绣", "醉美")


def a_place_marked_official(index: IdentityIndex, profile: ProfileView, field: str,
                             text: NormalizedText) -> Iterator[Violation]:
    """D4: the name is a division's name, perhaps after a slogan, and an official mark before or after it, and nothing
    else (珙县官微, 官方·岳普湖, 魅力施甸（官方）, 宁乡之声): the place's own account, as 珙县发布 is."""
    canonical, mark = text.canonical, None
    while True:
        found = next((m for m in (*PLACES_OFFICIAL_MARKS, *_PLACES_BROADCAST_MARKS)
                      if canonical.endswith(m) and len(canonical) > len(m)), None)
        if found is not None:
            canonical, mark = canonical[: -len(found)], found
            continue
        found = next((m for m in PLACES_OFFICIAL_MARKS if canonical.startswith(m) and len(canonical) > len(m)), None)
        if found is None:
            break
        canonical, mark = canonical[len(found):], found
    if mark is None:
        return
    slogan = next((w for w in _SLOGANS_BEFORE if canonical.startswith(w)), "")
    place = canonical[len(slogan):]
    hit = next((h for h in index.division_finder.find(place) if h.start == 0 and h.end == len(place)
                and h.view == "canonical"), None)
    if hit is None:
        return
    divisions = index.divisions_by_name[hit.term]
    if mark in _PLACES_BROADCAST_MARKS and any(d.ordinary_word for d in divisions):
        return  # a weaker mark than 官方: after an everyday word it is a brand's or a choir's (东方之声)
    division = best_division(divisions)
    full = any(hit.term == d.name for d in divisions)
    weak = not full and (len(divisions) > 1 or any(d.ordinary_word or d.ambiguous for d in divisions))
    start = text.canonical.find(place)
    yield _division_violation(profile, field, division, 0.9 if full else (0.75 if weak else 0.85), {
        "field": field, "text": text.original, "canonical": text.canonical, "division": division.name,
        "division_code": division.code, "division_level": division.level, "place_text": hit.term,
        "function_word": mark, "brand_prefix": slogan or None, "ambiguous_place": weak, "steps": list(text.steps),
        "view": "canonical", "organ_text": mark, **location(text, start, start + len(place))})


def _near_after_the_places(index: IdentityIndex, shape: str, near: str) -> str:
    """`near` with the places that open the name kept as written: a place may hold a character the near view folds
    (合肥 is no 台肥), while the organ word after it is drawn like another (合肥市锐务局)."""
    end = 0
    while (after := max((h.end for h in index.division_finder.find(shape[end:]) if h.start == 0), default=0)) > 0:
        end += after
    return shape[:end] + near[end:] if end else near


# Place words that sound like a two-character organ word and keep one of its characters: 城关 is a county
# seat's own district (洪山区城关, 岷县城关), not 城管.
PLACE_WORDS_HEARD_AS_ORGANS = frozenset({"城关"})

# keeps a claim found at [start, end) of the canonical text
SpanFilter = Callable[[int, int], bool]


def joined_organs(index: IdentityIndex, profile: ProfileView, field: str, text: NormalizedText, canonical: str,
                  seen: set[str], *, heard: bool = True, keep: SpanFilter | None = None,
                  claim_starts: frozenset[int] = frozenset()) -> Iterator[Violation]:
    """Division names in `canonical` joined to a function word or brand prefix; `heard`: also organ words
    and full place names heard (homophones); `keep`: only the claims whose span it accepts; `claim_starts`:
    where a bio's claim words start, before which a two-syllable organ word may be heard as at the name's end."""
    organs = index.organ_words.find(canonical)
    organ_spans = {(o.start, o.end) for o in organs}
    if heard and canonical == text.canonical:
        # an organ word's homophone (成都公按局, 武侯区税雾局): every organ word heard, not only those of
        # the generated local organs; two-syllable ones only ending the name, where nothing else could
        # explain them (武侯公按, but not 成都七香火锅 for 气象), and keeping one of the word's own characters:
        # a disguise changes one (阳朔井方, 重庆发部); an everyday word that only sounds like it changes both
        # (北京正午 for 政务, 深圳小方 for 消防, 成都发源 for 法院, 广州王鑫 for 网信)
        organs += [h for h in index.organ_words.find_views(text, sound=True)
                   if h.view == "sound" and (len(h.term) >= 3 or (
                       (h.end == len(canonical) or h.end in claim_starts)
                       and set(canonical[h.start:h.end]) & set(h.term)
                       and canonical[h.start:h.end] not in PLACE_WORDS_HEARD_AS_ORGANS))]
    organ_starts: dict[int, TermHit] = {}
    for found in organs:
        known = organ_starts.get(found.start)
        if known is None or len(found.term) > len(known.term) or (
                len(found.term) == len(known.term) and found.view == "canonical"):
            organ_starts[found.start] = found
    division_hits = index.division_finder.find(canonical)
    ends = {h.end for h in division_hits}
    if heard and canonical == text.canonical and any(
            o.view != "sound" and start not in ends for start, o in organ_starts.items()):
        # a full division name's homophone (常州事网信办, 海淀曲交警支队, 西按市司法局): a full name ends in its
        # level (市, 区, 县…), so only full names of 3+ characters are heard, and only when a written organ
        # word follows (see the loop below)
        spans = {(h.start, h.end) for h in division_hits}
        division_hits += [h for h in index.division_finder.find_views(text, sound=True)
                          if h.view == "sound" and (h.start, h.end) not in spans and len(h.term) >= 3
                          and any(d.name == h.term for d in index.divisions_by_name[h.term])]
    for start, starting in list(organ_starts.items()):
        # the organ word begins a place, business, event or trade name (派出所旁面馆, 法院街, 发布会摄影,
        # 公安县小龙虾): the name is that place's, not the organ's — the longest word at a place decides,
        # so 公安局旁 is not rescued by the shorter 公安
        if (((compound_head_after(canonical, starting.end) or compound_head_at_end(canonical, starting.end))
             and not _a_clause_ends_after(field, text, starting))
                or inside_a_place_name(index, division_hits, start, starting.end)
                or (starting.term in index.organ_words_at_end
                    and not _closes_the_name(index, canonical, starting.end)
                    and not parted_after(text.original, canonical[starting.start:starting.end]))):  # 深圳市监丨…
            del organ_starts[start]
    written = [(h.start, h.end) for h in division_hits if h.view != "sound"]
    for hit in division_hits:
        if (hit.start, hit.end) in organ_spans:
            continue  # 公安 (公安县's short name) is itself a function word, not a place
        if any(s <= hit.start and hit.end <= e and e - s > hit.end - hit.start for s, e in written):
            continue  # a place inside a longer written one is not a place of its own (沙市 in 长沙市卫健委)
        organ_hit = organ_starts.get(hit.end)
        if organ_hit is None:
            organ_hit = _sharing_the_level(index, hit, organ_starts.get(hit.end - 1))
        if organ_hit is None:
            organ_hit = _organ_after_a_part(canonical, hit.end, organ_starts)
        if organ_hit is None:
            organ_hit = _after_a_hotline(index, canonical, hit.end, organ_starts)
        organ = organ_hit.term if organ_hit is not None else None
        heard = organ_hit is not None and organ_hit.view == "sound"
        before = canonical[: hit.start]
        brand = next((p for p in index.brand_prefixes if before.endswith(p)), None)
        if organ is None and (brand is None or compound_head_after(canonical, hit.end)):
            continue  # a brand and a place before a business's or shop's head name that business (平安北京科技有限公司)
        place_heard = hit.view == "sound"
        if place_heard and (heard or organ is None):
            continue  # a heard place needs a written organ word: two homophones together are chance
        divisions = index.divisions_by_name[hit.term]
        before_it = tuple(d for h in division_hits if h.view != "sound" and h.end <= hit.start
                          for d in index.divisions_by_name[h.term])
        division = best_division(divisions, before_it)
        # the whole claim: the brand before the place, the place, the function word after it
        start = hit.start - len(brand) if brand is not None else hit.start
        end = organ_hit.end if organ_hit is not None else hit.end
        if division.code in seen or (keep is not None and not keep(_with_the_places_before(written, start), end)):
            continue
        if _inside_a_name_mentioned(index, text, start, end):
            continue  # 光明日报老读者周叔: a reader of 光明日报, not 光明区's paper
        seen.add(division.code)
        full = any(hit.term == d.name for d in divisions)
        weak = not full and (len(divisions) > 1 or any(d.ordinary_word or d.ambiguous for d in divisions))
        confidence = 0.95 if full else (0.75 if weak else 0.9)
        if heard and brand is None:
            confidence = min(confidence, 0.9 if len(organ or "") >= 3 else 0.75)
        near = canonical not in (text.canonical, text.shape)
        if place_heard or near:
            confidence = min(confidence, 0.75)
        view = ("sound" if (heard and brand is None) or place_heard
                else "canonical" if canonical == text.canonical else "near" if near else "shape")
        yield _division_violation(profile, field, division, confidence, {
                "field": field, "text": text.original, "canonical": canonical,
                "division": division.name, "division_code": division.code, "division_level": division.level,
                "place_text": hit.term, "function_word": organ, "brand_prefix": brand,
                "ambiguous_place": weak, "steps": list(text.steps),
                "view": view,
                "organ_text": canonical[max(hit.end, organ_hit.start):organ_hit.end] if organ_hit is not None else None,
                **location(text, start, end, view),
            },
        )


def _a_clause_ends_after(field: str, text: NormalizedText, organ: TermHit) -> bool:
    """A bio writes punctuation or a space right after the organ word, which the canonical text drops: a head
    there or further on begins or ends another clause (商洛市人民武装部，征兵咨询; 和静县人民武装部，大学生参军…), not
    the organ's name (…武装部征兵咨询 would be a shop's). A display name's parts are read as one name."""
    return (field in BIO_FIELDS and CLAUSE_END.match(written_between(text.original, organ.end, organ.end)) is not None
            and not text.canonical.startswith(LOCATIVES, organ.end))  # (not …公安局，旁边的面馆: beside it still)


def _inside_a_name_mentioned(index: IdentityIndex, text: NormalizedText, start: int, end: int) -> bool:
    """[start, end) lies inside a protected name that the text only mentions (`only_mentioned`), as D1 reads it."""
    return may_be_only_mentioned(text.canonical) and any(
        m.start <= start and end <= m.end and only_mentioned(text.canonical, m.start, m.end)
        for m in index.names.find(text) if m.view not in ("pinyin", "initials"))


def _with_the_places_before(written: list[tuple[int, int]], start: int) -> int:
    """Where the claim starting at `start` begins once the places written right before it are counted in (武汉市|
    江汉区人民政府: a bio's claim word stands before the city, not the district)."""
    while True:
        before = min((s for s, e in written if e == start), default=None)
        if before is None:
            return start
        start = before


def _closes_the_name(index: IdentityIndex, canonical: str, end: int) -> bool:
    """Nothing Chinese follows `end` but padding (官方, 发布…) or one of a court's units (成都中院执行局): a short
    form there is not the start of a longer word (高院校, 市检测)."""
    return (end == len(canonical) or not is_han(canonical[end])
            or index.padding_at(canonical, end) or canonical.startswith(_COURTS_UNITS, end))


# The units of a court that its short form may stand before (成都中院执行局, 省高院立案庭)
_COURTS_UNITS = ("执行局", "执行庭", "立案庭", "诉讼服务中心")


def _sharing_the_level(index: IdentityIndex, place: TermHit, organ: TermHit | None) -> TermHit | None:
    """An organ word that begins with the level character ending a place written in full (成都市|委, 顺义区|委,
    大理州|委): the Party committee of that place, its level written once. Else None. One of four characters
    or more may be heard after the level character it shares (新乡市|场监管居 for 新乡市场监管局); a shorter
    one heard is an everyday word as often (成都市|伟)."""
    if organ is None or len(organ.term) < 2 or place.view == "sound":
        return None
    if organ.view == "sound" and len(organ.term) < 4:
        return None
    if not written_in_full(index, place):
        return None
    return organ if organ.term[0] == place.term[-1] else None


def _division_violation(profile: ProfileView, field: str, division: Division, confidence: float,
                        evidence: dict[str, Any]) -> Violation:
    """D4: `field` of `profile` names an organ of `division`, with what was matched and how."""
    return Violation(account_id=profile.account_id, rule="division_official_function", confidence=confidence,
                     source_event_id=profile.event_id, occurred_at=profile.occurred_at, field=field,
                     identity=f"division:{division.code}", evidence=evidence)


def _in_capitals(original: str) -> bool:
    """Every Latin letter of the name as sent is a capital: how an initialism is written."""
    letters = [c for c in original if c.isascii() and c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


_CAPITAL_PAIR = re.compile("[A-Z]{2}")  # letters written as initials are (上海GA局)
# A development zone inside a division, governed by its own committee and bureaus, between the division and the
# organ word (苏州工业园区发布, 中山市火炬开发区管委会, 平潭综合实验区市场监管局): its name, a few characters, and the
# kind of zone
_ZONE = re.compile("[\u4e00-\u9fff]{0,4}?(?:高新技术产业开发区|经济技术开发区|自由贸易试验区|经济开发区|综合实验区"
                   "|工业园区|开发区|高新区|经开区|保税区|自贸区|合作区|新区)")


# A public hospital numbered or called central among its place's (宜昌市第一人民医院, 宜昌市中心人民医院), and a
# court numbered among its city's (东莞市第一人民法院)
_ORDINAL = "第[一二三四五六七八九十0-9]{1,3}"
_HOSPITAL_RANK = re.compile(f"{_ORDINAL}|中心")
_COURT_RANK = re.compile(_ORDINAL)
# The exam an admissions office admits by, between the place and the office (合肥|中考|招生办, 上海|小升初|招生办)
_ADMISSIONS_EXAM = re.compile("小升初|幼升小|初升高|中考|高考|自考|成考|研招")
_ADMISSIONS_OFFICES = ("招生办", "招生办公室", "招生考试院", "招考办")


def _organ_after_a_part(canonical: str, end: int, organ_starts: dict[int, TermHit]) -> TermHit | None:
    """The organ word written, as it is, after a part of the division that ends at `end`: a development zone
    (`_ZONE`, any organ word), a hospital's number or 中心 (`_HOSPITAL_RANK`, a hospital word only), a court's
    number (`_COURT_RANK`) or the exam an admissions office admits by (`_ADMISSIONS_EXAM`); None if none is there."""
    for part, ends in ((_ZONE, None), (_HOSPITAL_RANK, ("医院", "保健院")), (_COURT_RANK, ("法院",)),
                       (_ADMISSIONS_EXAM, _ADMISSIONS_OFFICES)):
        found = part.match(canonical, end)
        organ = organ_starts.get(found.end()) if found is not None else None
        # after a number the organ may be heard or drawn (第二人民医苑): no everyday word is numbered so; a zone's
        # name is any word, so the organ after it is read only as written
        if organ is not None and (organ.view == "canonical" or ends is not None) and (
                ends is None or organ.term.endswith(ends)):
            return organ
    return None


_DIGITS_IN_A_ROW = "0123456789"


def _after_a_hotline(index: IdentityIndex, canonical: str, end: int,
                     organ_starts: dict[int, TermHit]) -> TermHit | None:
    """A public service line's number right after the place ending at `end` (`hotline_numbers` in vocab.json), not
    inside a longer run of digits: the organ word written after it (三明119消防, 宁德12366税务), or the number itself
    when padding follows (厦门12345官方) or it ends the name and is no run of digits in a row (福州110; not 北京12345)
    — that place's line. None otherwise."""
    if end > 0 and canonical[end - 1].isdigit():
        return None
    number = next((n for n in index.registry.vocabulary.hotline_numbers if canonical.startswith(n, end)
                   and not canonical[end + len(n): end + len(n) + 1].isdigit()), None)
    if number is None:
        return None
    after = end + len(number)
    organ = organ_starts.get(after)
    if organ is not None:
        return organ if organ.view == "canonical" else None
    if (after == len(canonical) and number not in _DIGITS_IN_A_ROW) or (
            index.padding_at(canonical, after) and canonical[after:] != "号"):
        # (上海110号 is an address; 北京12345 alone may be anyone's handle, as 12345 is everyone's lazy number)
        return TermHit(number, end, after)
    return None


def _written_as_is(place_text: str, place: str) -> bool:
    """Every character written in `place_text` (a place partly in Latin) is one of `place`'s own."""
    return all(ch in place for ch in place_text if is_han(ch))


def detect_division_joined_in_latin(index: IdentityIndex, profile: ProfileView) -> Iterator[Violation]:
    """D4 with some characters typed as pinyin or initials (长sha市气象局, 江阴市公An, YC市人社局): the same
    place + organ word test read token by token (`MixedJoinView`); full syllables are deliberate, initials
    weaker evidence."""
    if profile.account_id in index.verified_accounts:
        return
    for field, text in profile.names():
        yield from joined_in_latin(index, profile, field, text)


def joined_in_latin(index: IdentityIndex, profile: ProfileView, field: str,
                    text: NormalizedText) -> Iterator[Violation]:
    """`detect_division_joined_in_latin`'s reading of one text; an organ word in initials followed only by padding
    (灵丘县FY官方账号) is read as if it ended the text, as one ending it is (灵丘县FY)."""
    if not text.words or (text.canonical.isascii() and not index.joined.may_hold_spelled(text.canonical)):
        return
    # one reading per organ word: the longest place before it (长sha市 over sha市), then the fewest
    # initials; places that the same letters could spell (YC市: 宜昌市, 盐城市…) are one ambiguous place
    best: dict[tuple[int, int], list[JoinedHit]] = {}
    capitals = _CAPITAL_PAIR.search(text.original) is not None
    found = index.joined.find(text.canonical, capitals)
    if not found:
        core = index.before_padding(text.canonical)
        found = index.joined.find(core, capitals) if core != text.canonical else []
    for hit in found:
        if hit.letters == len(text.canonical) and not _in_capitals(text.original):
            continue  # a name all in initials is read only as an initialism is written (CSSWJW, not jmqzrzyj)
        if compound_head_after(text.canonical, hit.end):
            continue  # 交jing路小吃: a street's name
        if index.padding_at(text.canonical, hit.end - 1):
            continue  # its last character begins 官方, 官微 …: mduc|官方 is no 弥渡城管
        if any(other.organ_start <= hit.start < other.end for other in found):
            continue  # a place read inside another hit's organ word (haidianqu|gongan|fenju: not 公安县)
        group = best.setdefault((hit.organ_start, hit.end), [hit])
        first = group[0]
        if (hit.start, hit.letters) < (first.start, first.letters):
            group[:] = [hit]
        elif (hit.start, hit.letters) == (first.start, first.letters) and hit is not first:
            group.append(hit)
    seen: set[str] = set()
    for group in best.values():
        # a place whose characters are written as they are beats one they only sound like (富平x|jyj is
        # 富平县's, not 阜平县's)
        group = [h for h in group if _written_as_is(text.canonical[h.start:h.organ_start], h.place)] or group
        hit = group[0]
        candidates = tuple(d for h in group for d in index.divisions_by_name[h.place])
        division = best_division(candidates)
        if division.code in seen:
            continue
        seen.add(division.code)
        hit = next(h for h in group if division in index.divisions_by_name[h.place])
        divisions = index.divisions_by_name[hit.place]
        full = any(hit.place == d.name for d in divisions)
        weak = len({d.code for d in candidates}) > 1 or (
            not full and any(d.ordinary_word or d.ambiguous for d in divisions))
        confidence = 0.75 if weak or hit.letters else 0.9
        yield _division_violation(profile, field, division, confidence, {
                "field": field, "text": text.original, "canonical": text.canonical,
                "division": division.name, "division_code": division.code, "division_level": division.level,
                "place_text": text.canonical[hit.start:hit.organ_start], "function_word": hit.organ,
                "brand_prefix": None, "ambiguous_place": weak, "steps": list(text.steps),
                "view": "initials_mix" if hit.letters else "pinyin_mix",
                "organ_text": text.canonical[hit.organ_start:hit.end],
                **location(text, hit.start, hit.end, "initials_mix" if hit.letters else "pinyin_mix",
                           read_as=hit.place + hit.organ),
        })
