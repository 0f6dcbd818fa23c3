"""Local organs written in English (Guangzhou Municipal Public Security Bureau, Shenzhen Police, CPPCC Wuhan
Committee) — D1, D4 —, titles written in English before a surname (Dr. Wang, Lawyer Zhang, Dr.王) — D5, D6 — and
an account's English claim to be a body's (Official account of …, The official Weibo of …), written as the Chinese
claim (官方账号, 官方微博) so the body after it reads as claimed — D3.

A local organ's English name is the place in pinyin and the organ in the English its own site uses. This
step writes the organ part back in Chinese (公安局, 交警, 人民法院 …), with the level word before it (市,
县, 区, 省), and moves a place named after it ("Public Security Bureau of Guangzhou") in front: the place
is then pinyin before Chinese (guangzhou市公安局), which the mixed-script view already reads as the organ.
Only the organ phrases below are read, each between word boundaries, case and separators aside (lower
case in: the step runs after case folding), and only after a place in pinyin — a word of two to six whole
syllables — so English prose keeps its words (the police, I love the police). The registry's own English
names (the national bodies' official names) go through the same step, so they still match themselves.

A title in English that opens the text, followed by a surname — a pinyin syllable standing as its own word
(Dr Wang, Professor Li) or a Chinese character (Dr.王) — is written as Chinese writes it, surname first
(wang医生, 王医生), which the title and role detectors then read like 王医生. A word after the title that is
no single syllable (Dr Who, Doctor Strange, Judge Judy) keeps the English as it is.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from enforcement.text.surnames import FAMILY_NAMES
from enforcement.text.syllables import syllable_count

# The organ's English name as local governments publish it → its Chinese word. Longer phrases first: the
# alternation takes the first that matches.
ORGAN_PHRASES: dict[str, str] = {
    "public security bureau": "公安局",
    "public security sub-bureau": "公安分局",
    "public security branch bureau": "公安分局",
    "bureau of public security": "公安局",
    "traffic police detachment": "交警支队",
    "traffic police brigade": "交警大队",
    "traffic police": "交警",
    "police department": "公安局",
    "police station": "派出所",
    "police": "警方",
    "emergency": "应急管理",  # (开州区Emergency: the emergency management bureau's short English)
    "justice": "司法",  # (临泉县Justice)
    "public security": "公安",
    "higher people's court": "高级人民法院",
    "higher peoples court": "高级人民法院",
    "high people's court": "高级人民法院",
    "high peoples court": "高级人民法院",
    "higher court": "高级人民法院",
    "high court": "高级人民法院",
    "intermediate court": "中级人民法院",
    "intermediate people's court": "中级人民法院",
    "intermediate peoples court": "中级人民法院",
    "people's court": "人民法院",
    "peoples court": "人民法院",
    "people's procuratorate": "人民检察院",
    "peoples procuratorate": "人民检察院",
    "procuratorate": "检察院",
    "people's government": "人民政府",
    "peoples government": "人民政府",
    "government": "政府",
    "fire and rescue detachment": "消防救援支队",
    "fire rescue detachment": "消防救援支队",
    "fire and rescue": "消防救援",
    "fire rescue": "消防救援",
    "fire department": "消防",
    "education bureau": "教育局",
    "bureau of education": "教育局",
    "health commission": "卫健委",
    "market supervision administration": "市场监管局",
    "market supervision and administration bureau": "市场监管局",
    "market supervision bureau": "市场监管局",
    "market regulation bureau": "市场监管局",
    "administration for market regulation": "市场监管局",
    "emergency management bureau": "应急管理局",
    "taxation bureau": "税务局",
    "tax bureau": "税务局",
    "civil affairs bureau": "民政局",
    "justice bureau": "司法局",
    "bureau of justice": "司法局",
    "ecology and environment bureau": "生态环境局",
    "natural resources bureau": "自然资源局",
    "meteorological bureau": "气象局",
    "urban management": "城管",
    "cyberspace administration": "网信办",
    "publicity department": "宣传部",
    "commission for discipline inspection": "纪委",
    "discipline inspection commission": "纪委",
    "supervisory commission": "监委",
    "party committee": "委",  # after its level: Wuhan Municipal Party Committee, 武汉市委
    "customs district": "海关",
    "customs": "海关",
    "people's congress standing committee": "人大常委会",
    "peoples congress standing committee": "人大常委会",
    "people's congress": "人大",
    "peoples congress": "人大",
    "committee of the cppcc": "政协",
    "committee of cppcc": "政协",
    "cppcc committee": "政协",
    "cppcc": "政协",
    "political consultative conference": "政协",
    "information office": "新闻办",
    "press office": "新闻办",
    # a province's departments (厅); a city's are bureaus (局), above
    "department of education": "教育厅",
    "education department": "教育厅",
    "department of public security": "公安厅",
    "public security department": "公安厅",
    "department of justice": "司法厅",
    "justice department": "司法厅",
    "department of civil affairs": "民政厅",
    "civil affairs department": "民政厅",
    "department of natural resources": "自然资源厅",
    "department of emergency management": "应急管理厅",
    "emergency management department": "应急管理厅",
    "people's armed forces department": "人武部",
    "peoples armed forces department": "人武部",
    "exit and entry administration": "出入境管理局",
    "exit-entry administration": "出入境管理局",
    "entry-exit administration": "出入境管理局",
    "human resources and social security bureau": "人社局",
    "bureau of human resources and social security": "人社局",
    "housing and urban-rural development bureau": "住建局",
    "transport bureau": "交通运输局",
    "transportation bureau": "交通运输局",
    "agriculture and rural affairs bureau": "农业农村局",
    "culture and tourism bureau": "文旅局",
    "bureau of culture and tourism": "文旅局",
    "medical security bureau": "医保局",
    "healthcare security bureau": "医保局",
    "healthcare security administration": "医保局",
    "statistics bureau": "统计局",
    "bureau of statistics": "统计局",
    "audit bureau": "审计局",
    "finance bureau": "财政局",
    "bureau of finance": "财政局",
    "commerce bureau": "商务局",
    "bureau of commerce": "商务局",
    "development and reform commission": "发改委",
    # the short forms English-language accounts and the foreign press use (Xi'an PSB, Hunan TV)
    "psb": "公安局",
    "court": "法院",
    "tv station": "电视台",
    "television station": "电视台",
    "tv": "电视台",
    "gov release": "发布",
    "government release": "发布",
    "market regulation": "市场监管",
    "tourism bureau": "文旅局",
    "culture and tourism": "文旅",
    "convergence media center": "融媒体中心",
    "media center": "融媒体中心",
    # an outlet's news words, read only after a division's own name (China Daily is listed by its English name, and
    # a person's daily vlog, xinxin_daily, is no paper: see below)
    **(NEWS_PHRASES := {
        "daily": "日报", "evening news": "晚报", "evening post": "晚报", "release": "发布", "headlines": "头条",
        "news": "新闻", "radio and television": "广播电视台",
    }),
}
# A news phrase is an outlet's name only after a place's name in pinyin (`place_spellings`: Anna News and Xinxin
# Daily are people's), and where the name ends with it or goes on in Chinese or with a word an outlet's name takes
# (Yanbian Daily, Enshi Release official): Beijing Daily Life and Suzhou News Today keep their English
_OUTLETS_NEXT_WORDS = ("official", "news", "online", "app", "weibo", "media", "net")
PLACE_SPELLINGS = Path(__file__).parent / "data" / "place_spellings.txt"


@cache
def place_spellings() -> frozenset[str]:
    """The divisions' names in toneless pinyin (generated by scripts/build_place_spellings.py)."""
    lines = PLACE_SPELLINGS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


