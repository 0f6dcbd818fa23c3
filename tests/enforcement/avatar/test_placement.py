"""D2: a logo is found where it sits — on a plain background, in a corner, tilted, cropped — while
unrelated avatars (photos, faces, text, textures, other badges) stay clear of the bank. Small-scale
versions of what scripts/evaluate_avatars.py measures on the held-back set."""

from __future__ import annotations

import random
from collections.abc import Callable

import numpy as np
import pytest
from emblems import seal
from PIL import Image

from enforcement.avatar import LogoBank, display_hash, hash_variants, logo_hashes
from enforcement.avatar.hashing import trim_borders
from tests.eval.avatars.generate import TRANSFORMS, UNRELATED, unrelated

Emblem = Callable[[int], Image.Image]
SEEDS = range(0, 30, 3)


@pytest.fixture(scope="module")
def bank(emblem: Emblem) -> LogoBank:
    return LogoBank.build((f"emblem:{s}", h) for s in range(30) for h in logo_hashes(emblem(s)))


@pytest.mark.parametrize("edit", ["corner", "padded", "rot5", "rot10", "rot15", "crop90", "crop80", "crop70",
                                  "crop60", "circle", "text_banner", "small_48px", "jpeg_q20"])
def test_every_edit_of_a_registered_logo_is_matched(bank: LogoBank, emblem: Emblem, edit: str) -> None:
    for seed in SEEDS:
        avatar = TRANSFORMS[edit](emblem(seed), random.Random(f"test:{edit}:{seed}"))
        found = bank.match(hash_variants(avatar))
        assert found and found[0].identity_id == f"emblem:{seed}" and found[0].verdict == "match", (seed, found[:2])


def test_unrelated_avatars_are_not_matched_and_rarely_reviewed(bank: LogoBank) -> None:
    reviewed = 0
    for kind in UNRELATED:
        for n in range(8):
            found = bank.match(hash_variants(unrelated(kind, n)))
            assert not [m for m in found if m.verdict == "match"], (kind, n, found)
            reviewed += bool(found)
    assert reviewed <= 2  # of 56: the ≤ 5 % review bound, at this scale


def test_trim_finds_the_logo_in_a_corner(emblem: Emblem) -> None:
    logo = emblem(4)
    canvas = Image.new("RGB", (400, 400), "white")
    canvas.paste(logo.resize((150, 150)), (240, 10))
    trimmed = trim_borders(canvas)
    assert trimmed is not None and abs(trimmed.size[0] - 150) <= 2 and abs(trimmed.size[1] - 150) <= 2
    photo = Image.effect_noise((256, 256), 60).convert("RGB")
    assert trim_borders(photo) is None  # an image with no plain border has nothing to trim


def test_a_logo_pasted_into_a_corner_is_trimmed_without_the_fringe_scaling_down_blends_in(emblem: Emblem) -> None:
    """The border is found on the 256 px work copy, but the logo's edge again on the 400 px avatar: the
    work copy blends the green border into the logo's outer pixels, and a crop that kept them hashed
    4–20 bits from the logo; cut from the avatar itself it hashes as the logo does."""
    for seed in range(10):
        logo = emblem(seed)
        canvas = Image.new("RGB", (400, 400), (0, 160, 60))
        canvas.paste(logo.resize((150, 150), Image.Resampling.LANCZOS), (240, 10))
        trimmed = dict((name, value) for name, value, _ in hash_variants(canvas))["trimmed"]
        nearest = min((int(trimmed[:64], 16) ^ int(h[:64], 16)).bit_count() for h in logo_hashes(logo))
        assert nearest <= 3, (seed, nearest)


def test_hashes_are_the_same_at_any_size(emblem: Emblem) -> None:
    """Every image is hashed at one size, so a large upload and a small copy meet the same logo hash."""
    logo = emblem(6)
    big = dict((name, value) for name, value, _ in hash_variants(logo.resize((1024, 1024))))
    small = dict((name, value) for name, value, _ in hash_variants(logo.resize((200, 200))))
    assert big.keys() == small.keys()
    close = sum((int(big[k][:64], 16) ^ int(small[k][:64], 16)).bit_count() <= 31 for k in big)
    assert close >= len(big) - 2


