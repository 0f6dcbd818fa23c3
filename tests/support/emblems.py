"""Synthetic emblems for D2 (no real emblem is shipped with the tests): the avatar unit tests and the
avatars golden recording draw the same ones from the same seeds."""

from __future__ import annotations

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