LEVEL_WORDS: dict[str, str] = {
    "municipal": "市", "municipality": "市", "city": "市", "county": "县", "district": "区",
    "provincial": "省", "province": "省", "prefecture": "州", "autonomous prefecture": "自治州",
    "autonomous region": "自治区",
}

_SEPARATOR = r"[\s_\-.·]"  # what may part the words of a phrase (and of the text)
_SEP = _SEPARATOR + "*"
_SEPARATORS = re.compile(_SEPARATOR + "+")


def _words(phrase: str) -> str:
    return _SEP.join(re.escape(word) for word in phrase.split())


_ORGAN = "|".join(_words(p) for p in sorted(ORGAN_PHRASES, key=len, reverse=True))
_LEVEL = "|".join(_words(w) for w in sorted(LEVEL_WORDS, key=len, reverse=True))
# "<level> <organ>" (Guangzhou Municipal Public Security Bureau) or "<organ> of <place> [<level>]"
_BEFORE = re.compile(rf"(?<![a-z])(?:(?P<level>{_LEVEL}){_SEP})?(?P<organ>{_ORGAN})(?![a-z])")
_AFTER = re.compile(rf"(?<![a-z])(?P<organ>{_ORGAN}){_SEP}of{_SEP}(?P<place>[a-z]+)"
                    rf"(?:{_SEP}(?P<level>{_LEVEL}))?(?![a-z])")
