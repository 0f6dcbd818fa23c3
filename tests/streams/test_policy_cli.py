"""`qinglang policy check|diff` and the S7 aggregation behind `qinglang report` (S7)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
from click.testing import CliRunner

from enforcement.identity import shipped_index
from enforcement.policy.load import DEFAULT_POLICY_PATH
from streams.cli import main
from streams.cli.ledger import aggregate

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "sanctions"


def _recording(tmp_path: Path) -> Path:
    path = tmp_path / "all.jsonl"
    path.write_bytes(b"".join((GOLDEN / n).read_bytes() for n in ("recording.jsonl", "then.1.jsonl", "then.2.jsonl")))
    return path


def _stricter(tmp_path: Path) -> Path:
    """D6 worth 10 points (long mute at once) instead of 3."""
    text = DEFAULT_POLICY_PATH.read_text(encoding="utf-8")
    old = '[rules.professional_title_uncredentialed]\nseverity = "medium"\npoints = 3'
    assert old in text
    path = tmp_path / "strict.toml"
    path.write_text(text.replace(old, old[:-1] + "10").replace('version = "', 'version = "strict-'), encoding="utf-8")
    return path


def test_policy_check_accepts_the_default_and_lists_problems(tmp_path: Path) -> None:
    runner = CliRunner()
    ok = runner.invoke(main, ["policy", "check", str(DEFAULT_POLICY_PATH)])
    assert ok.exit_code == 0 and "valid" in ok.output
    bad = tmp_path / "bad.toml"
    bad.write_text(DEFAULT_POLICY_PATH.read_text(encoding="utf-8").replace('mode = "enforce"', 'mode = "maybe"'))
    result = runner.invoke(main, ["policy", "check", str(bad)])
    assert result.exit_code == 1 and "mode" in result.output


def test_policy_diff_lists_accounts_sanctioned_differently(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["policy", "diff", "-q", "--json", str(DEFAULT_POLICY_PATH),
                                       str(_stricter(tmp_path)), str(_recording(tmp_path))])
    assert result.exit_code == 0, result.output
    report = orjson.loads(result.stdout)
    changed = {entry["account_id"]: entry for entry in report["accounts_changed"]}
    assert set(changed) == {"s:1", "s:2", "s:3"}  # the D6 accounts; s:4, s:9 (D1) and s:5/s:6/s:8 are unchanged
    assert changed["s:2"]["old"] == ["warning:warning", "warning:warning"]
    assert changed["s:2"]["new"][0] == "mute:long_mute"
    assert report["events"] == 18 and report["bad_records"] == []


def test_policy_diff_of_a_policy_with_itself_changes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["policy", "diff", "-q", str(DEFAULT_POLICY_PATH), str(DEFAULT_POLICY_PATH),
                                       str(_recording(tmp_path))])
    assert result.exit_code == 0
    assert "0 accounts sanctioned differently" in result.output


def test_policy_diff_reports_bad_records_and_goes_on(tmp_path: Path) -> None:
    path = _recording(tmp_path)
    path.write_bytes(path.read_bytes() + b'{"topic":"account.profile","key":"x","value":"{}","timestamp":1}\n')
    result = CliRunner().invoke(main, ["policy", "diff", "-q", "--json", str(DEFAULT_POLICY_PATH),
                                       str(DEFAULT_POLICY_PATH), str(path)])
    report = orjson.loads(result.stdout)
    assert [b["record"] for b in report["bad_records"]] == [19]  # after the 18 golden records


def test_report_aggregates_by_event_time_and_counts_each_id_once() -> None:
    v = {"violation_id": "v1", "account_id": "a", "requirement": "D1", "occurred_at": "2026-01-02T00:00:00Z"}
    late = {**v, "violation_id": "v2", "requirement": "D8", "occurred_at": "2026-03-01T00:00:00Z"}
    mute = {"action_id": "x1", "sanction": "mute", "rung": "short_mute", "occurred_at": "2026-01-02T00:00:00Z"}
    unmute = {"action_id": "x2", "sanction": "unmute", "rung": "short_mute", "reverses": "x1",
              "reason": "appeal_overturned", "occurred_at": "2026-01-03T00:00:00Z"}
    stats = aggregate([v, v, late], [mute, mute, unmute], datetime(2026, 1, 1, tzinfo=UTC),
                      datetime(2026, 2, 1, tzinfo=UTC))
    assert stats["violations"] == 1 and stats["violations_by_requirement"] == {"D1": 1}
    assert stats["sanctions_by_rung"] == {"short_mute": 1}
    assert stats["sanctions_by_type"] == {"mute": 1, "unmute": 1}
    assert stats["sanctions_reversed_on_appeal"] == 1


def test_report_refuses_a_bad_date() -> None:
    result = CliRunner().invoke(main, ["report", "--since", "last tuesday"])
    assert result.exit_code == 2 and "ISO date" in result.output


def test_policy_diff_replays_credentials_and_registry_rechecks_as_the_worker_does() -> None:
    """D7 lapses (fired by the watermark) and registry re-checks of existing accounts sanction in
    the what-if replay too, with the same actions the worker gave in the `credentials` golden."""
    from golden import GOLDEN_DIR, case_phases, load_expected

    from enforcement.policy import load_policy
    from streams.bus.recording import read_recording
    from streams.offline.what_if import diff_policies

    policy = load_policy(GOLDEN_DIR / "credentials" / "policy.toml")
    records = [r for path in case_phases("credentials") for r in read_recording(path)]
    diff = diff_policies(records, shipped_index(), policy, policy)
    expected: dict[str, list[tuple[str, str]]] = {}
    for (topic, _), record in load_expected("credentials").items():
        if topic == "qinglang.actions":
            expected.setdefault(record["account_id"], []).append((record["sanction"], record["rung"]))
    assert {a: sorted(s) for a, s in diff.old.items()} == {a: sorted(s) for a, s in expected.items()}
    assert ("credential_expiry_notice", "notice") in diff.old["c:1"] and diff.old["r:1"] == [("close", "close")]
    assert diff.changed() == []
