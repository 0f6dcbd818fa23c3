"""The id recipes, pinned to fixed values (decision "Deterministic ids"): consumers key outputs by these
ids across releases and replays, so a change to a recipe must show here, not only as ids that still agree
with themselves."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from enforcement.ids import derive_id
from enforcement.violations import Violation


def test_the_recipe_is_sha256_of_kind_then_length_prefixed_parts_cut_to_32_hex_digits() -> None:
    spelled = hashlib.sha256(b"review" + b"\x1f3:abc" + b"\x1f0:" + b"\x1f6:" + "税务".encode()).hexdigest()[:32]
    assert derive_id("review", "abc", "", "税务") == spelled


def test_fixed_ids() -> None:
    assert derive_id("x") == "2d711642b726b04401627ca9fbac32f5"
    assert derive_id("action", "u:1", "unmute", "a" * 32) == "f25cead8939a52eab79d7f164906879c"
    assert derive_id("review", "v" * 32, "uncertain") == "58717e46b6c1c0ad5f10b53d7298cbcc"
    # an empty part, ideographs and a lone surrogate (kept, not refused) each change the bytes hashed
    assert derive_id("k", "", "国家税务总局", "\udc80") == "faca2d919e4843a93fb4e4f9b8509f89"


def test_parts_are_not_ambiguous() -> None:
    assert derive_id("k", "ab", "c") != derive_id("k", "a", "bc")
    assert derive_id("k", "a") != derive_id("ka")


def test_a_violation_id_is_its_trigger_requirement_rule_field_and_identity() -> None:
    violation = Violation(account_id="u:1", rule="official_name_exact", confidence=1.0, source_event_id="ev-1",
                          occurred_at=datetime(2026, 1, 1, tzinfo=UTC), field="new_name", identity="central:gov-0001")
    assert violation.requirement == "D1"
    assert violation.violation_id == "d7a02e60525b314f2ae529024926074c"
    assert violation.violation_id == derive_id("violation", "ev-1", "D1", "official_name_exact", "new_name",
                                               "central:gov-0001")
