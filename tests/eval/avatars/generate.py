"""The D2 avatar evaluation set, generated deterministically (fixed seeds) so no image is checked in.

Kept apart from the detector and from tests/support/emblems.py on purpose: its emblems are drawn by other
code (round seals, shields and badges with rings, multi-point stars, gear teeth, wheat arcs and lettering,
not the discs-and-bars emblems the detector was developed against), its placements and edits are its own
functions, and its unrelated images cover what real avatars look like — photos of scenes, faces, text,
textures and gradients — so that a result here says how the matcher does on logos nobody tuned for.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Iterator

from PIL import Image, ImageDraw, ImageFilter, ImageFont, ImageOps

SIDE = 256
Colour = tuple[int, int, int]


def _colour(rng: random.Random) -> Colour:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def _star(cx: float, cy: float, outer: float, inner: float, points: int, turn: float) -> list[tuple[float, float]]:
    return [(cx + (outer if k % 2 == 0 else inner) * math.cos(turn + k * math.pi / points),
             cy + (outer if k % 2 == 0 else inner) * math.sin(turn + k * math.pi / points)) for k in range(2 * points)]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def held_back_emblem(seed: int) -> Image.Image:
    """An official-looking emblem: a seal, shield or badge on a square background."""
    rng = random.Random(f"held-back-emblem:{seed}")
    background = rng.choice([(255, 255, 255), (255, 255, 255), _colour(rng)])
    image = Image.new("RGB", (SIDE, SIDE), background)
    draw = ImageDraw.Draw(image)
    c = SIDE / 2
    main, accent, dark = _colour(rng), rng.choice([(255, 215, 0), (250, 250, 250), _colour(rng)]), _colour(rng)
    style = rng.choice(["seal", "shield", "badge"])
    if style == "seal":
        r = rng.uniform(100, 124)
        draw.ellipse((c - r, c - r, c + r, c + r), fill=main)
        for k in range(rng.randint(1, 3)):
            rr = r - 8 - 14 * k
            draw.ellipse((c - rr, c - rr, c + rr, c + rr), outline=accent, width=rng.randint(2, 6))
        if rng.random() < 0.5:  # gear teeth around the rim
            teeth = rng.randint(12, 28)
            for k in range(teeth):
                a = 2 * math.pi * k / teeth
                x, y = c + (r + 2) * math.cos(a), c + (r + 2) * math.sin(a)
                draw.ellipse((x - 6, y - 6, x + 6, y + 6), fill=main)
    elif style == "shield":
        top, bottom, half = rng.uniform(20, 40), rng.uniform(220, 245), rng.uniform(80, 110)
        draw.polygon([(c - half, top), (c + half, top), (c + half, c + 10), (c, bottom), (c - half, c + 10)], fill=main,
                     outline=accent)
        for k in range(rng.randint(0, 4)):  # stripes
            y = top + 20 + k * 25
            draw.rectangle((c - half + 10, y, c + half - 10, y + 8), fill=dark)
    else:
        n = rng.randint(5, 8)
        r = rng.uniform(95, 120)
        draw.polygon(_star(c, c, r, r * rng.uniform(0.75, 0.9), n * 2, rng.uniform(0, math.pi)), fill=main)
        draw.ellipse((c - r * 0.6, c - r * 0.6, c + r * 0.6, c + r * 0.6), fill=dark)
    # the centre piece: a big star with satellites, a gate-like building, or a torch
    piece = rng.choice(["stars", "gate", "torch"])
    if piece == "stars":
        big = rng.uniform(30, 50)
        draw.polygon(_star(c, c - 5, big, big * 0.4, 5, -math.pi / 2), fill=accent)
        for k in range(rng.randint(0, 4)):
            a = -math.pi / 2 + (k - 1.5) * 0.5
            x, y = c + 65 * math.cos(a), c - 5 + 65 * math.sin(a)
            draw.polygon(_star(x, y, 12, 5, 5, a), fill=accent)
    elif piece == "gate":
        w, h = rng.uniform(50, 80), rng.uniform(30, 50)
        draw.rectangle((c - w, c - h / 2, c + w, c + h / 2), fill=accent)
        draw.polygon([(c - w - 10, c - h / 2), (c + w + 10, c - h / 2), (c, c - h / 2 - 30)], fill=accent)
        for k in range(5):
            x = c - w + 10 + k * (2 * w - 20) / 4
            draw.rectangle((x - 4, c - h / 2 + 5, x + 4, c + h / 2), fill=dark)
    else:
        draw.polygon([(c - 15, c + 50), (c + 15, c + 50), (c + 25, c - 10), (c - 25, c - 10)], fill=accent)
        draw.ellipse((c - 22, c - 60, c + 22, c - 5), fill=(230, 60, 20))
    # wheat-like arcs on both sides
    if rng.random() < 0.6:
        for side in (-1, 1):
            for k in range(6):
                a = math.pi / 2 + side * (0.4 + k * 0.28)
                x, y = c + 80 * math.cos(a), c + 80 * math.sin(a) - 10
                draw.ellipse((x - 7, y - 12, x + 7, y + 12), fill=accent)
    if rng.random() < 0.5:  # lettering
        text = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.randint(3, 7)))
        draw.text((c, c + 72), text, fill=accent, font=_font(22), anchor="mm")
    return image


# ---------------------------------------------------------------- the edits impersonators make

def _encoded(image: Image.Image, fmt: str, **options: object) -> Image.Image:
    sink = io.BytesIO()
    image.save(sink, fmt, **options)
    return Image.open(io.BytesIO(sink.getvalue())).convert("RGB")


def _plain(rng: random.Random) -> Colour:
    return rng.choice([(255, 255, 255), (0, 0, 0), (240, 240, 240), _colour(rng)])


def corner(image: Image.Image, rng: random.Random) -> Image.Image:
    """The logo scaled to 35–60 % and put in a corner of a plain square."""
    side = 400
    share = rng.uniform(0.35, 0.6)
    small = image.resize((int(side * share),) * 2, Image.Resampling.LANCZOS)
    out = Image.new("RGB", (side, side), _plain(rng))
    margin = rng.randint(0, 12)
    x = margin if rng.random() < 0.5 else side - small.width - margin
    y = margin if rng.random() < 0.5 else side - small.height - margin
    out.paste(small, (x, y))
    return out


def padded(image: Image.Image, rng: random.Random) -> Image.Image:
    """The logo centred, scaled to 55–85 %, with plain padding around it (a profile frame, a sticker)."""
    side = 320
    share = rng.uniform(0.55, 0.85)
    small = image.resize((int(side * share),) * 2, Image.Resampling.LANCZOS)
    out = Image.new("RGB", (side, side), _plain(rng))
    out.paste(small, ((side - small.width) // 2 + rng.randint(-6, 6), (side - small.height) // 2 + rng.randint(-6, 6)))
    return out


def rotated(degrees: float) -> Callable[[Image.Image, random.Random], Image.Image]:
    def edit(image: Image.Image, rng: random.Random) -> Image.Image:
        angle = degrees * rng.choice([-1, 1])
        return image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=_plain(rng))
    edit.__doc__ = f"Rotated by ±{degrees}° about the centre, corners filled with a plain colour."
    return edit


def cropped(share: float) -> Callable[[Image.Image, random.Random], Image.Image]:
    def edit(image: Image.Image, rng: random.Random) -> Image.Image:
        w, h = image.size
        cw, ch = int(w * share), int(h * share)
        x0, y0 = (w - cw) // 2, (h - ch) // 2
        return image.crop((x0, y0, x0 + cw, y0 + ch)).resize((SIDE, SIDE), Image.Resampling.BICUBIC)
    edit.__doc__ = f"The central {share:.0%} of each side, scaled back up."
    return edit


def cropped_anywhere(image: Image.Image, rng: random.Random) -> Image.Image:
    """A centred crop of any share between 60 and 95 % of each side, scaled back up."""
    return cropped(rng.uniform(0.6, 0.95))(image, rng)


def off_centre(image: Image.Image, rng: random.Random) -> Image.Image:
    """The central 80 %, moved by 2 % of the side along each axis, scaled back up."""
    w, h = image.size
    cw, ch = int(w * 0.8), int(h * 0.8)
    x0 = (w - cw) // 2 + rng.choice([-1, 1]) * round(0.02 * w)
    y0 = (h - ch) // 2 + rng.choice([-1, 1]) * round(0.02 * h)
    return image.crop((x0, y0, x0 + cw, y0 + ch)).resize((SIDE, SIDE), Image.Resampling.BICUBIC)


def off_centre_anywhere(image: Image.Image, rng: random.Random) -> Image.Image:
    """A crop of any share between 70 and 95 % of each side, its centre moved by up to 3 % of the side along
    each axis (as far as the image allows), scaled back up."""
    w, h = image.size
    share = rng.uniform(0.7, 0.95)
    cw, ch = int(w * share), int(h * share)
    x0 = min(max(0, (w - cw) // 2 + round(rng.uniform(-0.03, 0.03) * w)), w - cw)
    y0 = min(max(0, (h - ch) // 2 + round(rng.uniform(-0.03, 0.03) * h)), h - ch)
    return image.crop((x0, y0, x0 + cw, y0 + ch)).resize((SIDE, SIDE), Image.Resampling.BICUBIC)


def banner(image: Image.Image, rng: random.Random) -> Image.Image:
    out = image.copy()
    draw = ImageDraw.Draw(out)
    y = rng.choice([0, SIDE - 44])
    draw.rectangle((0, y, SIDE, y + 44), fill=_colour(rng))
    draw.text((SIDE / 2, y + 22), rng.choice(["OFFICIAL", "NEWS 24h", "Verified", "INFO"]), fill=(255, 255, 255),
              font=_font(26), anchor="mm")
    return out


TRANSFORMS: dict[str, Callable[[Image.Image, random.Random], Image.Image]] = {
    "copy": lambda im, rng: im,
    "jpeg_q20": lambda im, rng: _encoded(im, "JPEG", quality=20),
    "small_48px": lambda im, rng: im.resize((48, 48), Image.Resampling.BILINEAR),
    "mirror": lambda im, rng: ImageOps.mirror(im),
    "grayscale": lambda im, rng: ImageOps.grayscale(im).convert("RGB"),
    "blur": lambda im, rng: im.filter(ImageFilter.GaussianBlur(2.5)),
    "rot90": lambda im, rng: im.rotate(90),
    "inverted": lambda im, rng: ImageOps.invert(im),
    "text_banner": banner,
    "circle": lambda im, rng: _circle(im),
    "corner": corner,
    "padded": padded,
    "rot5": rotated(5),
    "rot10": rotated(10),
    "rot15": rotated(15),
    "crop90": cropped(0.9),
    "crop80": cropped(0.8),
    "crop70": cropped(0.7),
    "crop60": cropped(0.6),
    "crop_any": cropped_anywhere,
    "corner_jpeg": lambda im, rng: _encoded(corner(im, rng), "JPEG", quality=50),
    "rot10_crop80": lambda im, rng: cropped(0.8)(rotated(10)(im, rng), rng),
    "crop80_off_centre": off_centre,
    "crop_any_off_centre": off_centre_anywhere,
}


def _circle(image: Image.Image) -> Image.Image:
    mask = Image.new("L", image.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, image.width - 1, image.height - 1), fill=255)
    out = Image.new("RGB", image.size, (255, 255, 255))
    out.paste(image, (0, 0), mask)
    return out


def transformed(seed: int, name: str) -> Image.Image:
    return TRANSFORMS[name](held_back_emblem(seed), random.Random(f"edit:{name}:{seed}"))


# ---------------------------------------------------------------- avatars that are no logo at all

def _smooth_field(rng: random.Random, cells: int, side: int = SIDE) -> Image.Image:
    """Random colours on a coarse grid, scaled up smoothly: the low-frequency look of a photo."""
    small = Image.new("RGB", (cells, cells))
    small.putdata([_colour(rng) for _ in range(cells * cells)])
    return small.resize((side, side), Image.Resampling.BICUBIC)


def noise_texture(rng: random.Random) -> Image.Image:
    base = _smooth_field(rng, rng.choice([4, 8, 16, 32]))
    grain = Image.effect_noise((SIDE, SIDE), rng.uniform(20, 80)).convert("RGB")
    return Image.blend(base, grain, rng.uniform(0.2, 0.6))


def gradient(rng: random.Random) -> Image.Image:
    a, b = _colour(rng), _colour(rng)
    angle = rng.uniform(0, 2 * math.pi)
    dx, dy = math.cos(angle), math.sin(angle)
    image = Image.new("RGB", (SIDE, SIDE))
    pixels = []
    for y in range(SIDE):
        for x in range(SIDE):
            t = min(1.0, max(0.0, 0.5 + ((x - 128) * dx + (y - 128) * dy) / 256))
            pixels.append(tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3)))
    image.putdata(pixels)
    return image


def scene(rng: random.Random) -> Image.Image:
    """A landscape photo stand-in: sky, sun, hills, trees, a textured ground, softened."""
    image = Image.new("RGB", (SIDE, SIDE))
    draw = ImageDraw.Draw(image)
    sky_top, sky_low = (rng.randrange(40, 120), rng.randrange(100, 180), rng.randrange(180, 255)), _colour(rng)
    horizon = rng.randrange(90, 180)
    for y in range(horizon):
        t = y / horizon
        draw.line((0, y, SIDE, y), fill=tuple(int(sky_top[i] * (1 - t) + sky_low[i] * t) for i in range(3)))
    if rng.random() < 0.6:
        x, y, r = rng.randrange(30, 226), rng.randrange(20, horizon), rng.randrange(10, 30)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, rng.randrange(180, 255), rng.randrange(0, 120)))
    for _ in range(rng.randint(1, 3)):
        ridge = [(x, horizon - rng.randrange(0, 60)) for x in range(0, SIDE + 32, 32)]
        pts = [(0, horizon), *ridge, (SIDE, SIDE), (0, SIDE)]
        draw.polygon(pts, fill=(rng.randrange(20, 90), rng.randrange(60, 150), rng.randrange(20, 90)))
    for _ in range(rng.randint(0, 6)):
        x, y = rng.randrange(SIDE), rng.randrange(horizon, SIDE)
        draw.rectangle((x - 3, y - 30, x + 3, y), fill=(90, 60, 30))
        draw.ellipse((x - 18, y - 60, x + 18, y - 20), fill=(20, rng.randrange(80, 160), 30))
    grain = Image.effect_noise((SIDE, SIDE), 40).convert("RGB")
    return Image.blend(image, grain, 0.15).filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2)))


def face(rng: random.Random) -> Image.Image:
    """A face-like portrait: skin-tone oval, hair, eyes, mouth, on a blurred background."""
    image = _smooth_field(rng, 4)
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(241, 194, 125), (224, 172, 105), (198, 134, 66), (255, 219, 172), (141, 85, 36)])
    cx, cy = 128 + rng.randint(-20, 20), 135 + rng.randint(-15, 15)
    w, h = rng.randint(60, 85), rng.randint(80, 105)
    hair = rng.choice([(20, 15, 10), (60, 40, 20), (120, 90, 50), (200, 180, 120)])
    draw.ellipse((cx - w - 8, cy - h - 12, cx + w + 8, cy + h * 0.4), fill=hair)
    draw.rectangle((cx - w * 0.5, cy + h * 0.6, cx + w * 0.5, SIDE), fill=skin)
    draw.rectangle((cx - w * 1.6, cy + h * 0.95, cx + w * 1.6, SIDE), fill=_colour(rng))
    draw.ellipse((cx - w, cy - h, cx + w, cy + h), fill=skin)
    for side in (-1, 1):
        ex, ey = cx + side * w * 0.4, cy - h * 0.15
        draw.ellipse((ex - 10, ey - 6, ex + 10, ey + 6), fill=(250, 250, 250))
        draw.ellipse((ex - 4, ey - 4, ex + 4, ey + 4), fill=(30, 20, 10))
    draw.arc((cx - 25, cy + h * 0.3, cx + 25, cy + h * 0.55), 10, 170, fill=(150, 40, 40), width=4)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def text_image(rng: random.Random) -> Image.Image:
    image = Image.new("RGB", (SIDE, SIDE), _plain(rng))
    draw = ImageDraw.Draw(image)
    ink = _colour(rng)
    lines = rng.randint(1, 4)
    for k in range(lines):
        word = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9)))
        size = rng.randint(24, 60)
        draw.text((SIDE / 2, SIDE * (k + 1) / (lines + 1)), word.title(), fill=ink, font=_font(size), anchor="mm")
    return image


def other_emblem(rng: random.Random) -> Image.Image:
    """An emblem of a body that is not registered: another school, club or company badge."""
    return held_back_emblem(100_000 + rng.randrange(10**9))


def cartoon(rng: random.Random) -> Image.Image:
    """Flat-colour shapes, like a cartoon avatar or a generated identicon."""
    image = Image.new("RGB", (SIDE, SIDE), _colour(rng))
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(2, 8)):
        x, y, r = rng.randrange(SIDE), rng.randrange(SIDE), rng.randrange(15, 90)
        shape = rng.choice([draw.ellipse, draw.rectangle])
        shape((x - r, y - r, x + r, y + r), fill=_colour(rng))
    return image


UNRELATED: dict[str, Callable[[random.Random], Image.Image]] = {
    "other_emblem": other_emblem, "scene": scene, "face": face, "text": text_image, "noise": noise_texture,
    "gradient": gradient, "cartoon": cartoon,
}


def unrelated(kind: str, n: int) -> Image.Image:
    return UNRELATED[kind](random.Random(f"unrelated:{kind}:{n}"))


def unrelated_set(per_kind: int) -> Iterator[tuple[str, Image.Image]]:
    for kind in UNRELATED:
        for n in range(per_kind):
            yield kind, unrelated(kind, n)
