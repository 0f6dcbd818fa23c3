"""D2's second signal: with a pHash beside the PDQ hash on both sides, the verdict is read from the score
PDQ + 4 × pHash distance; without a pHash on either side PDQ decides alone, as before."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from PIL import Image, ImageOps

from enforcement.avatar import LogoBank, display_hash, hash_variants, logo_hashes, phash, split_hash, with_phash

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


def test_hashes_carry_a_phash_and_a_shape(emblem: Emblem) -> None:
    image = emblem(5)
    full = r"[0-9a-f]{64}:[0-9a-f]{16}:[0-9a-f]{512}"
    for name, value, _ in hash_variants(image):
        assert re.fullmatch(full, value), name
    assert all(re.fullmatch(full, h) for h in logo_hashes(image))
    assert split_hash(with_phash(LOGO_PDQ, LOGO_PHASH)) == (LOGO_PDQ, LOGO_PHASH, None)
    assert split_hash(with_phash(LOGO_PDQ, LOGO_PHASH, "7f" * 256)) == (LOGO_PDQ, LOGO_PHASH, "7f" * 256)
    assert split_hash(LOGO_PDQ) == (LOGO_PDQ, None, None)
    assert display_hash(with_phash(LOGO_PDQ, LOGO_PHASH, "7f" * 256)) == with_phash(LOGO_PDQ, LOGO_PHASH)
    assert phash(image) == phash(image.copy()) != phash(ImageOps.invert(image))


@pytest.mark.parametrize(
    ("pdq_bits", "phash_bits", "expected"),
    [
        (20, 2, "match"),  # both agree: score 28
        (20, 11, "match"),  # score 64, the last match
        (20, 12, "uncertain"),  # score 68, but a PDQ match: review
        (31, 40, "uncertain"),  # a PDQ match the pHash contradicts: review, not a sanction
        (45, 4, "match"),  # an uncertain PDQ distance the pHash confirms (score 61)
        (63, 0, "match"),
        (45, 5, "uncertain"),  # score 65
        (60, 9, "uncertain"),  # score 96, the last review
    ],
)
def test_the_score_decides(bank: LogoBank, pdq_bits: int, phash_bits: int, expected: str) -> None:
    query = with_phash(flip_pdq(pdq_bits), flip_phash(phash_bits))
    assert verdict(bank, query) == (expected, pdq_bits, phash_bits)


def test_a_pdq_review_distance_the_phash_does_not_back_is_nothing(bank: LogoBank) -> None:
    """PDQ 32–63 alone sent flat unrelated images to review; with a far pHash (score > 96) it is dropped."""
    assert [m for m in bank.match([("v", with_phash(flip_pdq(45), flip_phash(13)), 100)])
            if m.identity_id == "id:both"] == []
    assert verdict(bank, with_phash(flip_pdq(45), flip_phash(12)))[0] == "uncertain"  # score 93


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


def test_a_faint_image_needs_a_closer_shape_to_match(bank: LogoBank) -> None:
    """PDQ's quality says how far its bits can be trusted; the shapes' correlation is a measure of its own, so
    a faint image (quality < 50) still matches when its shape is very close, and is reviewed below that."""
    assert bank.shape_verdict(0.96, quality=30) == "match"
    assert bank.shape_verdict(0.94, quality=30) == "uncertain"
    assert bank.shape_verdict(0.94, quality=80) == "match"
    assert bank.shape_verdict(0.89, quality=30) == "uncertain"
    assert bank.shape_verdict(0.80, quality=30) is None


def test_beyond_the_review_score_nothing_is_found(bank: LogoBank) -> None:
    for pdq_bits, phash_bits in ((97, 0), (64, 9), (40, 20)):
        query = with_phash(flip_pdq(pdq_bits), flip_phash(phash_bits))
        assert [m for m in bank.match([("v", query, 100)]) if m.identity_id == "id:both"] == [], (pdq_bits, phash_bits)
    assert [m for m in bank.match([("v", flip_pdq(64), 100)]) if m.identity_id == "id:both"] == []  # PDQ alone


def bordered(image: Image.Image) -> Image.Image:
    """The emblem pasted on a wider white square, as a sticker or a profile frame would show it."""
    out = Image.new("RGB", (300, 300), "white")
    out.paste(image, (22, 22))
    return out


@pytest.fixture(scope="module")
def emblem_bank(emblem: Emblem) -> LogoBank:
    return LogoBank.build((f"emblem:{s}", h) for s in range(40) for h in logo_hashes(emblem(s)))


def test_a_bordered_emblem_is_matched(emblem_bank: LogoBank, emblem: Emblem) -> None:
    for seed in range(0, 40, 3):
        found = emblem_bank.match(hash_variants(bordered(emblem(seed))))
        best = [m for m in found if m.identity_id == f"emblem:{seed}"]
        assert best and best[0].verdict == "match", (seed, best)
        assert best[0].score is not None and best[0].score <= 64


def test_other_emblems_stay_apart(emblem_bank: LogoBank, emblem: Emblem) -> None:
    for seed in range(100, 130):
        assert [m for m in emblem_bank.match(hash_variants(emblem(seed))) if m.verdict == "match"] == []
