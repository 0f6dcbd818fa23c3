"""Perceptual hashes of avatars (D2): PDQ (Meta's hash, as in HMA) for the original and the variants
impersonators use — mirrored, rotated, inverted, cropped, padded into a circle, placed small on a plain
background, tilted — and beside each PDQ hash a pHash (imagehash's DCT hash, 64 bits) as a second signal.

Finding the logo where it sits is a search over a few normalisations on both sides, not one hash:
- plain borders are trimmed (`trim_borders`), so a logo scaled into a corner or padded onto a plain square
  is hashed as the logo itself;
- the avatar is turned back by ±5°, ±10°, ±15° and its central 80 % hashed, which is the central 80 % the
  registry hashes of every logo (at 15° the inscribed square is 82 % of the side, so the filled corners
  never enter the hash);
- centre crops on both sides put an avatar cut from the logo within about 1 % of a crop the registry holds:
  the registry's at 90, 80, 75, 70, 65 and 60 %, the avatar's in 2 % steps from 98 to 90 % (and 80, 70, 60 %).
  The shapes are that sensitive to scale: a crop 2 % wider than the registry's 60 % crop correlates 0.91
  (median of held-back seals; 0.87 at the lowest tenth);
- the registry hashes the logo in a circle on white, the way platforms show avatars; the avatar is not
  circled in turn, because two images that share white corners correlate by those corners alone (it sent
  unrelated avatars to review and matched a text image).
Every image is scaled to HASH_SIDE before hashing, up or down, so a 48 px avatar and a 1,000 px logo are
hashed from the same amount of detail (PDQ filters its input by its size; without this a small copy lands
over 30 bits away from its own logo).

Both hashes read luma only, so everything after the plain-border test (which needs the colours) is done on
one float luma copy (PIL's mode "F": the weights PDQ uses, and no rounding between the steps), and the
25-odd variants are hashed together (`_hash_all`): two matrix products give every variant's PDQ
coefficients, two more every pHash. That is a third of the time the per-image calls to pdqhash and
imagehash took, which tests hold these hashes to; hashes written by the earlier per-image code correlate
≥ 0.988 in shape with these (every image but near-flat ones), so registry records made with it still match.
The steps before are numpy's too where PIL's per-call cost was most of the work, each with PIL's numbers:
scaling to the hash size by Lanczos's own matrices (`_resampling`, within float rounding), the small turns
with PIL's bilinear arithmetic (`_turned`, bit for bit), flips and inversion on the 64 px array.

A hash is written "<PDQ, 64 hex digits>", "<PDQ>:<pHash, 16 hex digits>" or
"<PDQ>:<pHash>:<shape, 512 hex digits>": the registry's `logo_hashes` and the variants `hash_variants`
returns use the full form, so the pHash and the shape travel with the PDQ hash wherever it goes, and a hash
without them (an event's precomputed `avatar_pdq`, an older registry record) is still a valid PDQ hash.

The shape is the real-valued side of the PDQ hash: PDQ's 256 DCT coefficients, less their median, each
reduced to sign × square root (so a few strong coefficients do not drown the rest), scaled to ±127 and
written as 256 signed bytes. PDQ keeps only each coefficient's side of the median; an emblem drawn
symmetric about its centre — most official emblems are — has half its coefficients within a hair of the
median, so a crop one pixel wider flips 50–70 of its 256 bits (and 12–16 of the pHash's 64) while the
coefficients themselves barely move. The logo bank compares shapes by correlation (logo_bank.py), which a
one-pixel shift leaves near 0.99.
"""

from __future__ import annotations

import functools
import io
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageOps, UnidentifiedImageError


