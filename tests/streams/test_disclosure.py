"""S7 disclosure without services: China Standard Time days (the 16:00 UTC boundary), the typical-case
summary check, the violations a case can be made from, and the printable page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from streams.disclosure.cases import (
    MAX_SUMMARY,
    SummaryError,
    case_id,
    check_summary,
    decided_violations,
    public,
    typical_case,
)
from streams.disclosure.days import CST, BoundError, check_period, cst_day, parse_bound
from streams.disclosure.render import as_html, as_table
from streams.disclosure.stats import aggregate


def _violation(vid: str, at: str, requirement: str = "D1") -> dict[str, str]:
    return {"violation_id": vid, "account_id": "u:1", "requirement": requirement, "occurred_at": at}


def _action(aid: str, at: str, **extra: str) -> dict[str, str]:
    return {"action_id": aid, "sanction": "mute", "rung": "short_mute", "occurred_at": at, **extra}


def test_a_time_just_after_16_00_utc_is_the_next_cst_day() -> None:
    assert cst_day(datetime(2026, 11, 1, 15, 59, 59, 999000, tzinfo=UTC)) == "2026-11-01"
    assert cst_day(datetime(2026, 11, 1, 16, 0, tzinfo=UTC)) == "2026-11-02"
    assert cst_day(datetime(2026, 11, 1, 16, 0, 1, tzinfo=UTC)) == "2026-11-02"
    assert cst_day(datetime(2026, 12, 31, 16, 30, tzinfo=UTC)) == "2027-01-01"  # and the next year


def test_statistics_are_grouped_by_cst_day_and_the_period_is_read_in_cst() -> None:
    violations = [_violation("before", "2026-11-01T15:59:59Z"), _violation("after", "2026-11-01T16:00:00Z"),
                  _violation("after", "2026-11-01T16:00:00Z"),  # the same id again: counted once
                  _violation("late", "2026-11-02T15:59:59.999Z", "D8"), _violation("next", "2026-11-02T16:00:00Z")]
    actions = [_action("a1", "2026-11-01T16:00:01Z"), _action("a2", "2026-11-01T12:00:00Z"),
               _action("a3", "2026-11-01T17:00:00Z", supersedes="a1")]  # a restatement: no new sanction
    stats = aggregate(violations, actions, None, None)
    assert stats["by_day"] == {"2026-11-01": {"violations": 1, "sanctions": 1},
                               "2026-11-02": {"violations": 2, "sanctions": 1},
                               "2026-11-03": {"violations": 1, "sanctions": 0}}
    # --since 2026-11-02 --until 2026-11-03: the CST day, i.e. [11-01 16:00Z, 11-02 16:00Z)
    day = aggregate(violations, actions, parse_bound("2026-11-02"), parse_bound("2026-11-03"))
    assert day["violations"] == 2 and day["violations_by_requirement"] == {"D1": 1, "D8": 1}
    assert list(day["by_day"]) == ["2026-11-02"]
    assert day["since"] == "2026-11-02T00:00:00+08:00" and day["time_zone"] == "Asia/Shanghai"


def test_period_bounds_are_cst_unless_they_carry_an_offset() -> None:
    assert parse_bound("2026-11-02") == datetime(2026, 11, 1, 16, 0, tzinfo=UTC)
    assert parse_bound("2026-11-02T08:00") == datetime(2026, 11, 2, 0, 0, tzinfo=UTC)
    assert parse_bound("2026-11-02T08:00Z") == datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    assert parse_bound("2026-11-02T08:00+09:00").utcoffset() == timedelta(hours=9)
    assert parse_bound("2026-11-02").tzinfo is CST
    for bad in ("last tuesday", "2026-02-30", "2026-13-01", ""):
        with pytest.raises(BoundError, match="ISO date"):
            parse_bound(bad)
    with pytest.raises(BoundError, match="empty"):
        check_period(parse_bound("2026-11-02"), parse_bound("2026-11-02"))
    check_period(parse_bound("2026-11-02"), None)
    assert parse_bound("2026-11-02T00:00+08:00") == parse_bound("2026-11-02").astimezone(UTC)


@pytest.mark.parametrize(("summary", "kind"), [
    ("", "empty"),
    (" \u200b\u200d\n\ufe0f ", "empty"),  # only characters that draw nothing
    ("冒" * (MAX_SUMMARY + 1), "too_long"),
    ("该账号 u:42 仿冒公安机关", "account_id"),  # the case's own account
    ("仿冒者 s:1 与 u:100000 同一主体", "account_id"),  # any account id of the project's shape
    ("账号ｕ：４２仿冒", "account_id"),  # in full-width forms
    ("账号 U:100001 仿冒", "account_id"),
    ("账号u:4\u200b2仿冒", "account_id"),  # split by a zero-width space
    ("主体 owner-hash-xyz 名下账号", "identity_hash"),  # the owner's identity hash, whatever its shape
    ("主体 28807371109eac81f69002c0eeec3d7a", "identity_hash"),
    ("详见 https://weibo.example.cn/p/1", "url"),
    ("见 www.example.com", "url"),
    ("转发至 example.cn 的页面", "url"),
    ("联系邮箱 someone@example.org", "email"),
    ("联系电话 138 0013 8000", "phone"),
    ("电话+8613800138000", "phone"),
    ("座机 010-62345678", "phone"),
])
def test_a_summary_that_names_someone_is_refused(summary: str, kind: str) -> None:
    with pytest.raises(SummaryError) as refused:
        check_summary(summary, account_id="u:42", identity_hash="owner-hash-xyz")
    assert refused.value.kind == kind


def test_a_second_account_of_the_case_is_refused_whatever_its_shape() -> None:
    with pytest.raises(SummaryError) as refused:
        check_summary("与 12345 号账号同一主体", account_id="u:42", other_accounts=("12345",))
    assert refused.value.kind == "account_id"


def test_a_plain_summary_is_accepted_with_its_whitespace_made_one_space() -> None:
    text = ("某账号以“苏州市公安局”为名发布通报，\n  冒充官方机构；2026-11-01 经复核确认，账号被关闭。"
            "Reason: D1 impersonation. Note:rule official_bio, S7:公示")
    assert check_summary(text, account_id="u:42", identity_hash="owner-hash-xyz") == " ".join(text.split())


def test_only_violations_that_fired_a_sanction_still_standing_are_cases() -> None:
    audit = [
        {"kind": "strike", "violation_id": "v1", "rule": "official_bio", "occurred_at_ms": "1793491200000"},
        {"kind": "action", "violation_id": "v1", "sanction": "warning", "rung": "warning"},
        {"kind": "strike", "violation_id": "v2", "rule": "official_name_exact", "occurred_at_ms": "1793491300000"},
        {"kind": "strike", "violation_id": "v3", "rule": "official_name_exact", "occurred_at_ms": "1793491400000"},
        {"kind": "action", "violation_id": "v3", "sanction": "mute", "rung": "short_mute"},
        {"kind": "appeal", "violation_id": "v3"},
        {"kind": "action", "violation_id": "v3", "sanction": "unmute", "rung": "short_mute", "reverses": "x"},
    ]
    decided = decided_violations(audit)
    assert list(decided) == ["v1"]  # v2 fired nothing; v3's mute was overturned on appeal
    assert decided["v1"].sanctions == ("warning",) and decided["v1"].occurred_at == "2026-11-01T00:00:00.000Z"


def test_the_case_record_and_what_a_report_shows_of_it() -> None:
    case = typical_case(violation_id="v1", account_id="u:42", rule="official_bio", requirement="D3",
                        occurred_at="2026-10-31T16:00:00.000Z", sanction="warning", summary="冒充官方机构",
                        marked_by="wang", marked_at="2026-11-05T01:00:00.000Z", review_id="r1")
    assert case["case_id"] == case_id("v1") != case_id("v2")
    assert case["date"] == "2026-11-01"  # 16:00 UTC on 31 October is 1 November in CST
    shown = public(case)
    assert "u:42" not in str(shown) and "v1" not in shown.values() and "wang" not in str(shown)
    assert public(case, with_marker=True)["marked_by"] == "wang"


def _report() -> dict[str, object]:
    stats = aggregate([_violation("v", "2026-11-01T16:00:00Z")], [_action("a", "2026-11-01T16:00:00Z")],
                      parse_bound("2026-11-01"), parse_bound("2026-11-08"))
    stats["typical_cases"] = [{"case_id": "c" * 32, "date": "2026-11-02", "requirement": "D3",
                               "rule": "official_bio", "sanction": "mute", "summary": "<b>冒充</b>官方机构"}]
    return stats


def test_the_printable_page_is_self_contained_escaped_and_says_its_time_zone() -> None:
    page = as_html(_report())
    assert "@media print" in page and "<style>" in page
    assert "<link" not in page and "<script" not in page and "src=" not in page  # nothing fetched
    assert "&lt;b&gt;冒充&lt;/b&gt;官方机构" in page  # the summary is text, never markup
    assert "北京时间" in page and "典型案例" in page and "禁言" in page
    assert "简介或签名将账号表述为受保护官方机构" in page  # the rule in words
    english = as_html(_report(), "en")
    assert "China Standard Time" in english and "Typical cases" in english


def test_the_table_says_its_time_zone_and_lists_days_and_cases() -> None:
    text = as_table(_report())
    assert "China Standard Time" in text and "2026-11-01T00:00:00+08:00" in text
    assert "2026-11-02" in text and "typical cases: 1" in text and "<b>冒充</b>官方机构" in text


def test_without_a_time_zone_database_cst_is_the_fixed_utc_plus_8(monkeypatch: pytest.MonkeyPatch) -> None:
    from zoneinfo import ZoneInfoNotFoundError

    from streams.disclosure import days

    def missing(key: str) -> None:
        raise ZoneInfoNotFoundError(key)

    monkeypatch.setattr(days, "ZoneInfo", missing)
    fixed = days._cst()
    assert datetime(2026, 11, 1, 16, 0, tzinfo=UTC).astimezone(fixed).date().isoformat() == "2026-11-02"
    assert fixed.utcoffset(None) == timedelta(hours=8)
