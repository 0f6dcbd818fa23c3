"""Builds tests/golden/avatars (D2): avatars fetched over HTTP by the worker, not precomputed.

Writes the images the test serves (`served/`, generated from fixed seeds) and `recording.jsonl`: a
`registry.official` record whose logo hashes ("<PDQ>:<pHash>:<shape>", enforcement.avatar.logo_hashes) are those
of the emblem in `served/logo.png`, then one `profile.avatar_changed` event per image with an
`avatar_url`. `{port}` in a URL is replaced by the port of the HTTP server tests/e2e/test_golden.py
starts on 127.0.0.1 for this case (tests/support/golden.py), so neither the recording nor the expected
outputs depend on it; D2's evidence carries the variant and distances, never the URL.
Run: .venv/bin/python tests/golden/avatars/build_recording.py
"""

from __future__ import annotations

import argparse
import io
import random
import sys
from pathlib import Path

import orjson
from PIL import Image, ImageDraw, ImageOps

from enforcement.avatar import logo_hashes
from streams.bus.recording import RecordedRecord, write_recording

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "support"))  # the emblems the avatar unit tests draw too
from emblems import emblem  # noqa: E402

OUT = HERE / "recording.jsonl"
SERVED = HERE / "served"
# Kafka timestamps count from 2026-11-27T08:00:00Z, not from the events' occurred_at day (2026-11-22): the
# checked-in recording was built so. The shared builder (tests/support/golden_build.py) derives both
# from one time, so this case keeps its own.
BASE_MS = 1795766400000


def near_miss(logo: Image.Image, seed: int = 2) -> Image.Image:
    """The emblem under three large opaque patches: its shape correlates with the logo's by 0.88–0.93
    (0.89), so uncertain. Seed 2: the correlation moved with the matcher (seed 3 now correlates 0.84,
    below review)."""
    image = logo.copy()
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    for _ in range(3):
        x, y = rng.randrange(0, 200), rng.randrange(0, 200)
        draw.rectangle((x, y, x + rng.randrange(40, 90), y + rng.randrange(40, 90)),
                       fill=tuple(rng.randrange(256) for _ in range(3)))
    return image


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    sink = io.BytesIO()
    image.save(sink, fmt, **options)
    return sink.getvalue()


def images() -> dict[str, bytes]:
    logo = emblem(7)
    return {
        "logo.png": encoded(logo, "PNG"),
        "inverted.png": encoded(ImageOps.invert(logo), "PNG"),
        "cropped.png": encoded(logo.crop((26, 26, 230, 230)), "PNG"),
        "cropped_wide.png": encoded(logo.crop((20, 20, 236, 236)), "PNG"),
        "reencoded.jpg": encoded(logo, "JPEG", quality=60),
        "near.png": encoded(near_miss(logo), "PNG"),
        "unrelated.png": encoded(emblem(99), "PNG"),
    }


def event(n: int, account: str, url: str) -> RecordedRecord:
    body = {"schema_version": 1, "event_id": f"av-{n:03d}", "type": "profile.avatar_changed",
            "account_id": account, "occurred_at": f"2026-11-22T00:00:{n:02d}Z", "avatar_url": url}
    return RecordedRecord("account.profile", account.encode(), orjson.dumps(body), BASE_MS + n * 1000)


def build() -> list[RecordedRecord]:
    registry = {"schema_version": 1, "identity_id": "test:qinglang-police", "kind": "state_organ",
                "names": ["青朗市公安局"], "source": "test fixture", "account_ids": ["u:verified"],
                "logo_hashes": logo_hashes(emblem(7))}
    records = [RecordedRecord("registry.official", b"test:qinglang-police", orjson.dumps(registry), BASE_MS)]
    avatars = [
        ("u:exact", "http://127.0.0.1:{port}/logo.png"),  # match, variant original
        ("u:inverted", "http://127.0.0.1:{port}/inverted.png"),  # match, variant inverted
        ("u:cropped", "http://127.0.0.1:{port}/cropped.png"),  # match
        ("u:cropped-wide", "http://127.0.0.1:{port}/cropped_wide.png"),  # PDQ 32–63 but pHash ≤ 8: match
        ("u:reencoded", "http://127.0.0.1:{port}/reencoded.jpg"),  # match
        ("u:near", "http://127.0.0.1:{port}/near.png"),  # uncertain → qinglang.review
        ("u:unrelated", "http://127.0.0.1:{port}/unrelated.png"),  # nothing
        ("u:elsewhere", "http://localhost:{port}/logo.png"),  # host not allow-listed: nothing, counted
        ("u:missing", "http://127.0.0.1:{port}/missing.png"),  # 404: nothing, counted
        ("u:verified", "http://127.0.0.1:{port}/logo.png"),  # the body's own account: exempt
    ]
    for n, (account, url) in enumerate(avatars, start=1):
        records.append(event(n, account, url))
    return records


if __name__ == "__main__":
    # no options: --help says what this writes, and any other argument is refused before anything is written
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    SERVED.mkdir(exist_ok=True)
    for name, data in images().items():
        (SERVED / name).write_bytes(data)
    with OUT.open("wb") as sink:
        print(f"wrote {write_recording(build(), sink)} records to {OUT} and {len(images())} images to {SERVED}")