class AvatarError(ValueError):
    """An avatar that cannot be hashed; codes: not_image, too_many_pixels, unsupported_format."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


HASH_SIDE = 64  # PDQ works on a 64×64 downsample anyway; 64 px makes a hash ~0.05 ms instead of 3 ms
WORK_SIDE = 256  # trims, crops and turns happen at this size, before the final scaling to HASH_SIDE
TRIM_SIDE = 1024  # a plain border's edge is found again on the avatar up to this size (see trim_borders)
TILTS = (-15, -10, -5, 5, 10, 15)  # degrees; ±2.5° of any tilt up to 15° stays within the hash's tolerance
QUERY_CROPS = (0.98, 0.96, 0.94, 0.92, 0.9, 0.8, 0.7, 0.6)  # with LOGO_CROPS: any share 60–100 % within 1.1 %
LOGO_CROPS = (0.9, 0.8, 0.75, 0.7, 0.65, 0.6)
TILT_CROP = 0.8

ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP", "BMP"})
# The 8 symmetries of the square, applied to the real image (as a luma array: the same pixels PIL's
# transposes give): PDQ's DCT-domain dihedral shortcut lands a few bits further away (32 bits for a mirrored
# emblem in our tests — just over the threshold).
_DIHEDRAL: tuple[tuple[str, Callable[[np.ndarray], np.ndarray]], ...] = (
    ("original", lambda a: a), ("rot90", lambda a: np.rot90(a, 1)), ("rot180", lambda a: np.rot90(a, 2)),
    ("rot270", lambda a: np.rot90(a, 3)), ("mirror", lambda a: a[:, ::-1]), ("flip", lambda a: a[::-1]),
    ("transpose", lambda a: a.T), ("transverse", lambda a: np.rot90(a, 2).T))


def decode_image(data: bytes, *, max_pixels: int = 4_000_000) -> Image.Image:
    """Decode avatar bytes; refuses non-images, other formats and decompression bombs before decoding."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise AvatarError("unsupported_format", f"{image.format} images are not accepted")
            width, height = image.size
            if width * height > max_pixels:
                raise AvatarError("too_many_pixels", f"{width}×{height} exceeds {max_pixels} pixels")
            image.load()
    except AvatarError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise AvatarError("too_many_pixels", str(exc)) from None
    except UnidentifiedImageError:
        raise AvatarError("not_image", "not a readable image: no image format recognised in its bytes") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise AvatarError("not_image", f"not a readable image: {exc}") from None
    return image.convert("RGB")


SHAPE_DIGITS = 512  # 256 coefficients, one signed byte each


def _shape_hexes(coefficients: np.ndarray, medians: np.ndarray) -> list[str]:
    """Each row of PDQ's 256 float coefficients as a shape's 512 hex digits (see the module docstring), from
    the rows' medians (keepdims), which the PDQ bits are taken against too."""
    centred = coefficients - medians
    compressed = np.sign(centred) * np.sqrt(np.abs(centred))
    peaks = np.abs(compressed).max(axis=1, keepdims=True)
    scaled = np.round(compressed * (127 / np.where(peaks > 0, peaks, 1.0))).astype(np.int8)
    return [row.tobytes().hex() for row in scaled]


