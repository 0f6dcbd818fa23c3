"""Perceptual hashes of avatars (D2): PDQ (Meta's hash, as in HMA) for the original and the variants
impersonators use — mirrored, rotated, inverted, cropped, padded into a circle — and beside each PDQ
hash a pHash (imagehash's DCT hash, 64 bits) as a second signal.

A hash is written "<PDQ, 64 hex digits>" or "<PDQ>:<pHash, 16 hex digits>": the registry's
`logo_hashes` and the variants `hash_variants` returns use this form, so the pHash travels with the
PDQ hash wherever it goes, and a hash without one (an event's precomputed `avatar_pdq`, an older
registry record) is still a valid PDQ hash.
"""

from __future__ import annotations

import io
import warnings

import imagehash
import numpy as np
import pdqhash
from PIL import Image, ImageDraw, ImageOps


class AvatarError(ValueError):
    """An avatar that cannot be hashed; codes: not_image, too_many_pixels, unsupported_format."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


HASH_SIDE = 256
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
    except (OSError, SyntaxError, ValueError) as exc:
        raise AvatarError("not_image", f"not a readable image: {exc}") from None
    return image.convert("RGB")


def _hex(bits: np.ndarray) -> str:
    return f"{int(''.join('1' if b else '0' for b in bits), 2):064x}"


def pdq_hash(image: Image.Image) -> tuple[str, int]:
    """64-hex-digit PDQ hash and its quality (0–100; below 50 PDQ's authors call it unreliable)."""
    bits, quality = pdqhash.compute(np.asarray(image.convert("RGB")))
    return _hex(bits), int(quality)


def phash(image: Image.Image) -> str:
    """16-hex-digit pHash: the signs of the 8×8 lowest frequencies of the DCT of a 32×32 greyscale copy
    against their median (imagehash.phash)."""
    return str(imagehash.phash(image.convert("RGB")))


def with_phash(pdq_hex: str, phash_hex: str) -> str:
    """The combined form "<PDQ>:<pHash>"."""
    return f"{pdq_hex}:{phash_hex}"


def split_hash(value: str) -> tuple[str, str | None]:
    """"<PDQ>[:<pHash>]" → (PDQ, pHash or None)."""
    pdq_hex, _, phash_hex = value.partition(":")
    return pdq_hex, phash_hex or None


def _circle(image: Image.Image) -> Image.Image:
    """The avatar as platforms show it: a circle on white."""
    side = min(image.size)
    square = ImageOps.fit(image, (side, side))
    mask = Image.new("L", (side, side), 0)
    ImageDraw.Draw(mask).ellipse((0, 0, side - 1, side - 1), fill=255)
    out = Image.new("RGB", (side, side), "white")
    out.paste(square, (0, 0), mask)
    return out


def _crop(image: Image.Image, share: float) -> Image.Image:
    width, height = image.size
    dx, dy = int(width * (1 - share) / 2), int(height * (1 - share) / 2)
    return image.crop((dx, dy, width - dx, height - dy))


def hash_variants(image: Image.Image) -> list[tuple[str, str, int]]:
    """(variant, "<PDQ>:<pHash>", PDQ quality) for the 8 dihedral transforms, the colour inversion,
    centre crops and the circle crop, so a logo that was flipped, inverted or cropped still meets the
    bank."""
    rgb = image.convert("RGB")
    if max(rgb.size) > HASH_SIDE:  # PDQ works on a 64×64 downsample; hashing 256 px loses nothing
        rgb.thumbnail((HASH_SIDE, HASH_SIDE))
    variants = []
    for name, derived in (
        *((name, rgb.transpose(t) if t is not None else rgb) for name, t in _DIHEDRAL),
        ("inverted", ImageOps.invert(rgb)),
        ("crop80", _crop(rgb, 0.8)),
        ("crop60", _crop(rgb, 0.6)),
        ("circle", _circle(rgb)),
    ):
        hex_hash, quality = pdq_hash(derived)
        variants.append((name, with_phash(hex_hash, phash(derived)), quality))
    return variants


def logo_hashes(image: Image.Image) -> list[str]:
    """The hashes a registry publisher puts in `logo_hashes` for one emblem ("<PDQ>:<pHash>"): the
    emblem and its centre crops and circle crop, so an avatar cut from the emblem (a crop) is as close
    as the emblem itself."""
    rgb = image.convert("RGB")
    derived = (rgb, _crop(rgb, 0.8), _crop(rgb, 0.6), _circle(rgb))
    return list(dict.fromkeys(with_phash(pdq_hash(d)[0], phash(d)) for d in derived))
