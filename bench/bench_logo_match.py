"""Logo matching speed (D2): ms per avatar against 10,000 and 100,000 logo hashes, all variants,
beside a pure-Python XOR + bit_count loop over the same bank measured in the same run.

Hashing reports PDQ + pHash + shape for every variant (computed together, in one pass). The banks
hold random PDQ hashes each with a random pHash and a random shape ("<PDQ>:<pHash>:<shape>", as
`logo_hashes` publishes them), plus one logo 40 PDQ bits from the avatar with its pHash and shape, so
every run also passes the pHash gate and correlates shapes for one pair.
Usage: .venv/bin/python bench/bench_logo_match.py [--banks 10000,100000] [--runs 20]
"""

from __future__ import annotations

import argparse
import random
import time

import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)
from PIL import Image, ImageDraw

from enforcement.avatar import LogoBank, hash_variants, split_hash, with_phash


def bank_sizes(text: str) -> list[int]:
    """"10000,100000" → [10000, 100000]; each at least 1."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("bank sizes must be at least 1")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--banks", type=bank_sizes, default=[10_000, 100_000], help="logo bank sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=20, help="repetitions each timing averages over")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    rng = random.Random(7)
    image = Image.new("RGB", (512, 512), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 472, 472), fill=(200, 16, 46))
    draw.polygon([(256, 90), (300, 220), (430, 220), (325, 300), (365, 430), (256, 350), (147, 430), (187, 300),
                  (82, 220), (212, 220)], fill=(255, 222, 0))
    variants = hash_variants(image)  # warm-up: the first call builds the pHash resampling matrices
    started = time.perf_counter()
    runs = args.runs
    for _ in range(runs):
        variants = hash_variants(image)
    hashing_ms = (time.perf_counter() - started) * 1000 / runs
    print(f"hash_variants on 512×512: {hashing_ms:.1f} ms ({len(variants)} hashes per avatar)")
    pdq, own_phash, own_shape = split_hash(variants[0][1])
    borderline = with_phash(f"{int(pdq, 16) ^ ((1 << 40) - 1):064x}", own_phash or "0" * 16, own_shape)
    for size in args.banks:
        entries = [(f"id:{i}", with_phash(f"{rng.getrandbits(256):064x}", f"{rng.getrandbits(64):016x}",
                                          rng.randbytes(256).hex())) for i in range(size - 1)]
        entries.append(("id:borderline", borderline))
        bank = LogoBank.build(entries)
        started = time.perf_counter()
        for _ in range(runs):
            found = bank.match(variants)
        vector_ms = (time.perf_counter() - started) * 1000 / runs
        ints = [int(split_hash(h)[0], 16) for _, h in entries]
        queries = [int(split_hash(h)[0], 16) for _, h, _ in variants]
        started = time.perf_counter()
        for q in queries:
            [(q ^ x).bit_count() <= 63 for x in ints]
        loop_ms = (time.perf_counter() - started) * 1000
        verdicts = ", ".join(f"{m.identity_id} {m.verdict} (PDQ {m.distance}, pHash {m.phash_distance}, "
                             f"similarity {m.similarity})" for m in found)
        print(f"bank {size:>7,}: numpy {vector_ms:7.2f} ms/avatar ({1000 / vector_ms:8,.0f} avatars/s) | "
              f"python loop {loop_ms:8.2f} ms/avatar | speed-up {loop_ms / vector_ms:5.1f}× | found: {verdicts}")


if __name__ == "__main__":
    main()