def shape_vectors(shape_hexes: Sequence[str]) -> np.ndarray:
    """Shapes' 512 hex digits as (N, 256) float32 vectors of length one (zeros for a flat image), parsed in one
    pass (a vector's squared length is a sum of integers below 2**24, so it is exact in float32 whatever the
    order of the sum)."""
    vectors = np.frombuffer(bytes.fromhex("".join(shape_hexes)), dtype=np.int8).reshape(
        -1, SHAPE_DIGITS // 2).astype(np.float32)
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    unit: np.ndarray = vectors / np.where(norms > 0, norms, 1)[:, None]
    return unit


def shape_vector(shape_hex: str) -> np.ndarray:
    """A shape's 512 hex digits as a float32 vector of length one (zeros for a flat image)."""
    vector: np.ndarray = shape_vectors([shape_hex])[0]
    return vector


def _scaled(image: Image.Image) -> Image.Image:
    """The image scaled, up or down, so its longer side is HASH_SIDE."""
    width, height = image.size
    factor = HASH_SIDE / max(width, height)
    if factor == 1:
        return image
    # reducing_gap 1: a box reduction by the whole part of the factor first, then Lanczos for the rest — a
    # third of the time of Lanczos from twice the size, and the same hashes within their noise
    return image.resize((max(1, round(width * factor)), max(1, round(height * factor))), Image.Resampling.LANCZOS,
                        reducing_gap=1.0)


# PDQ's DCT: rows 1–16 of the 64-point DCT-II (its first row, the mean, is left out), as in pdqhash.
_PDQ_DCT = np.array([[np.sqrt(2 / 64) * np.cos(np.pi / 128 * (i + 1) * (2 * j + 1)) for j in range(64)]
                     for i in range(16)], dtype=np.float32)
# imagehash.phash's DCT: the 8 lowest rows of scipy's unnormalised 32-point DCT-II.
_PHASH_DCT = np.array([[2 * np.cos(np.pi * k * (2 * n + 1) / 64) for n in range(32)] for k in range(8)])
PHASH_SIDE = 32


@functools.lru_cache(maxsize=256)
def _resampling(length: int, target: int, reducing_gap: float | None) -> np.ndarray:
    """PIL's Lanczos from `length` samples to `target` as a (target, length) float32 matrix: an image's resized
    copy is this matrix on both sides of it, the same numbers as `Image.resize` within float rounding (read
    off by resizing the identity; the box reduction `reducing_gap` asks for first is linear too)."""
    identity = Image.fromarray(np.eye(length, dtype=np.float32), "F")
    resized = identity.resize((target, length), Image.Resampling.LANCZOS, reducing_gap=reducing_gap)
    matrix = np.ascontiguousarray(np.asarray(resized, dtype=np.float32).T)
    matrix.flags.writeable = False  # shared by every caller through the cache
    return matrix


@functools.lru_cache(maxsize=64)
def _phash_reading(length: int) -> np.ndarray:
    """The pHash's 8 lowest DCT rows of its 32 px copy of `length` samples, as one (8, length) float64 matrix:
    the DCT times PIL's Lanczos to 32 px (`_resampling`, in float64 as the pHash reads it), so a copy's low
    frequencies are two products of a quarter of the size instead of four."""
    matrix = _PHASH_DCT @ _resampling(length, PHASH_SIDE, None).astype(np.float64)
    matrix.flags.writeable = False
    return matrix


# Up to this side an image is scaled to HASH_SIDE by `_resampling`'s two products, above it by PIL: 14–63 µs
# against PIL's 80–110 µs at 104–252 px, while at 512 px the products cost more than PIL's reduction.
MATRIX_SIDE = 256


def _small(image: Image.Image | np.ndarray) -> np.ndarray:
    """An image (or a float32 luma array) as float32 luma scaled, up or down, so its longer side is
    HASH_SIDE, as `_scaled` scales it."""
    if isinstance(image, Image.Image):
        luma = image if image.mode == "F" else image.convert("F")
        if max(image.size) > MATRIX_SIDE:
            return np.asarray(_scaled(luma), dtype=np.float32)
        image = np.asarray(luma, dtype=np.float32)
    height, width = image.shape
    factor = HASH_SIDE / max(width, height)
    if factor == 1:
        return image
    if max(width, height) > MATRIX_SIDE:
        return np.asarray(_scaled(Image.fromarray(image, "F")), dtype=np.float32)
    scaled: np.ndarray = (_resampling(height, max(1, round(height * factor)), 1.0) @ image
                          @ _resampling(width, max(1, round(width * factor)), 1.0).T)
    return scaled


def _pdq_luma(grey: np.ndarray) -> np.ndarray:
    """PDQ's 64×64 float32 luma of a luma array at most HASH_SIDE a side, with pdqhash's decimation, which
    on an image of at most 64 pixels a side only repeats rows or columns (its box filter is one pixel wide
    there)."""
    if grey.shape == (64, 64):
        return grey
    rows = ((np.arange(64) + 0.5) * grey.shape[0] / 64).astype(np.intp)
    columns = ((np.arange(64) + 0.5) * grey.shape[1] / 64).astype(np.intp)
    return grey[np.ix_(rows, columns)]


def _pdq_quality(lumas: np.ndarray) -> np.ndarray:
    """PDQ's quality (0–100) of each 64×64 luma: its significant gradients, pdqhash's heuristic."""
    hundred, full = np.float32(100), np.float32(255)
    down = np.abs(((lumas[:, :-1] - lumas[:, 1:]) * hundred / full).astype(np.int32)).sum(axis=(1, 2))
    across = np.abs(((lumas[:, :, :-1] - lumas[:, :, 1:]) * hundred / full).astype(np.int32)).sum(axis=(1, 2))
    quality: np.ndarray = np.minimum((down + across) // 90, 100)
    return quality


def _hex_rows(bits: np.ndarray) -> list[str]:
    """Each row of bits, first bit most significant, as hex digits."""
    return [row.tobytes().hex() for row in np.packbits(bits, axis=1)]


def _hash_all(images: list[Image.Image | np.ndarray]) -> list[tuple[str, int]]:
    """("<PDQ>:<pHash>:<shape>", PDQ quality) of each image, scaled to HASH_SIDE as float luma, all in one
    pass: the variants of one avatar are 25 images of 64 pixels, where a call to pdqhash and to imagehash
    per image cost more than their arithmetic. The PDQ coefficients are pdqhash's (within float rounding)
    and so is the quality; the pHash is imagehash.phash's, read off a float 32 px copy rather than a rounded
    one (tests hold both to those libraries)."""
    smalls = [_small(image) for image in images]
    lumas = np.stack([_pdq_luma(small) for small in smalls])
    # pdqhash returns its 16×16 coefficients last first; the hashes are written in that order
    coefficients = (_PDQ_DCT @ lumas @ _PDQ_DCT.T).reshape(len(images), 256)[:, ::-1].astype(np.float64)
    medians = np.median(coefficients, axis=1, keepdims=True)
    pdq_hexes = _hex_rows(coefficients > medians)
    # the pHash's DCT of its 32 px copy, the two products on each side taken as one (`_phash_reading`)
    if all(small.shape == (HASH_SIDE, HASH_SIDE) for small in smalls):  # the usual case: the lumas are the smalls
        reading = _phash_reading(HASH_SIDE)
        low = (reading @ lumas @ reading.T).reshape(len(images), 64)
    else:
        low = np.stack([_phash_reading(small.shape[0]) @ small @ _phash_reading(small.shape[1]).T
                        for small in smalls]).reshape(len(images), 64)
    phash_hexes = _hex_rows(low > np.median(low, axis=1, keepdims=True))
    qualities = _pdq_quality(lumas)
    return [(with_phash(pdq_hex, phash_hex, shape_hex), int(quality)) for pdq_hex, phash_hex, shape_hex, quality
            in zip(pdq_hexes, phash_hexes, _shape_hexes(coefficients, medians), qualities, strict=True)]


def pdq_hash(image: Image.Image) -> tuple[str, int]:
    """64-hex-digit PDQ hash and its quality (0–100; below 50 PDQ's authors call it unreliable), of the
    image scaled to HASH_SIDE."""
    combined, quality = _hash_all([image])[0]
    return split_hash(combined)[0], quality


def phash(image: Image.Image) -> str:
    """16-hex-digit pHash: the signs of the 8×8 lowest frequencies of the DCT of a 32×32 greyscale copy
    against their median (imagehash.phash's), of the image scaled to HASH_SIDE."""
    combined, _ = _hash_all([image])[0]
    return split_hash(combined)[1] or ""


def with_phash(pdq_hex: str, phash_hex: str, shape_hex: str | None = None) -> str:
    """The combined form "<PDQ>:<pHash>[:<shape>]"."""
    return f"{pdq_hex}:{phash_hex}:{shape_hex}" if shape_hex else f"{pdq_hex}:{phash_hex}"


def split_hash(value: str) -> tuple[str, str | None, str | None]:
    """"<PDQ>[:<pHash>[:<shape>]]" → (PDQ, pHash or None, shape or None)."""
    pdq_hex, _, rest = value.partition(":")
    phash_hex, _, shape_hex = rest.partition(":")
    return pdq_hex, phash_hex or None, shape_hex or None


def display_hash(value: str) -> str:
    """"<PDQ>[:<pHash>]" of a hash, without its shape: what evidence shows a reviewer."""
    pdq_hex, phash_hex, _ = split_hash(value)
    return with_phash(pdq_hex, phash_hex) if phash_hex else pdq_hex


def _circle(image: Image.Image) -> Image.Image:
    """The avatar as platforms show it: a circle on white (as float luma)."""
    side = min(image.size)
    square = ImageOps.fit(image.convert("F"), (side, side))
    mask = Image.new("L", (side, side), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, side - 1, side - 1), fill=255)
    out = Image.new("F", (side, side), 255)
    out.paste(square, (0, 0), mask)
    return out


def _margins(width: int, height: int, share: float) -> tuple[int, int]:
    """What a centre crop keeping `share` of each side cuts from the left and from the top (as much again
    from the right and the bottom)."""
    return int(width * (1 - share) / 2), int(height * (1 - share) / 2)


def _crop(image: Image.Image, share: float) -> Image.Image:
    width, height = image.size
    dx, dy = _margins(width, height, share)
    return image.crop((dx, dy, width - dx, height - dy))


def _crop_array(luma: np.ndarray, share: float) -> np.ndarray:
    """`_crop` of a luma array, as a view."""
    height, width = luma.shape
    dx, dy = _margins(width, height, share)
    return luma[dy:height - dy, dx:width - dx]


@functools.lru_cache(maxsize=64)
def _turning(width: int, height: int, angle: float, share: float) -> tuple[Any, ...]:
    """Where each pixel of `_turned`'s output reads its four neighbours in the flattened input, with the
    two weights and the pixels that fall outside (None when none does): `Image.rotate`'s affine matrix
    (to the same 15 decimals), its output moved to the crop's corner, and PIL's bilinear filter — the
    half-pixel centres, the edges clamped."""
    dx, dy = _margins(width, height, share)
    radians = -math.radians(angle)
    cos, sin = round(math.cos(radians), 15), round(math.sin(radians), 15)
    centre_x, centre_y = width / 2, height / 2
    shift_x = cos * -centre_x + sin * -centre_y + centre_x + cos * dx + sin * dy
    shift_y = -sin * -centre_x + cos * -centre_y + centre_y - sin * dx + cos * dy
    xs, ys = np.arange(width - 2 * dx) + 0.5, (np.arange(height - 2 * dy) + 0.5)[:, None]
    x_in, y_in = cos * xs + sin * ys + shift_x, -sin * xs + cos * ys + shift_y
    inside = (x_in >= 0) & (x_in < width) & (y_in >= 0) & (y_in < height)
    x_in, y_in = x_in - 0.5, y_in - 0.5
    x, y = np.floor(x_in), np.floor(y_in)
    weight_x, weight_y = x_in - x, y_in - y
    x, y = x.astype(np.intp), y.astype(np.intp)
    x0, x1 = np.clip(x, 0, width - 1), np.clip(x + 1, 0, width - 1)
    y0 = np.clip(y, 0, height - 1)
    y1 = np.where((y + 1 >= 0) & (y + 1 < height), y + 1, y0)
    taps = (y0 * width + x0, y0 * width + x1, y1 * width + x0, y1 * width + x1, weight_x, weight_y)
    for tap in taps:
        tap.flags.writeable = False  # shared by every caller through the cache
    return (*taps, None) if inside.all() else (*taps, inside)


def _turned(luma: np.ndarray, angle: float, share: float) -> np.ndarray:
    """`_crop(image.rotate(angle, resample=BILINEAR), share)` of a float32 luma array, the same numbers as PIL
    gives (its float32 differences, then double weights), with only the crop's pixels computed, in two
    thirds of the time of PIL's own call."""
    height, width = luma.shape
    top_left, top_right, bottom_left, bottom_right, weight_x, weight_y, inside = _turning(width, height, angle,
                                                                                           share)
    flat = luma.ravel()
    top, bottom = flat[top_left], flat[bottom_left]
    upper = (flat[top_right] - top) * weight_x
    upper += top
    lower = (flat[bottom_right] - bottom) * weight_x
    lower += bottom
    lower -= upper
    lower *= weight_y
    lower += upper
    if inside is not None:
        lower[~inside] = 0  # PIL's fill
    turned: np.ndarray = lower.astype(np.float32)
    return turned


def _bounded(image: Image.Image, side: int, mode: str = "RGB", reducing_gap: float = 2.0) -> Image.Image:
    """The image in `mode`, scaled down so its longer side is at most `side`."""
    converted = image.convert(mode)  # a new image, also when `image` is in `mode` already: safe to shrink in place
    if max(converted.size) > side:
        converted.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=reducing_gap)
    return converted


