"""D2 through detect_profile: the pHash beside a registry logo moves the verdict and is in the evidence."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
import pytest

from enforcement.avatar import with_phash
from enforcement.detectors import detect_profile, profile_view
from enforcement.events import AvatarChanged, ProfileRenamed
from enforcement.identity import IdentityIndex
from enforcement.registry import parse_registry_record
from enforcement.violations import Violation

AT = datetime(2026, 11, 22, 8, tzinfo=UTC)
PDQ = "a5" * 32
PHASH = "c3" * 8


def near(hex_hash: str, bits: int) -> str:
    return f"{int(hex_hash, 16) ^ ((1 << bits) - 1):0{len(hex_hash)}x}"


@pytest.fixture(scope="module")
def logo_index(index: IdentityIndex) -> IdentityIndex:
    record = {"schema_version": 1, "identity_id": "test:emblem", "kind": "media", "names": ["青朗测试台"],
              "account_ids": ["u:own"], "logo_hashes": [with_phash(PDQ, PHASH)]}
    update = parse_registry_record(b"test:emblem", orjson.dumps(record))
    return IdentityIndex.build(index.registry.with_updates([update]))


def avatar(index: IdentityIndex, variants: list[tuple[str, str, int]], account: str = "u:1") -> list[Violation]:
    event = ProfileRenamed(schema_version=1, event_id="e1", type="profile.renamed", account_id=account,
                           occurred_at=AT, old_name=None, new_name="美食探店")
    return [v for v in detect_profile(index, profile_view(event), variants) if v.rule == "official_avatar"]


def test_an_uncertain_pdq_distance_confirmed_by_the_phash_is_a_match(logo_index: IdentityIndex) -> None:
    [found] = avatar(logo_index, [("mirror", with_phash(near(PDQ, 45), near(PHASH, 3)), 100)])
    assert found.confidence == 0.95 and found.identity == "test:emblem"
    assert found.evidence == {"field": "avatar", "pdq_distance": 45, "variant": "mirror", "verdict": "match",
                              "phash_distance": 3, "score": 57,
                              # the two hashes compared, for the reviewer: the registry has no logo images
                              "avatar_hash": with_phash(near(PDQ, 45), near(PHASH, 3)),
                              "logo_hash": with_phash(PDQ, PHASH)}


def test_a_pdq_match_the_phash_contradicts_goes_to_review(logo_index: IdentityIndex) -> None:
    [found] = avatar(logo_index, [("original", with_phash(near(PDQ, 12), near(PHASH, 40)), 100)])
    assert found.confidence == 0.6 and found.evidence["verdict"] == "uncertain"
    assert found.evidence["phash_distance"] == 40 and found.evidence["score"] == 12 + 4 * 40


def test_pdq_alone_decides_as_before_and_the_evidence_has_no_phash(logo_index: IdentityIndex) -> None:
    [uncertain] = avatar(logo_index, [("original", near(PDQ, 45), 100)])
    assert uncertain.confidence == 0.6 and "phash_distance" not in uncertain.evidence
    [confident] = avatar(logo_index, [("original", near(PDQ, 12), 100)])
    assert confident.confidence == 0.95 and "phash_distance" not in confident.evidence
    event = AvatarChanged(schema_version=1, event_id="e2", type="profile.avatar_changed", account_id="u:2",
                          occurred_at=AT, avatar_pdq=near(PDQ, 8))
    [precomputed] = detect_profile(logo_index, profile_view(event))
    assert precomputed.evidence == {"field": "avatar", "pdq_distance": 8, "variant": "precomputed",
                                    "verdict": "match", "avatar_hash": near(PDQ, 8),
                                    "logo_hash": with_phash(PDQ, PHASH)}


def test_the_evidence_names_the_avatar_the_event_named(logo_index: IdentityIndex) -> None:
    """So the reviewer's page can show the image that matched."""
    event = AvatarChanged(schema_version=1, event_id="e3", type="profile.avatar_changed", account_id="u:3",
                          occurred_at=AT, avatar_url="https://img.example.cn/u3.png")
    [found] = detect_profile(logo_index, profile_view(event), [("original", near(PDQ, 8), 100)])
    assert found.evidence["avatar_url"] == "https://img.example.cn/u3.png"


def test_the_bodys_own_account_is_still_allowed(logo_index: IdentityIndex) -> None:
    assert avatar(logo_index, [("original", with_phash(PDQ, PHASH), 100)], account="u:own") == []