@pytest.fixture(scope="module")
def seal_bank() -> LogoBank:
    return LogoBank.build((f"seal:{s}", h) for s in range(12) for h in logo_hashes(seal(s)))


@pytest.mark.parametrize("share", [0.7, 0.6])
def test_a_cropped_symmetric_seal_is_matched_by_its_shape(seal_bank: LogoBank, share: float) -> None:
    """A one-pixel difference in the crop can flip dozens of PDQ bits of a symmetric seal; the shapes still
    correlate, so the crop is a match — review only when PDQ calls the crop's detail too faint to trust
    (quality < 50) and the shapes correlate below 0.95 — and no other seal comes near."""
    for seed in range(12):
        image = seal(seed)
        side = int(256 * share)
        corner = (256 - side) // 2
        avatar = image.crop((corner, corner, corner + side, corner + side)).resize((256, 256),
                                                                                   Image.Resampling.BICUBIC)
        variants = hash_variants(avatar)
        found = seal_bank.match(variants)
        assert found[0].identity_id == f"seal:{seed}", (seed, found[:2])
        assert found[0].similarity is not None and found[0].similarity >= 0.93
        quality = next(q for name, _, q in variants if name == found[0].variant)
        expected = "match" if quality >= 50 or found[0].similarity >= 0.95 else "uncertain"
        assert found[0].verdict == expected, (seed, quality, found[0])
        assert all(m.verdict != "match" for m in found[1:]), (seed, found[1:3])


def test_logos_without_a_shape_are_still_matched_by_their_binary_hashes(emblem: Emblem) -> None:
    """A registry record written before shapes existed ("<PDQ>:<pHash>") keeps working beside new ones."""
    older = [display_hash(h) for h in logo_hashes(emblem(1))]
    bank = LogoBank.build([*(("older", h) for h in older), *(("newer", h) for h in logo_hashes(emblem(2)))])
    found = {m.identity_id: m for m in bank.match(hash_variants(emblem(1)))}
    assert found["older"].verdict == "match" and found["older"].similarity is None and found["older"].distance == 0
    found = {m.identity_id: m for m in bank.match(hash_variants(emblem(2)))}
    assert found["newer"].verdict == "match" and found["newer"].similarity == 1.0
    assert "older" not in found


@pytest.mark.parametrize("seed", range(12))
def test_the_edges_read_near_the_sides_are_the_whole_window_s(seed: int) -> None:
    # the refined trim reads only bands along a window's sides; its box must be the one the whole window
    # gives — content at the sides, deep inside, absent, and backgrounds that are a half level (a median of
    # an even count) — or the hashes of a trimmed avatar would change
    from enforcement.avatar.hashing import _content_box, _content_box_near_edges

    rng = random.Random(seed)
    width, height, reach = rng.randrange(40, 200), rng.randrange(40, 200), rng.randrange(3, 30)
    background = [rng.randrange(256) + rng.choice((0.0, 0.5)) for _ in range(3)]
    pixels = np.tile(np.array([int(c) for c in background], dtype=np.uint8), (height, width, 1))
    for _ in range(rng.randrange(0, 4)):
        top, left = rng.randrange(height), rng.randrange(width)
        pixels[top: top + rng.randrange(1, 60), left: left + rng.randrange(1, 60)] = [
            rng.randrange(256) for _ in range(3)]
    background_array = np.array(background)
    assert _content_box_near_edges(pixels, background_array, reach) == _content_box(pixels, background_array)


def test_a_pixel_just_past_the_tolerance_of_a_half_level_background_differs() -> None:
    from enforcement.avatar.hashing import BORDER_TOLERANCE, _differs

    background = np.array([250.5, 10.0, 10.0])
    pixels = np.array([[[210, 10, 10], [211, 10, 10], [250, 50, 10], [250, 51, 10]]], dtype=np.uint8)
    assert BORDER_TOLERANCE == 40
    # |210 − 250.5| = 40.5 and |51 − 10| = 41 are past 40; |211 − 250.5| = 39.5 and |50 − 10| = 40 are not
    assert _differs(pixels, background).tolist() == [[True, False, False, True]]
