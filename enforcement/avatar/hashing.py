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
import warnings

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
_T = Image.Transpose
# The 8 symmetries of the square, applied to the real image: PDQ's DCT-domain dihedral shortcut
# lands a few bits further away (32 bits for a mirrored emblem in our tests — just over the threshold).
_DIHEDRAL = (("original", None), ("rot90", _T.ROTATE_90), ("rot180", _T.ROTATE_180), ("rot270", _T.ROTATE_270),
             ("mirror", _T.FLIP_LEFT_RIGHT), ("flip", _T.FLIP_TOP_BOTTOM), ("transpose", _T.TRANSPOSE),
             ("transverse", _T.TRANSVERSE))


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


def _shape_hexes(coefficients: np.ndarray) -> list[str]:
    """Each row of PDQ's 256 float coefficients as a shape's 512 hex digits (see the module docstring)."""
    centred = coefficients - np.median(coefficients, axis=1, keepdims=True)
    compressed = np.sign(centred) * np.sqrt(np.abs(centred))
    peaks = np.abs(compressed).max(axis=1, keepdims=True)
    scaled = np.round(compressed * (127 / np.where(peaks > 0, peaks, 1.0))).astype(np.int8)
    return [row.tobytes().hex() for row in scaled]


def shape_vector(shape_hex: str) -> np.ndarray:
    """A shape's 512 hex digits as a float32 vector of length one (zeros for a flat image)."""
    vector = np.frombuffer(bytes.fromhex(shape_hex), dtype=np.int8).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


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


@functools.lru_cache(maxsize=64)
def _phash_resampling(length: int) -> np.ndarray:
    """PIL's Lanczos from `length` samples to PHASH_SIDE as a matrix: the pHash's 32 px copy of a float image
    is this matrix on both sides of it, the same numbers as `Image.resize` (read off by resizing the
    identity), at a fraction of a call's cost."""
    identity = Image.fromarray(np.eye(length, dtype=np.float32), "F")
    return np.asarray(identity.resize((PHASH_SIDE, length), Image.Resampling.LANCZOS), dtype=np.float64).T


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


def _hash_all(images: list[Image.Image]) -> list[tuple[str, int]]:
    """("<PDQ>:<pHash>:<shape>", PDQ quality) of each image, scaled to HASH_SIDE as float luma, all in one
    pass: the variants of one avatar are 25 images of 64 pixels, where a call to pdqhash and to imagehash
    per image cost more than their arithmetic. The PDQ coefficients are pdqhash's (within float rounding)
    and so is the quality; the pHash is imagehash.phash's, read off a float 32 px copy rather than a rounded
    one (tests hold both to those libraries)."""
    smalls = [np.asarray(_scaled(image.convert("F")), dtype=np.float32) for image in images]
    lumas = np.stack([_pdq_luma(small) for small in smalls])
    # pdqhash returns its 16×16 coefficients last first; the hashes are written in that order
    coefficients = (_PDQ_DCT @ lumas @ _PDQ_DCT.T).reshape(len(images), 256)[:, ::-1].astype(np.float64)
    pdq_hexes = _hex_rows(coefficients > np.median(coefficients, axis=1, keepdims=True))
    greys = np.stack([_phash_resampling(small.shape[0]) @ small @ _phash_resampling(small.shape[1]).T
                      for small in smalls])
    low = (_PHASH_DCT @ greys @ _PHASH_DCT.T).reshape(len(images), 64)
    phash_hexes = _hex_rows(low > np.median(low, axis=1, keepdims=True))
    qualities = _pdq_quality(lumas)
    return [(with_phash(pdq_hex, phash_hex, shape_hex), int(quality)) for pdq_hex, phash_hex, shape_hex, quality
            in zip(pdq_hexes, phash_hexes, _shape_hexes(coefficients), qualities, strict=True)]


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


def _crop(image: Image.Image, share: float) -> Image.Image:
    width, height = image.size
    dx, dy = int(width * (1 - share) / 2), int(height * (1 - share) / 2)
    return image.crop((dx, dy, width - dx, height - dy))


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
    ring = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]]).astype(np.int16)
    coarse = ring // 16
    keys = coarse[:, 0] * 256 + coarse[:, 1] * 16 + coarse[:, 2]
    values, counts = np.unique(keys, return_counts=True)
    background: np.ndarray = np.median(ring[keys == values[counts.argmax()]], axis=0)
    if (np.abs(ring - background).max(axis=1) <= BORDER_TOLERANCE).mean() < BORDER_SHARE:
        return None
    return background


def _differs(pixels: np.ndarray, background: np.ndarray) -> np.ndarray:
    """Which pixels differ from `background` by more than BORDER_TOLERANCE in some channel. The background is
    a median, a whole or half level: the test runs on doubled integers, channel by channel, which gives the
    answer of the float arithmetic at a tenth of its time."""
    doubled = pixels.astype(np.int16) * 2
    levels = np.rint(np.asarray(background) * 2).astype(np.int16)
    limit = 2 * BORDER_TOLERANCE
    differs: np.ndarray = ((np.abs(doubled[..., 0] - levels[0]) > limit) | (np.abs(doubled[..., 1] - levels[1]) > limit)
                           | (np.abs(doubled[..., 2] - levels[2]) > limit))
    return differs


def _content_box(pixels: np.ndarray, background: np.ndarray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of what differs from `background`, or None when nothing does."""
    content = _differs(pixels, background)
    rows = np.nonzero(np.count_nonzero(content, axis=1) > CONTENT_SHARE * pixels.shape[1])[0]
    columns = np.nonzero(np.count_nonzero(content, axis=0) > CONTENT_SHARE * pixels.shape[0])[0]
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
    pixels = np.asarray(image.convert("RGB"))
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
    refined = _content_box_near_edges(np.asarray(region), background, 4 * margin)
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
    small = _scaled(grey)  # flips, quarter turns and inversion commute with scaling: done at hash size
    # turned at twice the hash size: a quarter of the pixels to turn
    half = _bounded(grey, 2 * HASH_SIDE, "F", reducing_gap=1.0)
    derived: list[tuple[str, Image.Image]] = [
        *((name, small.transpose(t) if t is not None else small) for name, t in _DIHEDRAL),
        ("inverted", small.point(lambda level: 255 - level)),
        *((f"crop{round(share * 100)}", _crop(grey, share)) for share in QUERY_CROPS),
        *((f"tilt{angle:+d}", _crop(half.rotate(angle, resample=Image.Resampling.BILINEAR), TILT_CROP))
          for angle in TILTS),
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
    derived = [grey, *(_crop(grey, share) for share in LOGO_CROPS), _circle(grey)]
    trimmed = trim_borders(rgb)
    if trimmed is not None:
        derived += [trimmed, _crop(trimmed, 0.8)]
    return list(dict.fromkeys(combined for combined, _ in _hash_all(derived)))