def _work_copy(image: Image.Image) -> Image.Image:
    return _bounded(image, WORK_SIDE, reducing_gap=1.0)


# A border colour is "plain" when this share of the outermost ring of pixels is within BORDER_TOLERANCE of
# it: a logo in a corner touches two sides at most, so half the ring or more is background.
BORDER_SHARE = 0.3
BORDER_TOLERANCE = 40  # of 255 per channel: JPEG ringing and soft shadows stay background
CONTENT_SHARE = 0.01  # a row or column is content when more than 1 % of it differs from the background


def _plain_border(pixels: np.ndarray) -> np.ndarray | None:
    """The colour of the image's plain border (int16 RGB), or None when its outer ring is not mostly one
    colour."""
    ring = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])[:, :3].astype(np.int16)
    coarse = ring // 16
    keys = coarse[:, 0] * 256 + coarse[:, 1] * 16 + coarse[:, 2]
    commonest = np.bincount(keys, minlength=4096).argmax()  # the lowest key of the most counted, as np.unique's
    background: np.ndarray = np.median(ring[keys == commonest], axis=0)
    if (np.abs(ring - background).max(axis=1) <= BORDER_TOLERANCE).mean() < BORDER_SHARE:
        return None
    return background


def _rgbx(image: Image.Image) -> np.ndarray:
    """An image's RGB pixels as (height, width, 4) uint8, the fourth byte unused: PIL keeps a pixel in four
    bytes, so this copy skips packing them into three (half the time of `np.asarray`), and a pixel is then one
    32-bit word (`_differs`)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return np.frombuffer(rgb.tobytes("raw", "RGBX"), dtype=np.uint8).reshape(rgb.height, rgb.width, 4)


def _differs(pixels: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Which pixels (RGB, or RGB and a fourth byte as `_rgbx` gives) differ from `background` by more than
    BORDER_TOLERANCE in some channel. The background is a median, a whole or half level, so the test is one
    of whole levels: a channel differs when it is above the highest level within the tolerance or below the
    lowest. Each channel less its lowest level, in bytes that wrap, is then above the span between the two
    exactly when it differs — one subtraction and one comparison over the row's bytes, and a pixel differs
    when its word is not zero: a tenth of the time of the float arithmetic, with its answer."""
    height, width, channels = pixels.shape
    if channels != 4:
        pixels = np.concatenate([pixels, np.zeros((height, width, 4 - channels), dtype=np.uint8)], axis=2)
    lowest = np.zeros(4, dtype=np.uint8)
    span = np.full(4, 255, dtype=np.uint8)  # the fourth byte never differs
    for channel, level in enumerate(np.asarray(background, dtype=np.float64)[:3]):
        low, high = max(0, math.ceil(level - BORDER_TOLERANCE)), min(255, math.floor(level + BORDER_TOLERANCE))
        lowest[channel], span[channel] = low, high - low
    shifted = pixels.reshape(height, width * 4) - np.tile(lowest, width)
    differs: np.ndarray = (shifted > np.tile(span, width)).view(np.uint32) != 0
    return differs


