"""The shipped policy loads and covers every rule; every kind of mistake is reported with its TOML path."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from enforcement.policy import (
    DEFAULT_POLICY_PATH,
    SEVERITIES,
    Policy,
    PolicyError,
    load_policy,
    parse_policy,
)
from enforcement.rules import RULES

IMPERSONATION = ("official_name_exact", "official_avatar", "official_bio", "division_official_function",
                 "staff_impersonation")


def test_shipped_default_loads_and_covers_every_rule() -> None:
    """The policy owns severity and points for every rule id of the closed list."""
    policy = load_policy()
    assert policy.version == "2026-11-29.2"
    assert policy.mode == "enforce" and policy.brakes.closures_per_hour == 200
    assert set(policy.rules) == {rule.rule_id for rule in RULES}
    assert all(rule.severity in SEVERITIES and rule.points >= 0 for rule in policy.rules.values())
    assert [r.name for r in policy.rungs] == ["notice", "warning", "short_mute", "long_mute", "close", "blacklist"]
    labels = ["提示引导", "站内信警示", "短期禁言", "长期禁言", "关闭账号", "列入黑名单"]
    assert [r.label for r in policy.rungs] == labels
    thresholds = [r.threshold for r in policy.rungs]
    assert thresholds == sorted(set(thresholds))
    assert policy.rung("short_mute").duration_s == 7 * 86400 and policy.rung("long_mute").duration_s == 30 * 86400
    assert policy.window_days == 180 and policy.window_ms == 180 * 86_400_000
    assert policy.repeat_multiplier == 1.5 and policy.repeat_milli == 1500


def test_default_jumps_follow_the_source_documents() -> None:
    """S3: confirmed impersonation closes; S1: hot-event impersonation is a serious case (long mute)."""
    policy = load_policy(None)
    assert {rule: policy.rule(rule).min_rung for rule in IMPERSONATION} == dict.fromkeys(IMPERSONATION, "close")
    assert policy.rule("hot_event_party").min_rung == "long_mute"
    assert policy.rule("official_name_similar").min_rung is None  # similar is not confirmed: no jump
    assert policy.rule("reports_threshold").min_confidence_for_auto == 1.0  # D11: reports alone go to review
    churn = policy.churn  # D10 knobs
    assert (churn.max_changes, churn.window_hours, churn.after_sanction_hours) == (5, 24, 72)
    assert churn.counts_sanction("mute") and churn.counts_sanction("close") and not churn.counts_sanction("warning")
    assert not churn.counts_sanction("unmute")


def test_load_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(DEFAULT_POLICY_PATH.read_text(encoding="utf-8").replace("2026-11-29.2", "2027-01-01.3"))
    assert load_policy(path).version == "2027-01-01.3"
    assert load_policy(str(path)).rules == load_policy().rules


def test_missing_file_is_a_policy_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "absent.toml")


def test_a_policy_file_that_is_not_utf8_is_a_policy_error_and_a_byte_order_mark_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_bytes(b'version = "\xff"\n')
    with pytest.raises(PolicyError, match="not UTF-8 text: byte 11"):
        load_policy(path)
    path.write_bytes(b"\xef\xbb\xbf" + DEFAULT_POLICY_PATH.read_bytes())
    assert load_policy(path).rules == load_policy().rules


def test_toml_syntax_error_is_a_policy_error() -> None:
    with pytest.raises(PolicyError) as caught:
        parse_policy('version = "x"\n[rules\n')
    assert caught.value.problems[0].path == "<toml>"


def _default() -> dict[str, Any]:
    return tomllib.loads(DEFAULT_POLICY_PATH.read_text(encoding="utf-8"))


def _dump(data: dict[str, Any]) -> str:
    """A tiny TOML writer for the shapes a policy uses (tables, [[rungs]], scalars)."""

    def scalar(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(value, dict):  # inline tables: [reports.categories], [labels.kinds]…
            return "{ " + ", ".join(f"{k} = {scalar(v)}" for k, v in value.items()) + " }"
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        return repr(value)

    lines = [f"{key} = {scalar(value)}" for key, value in data.items() if not isinstance(value, dict | list)]
    for key, value in data.items():
        if isinstance(value, list):
            for entry in value:
                lines.append(f"[[{key}]]")
                lines += [f"{k} = {scalar(v)}" for k, v in entry.items()]
        elif isinstance(value, dict):
            if key == "rules":
                for rule_id, entry in value.items():
                    lines.append(f"[rules.{rule_id}]")
                    if isinstance(entry, dict):
                        lines += [f"{k} = {scalar(v)}" for k, v in entry.items()]
            else:
                lines.append(f"[{key}]")
                lines += [f"{k} = {scalar(v)}" for k, v in value.items()]
    return "\n".join(lines)


def _problems(data: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(PolicyError) as caught:
        parse_policy(_dump(data), source="<test>")
    assert "<test>" in str(caught.value)
    return {problem.path: problem.message for problem in caught.value.problems}


def test_round_trip_of_the_writer_is_valid() -> None:
    assert isinstance(parse_policy(_dump(_default())), Policy)


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (lambda d: d["rules"].update(official_name_fuzzy={"severity": "low", "points": 1,
                                                          "min_confidence_for_auto": 0.5}),
         "rules.official_name_fuzzy", "unknown rule id"),
        (lambda d: d["rules"].pop("rumour_repost"), "rules.rumour_repost", "missing"),
        (lambda d: d["rungs"][3].update(threshold=5), "rungs[3].threshold", "out of order"),
        (lambda d: d["rungs"][2].update(duration_days=0), "rungs[2].duration_days", "positive"),
        (lambda d: d["rungs"][2].update(duration_days=-7), "rungs[2].duration_days", "positive"),
        (lambda d: d["rungs"][3].pop("duration_days"), "rungs[3].duration_days", "missing"),
        (lambda d: d["rungs"][0].update(duration_days=3), "rungs[0].duration_days", "only mutes"),
        (lambda d: d["rungs"][1].update(name="notice"), "rungs[1].name", "duplicate"),
        (lambda d: d["rungs"][1].update(sanction="flog"), "rungs[1].sanction", "unknown sanction"),
        (lambda d: d["rules"]["rumour_repost"].update(severity="severe"), "rules.rumour_repost.severity",
         "unknown severity"),
        (lambda d: d["rules"]["rumour_repost"].update(points=-1), "rules.rumour_repost.points", "non-negative"),
        (lambda d: d["rules"]["rumour_repost"].update(points=True), "rules.rumour_repost.points", "non-negative"),
        (lambda d: d["rules"]["hot_event_party"].update(min_rung="exile"), "rules.hot_event_party.min_rung",
         "unknown rung"),
        (lambda d: d["rules"]["rumour_repost"].update(min_confidence_for_auto=1.5),
         "rules.rumour_repost.min_confidence_for_auto", "from 0 to 1"),
        (lambda d: d["rules"]["rumour_repost"].update(weight=3), "rules.rumour_repost.weight", "unknown key"),
        (lambda d: d.update(version=""), "version", "non-empty"),
        (lambda d: d["strikes"].update(window_days=0), "strikes.window_days", "positive"),
        (lambda d: d["strikes"].update(remember_days=30), "strikes.remember_days", "at least"),
        (lambda d: d["escalation"].update(repeat_multiplier=0.5), "escalation.repeat_multiplier", "from 1 to 10"),
        (lambda d: d["escalation"].update(repeat_from_rung="stern_look"), "escalation.repeat_from_rung",
         "unknown rung"),
        (lambda d: d.update(ladder="x"), "ladder", "unknown key"),
        (lambda d: d.pop("rungs"), "rungs", "non-empty"),
        (lambda d: d.update(mode="dry-run"), "mode", "enforce"),
        (lambda d: d["brakes"].update(closures_per_hour=0), "brakes.closures_per_hour", "positive integer"),
        (lambda d: d["brakes"].update(breaker_factor=0.5), "brakes.breaker_factor", "≥ 1"),
        (lambda d: d["brakes"].update(trip_wire=1), "brakes.trip_wire", "unknown key"),
        (lambda d: d["churn"].update(max_changes=0), "churn.max_changes", "positive integer"),
        (lambda d: d["churn"].update(window_hours="24h"), "churn.window_hours", "positive integer"),
        (lambda d: d["churn"].update(history_size=2), "churn.history_size", "at least 3"),
        (lambda d: d["churn"].update(after_sanction_from="scold"), "churn.after_sanction_from", "unknown sanction"),
        (lambda d: d["churn"].update(renames=3), "churn.renames", "unknown key"),
        (lambda d: d.update(churn=5), "churn", "must be a table"),
    ],
)
def test_each_problem_is_reported_with_its_path(mutate: Any, path: str, words: str) -> None:
    data = _default()
    mutate(data)
    problems = _problems(data)
    assert path in problems, problems
    assert words in problems[path]


def test_every_problem_is_reported_at_once() -> None:
    """An operator fixes the file in one pass: all problems are listed, not just the first."""
    data = _default()
    data["rules"]["made_up_rule"] = {"severity": "low", "points": 1, "min_confidence_for_auto": 0.5}
    data["rules"].pop("news_word_unlicensed")
    data["rules"]["staff_impersonation"]["severity"] = "extreme"
    data["rungs"][4]["threshold"] = 2
    data["rungs"][2]["duration_days"] = 0
    problems = _problems(data)
    assert set(problems) >= {"rules.made_up_rule", "rules.news_word_unlicensed",
                             "rules.staff_impersonation.severity", "rungs[4].threshold", "rungs[2].duration_days"}
