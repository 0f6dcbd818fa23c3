"""Perceptual hashes of avatars (D2): PDQ (Meta's hash, as in HMA) for the original and the variants
impersonators use — mirrored, rotated, inverted, cropped, padded into a circle."""

from __future__ import annotations

import io
import warnings

import numpy as np
import pdqhash
from PIL import Image, ImageDraw, ImageOps


class AvatarError(ValueError):
    """An avatar that cannot be hashed; codes: not_image, too_many_pixels, unsupported_format."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP", "BMP"})
DIHEDRAL = ("original", "rot90", "rot180", "rot270", "mirror", "mirror_rot90", "mirror_rot180", "mirror_rot270")


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
    """(variant, pdq hex, quality) for the 8 dihedral transforms, the colour inversion, centre crops and
    the circle crop, so a logo that was flipped, inverted or cropped still meets the bank."""
    rgb = image.convert("RGB")
    bits, qualities = pdqhash.compute_dihedral(np.asarray(rgb))
    variants = [(name, _hex(b), int(qualities)) for name, b in zip(DIHEDRAL, bits, strict=True)]
    for name, derived in (
        ("inverted", ImageOps.invert(rgb)),
        ("crop80", _crop(rgb, 0.8)),
        ("crop60", _crop(rgb, 0.6)),
        ("circle", _circle(rgb)),
    ):
        hex_hash, quality = pdq_hash(derived)
        variants.append((name, hex_hash, quality))
    return variants
