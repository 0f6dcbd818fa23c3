"""The fast paths of normalisation and matching give exactly what the plain step-by-step versions give.

`reference_normalize` and `ReferenceMatcher` are the straightforward forms (every step on every text;
one automaton per view, syllables searched as "|ren|min|ri|bao|"); the shipped code skips steps that
cannot change a text, codes syllables as single characters and shares one automaton between views.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import ahocorasick_rs
import orjson
import pytest

from enforcement.text import NameMatcher, NormalizedText, Pattern, normalize
from enforcement.text.confusables import CONFUSABLES
from enforcement.text.invisibles import _PLAIN as PLAIN_INVISIBLES
from enforcement.text.invisibles import INVISIBLE_TABLE
from enforcement.text.lookalike import LOOKALIKES, NEAR_TABLE
from enforcement.text.matcher import CONFIDENCE, NAME_TAG, latin_words
from enforcement.text.normalize import (
    _PLAIN,
    _T2S,
    _T2S_TRIGGERS,
    _TONELESS,
    _UNSETTLED,
    _normalize_stepwise,
    initials_key,
    is_kept,
    normalize_uncached,
    phrase_initials,
    phrase_pinyin,
    pinyin_key,
    syllable,
    syllable_code,
)
from enforcement.text.radicals import RADICALS

LABELLED = Path(__file__).resolve().parents[2] / "eval" / "labelled.jsonl"


def reference_strip(text: str) -> str:
    text = text.translate(INVISIBLE_TABLE)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def reference_normalize(text: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...], str, tuple[str, ...]]:
    """(canonical, shape, sound, latin, steps, words) with every step run on every text."""
    steps: list[str] = []
    current = unicodedata.normalize("NFKC", text)
    if current != text:
        steps.append("nfkc")
    for name, step in (
        ("radical", lambda t: t.translate(RADICALS)),
        ("invisible", reference_strip),
        ("confusable", lambda t: t.translate(CONFUSABLES)),
        ("casefold", str.casefold),
        ("tone", lambda t: t.translate(_TONELESS)),
        ("t2s", _T2S.convert),
        ("symbol", lambda t: "".join(ch for ch in t if is_kept(ch))),
    ):
        after = step(current)
        if after != current:
            steps.append(name)
            current = after
    shape = current.translate(LOOKALIKES)
    if shape != current:
        steps.append("lookalike")
    sound = tuple(syllable(ch) for ch in current)
    latin = "".join(ch for ch in current if ch < "\u0080")
    return current, shape, sound, latin, tuple(steps), tuple(latin_words(text))


def _views(text: NormalizedText) -> tuple[str, str, tuple[str, ...], str, tuple[str, ...], tuple[str, ...]]:
    return text.canonical, text.shape, text.sound, text.latin, text.steps, text.words


# Every kind of character the steps deal with: plain and traditional hanzi, look-alikes, full-width
# and Kangxi forms, compatibility and extension-B ideographs, invisibles and other format characters,
# Cyrillic/Greek confusables, upper-case Latin, digits, symbols and emoji.
ALPHABET = (
    list("人民日报新华社中国成都市公安局西安发布央视警官医生记者") + list("國會報導關於發佈衛視")
    + list("曰囯入氐巿亰戍夭宫杜郝") + list("ＣＣＴＶ１２ａｂ⼈⽇⻓⻘⺅⻫⻑") + ["\uf900", "\U00020000", "\u3400"]
    + ["\u200b", "\u200d", "\u202e", "\u2066", "\ufeff", "\u00ad", "\u3164", "\ufe0f", "\U000e0041", "\u0600"]
    + list("асеорхіΑΒΕΚ") + list("ABCXYZabcxyz0189") + list(" ·|丨_-。，!?@#") + ["🔥", "😀", "\u00e9", "ß"]
)


def random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12))) for _ in range(count)]


def corpus() -> list[str]:
    rows = [orjson.loads(line) for line in LABELLED.read_bytes().splitlines() if line.strip()]
    return [row["text"] for row in rows] + random_texts(4000, seed=11)


def test_normalize_equals_the_step_by_step_pipeline() -> None:
    for text in corpus():
        assert _views(normalize_uncached(text)) == reference_normalize(text), repr(text)


def test_the_cache_returns_what_the_uncached_function_computes() -> None:
    for text in ["人民日報", "ＣＣＴＶ", "成都\u200b公安", "abc123", ""]:
        assert normalize(text) == normalize_uncached(text)


def test_syllable_codes_stand_for_syllables() -> None:
    for text in corpus()[:800]:
        result = normalize(text)
        assert len(result.sound_code) == len(result.canonical)
        assert result.sound_code == "".join(syllable_code(s) for s in result.sound)
        assert not any(is_kept(ch) or ch == "\0" for ch in result.sound_code)
    assert normalize("人民日报").sound_code[3] == normalize("人民日豹").sound_code[3]  # bao = bao
    assert normalize("人民日报").sound_code[2] != normalize("人民曰报").sound_code[2]  # ri ≠ yue
    assert syllable_code("bao") == syllable_code("bao") != syllable_code("pao")


def test_the_pinyin_keys_read_the_same_syllables() -> None:
    assert pinyin_key("成都市公安局") == "chengdoushigonganju"
    assert phrase_pinyin("成都市公安局") == "chengdushigonganju"
    assert initials_key("人民日报") == phrase_initials("人民日报") == "rmrb"


def test_plain_text_fast_paths_cover_only_characters_no_step_changes() -> None:
    covered = {PLAIN_INVISIBLES: 0, _PLAIN: 0}
    for code in range(0x110000):
        ch = chr(code)
        if PLAIN_INVISIBLES.fullmatch(ch):
            covered[PLAIN_INVISIBLES] += 1
            assert unicodedata.category(ch) != "Cf" and code not in INVISIBLE_TABLE, hex(code)
        if _PLAIN.fullmatch(ch):
            covered[_PLAIN] += 1
            assert PLAIN_INVISIBLES.fullmatch(ch) and unicodedata.normalize("NFKC", ch) == ch, hex(code)
            assert ch.casefold() == ch and ch.translate(CONFUSABLES) == ch and is_kept(ch), hex(code)
    assert covered[PLAIN_INVISIBLES] > covered[_PLAIN] > 27_000


def test_settled_texts_skip_only_steps_that_cannot_change_them() -> None:
    settled = [chr(code) for code in range(0x110000) if _UNSETTLED.fullmatch(chr(code)) is None]
    assert len(settled) > 20_000  # the common CJK block and ASCII letters and digits, less t2s and look-alikes
    for ch in settled:
        assert _PLAIN.fullmatch(ch) and ord(ch) not in LOOKALIKES and ord(ch) not in RADICALS, hex(ord(ch))
        assert _T2S_TRIGGERS is not None and ch not in _T2S_TRIGGERS, hex(ord(ch))
    assert _UNSETTLED.search("人民日报vlog123") is None
    assert _UNSETTLED.search("人民日報") and _UNSETTLED.search("人氐日报") and _UNSETTLED.search("人民 日报")
    # runs of settled characters (t2s phrases, pinyin of neighbours) and of every kind in the corpus
    runs = ["".join(settled[i:i + 7]) for i in range(0, len(settled), 7)]
    # settled characters that spell an English title the English step rewrites (drwang → wang医生)
    english = ["drwang", "dr王", "officer王", "lawyerzhang", "doctorwho", "drama"]
    for text in runs + corpus() + english:
        assert normalize_uncached(text) == _normalize_stepwise(text), repr(text)
    assert normalize_uncached("drwang").canonical == "wang医生"


class ReferenceMatcher:
    """NameMatcher as it was: one automaton per view, syllables as "|ren|min|ri|bao|"."""

    def __init__(self, names: list[str]) -> None:
        views: dict[str, dict[str, list[Pattern]]] = {
            v: {} for v in ("canonical", "shape", "near", "sound", "pinyin")}
        self.initials: dict[str, list[Pattern]] = {}
        for name in names:
            pattern, text = Pattern(f"id:{name}", name), normalize(name)
            if not text.canonical:
                continue
            views["canonical"].setdefault(text.canonical, []).append(pattern)
            views["shape"].setdefault(text.shape, []).append(pattern)
            views["near"].setdefault(text.shape.translate(NEAR_TABLE), []).append(pattern)
            if not text.latin and len(text.canonical) >= 3:
                views["sound"].setdefault("|" + "|".join(text.sound) + "|", []).append(pattern)
                for key in {pinyin_key(text.canonical), phrase_pinyin(text.canonical)}:
                    views["pinyin"].setdefault(key, []).append(pattern)
            if not text.latin and len(text.canonical) >= 4:
                for key in {initials_key(text.canonical), phrase_initials(text.canonical)}:
                    self.initials.setdefault(key, []).append(pattern)
        self.views = {
            view: (list(entries.values()), ahocorasick_rs.AhoCorasick(list(entries)))
            for view, entries in views.items() if entries
        }

    def search(self, view: str, haystack: str) -> list[tuple[list[Pattern], int, int]]:
        if view not in self.views or not haystack:
            return []
        owners, automaton = self.views[view]
        return [(owners[i], s, e) for i, s, e in automaton.find_matches_as_indexes(haystack, overlapping=True)]

    def find(self, text: NormalizedText) -> list[tuple[str, str, int, int, str, float]]:
        best: dict[tuple[str, str], tuple[str, str, int, int, str, float]] = {}

        def offer(owners: list[Pattern], view: str, start: int, end: int, matched: str) -> None:
            for owner in owners:
                current = best.get((owner.key, owner.name))
                if current is None or CONFIDENCE[view] > current[5]:
                    best[(owner.key, owner.name)] = (owner.key, view, start, end, matched, CONFIDENCE[view])

        canonical = text.canonical
        for owners, s, e in self.search("canonical", canonical):
            offer(owners, "canonical", s, e, canonical[s:e])
        if text.shape != canonical:
            for owners, s, e in self.search("shape", text.shape):
                offer(owners, "shape", s, e, canonical[s:e])
        if len(text.sound) >= 3:
            haystack = "|" + "|".join(text.sound) + "|"
            starts, position = {}, 0
            for i, token in enumerate(text.sound):
                starts[position] = i
                position += len(token) + 1
            for owners, s, e in self.search("sound", haystack):
                first = starts[s]
                last = first + haystack[s:e].count("|") - 1
                if last - first < 4 and (first, last) != (0, len(text.sound)):
                    continue
                offer(owners, "sound", first, last, canonical[first:last])
        near = text.shape.translate(NEAR_TABLE)
        for owners, s, e in self.search("near", near):
            if (e - s >= 4 or (s, e) == (0, len(canonical))) and near[s:e] != text.shape[s:e]:
                offer(owners, "near", s, e, canonical[s:e])
        if text.latin:
            words = latin_words(text.original)
            for word in words:
                if len(word) >= 6:
                    for owners, s, e in self.search("pinyin", word):
                        if e - s == len(word) or len(owners[0].name) >= 4:
                            offer(owners, "pinyin", s, e, word[s:e])
            for word in words:
                for owner in self.initials.get(word, ()):
                    offer([owner], "initials", 0, len(word), word)
        return sorted(best.values(), key=lambda m: (-m[5], -(m[3] - m[2]), m[0]))


NAMES = ["人民日报", "新华社", "成都市公安局", "央视", "中国网", "西安发布", "中国新闻社", "中央电视台", "CCTV",
         "北京市公安局", "平安北京", "共青团中央", "新华网", "人民网", "国务院", "成都公安", "日报"]


@pytest.fixture(scope="module")
def shared() -> NameMatcher:
    return NameMatcher.build((Pattern(f"id:{n}", n) for n in NAMES), tags={"公安": 2, "记者": 4})


def test_one_shared_automaton_finds_what_one_automaton_per_view_finds(shared: NameMatcher) -> None:
    reference = ReferenceMatcher(NAMES)
    rng = random.Random(3)
    pieces = [*NAMES, "曰", "囯", "豹", "心", "申", "亲", "间", "阮", "牛",
              "renminribao", "xinhuashe", "RMRB", "CCTV", "·", "🔥", "官方", "的"]
    texts = corpus()[:1500] + ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))) for _ in range(1500)]
    found_any = 0
    for raw in texts:
        text = normalize(raw)
        got = [(m.key, m.view, m.start, m.end, m.matched_text, m.confidence) for m in shared.find(text)]
        assert got == reference.find(text), raw
        found_any += bool(got)
    assert found_any > 500  # the comparison covered real matches, not only empty results


def test_scan_is_a_superset_of_find_and_reports_tags(shared: NameMatcher) -> None:
    for raw in corpus()[:2000]:
        text = normalize(raw)
        if shared.find(text):
            assert shared.scan(text) & NAME_TAG, raw
    assert shared.scan(normalize("成都公安")) == NAME_TAG | 2
    assert shared.scan(normalize("王记者")) == 4
    assert shared.scan(normalize("王计者")) == 0  # tags are found under canonical and shape views only
    assert shared.scan(normalize("美食探店")) == 0
    assert shared.scan(normalize("RMRB")) == shared.scan(normalize("renminribao")) == NAME_TAG  # initials, pinyin
    assert shared.scan(normalize("hello123")) == 0


def test_scanning_the_raw_text_equals_scanning_its_normalised_form(shared: NameMatcher) -> None:
    rng = random.Random(5)
    pieces = [*NAMES, "曰", "豹", "记者", "公安", "renminribao", "RMRB", "rmrb", "cctv", "·", "🔥", "官方", "的", "ab"]
    texts = corpus() + ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 4))) for _ in range(3000)]
    tagged = 0
    for raw in texts:
        assert shared.scan_raw(raw) == shared.scan(normalize(raw)), raw
        tagged += bool(shared.scan_raw(raw))
    assert tagged > 1000


def test_tag_bit_zero_is_reserved() -> None:
    with pytest.raises(ValueError, match="reserved"):
        NameMatcher.build([Pattern("id:x", "人民日报")], tags={"公安": NAME_TAG})
