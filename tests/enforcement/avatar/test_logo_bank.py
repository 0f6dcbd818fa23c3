"""D2: emblems are found through re-encoding, resizing, mirroring, inversion and crops; nothing else is."""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Callable

import pytest
from PIL import Image, ImageOps

from enforcement.avatar import AvatarError, LogoBank, check_avatar, decode_image, hash_variants, logo_hashes


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return decode_image(buffer.getvalue())


@pytest.fixture(scope="module")
def bank(emblem: Callable[[int], Image.Image]) -> LogoBank:
    rng = random.Random(1)
    noise = [(f"noise:{i}", f"{rng.getrandbits(256):064x}") for i in range(10_000)]
    logos = [(f"emblem:{i}", h) for i in range(20) for h in logo_hashes(emblem(i))]
    return LogoBank.build(noise + logos)


@pytest.mark.parametrize(
    "transform",
    [
        lambda im: im,
        lambda im: jpeg(im, 70),
        lambda im: im.resize((64, 64)).resize((512, 512)),
        lambda im: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        lambda im: im.rotate(90),
        ImageOps.invert,
    ],
    ids=["copy", "jpeg70", "resized", "mirrored", "rotated", "inverted"],
)
def test_transformed_emblems_match(bank: LogoBank, emblem: Callable[[int], Image.Image], transform) -> None:
    for seed in range(0, 20, 4):
        found = bank.match(hash_variants(transform(emblem(seed))))
        assert found and found[0].identity_id == f"emblem:{seed}" and found[0].verdict == "match"


def test_a_centre_crop_is_caught(bank: LogoBank, emblem: Callable[[int], Image.Image]) -> None:
    image = emblem(3)
    cropped = image.crop((26, 26, 230, 230)).resize((256, 256))
    found = [m for m in bank.match(hash_variants(cropped)) if m.identity_id == "emblem:3"]
    assert found


def test_unrelated_images_do_not_match(bank: LogoBank, emblem: Callable[[int], Image.Image]) -> None:
    for seed in range(100, 110):
        assert not [m for m in bank.match(hash_variants(emblem(seed))) if m.verdict == "match"]


def test_allow_list(bank: LogoBank, emblem: Callable[[int], Image.Image]) -> None:
    queries = hash_variants(emblem(2))
    assert not [m for m in check_avatar(queries, bank, allowed_identities={"emblem:2"}) if m.identity_id == "emblem:2"]


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"hello, not an image", "not_image"), (_png_header(30000, 30000), "too_many_pixels"),
     (_png_header(64, 64), "not_image"), (b"\x89PNG\r\n\x1a\n", "not_image")],
)
def test_decode_errors(data: bytes, code: str) -> None:
    with pytest.raises(AvatarError) as info:
        decode_image(data)
    assert info.value.code == code


def test_distances_are_the_bitwise_hamming_distances() -> None:
    """The column-wise popcount gives exactly the Hamming distance of the 256-bit hashes, for every logo
    within the review threshold and no other."""
    rng = random.Random(5)
    query = rng.getrandbits(256)
    logos = []
    for i in range(2000):  # half of them near the query, in and around the review threshold
        value = rng.getrandbits(256)
        if i % 2:
            value = query
            for bit in rng.sample(range(256), rng.randint(0, 80)):
                value ^= 1 << bit
        logos.append((f"id:{i}", f"{value:064x}"))
    bank = LogoBank.build(logos, review_threshold=63)
    found = {m.identity_id: m.distance for m in bank.match([("original", f"{query:064x}", 100)])}
    expected = {identity: (int(value, 16) ^ query).bit_count() for identity, value in logos}
    assert found == {identity: d for identity, d in expected.items() if d <= 63}
    assert 300 < len(found) < 1000
