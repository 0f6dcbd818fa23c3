"""D2's second signal: a pHash beside every PDQ hash confirms borderline PDQ distances and demotes PDQ
matches it strongly disagrees with; without a pHash on either side PDQ decides alone, as before."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PIL import Image, ImageOps

from enforcement.avatar import LogoBank, hash_variants, logo_hashes, phash, split_hash, with_phash
from enforcement.avatar.logo_bank import PHASH_AGREE, PHASH_DISAGREE

Emblem = Callable[[int], Image.Image]

LOGO_PDQ = "a5" * 32
LOGO_PHASH = "c3" * 8


def flip_pdq(bits: int) -> str:
    return f"{int(LOGO_PDQ, 16) ^ ((1 << bits) - 1):064x}"


def flip_phash(bits: int) -> str:
    return f"{int(LOGO_PHASH, 16) ^ ((1 << bits) - 1):016x}"


@pytest.fixture(scope="module")
def bank() -> LogoBank:
    return LogoBank.build([("id:both", with_phash(LOGO_PDQ, LOGO_PHASH)), ("id:pdq-only", flip_pdq(256))])


def verdict(bank: LogoBank, query: str, quality: int = 100) -> tuple[str, int, int | None]:
    found = [m for m in bank.match([("v", query, quality)]) if m.identity_id == "id:both"]
    assert len(found) == 1
    return found[0].verdict, found[0].distance, found[0].phash_distance


def test_hashes_carry_a_phash(emblem: Emblem) -> None:
    image = emblem(5)
    for name, value, _ in hash_variants(image):
        assert re.fullmatch(r"[0-9a-f]{64}:[0-9a-f]{16}", value), name
    assert all(re.fullmatch(r"[0-9a-f]{64}:[0-9a-f]{16}", h) for h in logo_hashes(image))
    assert split_hash(with_phash(LOGO_PDQ, LOGO_PHASH)) == (LOGO_PDQ, LOGO_PHASH)
    assert split_hash(LOGO_PDQ) == (LOGO_PDQ, None)
    assert phash(image) == phash(image.copy()) != phash(ImageOps.invert(image))


@pytest.mark.parametrize(
    ("pdq_bits", "phash_bits", "expected"),
    [
        (20, 2, "match"),  # both agree
        (20, PHASH_DISAGREE - 1, "match"),  # pHash not far enough to overrule
        (20, PHASH_DISAGREE, "uncertain"),  # a PDQ match the pHash strongly disagrees with: review
        (31, 40, "uncertain"),
        (45, PHASH_AGREE, "match"),  # an uncertain PDQ distance the pHash confirms
        (63, 0, "match"),
        (45, PHASH_AGREE + 1, "uncertain"),  # not confirmed
    ],
)
def test_phash_moves_the_verdict(bank: LogoBank, pdq_bits: int, phash_bits: int, expected: str) -> None:
    query = with_phash(flip_pdq(pdq_bits), flip_phash(phash_bits))
    assert verdict(bank, query) == (expected, pdq_bits, phash_bits)


def test_without_a_phash_pdq_decides_alone(bank: LogoBank) -> None:
    assert verdict(bank, flip_pdq(20)) == ("match", 20, None)
    assert verdict(bank, flip_pdq(45)) == ("uncertain", 45, None)
    pdq_only = LogoBank.build([("id:both", LOGO_PDQ)])
    assert [(m.verdict, m.phash_distance) for m in pdq_only.match([("v", with_phash(flip_pdq(45), LOGO_PHASH), 100)])] \
        == [("uncertain", None)]
    assert [m.verdict for m in pdq_only.match([("v", with_phash(flip_pdq(20), flip_phash(40)), 100)])] == ["match"]


def test_low_quality_stays_uncertain_even_when_the_phash_agrees(bank: LogoBank) -> None:
    assert verdict(bank, with_phash(flip_pdq(10), LOGO_PHASH), quality=30)[0] == "uncertain"
    assert verdict(bank, with_phash(flip_pdq(45), LOGO_PHASH), quality=30)[0] == "uncertain"


def test_beyond_the_review_threshold_nothing_is_found(bank: LogoBank) -> None:
    assert [m for m in bank.match([("v", with_phash(flip_pdq(64), LOGO_PHASH), 100)]) if m.identity_id == "id:both"] \
        == []


def bordered(image: Image.Image) -> Image.Image:
    """The emblem pasted on a wider white square, as a sticker or a profile frame would show it."""
    out = Image.new("RGB", (300, 300), "white")
    out.paste(image, (22, 22))
    return out


# Emblems whose bordered copy lands in PDQ's uncertain band (distance 32–63) with an agreeing pHash:
# measured once, listed so that the test checks exactly these.
BORDERED_SEEDS = (3, 9, 18, 21, 24, 30)


@pytest.fixture(scope="module")
def emblem_bank(emblem: Emblem) -> LogoBank:
    return LogoBank.build((f"emblem:{s}", h) for s in range(40) for h in logo_hashes(emblem(s)))


def test_a_bordered_emblem_is_confirmed_by_the_phash(emblem_bank: LogoBank, emblem: Emblem) -> None:
    for seed in BORDERED_SEEDS:
        variants = hash_variants(bordered(emblem(seed)))
        best = [m for m in emblem_bank.match(variants) if m.identity_id == f"emblem:{seed}"]
        assert best and best[0].verdict == "match" and 31 < best[0].distance <= 63, (seed, best)
        assert best[0].phash_distance is not None and best[0].phash_distance <= PHASH_AGREE
        pdq_only = [(name, split_hash(value)[0], quality) for name, value, quality in variants]
        alone = [m for m in emblem_bank.match(pdq_only) if m.identity_id == f"emblem:{seed}"]
        assert alone and alone[0].verdict == "uncertain", (seed, alone)  # PDQ alone would only review it


def test_other_emblems_stay_apart(emblem_bank: LogoBank, emblem: Emblem) -> None:
    for seed in range(100, 130):
        assert [m for m in emblem_bank.match(hash_variants(emblem(seed))) if m.verdict == "match"] == []