def _content_box(pixels: np.ndarray, background: np.ndarray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of what differs from `background`, or None when nothing does."""
    content = _differs(pixels, background)
    rows = np.nonzero(content.sum(axis=1, dtype=np.int32) > CONTENT_SHARE * pixels.shape[1])[0]
    columns = np.nonzero(content.sum(axis=0, dtype=np.int32) > CONTENT_SHARE * pixels.shape[0])[0]
    if not len(rows) or not len(columns):
        return None
    return int(columns[0]), int(rows[0]), int(columns[-1]) + 1, int(rows[-1]) + 1


def trim_borders(image: Image.Image, original: Image.Image | None = None) -> Image.Image | None:
    """The image without its plain border, or None when it has none worth trimming (the content fills
    over 90 % of the area, or the border is not one plain colour).

    With `original` (the image `image` was scaled down from), the border is found on `image` and the edge
    of the content again on `original` (scaled to at most TRIM_SIDE), whose crop is returned: scaling down
    blends the border into the content's outer pixels, and a crop that keeps that one-pixel fringe lands
    50–80 PDQ bits away from the logo it holds (a logo pasted into a corner of a 400 px avatar: 2 bits when
    trimmed at 400 px, 82 when trimmed at 256)."""
    pixels = _rgbx(image)
    background = _plain_border(pixels)
    if background is None:
        return None
    box = _content_box(pixels, background)
    if box is None:
        return None
    left, top, right, bottom = box
    width, height = right - left, bottom - top
    if width * height > 0.9 * pixels.shape[0] * pixels.shape[1] or min(width, height) < 16:
        return None
    if original is None or original.size == image.size:
        return image.crop(box)
    original = _bounded(original, TRIM_SIDE)  # an upload of thousands of pixels adds nothing but time
    # the same box on the original, a few of its pixels wider, and the content's edge found there
    scale_x, scale_y = original.width / image.width, original.height / image.height
    margin = 2 + int(max(scale_x, scale_y))
    window = (max(0, int(left * scale_x) - margin), max(0, int(top * scale_y) - margin),
              min(original.width, int(right * scale_x) + margin), min(original.height, int(bottom * scale_y) + margin))
    region = original.crop(window)
    refined = _content_box_near_edges(_rgbx(region), background, 4 * margin)
    return region.crop(refined) if refined is not None else image.crop(box)


def _content_box_near_edges(pixels: np.ndarray, background: np.ndarray, reach: int) -> tuple[int, int, int, int] | None:
    """`_content_box` of a window whose content's edges lie within `reach` pixels of its sides (a box found
    on a smaller copy, widened by a margin): only the bands along the four sides are read, which is all but
    the whole window, so an upload of a thousand pixels costs a few strips instead of a million pixels. The
    answer is `_content_box`'s — a band that holds no content row or column falls back to the whole window."""
    height, width = pixels.shape[:2]
    if 2 * reach >= min(height, width):
        return _content_box(pixels, background)

    def rows(band: np.ndarray) -> np.ndarray:
        return np.nonzero(np.count_nonzero(_differs(band, background), axis=1) > CONTENT_SHARE * width)[0]

    def columns(band: np.ndarray) -> np.ndarray:
        return np.nonzero(np.count_nonzero(_differs(band, background), axis=0) > CONTENT_SHARE * height)[0]

    rows_top, rows_bottom = rows(pixels[:reach]), rows(pixels[height - reach:])
    columns_left, columns_right = columns(pixels[:, :reach]), columns(pixels[:, width - reach:])
    if not (len(rows_top) and len(rows_bottom) and len(columns_left) and len(columns_right)):
        return _content_box(pixels, background)
    return (int(columns_left[0]), int(rows_top[0]), width - reach + int(columns_right[-1]) + 1,
            height - reach + int(rows_bottom[-1]) + 1)


