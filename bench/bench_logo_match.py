"""Logo matching speed (D2): ms per avatar against 10,000 and 100,000 logo hashes, all variants,
beside a pure-Python XOR + bit_count loop over the same bank measured in the same run.
Usage: .venv/bin/python bench/bench_logo_match.py
"""

from __future__ import annotations

import random
import time

from PIL import Image, ImageDraw

from enforcement.avatar import LogoBank, hash_variants


def main() -> None:
    rng = random.Random(7)
    image = Image.new("RGB", (512, 512), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 472, 472), fill=(200, 16, 46))
    draw.polygon([(256, 90), (300, 220), (430, 220), (325, 300), (365, 430), (256, 350), (147, 430), (187, 300),
                  (82, 220), (212, 220)], fill=(255, 222, 0))
    started = time.perf_counter()
    runs = 20
    for _ in range(runs):
        variants = hash_variants(image)
    hashing_ms = (time.perf_counter() - started) * 1000 / runs
    print(f"hash_variants on 512×512: {hashing_ms:.1f} ms ({len(variants)} PDQ hashes per avatar)")
    for size in (10_000, 100_000):
        entries = [(f"id:{i}", f"{rng.getrandbits(256):064x}") for i in range(size)]
        bank = LogoBank.build(entries)
        started = time.perf_counter()
        for _ in range(runs):
            bank.match(variants)
        vector_ms = (time.perf_counter() - started) * 1000 / runs
        ints = [int(h, 16) for _, h in entries]
        queries = [int(h, 16) for _, h, _ in variants]
        started = time.perf_counter()
        for q in queries:
            [(q ^ x).bit_count() <= 63 for x in ints]
        loop_ms = (time.perf_counter() - started) * 1000
        print(f"bank {size:>7,}: numpy {vector_ms:7.2f} ms/avatar ({1000 / vector_ms:8,.0f} avatars/s) | "
              f"python loop {loop_ms:8.2f} ms/avatar | speed-up {loop_ms / vector_ms:5.1f}×")


if __name__ == "__main__":
    main()
