"""D9: registry.hot_event records, the hot-event index and the hot_event_party detector."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import orjson
import pytest

from enforcement.detectors.hot_event import detect_hot_event_party
from enforcement.detectors.profile import ProfileView
from enforcement.hotevents import HotEvent, HotEventHolder, HotEventIndex, HotEventUpdate, parse_hot_event_record
from enforcement.registry import InvalidRegistryRecord

SCHEMA = json.loads((Path(__file__).resolve().parents[3] / "schemas" / "registry.hot_event.schema.json").read_text())
START = datetime(2026, 3, 1, tzinfo=UTC)
EVENT = HotEvent(hot_event_id="he:1", title="清河小区坠楼事件", parties=("周小雨", "王建国"), figures=("林一鸣",),
                 active_from=START, expires_at=START + timedelta(days=14), keywords=("清河坠楼",),
                 account_ids=frozenset({"u:zhou-own"}))
INDEX = HotEventIndex.build([EVENT])


def record(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"schema_version": 1, "hot_event_id": "he:1", "title": "清河小区坠楼事件",
                            "parties": ["周小雨"], "figures": [], "active_from": "2026-03-01T00:00:00Z",
                            "expires_at": "2026-03-15T00:00:00+08:00"}
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ...}


def check(text: str, *, field: str = "new_name", day: float = 3, account: str = "u:1",
          index: HotEventIndex = INDEX) -> list[tuple[str, float]]:
    view = ProfileView(account, "ev-1", START + timedelta(days=day), ((field, text),), None, frozenset())
    return [(v.evidence["claim"], round(v.confidence, 3)) for v in detect_hot_event_party(index, view)]


# --- records and schema -------------------------------------------------------------------------------

def test_a_record_becomes_an_event() -> None:
    body = record(figures=["林一鸣"], keywords=["清河坠楼"], account_ids=["u:zhou-own"])
    update = parse_hot_event_record(b"he:1", orjson.dumps(body))
    assert update.event is not None and update.event.parties == ("周小雨",)
    assert update.event.expires_at == datetime(2026, 3, 14, 16, tzinfo=UTC)  # offsets are kept as UTC
    assert update.event.account_ids == frozenset({"u:zhou-own"})


def test_a_null_value_is_a_tombstone() -> None:
    assert parse_hot_event_record(b"he:1", None) == HotEventUpdate("he:1", None)


BAD = [
    ("no key", None, record(), "key_mismatch"),
    ("key differs", b"he:2", record(), "key_mismatch"),
    ("not json", b"he:1", b"{", "not_json"),
    ("array", b"he:1", b"[]", "not_object"),
    ("no expiry", b"he:1", record(expires_at=...), "missing_field"),
    ("unknown field", b"he:1", record(severity="high"), "unknown_field"),
    ("version 2", b"he:1", record(schema_version=2), "unsupported_schema_version"),
    ("nobody", b"he:1", record(parties=[], figures=[]), "bad_value"),
    ("blank name", b"he:1", record(parties=["  "]), "bad_value"),
    ("names not a list", b"he:1", record(parties="周小雨"), "wrong_type"),
    ("no offset", b"he:1", record(active_from="2026-03-01T00:00:00"), "bad_timestamp"),
    ("no UTC time", b"he:1", record(expires_at="9999-12-31T23:59:59-01:00"), "bad_timestamp"),  # OverflowError
    ("before year 1 UTC", b"he:1", record(active_from="0001-01-01T00:00:00+01:00"), "bad_timestamp"),
    ("expires first", b"he:1", record(expires_at="2026-02-01T00:00:00Z"), "bad_value"),
]


@pytest.mark.parametrize(("key", "value", "code"), [(k, v, c) for _, k, v, c in BAD], ids=[n for n, *_ in BAD])
def test_bad_records_are_refused_with_a_code(key: bytes | None, value: Any, code: str) -> None:
    raw = value if isinstance(value, bytes) else orjson.dumps(value)
    with pytest.raises(InvalidRegistryRecord) as caught:
        parse_hot_event_record(key, raw)
    assert caught.value.code == code


AGREEMENT = [record(), record(figures=["林一鸣"], parties=[]), record(keywords=["清河坠楼"], account_ids=["u:9"]),
             record(expires_at=...), record(extra=1), record(schema_version=2), record(schema_version=True),
             record(parties=[], figures=[]), record(parties=[""]), record(parties=["名" * 65]),
             record(parties=[1]), record(title=""), record(title=5), record(title="题" * 129),
             record(active_from="2026-03-01"), record(active_from="2026-03-01T00:00:00"),
             record(account_ids=["u" * 129]), record(parties=["x"] * 65)]


@pytest.mark.parametrize("body", AGREEMENT)
def test_schema_and_parser_agree(body: dict[str, Any]) -> None:
    """The committed JSON Schema and the parser accept and refuse the same records."""
    try:
        jsonschema.validate(body, SCHEMA)
        by_schema = True
    except jsonschema.ValidationError:
        by_schema = False
    try:
        parse_hot_event_record(b"he:1", orjson.dumps(body))
        by_parser = True
    except InvalidRegistryRecord:
        by_parser = False
    assert by_schema == by_parser


# --- index and holder ---------------------------------------------------------------------------------

def test_updates_make_a_new_snapshot_and_a_tombstone_deletes() -> None:
    other = HotEvent(hot_event_id="he:2", title="某地暴雨", parties=("赵晓光",), figures=(), active_from=START,
                     expires_at=START + timedelta(days=3))
    added = INDEX.with_updates([HotEventUpdate("he:2", other)])
    assert set(added.events) == {"he:1", "he:2"} and set(INDEX.events) == {"he:1"}  # the old one is unchanged
    removed = added.with_updates([HotEventUpdate("he:1", None)])
    assert set(removed.events) == {"he:2"}
    assert check("周小雨家属", index=removed) == []  # the tombstoned event's parties are nobody now
    assert check("赵晓光家属", index=removed, day=1) == [("家属", 0.95)]


def test_holder_swaps_the_whole_index() -> None:
    async def main() -> tuple[HotEventIndex, HotEventIndex]:
        holder = HotEventHolder(HotEventIndex.build(()))
        before = holder.current
        await holder.apply([HotEventUpdate("he:1", EVENT)])
        return before, holder.current

    before, after = asyncio.run(main())
    assert not before.events and set(after.events) == {"he:1"}


# --- the detector -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "claim"), [
    ("周小雨家属", "家属"),
    ("周小雨的妈妈", "妈妈"),
    ("当事人周小雨", "当事人"),
    ("知情人说王建国", "知情人"),
    ("林一鸣本人", "本人"),
    ("清河坠楼知情人", "知情人"),
    ("清河小区坠楼事件当事人", "当事人"),
    ("周小雨一家的亲属", "亲属"),
])
def test_claims_of_an_active_event_are_found(text: str, claim: str) -> None:
    found = check(text)
    assert [c for c, _ in found] == [claim]
    assert found[0][1] >= 0.85  # confident enough to strike (policy min_confidence_for_auto 0.85)


@pytest.mark.parametrize("text", [
    "周 小 雨 家 属",  # spaces
    "周\u200b小雨\u200d家属",  # zero-width characters
    "週小雨傢屬",  # traditional characters
    "周小雨★家属☆",  # symbols
    "ＺＨＯＵ周小雨家属",  # full-width Latin padding
])
def test_evasions_are_seen_through(text: str) -> None:
    assert [c for c, _ in check(text)] == ["家属"]


def test_bio_claims_count_too() -> None:
    assert check("我是周小雨的同学，知道真相", field="bio") == [("同学", 0.95)]


@pytest.mark.parametrize("text", [
    "周小雨粉丝后援",  # the party's name alone: no claim
    "家属院的日常",  # a claim word alone: no party
    "本人喜欢林一鸣",  # a fan: 本人 only claims when it follows the name
    "妈妈爱周小雨",  # relatives are named after the person
    "周小雨",
])
def test_hard_negatives(text: str) -> None:
    assert check(text) == []


def test_activity_is_judged_by_event_time() -> None:
    assert check("周小雨家属", day=-0.5) == []  # before active_from
    assert check("周小雨家属", day=0) != []  # from active_from, inclusive
    assert check("周小雨家属", day=13.99) != []
    assert check("周小雨家属", day=14) == []  # expired: expires_at is exclusive


def test_the_events_own_accounts_are_exempt() -> None:
    assert check("周小雨本人", account="u:zhou-own") == []
    assert check("周小雨本人", account="u:other") == [("本人", 0.95)]


def test_pinyin_of_the_name_goes_to_review() -> None:
    (found,) = check("zhouxiaoyu家属")
    assert found[1] < 0.85  # a person's name as pinyin is weak evidence: review, not an automatic strike


def test_one_violation_per_field_and_event_with_a_stable_id() -> None:
    view = ProfileView("u:1", "ev-1", START + timedelta(days=1),
                       (("name", "周小雨家属王建国亲属"), ("bio", "周小雨的妈妈")), None,
                       frozenset())
    found = list(detect_hot_event_party(INDEX, view))
    assert [(v.field, v.identity) for v in found] == [("name", "hot_event:he:1"), ("bio", "hot_event:he:1")]
    again = list(detect_hot_event_party(INDEX, view))
    assert [v.violation_id for v in found] == [v.violation_id for v in again]
    assert found[0].requirement == "D9" and found[0].rule == "hot_event_party"
