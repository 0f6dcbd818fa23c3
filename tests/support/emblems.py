"""Synthetic emblems for D2 (no real emblem is shipped with the tests): the avatar unit tests and the
avatars golden recording draw the same ones from the same seeds."""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw


def emblem(seed: int) -> Image.Image:
    """A deterministic synthetic emblem: coloured discs, a star and bars."""
    rng = random.Random(seed)
    image = Image.new("RGB", (256, 256), tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    for _ in range(4):
        x, y, r = rng.randrange(40, 216), rng.randrange(40, 216), rng.randrange(20, 60)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    draw.polygon([(rng.randrange(256), rng.randrange(256)) for _ in range(5)], fill=(250, 220, 0))
    for _ in range(3):
        y = rng.randrange(256)
        draw.rectangle((rng.randrange(128), y, rng.randrange(128, 256), y + 12), fill=(0, 0, 0))
    return image


def seal(seed: int) -> Image.Image:
    """A deterministic synthetic seal drawn symmetric about its centre, as most official emblems are:
    rings, a centred star and a band. Its binary hashes are the unstable ones (see hashing.py)."""
    rng = random.Random(f"seal:{seed}")
    image = Image.new("RGB", (256, 256), rng.choice([(255, 255, 255), (250, 245, 230)]))
    draw = ImageDraw.Draw(image)
    colour = tuple(rng.randrange(40, 220) for _ in range(3))
    radius = rng.randrange(100, 124)
    draw.ellipse((128 - radius, 128 - radius, 128 + radius, 128 + radius), fill=colour)
    for k in range(rng.randint(1, 3)):
        r = radius - 10 - 16 * k
        draw.ellipse((128 - r, 128 - r, 128 + r, 128 + r), outline=(255, 215, 0), width=rng.randint(2, 5))
    points = rng.randint(5, 8)
    outer, inner = rng.randrange(36, 56), rng.randrange(14, 24)
    star = [(128 + (outer if k % 2 == 0 else inner) * math.sin(k * math.pi / points),
             128 - (outer if k % 2 == 0 else inner) * math.cos(k * math.pi / points)) for k in range(2 * points)]
    draw.polygon(star, fill=(255, 215, 0))
    band = rng.randrange(8, 20)
    draw.rectangle((128 - radius // 2, 170, 128 + radius // 2, 170 + band), fill=(255, 255, 255))
    return image
