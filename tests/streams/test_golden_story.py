"""The golden cases' stories (tests/support/golden_story.py): what a reviewer reads of a case must be what
its byte-level expectation says, and updating a case is deliberate, per case, and never done under CI."""

from __future__ import annotations

import golden
import pytest
from golden import UpdateRefused, golden_cases, load_expected, load_story, updating
from golden_story import changes, story


@pytest.mark.parametrize("case", golden_cases())
def test_each_case_story_is_the_story_of_its_expected_outputs(case: str) -> None:
    # the e2e replay compares both with the worker's outputs; here the two checked-in files agree
    assert load_story(case) == story(load_expected(case))


def test_a_story_lists_each_account_in_event_time_order() -> None:
    expected = {
        ("qinglang.actions", "a2"): {"account_id": "u:1", "sanction": "mute", "rung": "short_mute",
                                     "occurred_at": "2026-01-02T00:00:00.000Z", "points_before": 3,
                                     "points_after": 8, "ends_at": "2026-01-09T00:00:00.000Z"},
        ("qinglang.violations", "v2"): {"account_id": "u:1", "requirement": "D6", "rule": "title",
                                        "field": "new_name", "identity": "title:medical",
                                        "occurred_at": "2026-01-02T00:00:00Z", "evidence": {"text": "王医生"}},
        ("qinglang.violations", "v1"): {"account_id": "u:1", "requirement": "D8", "rule": "news",
                                        "field": "name", "identity": "news:日报",
                                        "occurred_at": "2026-01-01T00:00:00.000000Z", "evidence": {}},
        ("qinglang.processed", "e1"): {"account_id": "u:1"},
    }
    assert story(expected).splitlines()[2:] == [
        "# 1 events processed, 0 records dead-lettered",
        "",
        "u:1",
        "  2026-01-01 00:00:00.000  D8 news  name -> news:日报",
        "  2026-01-02 00:00:00.000  D6 title  new_name «王医生» -> title:medical",
        "  2026-01-02 00:00:00.000  mute [short_mute], points 3->8, until 2026-01-09 00:00:00.000",
    ]


def test_changes_name_the_accounts_whose_story_differs() -> None:
    before = "# header\n\nu:1\n  a\n  b\n\nu:2\n  c\n"
    after = "# header\n\nu:1\n  a\n  b2\n\nu:2\n  c\n\nu:3\n  d\n"
    assert changes(before, after).splitlines() == ["u:1 (changed)", "  - b", "  + b2", "u:3 (new account)", "  + d"]
    assert changes(before, before) == ""


def test_updating_is_per_case_and_refused_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("QINGLANG_UPDATE_GOLDEN", raising=False)
    assert not updating("spine")
    monkeypatch.setenv("QINGLANG_UPDATE_GOLDEN", "spine, sanctions")
    assert updating("spine") and updating("sanctions") and not updating("identity")
    monkeypatch.setenv("QINGLANG_UPDATE_GOLDEN", "all")
    assert all(updating(case) for case in golden.golden_cases())
    monkeypatch.setenv("QINGLANG_UPDATE_GOLDEN", "spnie")
    with pytest.raises(UpdateRefused, match="names no golden case: spnie"):
        updating("spine")
    monkeypatch.setenv("QINGLANG_UPDATE_GOLDEN", "spine")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(UpdateRefused, match="refused when CI is set"):
        updating("spine")