def hash_variants(image: Image.Image) -> list[tuple[str, str, int]]:
    """(variant, "<PDQ>:<pHash>:<shape>", PDQ quality) for the 8 dihedral transforms, the colour inversion,
    centre crops, the avatar turned back by each of TILTS (central 80 %), and, when it
    has a plain border, the avatar without it (and its central 80 %): so a logo that was flipped,
    inverted, cropped, tilted or placed on a plain background still meets the bank."""
    rgb = _work_copy(image)
    grey = rgb.convert("F")  # PDQ and the pHash read luma only: scaled, cropped and turned as float luma
    # flips, quarter turns and inversion commute with scaling: done at hash size
    small = np.asarray(_scaled(grey), dtype=np.float32)
    # turned at twice the hash size: a quarter of the pixels to turn
    half = np.asarray(_bounded(grey, 2 * HASH_SIDE, "F", reducing_gap=1.0), dtype=np.float32)
    luma = np.asarray(grey, dtype=np.float32)
    derived: list[tuple[str, Image.Image | np.ndarray]] = [
        *((name, turn(small)) for name, turn in _DIHEDRAL),
        ("inverted", 255 - small),
        *((f"crop{round(share * 100)}", _crop_array(luma, share)) for share in QUERY_CROPS),
        *((f"tilt{angle:+d}", _turned(half, angle, TILT_CROP)) for angle in TILTS),
    ]
    trimmed = trim_borders(rgb, image)
    if trimmed is not None:
        derived += [("trimmed", trimmed), ("trimmed_crop80", _crop(trimmed, 0.8))]
    hashes = _hash_all([d for _, d in derived])
    return [(name, combined, quality) for (name, _), (combined, quality) in zip(derived, hashes, strict=True)]


def logo_hashes(image: Image.Image) -> list[str]:
    """The hashes a registry publisher puts in `logo_hashes` for one emblem ("<PDQ>:<pHash>:<shape>"): the
    emblem, its centre crops and circle crop, and, when it has a plain border, the emblem without it (and
    its central 80 %), so an avatar cut from the emblem, or the emblem placed on another background, is
    as close as the emblem itself."""
    rgb = _work_copy(image)
    grey = rgb.convert("F")
    luma = np.asarray(grey, dtype=np.float32)
    derived: list[Image.Image | np.ndarray] = [luma, *(_crop_array(luma, share) for share in LOGO_CROPS),
                                               _circle(grey)]
    trimmed = trim_borders(rgb)
    if trimmed is not None:
        derived += [trimmed, _crop(trimmed, 0.8)]
    return list(dict.fromkeys(combined for combined, _ in _hash_all(derived)))
