"""The avatar hashes are computed for all of an avatar's variants in one pass (`_hash_all`): PDQ by two
matrix products, the pHash by two more. These tests hold them to the libraries they replace on the worker's
path: pdqhash (Meta's PDQ) and imagehash's pHash, on colour and grey images, square and not."""

from __future__ import annotations

from collections.abc import Callable

import imagehash
import numpy as np
import pdqhash
import pytest
from PIL import Image, ImageDraw

from enforcement.avatar import pdq_hash, phash
from enforcement.avatar.hashing import _hash_all, shape_vector, split_hash

Emblem = Callable[[int], Image.Image]
SIZES = [(64, 64), (64, 40), (37, 64)]


def scene(seed: int) -> Image.Image:
    """A colour picture that is not an emblem: bands, a disc and a gradient."""
    rng = np.random.default_rng(seed)
    pixels = np.zeros((64, 64, 3), dtype=np.uint8)
    pixels[..., 0] = np.linspace(0, 255, 64, dtype=np.uint8)[None, :]
    pixels[..., 1] = rng.integers(0, 256, size=(64, 1), dtype=np.uint8)
    image = Image.fromarray(pixels, "RGB")
    ImageDraw.Draw(image).ellipse((10 + seed % 20, 12, 50, 52), fill=tuple(int(v) for v in rng.integers(0, 256, 3)))
    return image


def samples(emblem: Emblem) -> list[Image.Image]:
    """Colour emblems and scenes, and their grey copies, at every size in SIZES (hash size: no scaling)."""
    pictures = [emblem(n) for n in range(6)] + [scene(n) for n in range(4)]
    out = []
    for picture in pictures:
        for size in SIZES:
            colour = picture.convert("RGB").resize(size, Image.Resampling.LANCZOS)
            out += [colour, colour.convert("L").convert("RGB")]
    return out


def bits_apart(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def test_pdq_hash_and_quality_are_pdqhash(emblem: Emblem) -> None:
    for image in samples(emblem):
        bits, quality = pdqhash.compute(np.asarray(image))
        expected = np.packbits(bits.astype(bool)).tobytes().hex()
        ours, our_quality = pdq_hash(image)
        # pdqhash weighs the channels in float64 and rounds to float32; PIL's float luma differs by 1e-5
        assert bits_apart(ours, expected) <= 1, image.size
        assert our_quality == quality


def test_the_shape_is_pdqhash_coefficients(emblem: Emblem) -> None:
    for image in samples(emblem):
        coefficients, _ = pdqhash.compute_float(np.asarray(image))
        centred = coefficients - np.median(coefficients)
        compressed = np.sign(centred) * np.sqrt(np.abs(centred))
        expected = np.round(compressed * (127 / np.abs(compressed).max())).astype(np.int8).tobytes().hex()
        (combined, _), = _hash_all([image])
        shape = split_hash(combined)[2]
        assert shape is not None
        assert float(shape_vector(shape) @ shape_vector(expected)) > 0.9999


def test_phash_is_imagehash_phash_but_for_rounding(emblem: Emblem) -> None:
    """imagehash rounds and clips its 32 px copy to bytes; ours stays in float. On pictures PDQ finds usable
    that moves a few of the 64 bits at most (the bank's pHash gate is 16 bits)."""
    distances = []
    for image in samples(emblem):
        if pdq_hash(image)[1] >= 50:
            distances.append(bits_apart(phash(image), str(imagehash.phash(image))))
    assert len(distances) > 40
    assert max(distances) <= 4
    assert sorted(distances)[len(distances) // 2] == 0


def test_hashing_together_is_hashing_alone(emblem: Emblem) -> None:
    images = [emblem(1), emblem(2).resize((300, 180)), scene(3), emblem(4).convert("L")]
    assert _hash_all(images) == [_hash_all([image])[0] for image in images]


@pytest.mark.parametrize("size", [(1, 1), (1, 64), (64, 1), (3, 500)])
def test_degenerate_images_still_hash(size: tuple[int, int]) -> None:
    (combined, quality), = _hash_all([Image.new("RGB", size, (120, 30, 200))])
    pdq, ph, shape = split_hash(combined)
    assert len(pdq) == 64 and ph is not None and len(ph) == 16 and shape is not None and len(shape) == 512
    assert quality == 0
