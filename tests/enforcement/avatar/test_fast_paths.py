"""The avatar's variants are cut, turned and scaled in numpy instead of one PIL call each, and the logo bank
reads its pHash gate once for variants close to each other. Each shortcut must give what it replaces:
PIL's numbers (exactly, or within float rounding where a sum is taken in another order), and the same logos
within the gate."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image

from enforcement.avatar.hashing import (
    _crop,
    _differs,
    _rgbx,
    _scaled,
    _small,
    _turned,
)
from enforcement.avatar.logo_bank import GROUP_REACH, SHAPE_GATE, LogoBank


def luma(width: int, height: int, seed: int) -> np.ndarray:
    """A float luma picture with edges and gradients, not noise alone."""
    rng = np.random.default_rng(seed)
    picture = np.add.outer(np.linspace(0, 120, height), np.linspace(0, 90, width)).astype(np.float32)
    picture[height // 4: height // 2, width // 3: 2 * width // 3] += 80
    return picture + rng.random((height, width), dtype=np.float32) * 40


@pytest.mark.parametrize("size", [(128, 128), (128, 96), (77, 128), (40, 40)])
@pytest.mark.parametrize("angle", [-15, -10, -5, 5, 10, 15, 40])
def test_a_turn_is_pils_rotate_and_crop_to_the_bit(size: tuple[int, int], angle: int) -> None:
    picture = luma(*size, seed=angle + size[0])
    image = Image.fromarray(picture, "F")
    expected = np.asarray(_crop(image.rotate(angle, resample=Image.Resampling.BILINEAR), 0.8), dtype=np.float32)
    assert np.array_equal(_turned(picture, angle, 0.8), expected)


@pytest.mark.parametrize("size", [(252, 252), (246, 230), (104, 104), (64, 64), (48, 48), (97, 255), (300, 200),
                                  (1000, 640)])
def test_scaling_by_matrices_is_pils_lanczos_within_float_rounding(size: tuple[int, int]) -> None:
    picture = luma(*size, seed=sum(size))
    expected = np.asarray(_scaled(Image.fromarray(picture, "F")), dtype=np.float32)
    for given in (picture, Image.fromarray(picture, "F")):
        scaled = _small(given)
        assert scaled.shape == expected.shape
        assert np.abs(scaled - expected).max() < 1e-3  # of 255 levels


@pytest.mark.parametrize("seed", range(6))
def test_the_word_per_pixel_test_is_the_channel_by_channel_one(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pixels = rng.integers(0, 256, size=(30, 41, 3), dtype=np.uint8)
    background = np.array([rng.integers(0, 256) + rng.choice([0.0, 0.5]) for _ in range(3)])
    expected = np.zeros(pixels.shape[:2], dtype=bool)
    for channel in range(3):
        expected |= np.abs(pixels[..., channel].astype(np.float64) - background[channel]) > 40
    assert np.array_equal(_differs(pixels, background), expected)
    rgbx = _rgbx(Image.fromarray(pixels, "RGB"))
    assert rgbx.shape == (30, 41, 4) and np.array_equal(rgbx[..., :3], pixels)
    assert np.array_equal(_differs(rgbx, background), expected)


def test_variants_sharing_a_pass_find_what_each_finds_alone() -> None:
    rng = random.Random(5)
    logos = [rng.getrandbits(64) for _ in range(400)]

    def flipped(value: int, bits: list[int]) -> int:
        for bit in bits:
            value ^= 1 << bit
        return value

    bank = LogoBank.build([(f"logo:{n}", f"{'0' * 64}:{value:016x}:{'01' * 256}") for n, value in enumerate(logos)])
    assert GROUP_REACH >= 6  # the three variants below are within 6 bits of each other: one group
    queries = []
    for logo in logos[:6]:
        # a variant 14 bits from its logo; the group's representative 5 bits further from the logo (19: outside
        # the gate) and a third variant one bit beyond it, so the representative has the most neighbours
        order = rng.sample(range(64), 64)
        member = flipped(logo, order[:14])
        representative = flipped(member, order[14:19])
        queries += [representative, member, flipped(representative, order[19:20])]
    queries += [rng.getrandbits(64) for _ in range(7)]  # unrelated: alone
    phashes = np.array(queries, dtype=np.uint64)
    found = bank._within_gate(phashes)
    assert len(found) == len(queries)
    for query, (rows, distances) in zip(queries, found, strict=True):
        alone = [(row, (query ^ logo).bit_count()) for row, logo in enumerate(logos)
                 if (query ^ logo).bit_count() <= SHAPE_GATE]
        assert [(int(r), int(d)) for r, d in zip(rows, distances, strict=True)] == alone
    assert all(len(found[3 * n + 1][0]) for n in range(6))  # each member found its logo
