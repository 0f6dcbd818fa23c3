"""What the item page shows of evidence, and the input records a decision becomes (decision "Review")."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from streams.console.decisions import DecisionError, appeal_resolved, review_decided
from streams.console.evidence import Segment, highlight, violation_view

SCHEMAS = Path(__file__).resolve().parents[3] / "schemas"
ITEM = {"review_id": "a" * 32, "account_id": "u:7"}


def test_highlight_marks_every_occurrence() -> None:
    segments, located = highlight("苏州市公安局官方，苏州市公安局", ["苏州市公安局"])
    assert located
    assert segments == (Segment("苏州市公安局", True), Segment("官方，", False), Segment("苏州市公安局", True))


def test_highlight_marks_a_place_and_its_function_word() -> None:
    segments, located = highlight("来自成都公安的提醒", ["成都", "公安", "成都公安局"])
    assert located
    assert segments == (Segment("来自", False), Segment("成都公安", True), Segment("的提醒", False))


def test_highlight_of_a_match_found_only_after_normalising() -> None:
    assert highlight("蘇州市公安局", ["苏州市公安局"]) == ((Segment("蘇州市公安局", False),), False)
    assert highlight("", ["x"]) == ((), False)


def test_a_span_marks_the_part_the_detector_names_even_when_it_matched_only_after_normalising() -> None:
    view = violation_view({"rule": "official_name_similar", "evidence": {
        "text": "关注人·民·日·報！", "matched": "人民日报", "canonical": "关注人民日报", "span": [2, 9],
        "steps": ["t2s", "symbol", "canonical"],
        "step_texts": [{"step": "t2s", "text": "关注人·民·日·报！"}, {"step": "symbol", "text": "关注人民日报"}]}})
    assert view.located
    assert view.segments == (Segment("关注", False), Segment("人·民·日·報", True), Segment("！", False))
    assert view.step_texts == (("t2s", "关注人·民·日·报！"), ("symbol", "关注人民日报"))
    assert view.other == ()  # span and step_texts have their own places on the page


@pytest.mark.parametrize("span", [None, [3, 2], [0, 99], ["0", "1"], [0], [True, 1]])
def test_without_a_usable_span_the_text_is_searched_as_before(span: object) -> None:
    evidence = {"text": "苏州市公安局官方", "matched": "苏州市公安局"} | ({} if span is None else {"span": span})
    view = violation_view({"rule": "official_bio", "evidence": evidence})
    assert view.located and view.step_texts == ()
    assert view.segments == (Segment("苏州市公安局", True), Segment("官方", False))


def test_violation_view_hides_owner_data_and_keeps_the_rest() -> None:
    view = violation_view({"violation_id": "v1", "rule": "official_bio", "requirement": "D3", "confidence": 0.76,
                           "identity": "local:341300:公安局", "evidence": {
                               "text": "苏州市公安局官方发布平台。", "matched": "苏州市公安局",
                               "steps": ["symbol", "sound"],
                               "protected_name": "宿州市公安局", "canonical": "苏州市公安局官方发布平台",
                               "identity_hash": "secret-owner", "distance": 12}})
    assert view.located and view.steps == ("symbol", "sound") and view.protected_name == "宿州市公安局"
    assert view.rule_summary.startswith("bio or signature")
    assert dict(view.other) == {"distance": "12"}


def test_a_decision_record_fits_the_input_schema_and_its_id_depends_on_the_item_only() -> None:
    schema = json.loads((SCHEMAS / "review.decision.schema.json").read_text())
    first = review_decided(ITEM, "confirm", "li.na", "看过了", now=datetime(2026, 12, 1, tzinfo=UTC))
    again = review_decided(ITEM, "dismiss", "wang_wei", "", now=datetime(2026, 12, 2, tzinfo=UTC))
    jsonschema.validate(first, schema)
    jsonschema.validate(again, schema)
    assert first["event_id"] == again["event_id"]
    assert first["reviewer_id"] == "li.na" and again["note"] is None
    assert first["occurred_at"] == "2026-12-01T00:00:00.000Z"
    with pytest.raises(DecisionError):
        review_decided(ITEM, "ban", "li.na", "")
    with pytest.raises(DecisionError):
        review_decided(ITEM, "confirm", "li.na", "x" * 4097)


def test_an_appeal_record_fits_the_input_schema() -> None:
    schema = json.loads((SCHEMAS / "account.appeal.schema.json").read_text())
    record = appeal_resolved("u:7", "b" * 32, "overturned", resolved_by="wang")
    jsonschema.validate(record, schema)
    assert record["resolved_by"] == "wang"
    assert record["event_id"] == appeal_resolved("u:7", "b" * 32, "upheld", resolved_by="zhou")["event_id"]
    assert record["event_id"] != appeal_resolved("u:8", "b" * 32, "upheld", resolved_by="wang")["event_id"]
    with pytest.raises(DecisionError):
        appeal_resolved("u:7", "b" * 32, "maybe", resolved_by="wang")


def test_an_appeal_from_the_queue_is_resolved_under_an_id_derived_from_the_appeal() -> None:
    schema = json.loads((SCHEMAS / "account.appeal.schema.json").read_text())
    first = appeal_resolved("u:7", "b" * 32, "upheld", resolved_by="wang", appeal_id="a" * 32)
    jsonschema.validate(first, schema)
    assert first["event_id"] == appeal_resolved("u:7", "b" * 32, "overturned", resolved_by="zhou",
                                                appeal_id="a" * 32)["event_id"]
    assert first["event_id"] != appeal_resolved("u:7", "b" * 32, "upheld", resolved_by="wang",
                                                appeal_id="c" * 32)["event_id"]
    assert first["event_id"] != appeal_resolved("u:7", "b" * 32, "upheld", resolved_by="wang")["event_id"]


def test_every_rule_summary_has_chinese_text() -> None:
    from enforcement.rules import RULES
    from streams.console.i18n import ZH

    assert [r.rule_id for r in RULES if r.summary not in ZH] == []