# the political consultative conference's committee named with its place between (CPPCC Wuhan Committee)
_CPPCC_PLACE = re.compile(rf"(?<![a-z])cppcc{_SEP}(?P<place>[a-z]+)(?:{_SEP}(?P<level>{_LEVEL}))?{_SEP}committee"
                          rf"(?![a-z])")
# keyed without separators: the phrase may be written with none between its words (bureauof education)
_KEY = {_SEPARATORS.sub("", p): c for p, c in ORGAN_PHRASES.items()}
_HINT = re.compile("|".join(sorted({p.split()[-1] for p in ORGAN_PHRASES}, key=len, reverse=True)))


def _chinese(organ: str) -> str:
    return _KEY[_SEPARATORS.sub("", organ)]


_NEWS_WORDS = frozenset(NEWS_PHRASES.values())
_NEXT_WORD = re.compile(rf"{_SEP}([a-z]+)")


def _ends_an_outlets_name(text: str, end: int) -> bool:
    """Nothing follows `end` but symbols, words in Chinese or a word an outlet's name takes (`_OUTLETS_NEXT_WORDS`)."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return end == len(text) or not text[end].isascii() or not text[end].isalpha()
    return following[1] in _OUTLETS_NEXT_WORDS


_LEVEL_KEY = {_SEPARATORS.sub("", w): c for w, c in LEVEL_WORDS.items()}


def _level(level: str | None) -> str:
    return _LEVEL_KEY[_SEPARATORS.sub("", level)] if level else ""


_PLACE_BEFORE = re.compile(rf"([a-z]+){_SEP}$")
_HAN = re.compile("[\u4e00-\u9fff]")
_HAN_BEFORE = re.compile(rf"[\u4e00-\u9fff]{_SEP}$")


def _a_place(word: str | None) -> bool:
    """A place written in pinyin is whole syllables, two or more (guangzhou, chaoyang): not an English
    word that initials could spell (the: t + he)."""
    return word is not None and 2 <= syllable_count(word) <= 6


# Places English still calls by names that are not their pinyin (Hohhot, Lhasa, Urumqi, Kashgar, Tibet): spelt in
# pinyin before an organ phrase is read, as the place's own name would be (Hohhot Public Security Bureau → 呼和浩特's).
# Shaanxi is left out: its pinyin, shanxi, is also Shanxi's.
EXONYMS = {"hohhot": "huhehaote", "lhasa": "lasa", "urumqi": "wulumuqi", "kashgar": "kashi", "harbin": "haerbin",
           "tibet": "xizang", "inner mongolia": "neimenggu", "peking": "beijing", "canton": "guangzhou",
           "amoy": "xiamen", "tientsin": "tianjin", "chungking": "chongqing", "nanking": "nanjing",
           "macau": "aomen", "macao": "aomen", "hong kong": "xianggang", "ordos": "eerduosi", "hulunbuir": "hulunbeier",
           "xilinhot": "xilinhaote", "ulanqab": "wulanchabu", "shigatse": "rikaze", "xigaze": "rikaze",
           "nyingchi": "linzhi", "chamdo": "changdu", "qamdo": "changdu", "golmud": "geermu", "korla": "kuerle",
           "hotan": "hetian", "turpan": "tulufan", "altay": "aletai"}
# … only right before an organ phrase, a level or words in Chinese: Peking University keeps the English name the
# registry lists, and I love Lhasa stays English
_EXONYM = re.compile("(?<![a-z])(?:" + "|".join(_words(e) for e in sorted(EXONYMS, key=len, reverse=True))
                     + rf")(?={_SEP}(?:{_ORGAN}|{_LEVEL}|[\u4e00-\u9fff]))")
_EXONYM_KEY = {_SEPARATORS.sub("", e): pinyin for e, pinyin in EXONYMS.items()}


def english_organs(text: str) -> str:
    """`text` (case-folded) with the English organ phrases after a place written in Chinese — the place in
    pinyin, parted from the phrase by a separator (chengdu police), or in characters, parted or not (成都police,
    北京 Police), its English name spelt in pinyin first (`EXONYMS`); unchanged otherwise."""
    hinted = _HINT.search(text) is not None
    if hinted or _HAN.search(text) is not None:  # an organ phrase in English, or words in Chinese (Kashgar 公安)
        text = _EXONYM.sub(lambda m: _EXONYM_KEY[_SEPARATORS.sub("", m[0])], text)
    if not hinted:
        return text
    separated = _SEPARATORS.search(text) is not None
    if not separated and _HAN.search(text) is None:
        return text
    if separated:
        text = _CPPCC_PLACE.sub(lambda m: f"{m['place']}{_level(m['level'])}政协" if _a_place(m["place"]) else m[0],
                                text)
        text = _AFTER.sub(lambda m: f"{m['place']}{_level(m['level'])}{_chinese(m['organ'])}"
                          if _a_place(m["place"]) and (_chinese(m["organ"]) not in _NEWS_WORDS
                                                       or m["place"] in place_spellings()) else m[0], text)

    def before(m: re.Match[str]) -> str:
        if _chinese(m["organ"]) in _NEWS_WORDS:
            place = _PLACE_BEFORE.search(text, 0, m.start()) if separated else None
            if place is None or place[1] not in place_spellings() or not _ends_an_outlets_name(text, m.end()):
                return m[0]
        if _HAN_BEFORE.search(text, 0, m.start()) is not None:  # a place in Chinese: 成都police, 北京 Police
            return f"{_level(m['level'])}{_chinese(m['organ'])}"
        place = _PLACE_BEFORE.search(text, 0, m.start()) if separated else None
        return f"{_level(m['level'])}{_chinese(m['organ'])}" if _a_place(place and place[1]) else m[0]

    written = _BEFORE.sub(before, text)
    # beside an organ written back in Chinese, "official" is the account's mark (Official Caoxian Police), as 官方
    return _OFFICIAL.sub("官方", written) if written != text else written


_OFFICIAL = re.compile(rf"(?<![a-z])official(?![a-z]){_SEP}")


# Titles and roles in English → the Chinese word a profile writes after the surname (D5, D6).
TITLE_WORDS: dict[str, str] = {
    "dr": "医生", "doctor": "医生", "prof": "教授", "professor": "教授", "lawyer": "律师", "attorney": "律师",
    "nurse": "护士", "pharmacist": "药师", "psychologist": "心理咨询师", "judge": "法官", "officer": "警官",
    "police": "警察", "policeman": "警察", "policewoman": "警察", "reporter": "记者", "journalist": "记者",
    "police officer": "警官", "physician": "医生", "psychotherapist": "心理治疗师", "financial planner": "理财规划师",
    "prosecutor": "检察官", "diplomat": "外交官", "psychological counselor": "心理咨询师",
    "psychological counsellor": "心理咨询师", "teacher": "教师", "analyst": "分析师", "senior analyst": "高级分析师",
    "chief analyst": "首席分析师", "financial analyst": "金融分析师",
}
# a phrase's words may be parted by any separator, or by none (policeofficer): looked up by its letters
_TITLE = "|".join(_words(t) for t in sorted(TITLE_WORDS, key=len, reverse=True))
_TITLE_BY_LETTERS = {title.replace(" ", ""): chinese for title, chinese in TITLE_WORDS.items()}


def _chinese_title(title: str) -> str:
    return _TITLE_BY_LETTERS[_SEPARATORS.sub("", title)]

# The title opens the text (after symbols or emoji), then a pinyin word of its own or a Chinese character.
_TITLE_FIRST = re.compile(rf"^(?P<lead>[^a-z\u4e00-\u9fff]*)(?P<title>{_TITLE})"
                          rf"(?:{_SEPARATOR}+(?P<pinyin>[a-z]+)(?![a-z])|{_SEP}(?P<han>[\u4e00-\u9fff]))")


# The title after Chinese words, before a surname: 皮肤科医生Dr.刘, 儿科 Dr Wang (the words before it say which
# doctor; the title still labels the surname after it).
_TITLE_AFTER_HAN = re.compile(rf"[\u4e00-\u9fff]{_SEP}(?P<title>{_TITLE})"
                              rf"(?:{_SEPARATOR}+(?P<pinyin>[a-z]+)(?![a-z])|{_SEP}(?P<han>[\u4e00-\u9fff]))")


# A surname in Chinese and the title after it, as Chinese writes them (王doctor, 李 lawyer, 张professor讲历史).
_TITLE_AFTER_SURNAME = re.compile(rf"^(?P<lead>[^a-z\u4e00-\u9fff]*)(?P<han>[\u4e00-\u9fff]){_SEP}(?P<title>{_TITLE})"
                                  r"(?![a-z])")
# The title and a surname run together as one word (drwang, lawyerzhang: DrWang once case is folded).
_TITLE_JOINED = re.compile(rf"^(?P<lead>[^a-z\u4e00-\u9fff]*)(?P<title>{_TITLE})(?P<pinyin>[a-z]{{2,6}})(?![a-z])")
# The title opens the text and ends its first part, the rest in Chinese: "Lawyer | 婚姻家事", "Doctor，健康科普"
# (not English prose: "Judge, jury and executioner").
_TITLE_ALONE = re.compile(rf"^(?P<lead>[^a-z\u4e00-\u9fff]*)(?P<title>{_TITLE})"
                          r"(?=\s*[|｜,，:：/;；]\s*[\u4e00-\u9fff])")
# A bio introducing its author by the title: "I am a lawyer in Beijing", "I'm a licensed psychologist." The
# title ends the clause or is followed by where or how the author practises, so "I am a doctor who fan" and
# "I am a police academy student" keep their English.
_QUALIFIER = (r"(?:board[\s_\-.·]*certified|licensed|certified|practicing|practising|registered|senior|qualified"
              r"|professional|attending|chief)")
_INTRODUCED = re.compile(rf"(?<![a-z])(?:i{_SEP}am|i'm|im){_SEP}an?{_SEP}(?:{_QUALIFIER}{_SEP})?(?P<title>{_TITLE})"
                         r"(?=$|[^a-z\s]|\s+(?:in|at|from|based|and|with|specializing|specialising|working)\b)")
# A bio opening with the title, a qualifier before it or not, and a Chinese place or body in pinyin where the
# author practises: "Police officer in Beijing", "Judge at Shanghai High Court", "Lawyer based in Shenzhen"; or
# the institution it practises at named in English, a word or two before it ("Judge at a district court",
# "Doctor at Peking Union hospital"), or written in Chinese after at, in, of, for, with or @ ("Reporter at 某某融媒",
# "Police officer @ 那坡县公安局"); or a professor of a field ("Professor of Economics"); or a qualifier before
# a title that ends the text or its first clause: "Registered nurse", "Attending physician at …", "Licensed
# psychological counselor，…" (a bare "policeman" stays English), as does a title of two words ending the first
# clause ("Police officer, …"; a bare "Judge, jury and executioner" keeps its English). After the preposition, a
# word of five letters or more in two or more whole syllables (fun is fu + n): "Doctor at Home", "Lawyer in
# Love" and "Police at night" keep their English, as do "Doctor of Philosophy" (a degree) and "Nurse in
# training".
_OPENS_WITH = re.compile(rf"^(?P<lead>[^a-z\u4e00-\u9fff]*)(?P<qualifier>{_QUALIFIER}{_SEP})?(?P<title>{_TITLE})"
                         r"(?:$|(?P<place>(?=\s+(?:in|at|for|with)\s+(?:(?:a|an|the)\s+)?(?:[a-z'-]+\s+){0,2}?"
                         r"(?:court|hospital|university|college|school|clinic|police\s+station|procuratorate)\b))"
                         r"|(?=\s+(?:based\s+)?(?:in|at|for|with)\s+(?P<where>[a-z]+))"
                         r"|(?P<field>(?<=professor)(?=\s+of\s+[a-z]+))"
                         # or the body it serves in Chinese: "Police officer @ 那坡县公安局", "Reporter at 某某融媒"
                         r"|(?P<body>(?=\s*(?:@|(?:in|at|of|for|with)(?![a-z]))\s*[\u4e00-\u9fff]))"
                         r"|(?P<clause>(?=\s*[,，|｜:：;；])))")


# An English qualifier opening the text before a word in Chinese (Board-certified 医师, Licensed 心理咨询师): the
# author's standing in the title that follows, as 执业 says it
_QUALIFIED_HAN = re.compile(rf"^(?P<lead>[^a-z\u4e00-\u9fff]*){_QUALIFIER}{_SEP}(?=[\u4e00-\u9fff])")


def english_titles(text: str) -> str:
    """`text` (case-folded) with an English title before a surname written surname first in Chinese (dr wang
    → wang医生, dr.王 → 王医生; drwang run together too), or after a surname in Chinese (王doctor → 王医生), a
    title opening the text before punctuation written in Chinese (lawyer | → 律师 |), and an author
    introduced by a title written as Chinese introduces one (i am a lawyer in → 我是律师 in); unchanged
    otherwise."""
    if "i" in text:  # every introduction has one; most texts have no Latin letter at all
        text = _INTRODUCED.sub(lambda m: f"我是{_chinese_title(m['title'])}", text)
    translated = _TITLE_FIRST.match(text)
    if translated is not None and translated["han"] is not None and text.startswith(
            _chinese_title(translated["title"]), translated.start("han")):
        # the title and its own Chinese (Lawyer律师 | …): the Chinese says it
        return f"{translated['lead']}{text[translated.start('han'):]}"
    qualified = _QUALIFIED_HAN.match(text)
    if qualified is not None:
        return f"{qualified['lead']}执业{text[qualified.end():]}"
    alone = _TITLE_ALONE.match(text)
    if alone is not None:
        return f"{alone['lead']}{_chinese_title(alone['title'])}{text[alone.end():]}"
    opens = _OPENS_WITH.match(text)
    where = opens["where"] if opens is not None else None
    if opens is not None and (
            (len(where) >= 5 and syllable_count(where) >= 2) if where else
            opens["place"] is not None or opens["field"] is not None or opens["body"] is not None
            or bool(opens["qualifier"]) or (opens["clause"] is not None and " " in opens["title"])):
        return f"{opens['lead']}我是{_chinese_title(opens['title'])}{text[opens.end():]}"
    found = _TITLE_FIRST.match(text)
    if found is None:
        after = _TITLE_AFTER_SURNAME.match(text)
        if after is not None:
            return f"{after['lead']}{after['han']}{_chinese_title(after['title'])}{text[after.end():]}"
        joined = _TITLE_JOINED.match(text)
        if (joined is None or syllable_count(joined["pinyin"]) != 1
                or joined["title"] + joined["pinyin"] in _TITLE_BY_LETTERS):
            # drama, doctorwho: not a title and a surname; policeman: a title of its own
            return _titled_after_chinese(text)
        return f"{joined['lead']}{joined['pinyin']}{_chinese_title(joined['title'])}{text[joined.end():]}"
    surname = found["pinyin"] or found["han"]
    if found["pinyin"] is not None and syllable_count(surname) != 1:
        return text  # dr who, doctor strange: not a surname
    return f"{found['lead']}{surname}{_chinese_title(found['title'])}{text[found.end():]}"


def _titled_after_chinese(text: str) -> str:
    """`text` with its first English title between Chinese words and a surname written surname first
    (皮肤科医生dr.刘 → 皮肤科医生刘医生); unchanged when what follows the title is no surname: a word of more than
    one syllable (喜欢doctor who) or a character that is no family name (小王的doctor日记)."""
    found = _TITLE_AFTER_HAN.search(text)
    if found is None or (syllable_count(found["pinyin"]) != 1 if found["pinyin"] is not None
                         else found["han"] not in FAMILY_NAMES):
        return text
    surname = found["pinyin"] or found["han"]
    return f"{text[:found.start('title')]}{surname}{_chinese_title(found['title'])}{text[found.end():]}"


# An account presenting itself in English as a body's (Official account of Chengdu Public Security Bureau, The
# official Weibo of …): written as the Chinese claim, so the body after it reads as claimed, as after 官方账号.
_CLAIMS_OF = {"account": "官方账号", "weibo": "官方微博", "page": "官方账号", "website": "官方网站",
              "channel": "官方频道"}
_CLAIM_OF = re.compile(rf"(?<![a-z])(?:the{_SEP})?official{_SEP}(?P<what>{'|'.join(_CLAIMS_OF)}){_SEP}of"
                       rf"(?:{_SEP}the)?(?![a-z])")


def english_claims(text: str) -> str:
    """`text` (case-folded) with "official account of" and its like written as the Chinese claim."""
    if "official" not in text:
        return text
    return _CLAIM_OF.sub(lambda m: _CLAIMS_OF[m["what"]], text)


def from_english(text: str) -> str:
    """The English step: claims, local organs, then titles (see the module docstring)."""
    return english_titles(english_organs(english_claims(text)))
