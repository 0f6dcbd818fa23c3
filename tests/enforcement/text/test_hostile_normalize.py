"""`normalize` on hostile text: any code point of any plane, up to 2,000 characters (and a megabyte once),
never raises and stays within RECORD_BOUND_S; what it returns holds none of the characters it removes; and
salting a text with those characters changes nothing it returns."""

from __future__ import annotations

import unicodedata

import pytest
from fuzzing import SALT, fuzz_settings, hostile_text, salt, timed, within_bound
from hypothesis import given
from hypothesis import strategies as st

from enforcement.text import NormalizedText, normalize
from enforcement.text.invisibles import INVISIBLE_TABLE
from enforcement.text.normalize import _T2S_TRIGGERS, normalize_uncached

# Characters traditional-to-simplified conversion changes: with one of them a text goes through opencc.
_TRADITIONAL = sorted(_T2S_TRIGGERS) if _T2S_TRIGGERS else list("國臺灣後發體當門")
_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


def _removed(ch: str) -> bool:
    return ord(ch) in INVISIBLE_TABLE or unicodedata.category(ch) == "Cf"


def _check(text: str) -> NormalizedText:
    found, elapsed = timed(lambda: normalize_uncached(text))
    within_bound(elapsed, "normalize", text)
    for view in (found.canonical, found.shape):
        assert not any(map(_removed, view)), ascii(view)
    return found


@fuzz_settings(200)
@given(text=hostile_text(2000))
def test_any_text_is_normalised(text: str) -> None:
    _check(text)


@fuzz_settings(100)
@given(traditional=st.text(st.sampled_from(_TRADITIONAL), min_size=1, max_size=100),
       lone=st.text(_SURROGATES, min_size=1, max_size=10), noise=hostile_text(1000), data=st.data())
def test_traditional_characters_beside_lone_surrogates_are_normalised(traditional: str, lone: str, noise: str,
                                                                      data: st.DataObject) -> None:
    # opencc converts the text as UTF-8, which no lone surrogate has: they must be gone before it runs. Both
    # kinds are drawn and shuffled together, as a text drawn from all of Unicode seldom holds both.
    _check("".join(data.draw(st.permutations(traditional + lone + noise))))


@pytest.mark.parametrize("text", ["國\ud800", "\udc00臺灣", "人民日報\udfff", "\ud83d國家稅務總局\ude00"])
def test_a_lone_surrogate_beside_a_traditional_character(text: str) -> None:
    # found by test_traditional_characters_beside_lone_surrogates_are_normalised: opencc raised
    # UnicodeEncodeError on these until lone surrogates were among the characters removed
    assert not any("\ud800" <= ch <= "\udfff" for ch in _check(text).canonical)


# text a salt cannot combine with: ideographs (simplified and traditional), ASCII, full-width forms
_plain = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from(_TRADITIONAL)
                 | st.characters(min_codepoint=0x20, max_codepoint=0x7E)
                 | st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E), min_size=1, max_size=60)


@fuzz_settings(200)
@given(text=_plain, data=st.data())
def test_salting_changes_nothing_normalize_returns(text: str, data: st.DataObject) -> None:
    plain, salted = normalize(text), _check(salt(data, text, most=12))
    assert (salted.canonical, salted.shape, salted.sound_code) == (plain.canonical, plain.shape, plain.sound_code)


_MEGABYTE = 1 << 20


@pytest.mark.parametrize("text", [
    "国家税务总局" * (_MEGABYTE // 6),
    "國家稅務總局" * (_MEGABYTE // 6),  # every character through t2s
    "".join(SALT) * (_MEGABYTE // len(SALT)) + "人民日报",  # every character removed, then a name
    # every script of the basic plane, a quarter megabyte: a whole one takes ~0.65 s on the 2-core test machine
    # (nearly all in NFKC and casefold), too near the bound for a loaded CI run; no record's text is a
    # thousandth of it
    "".join(chr(c) for c in range(0x20, 0x3000)) * (_MEGABYTE // 4 // 0x2FE0),
    "A\u0301\u200d" * (_MEGABYTE // 3),  # combining marks and joiners
], ids=["simplified", "traditional", "salt", "scripts", "combining"])
def test_a_megabyte_name_is_normalised_within_the_bound(text: str) -> None:
    assert len(text) > 250_000
    found = _check(text)
    if text.endswith("人民日报"):
        assert found.canonical == "人民日报"
