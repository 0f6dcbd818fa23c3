"""Every detector called directly on hostile input, past the screen that normally decides which run (random
text seldom opens a detector's gate, so through `detect_profile` most would never see it): no text of any
plane makes one raise or take RECORD_BOUND_S, and a term each detector catches is still caught once salted
with the characters the normaliser removes.

Texts are as long as the decoder lets them be (256 characters for a name, 4,096 for a bio): the detectors
never see longer ones, and their time grows faster than linearly with the length (docs/security.md)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from emblems import emblem
from fuzzing import fuzz_settings, hostile_text, salt, timed, within_bound
from hypothesis import given
from hypothesis import strategies as st

from enforcement.avatar import AvatarError, LogoBank, decode_image, hash_variants, logo_hashes
from enforcement.detectors import TEXT_DETECTORS, detect_profile
from enforcement.detectors.division_function import detect_division_function, detect_division_joined_in_latin
from enforcement.detectors.hot_event import detect_hot_event_party
from enforcement.detectors.news_word import detect_news_word
from enforcement.detectors.official_avatar import detect_official_avatar
from enforcement.detectors.official_bio import detect_official_bio
from enforcement.detectors.official_name import detect_institution_name, detect_official_name
from enforcement.detectors.organ_alone import detect_organ_alone
from enforcement.detectors.professional import detect_professional_title
from enforcement.detectors.profile import ProfileView
from enforcement.detectors.staff import detect_staff
from enforcement.events.spec import MAX_LENGTH, Kind
from enforcement.hotevents import HotEvent, HotEventIndex
from enforcement.identity import IdentityIndex
from enforcement.violations import Violation

AT = datetime(2026, 11, 22, 8, tzinfo=UTC)
HOT = HotEventIndex.build([HotEvent(
    hot_event_id="he:1", title="清河小区坠楼事件", parties=("周小雨", "王建国"), figures=("林一鸣",),
    active_from=datetime(2026, 11, 1, tzinfo=UTC), expires_at=datetime(2026, 12, 1, tzinfo=UTC),
    keywords=("清河坠楼",), account_ids=frozenset())])

Detector = Callable[[IdentityIndex, ProfileView], Iterable[Violation]]

# A text each detector catches as it is (checked below), in the field it reads.
CAUGHT: list[tuple[Detector, str, str]] = [
    (detect_official_name, "new_name", "人民日报"),
    (detect_official_name, "new_name", "国家税务总局"),
    (detect_official_name, "new_name", "renminribao"),
    (detect_institution_name, "new_name", "温州大学"),
    (detect_official_bio, "bio", "人民日报社官方账号，权威发布。"),
    (detect_organ_alone, "new_name", "公安局官方"),
    (detect_division_function, "new_name", "成都市公安局"),
    (detect_division_function, "new_name", "平安北京"),
    (detect_division_joined_in_latin, "new_name", "长sha市气象局"),
    (detect_staff, "new_name", "张警官说法"),
    (detect_professional_title, "new_name", "刘医生讲健康"),
    (detect_professional_title, "bio", "本人系成都某医院主任医师，专治疑难杂症。"),
    (detect_news_word, "new_name", "成都新闻快讯"),
]
HOT_CAUGHT = ["周小雨家属", "当事人周小雨", "林一鸣的妈妈", "清河坠楼知情人"]

_names = hostile_text(MAX_LENGTH[Kind.TEXT])
_bios = hostile_text(300) | hostile_text(MAX_LENGTH[Kind.LONG_TEXT])


def _view(fields: tuple[tuple[str, str], ...], avatar_pdq: str | None = None,
          domains: frozenset[str] = frozenset()) -> ProfileView:
    return ProfileView("u:1", "e1", AT, fields, avatar_pdq, domains)


def _found(violations: Iterable[Violation]) -> set[tuple[str, str]]:
    return {(v.rule, v.identity) for v in violations}


def _run(detector: Detector, index: IdentityIndex, view: ProfileView) -> list[Violation]:
    found, elapsed = timed(lambda: list(detector(index, view)))
    within_bound(elapsed, detector.__name__, view.fields)
    for violation in found:
        assert violation.requirement.startswith("D") and 0 < violation.confidence <= 1
    return found


def _hot(view: ProfileView) -> list[Violation]:
    return list(detect_hot_event_party(HOT, view))


def test_the_detectors_here_are_every_text_detector() -> None:
    assert {detector for detector, _, _ in CAUGHT} == set(TEXT_DETECTORS)


@pytest.mark.parametrize(("detector", "field", "text"), CAUGHT, ids=[f"{d.__name__}-{t}" for d, _, t in CAUGHT])
def test_each_text_is_caught_as_it_is(index: IdentityIndex, detector: Detector, field: str, text: str) -> None:
    assert _found(detector(index, _view(((field, text),))))


@pytest.mark.parametrize("text", HOT_CAUGHT)
def test_each_claim_is_caught_as_it_is(text: str) -> None:
    assert _hot(_view((("new_name", text),)))


@fuzz_settings(60)
@given(detector=st.sampled_from(TEXT_DETECTORS), name=_names, handle=_names, bio=_bios,
       domains=st.sets(st.sampled_from(["medical", "legal", "news", "finance"]), max_size=2))
def test_no_text_makes_a_detector_raise(index: IdentityIndex, detector: Detector, name: str, handle: str, bio: str,
                                        domains: set[str]) -> None:
    fields = tuple((f, v) for f, v in (("name", name), ("handle", handle), ("bio", bio)) if v)
    _run(detector, index, _view(fields, domains=frozenset(domains)))


@fuzz_settings(60)
@given(name=_names, bio=_bios)
def test_no_text_makes_the_hot_event_detector_raise(name: str, bio: str) -> None:
    _, elapsed = timed(lambda: _hot(_view((("name", name), ("bio", bio)))))
    within_bound(elapsed, "detect_hot_event_party", (name, bio))


@fuzz_settings(150)
@given(case=st.sampled_from(CAUGHT), data=st.data())
def test_a_salted_term_is_still_caught_by_its_detector(index: IdentityIndex, case: tuple[Detector, str, str],
                                                       data: st.DataObject) -> None:
    detector, field, text = case
    salted = salt(data, text, most=8)
    plain = _found(detector(index, _view(((field, text),))))
    assert plain <= _found(_run(detector, index, _view(((field, salted),)))), repr(salted)
    # and through the screen, which reads the raw text: salting must not close a detector's gate
    assert plain <= _found(detect_profile(index, _view(((field, salted),)))), repr(salted)


@fuzz_settings(60)
@given(text=st.sampled_from(HOT_CAUGHT), field=st.sampled_from(["new_name", "bio"]), data=st.data())
def test_a_salted_claim_is_still_caught(text: str, field: str, data: st.DataObject) -> None:
    salted = salt(data, text, most=8)
    assert _found(_hot(_view(((field, text),)))) <= _found(_hot(_view(((field, salted),)))), repr(salted)


# --- D2, the avatar -------------------------------------------------------------------------------------

EMBLEM_SEED = 7


@pytest.fixture(scope="module")
def logo_index(index: IdentityIndex) -> IdentityIndex:
    """The shipped index (which has no logo) with one synthetic emblem's hashes, as a real body's."""
    identity = next(iter(index.registry.identities))
    bank = LogoBank.build((identity, value) for value in logo_hashes(emblem(EMBLEM_SEED)))
    return replace(index, logos=bank)


_hex = st.integers(0, 2**256 - 1).map(lambda n: f"{n:064x}")
_hashes = st.tuples(_hex, st.none() | st.integers(0, 2**64 - 1).map(lambda n: f"{n:016x}")).map(
    lambda pair: pair[0] if pair[1] is None else f"{pair[0]}:{pair[1]}")
_variants = st.lists(st.tuples(hostile_text(20), _hashes, st.integers(0, 100)), max_size=30)


@fuzz_settings(100)
@given(variants=_variants, precomputed=st.none() | _hex)
def test_no_hash_makes_the_avatar_detector_raise(logo_index: IdentityIndex, variants: list[tuple[str, str, int]],
                                                 precomputed: str | None) -> None:
    view = _view((), avatar_pdq=precomputed)
    found, elapsed = timed(lambda: list(detect_official_avatar(logo_index, view, variants)))
    within_bound(elapsed, "detect_official_avatar", (variants, precomputed))
    assert all(v.rule == "official_avatar" for v in found)


@fuzz_settings(60)
@given(flipped=st.sets(st.integers(0, 255), max_size=20), data=st.data())
def test_a_logo_hash_a_few_bits_off_is_caught(logo_index: IdentityIndex, flipped: set[int],
                                              data: st.DataObject) -> None:
    pdq = logo_index.logos.logo_hash(data.draw(st.integers(0, len(logo_index.logos) - 1))).partition(":")[0]
    near = f"{int(pdq, 16) ^ sum(1 << bit for bit in flipped):064x}"
    assert list(detect_official_avatar(logo_index, _view((), avatar_pdq=near)))


def _encoded(seed: int, image_format: str, side: int) -> bytes:
    out = io.BytesIO()
    emblem(seed).resize((side, side)).save(out, format=image_format)
    return out.getvalue()


@fuzz_settings(40)
@given(seed=st.sampled_from([EMBLEM_SEED, 1, 2]), image_format=st.sampled_from(["PNG", "GIF", "BMP", "JPEG", "WEBP"]),
       side=st.integers(16, 300), data=st.data())
def test_image_bytes_are_hashed_or_refused_with_a_code(logo_index: IdentityIndex, seed: int, image_format: str,
                                                       side: int, data: st.DataObject) -> None:
    # an encoded emblem, cut short or with bytes overwritten, or any bytes at all: what an avatar host may
    # send. Decoding and hashing either refuse it with AvatarError (the worker's one expected failure) or
    # give variants the detector takes.
    raw = _encoded(seed, image_format, side)
    mutation = data.draw(st.sampled_from(["none", "cut", "overwrite", "random"]))
    if mutation == "cut":
        raw = raw[:data.draw(st.integers(0, len(raw)))]
    elif mutation == "overwrite":
        for _ in range(data.draw(st.integers(1, 8))):
            at = data.draw(st.integers(0, len(raw) - 1))
            raw = raw[:at] + data.draw(st.binary(min_size=1, max_size=4)) + raw[at + 1:]
    elif mutation == "random":
        raw = data.draw(st.binary(max_size=2000))

    def check() -> list[Violation] | None:
        try:
            variants = hash_variants(decode_image(raw))
        except AvatarError as error:
            assert error.code in ("not_image", "too_many_pixels", "unsupported_format")
            return None
        return list(detect_official_avatar(logo_index, _view(()), variants))

    found, elapsed = timed(check)
    within_bound(elapsed, "avatar bytes", raw[:64])
    if mutation == "none" and seed == EMBLEM_SEED and image_format != "JPEG" and side >= 64:
        assert found, (image_format, side)  # the emblem itself, losslessly at a fair size: always caught
