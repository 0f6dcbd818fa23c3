"""Prometheus config and alert rules (P3): promtool checks and unit tests, every alert unit-tested both
firing and quiet on hand-written series (alerts_test.yml), every alert tested on the series of a real run
(alerts_real_test.yml, written by scripts/capture_alert_series.py), and documented in docs/operations.md.
That every metric an alert uses is one a real worker exports is checked, together with the dashboards'
metrics, in test_dashboards.py (one worker for both)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PROMETHEUS = ROOT / "deploy" / "prometheus"
OPERATIONS = ROOT / "docs" / "operations.md"
SEVERITIES = {"page", "warn"}


def promtool_path() -> str:
    """promtool from PATH or Debian's /usr/bin; missing is a failure, never a skip (scripts/system-deps.sh)."""
    promtool = shutil.which("promtool") or "/usr/bin/promtool"
    assert Path(promtool).is_file(), "promtool missing: `make install` installs Debian's prometheus package"
    return promtool


def promtool(*args: str, cwd: Path = PROMETHEUS, ok: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([promtool_path(), *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load((PROMETHEUS / "alerts.yml").read_text(encoding="utf-8"))["groups"]
    return [rule for group in groups for rule in group["rules"]]


def heading_anchors(markdown: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file (lower case, punctuation dropped, spaces → -)."""
    anchors = set()
    for line in markdown.splitlines():
        match = re.match(r"#{1,6}\s+(.*)", line)
        if match:
            text = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower())
            anchors.add(text.replace(" ", "-"))
    return anchors


def test_config_is_valid_and_scrapes_the_workers_with_the_rules() -> None:
    assert "SUCCESS" in promtool("check", "config", "prometheus.yml").stdout
    config = yaml.safe_load((PROMETHEUS / "prometheus.yml").read_text(encoding="utf-8"))
    assert config["rule_files"] == ["alerts.yml"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == {"qinglang"}
    job = jobs["qinglang"]
    assert job.get("metrics_path", "/metrics") == "/metrics"
    assert {t for sc in job["static_configs"] for t in sc["targets"]} == {"worker-1:6066", "worker-2:6066"}


def test_rules_are_valid() -> None:
    rules = alert_rules()
    assert len(rules) >= 7
    assert f"SUCCESS: {len(rules)} rules found" in promtool("check", "rules", "alerts.yml").stdout


def test_rule_unit_tests_pass() -> None:
    assert "SUCCESS" in promtool("test", "rules", "alerts_test.yml").stdout


def test_rule_unit_tests_on_real_series_pass() -> None:
    assert "SUCCESS" in promtool("test", "rules", "alerts_real_test.yml").stdout


def real_series_tests() -> list[dict[str, Any]]:
    tests = yaml.safe_load((PROMETHEUS / "alerts_real_test.yml").read_text(encoding="utf-8"))["tests"]
    return [case for t in tests for case in t["alert_rule_test"]]


def test_every_alert_is_tested_on_real_series() -> None:
    """Every rule has eval times on the real run's series, whether it fires there or stays silent."""
    names = {rule["alert"] for rule in alert_rules()}
    assert {case["alertname"] for case in real_series_tests()} == names


def test_the_real_run_makes_the_dependency_and_worker_alerts_fire() -> None:
    """The faults of the capture run (Redis stopped, an ACL refusing the ledger, the worker stopped) fire
    their alerts on the real series, each also tested quiet before it fires; docs/operations.md lists them."""
    capture = capture_script()
    cases = real_series_tests()
    fired = {case["alertname"] for case in cases if case["exp_alerts"]}
    assert fired >= capture.MUST_FIRE
    assert {case["alertname"] for case in cases if not case["exp_alerts"]} >= capture.MUST_FIRE
    monitoring = OPERATIONS.read_text(encoding="utf-8")
    for name in {rule["alert"] for rule in alert_rules()} - fired:
        assert name in capture.WHY_SILENT, f"{name} stays silent on real series: say why in WHY_SILENT"
        assert name in monitoring


def capture_script() -> Any:
    spec = importlib.util.spec_from_file_location("capture_alert_series", ROOT / "scripts" / "capture_alert_series.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("capture_alert_series", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_capture_script_writes_promtool_notation_and_finds_the_metrics() -> None:
    capture = capture_script()
    values = [None, None, 1, 1, 1, 2, 3, 4, 5, None, None, 7.5, 7.5, 7.5, 0.1, 0.2, None]
    assert capture.expand_notation(values) == "_x2 1x2 2+1x3 stale _ 7.5x2 0.1 0.2 stale"
    assert capture.metric_names('sum by (topic) (rate(a_total{x="y"}[5m])) > 0 and on (i) max(b) == 1') == {
        "a_total", "b"}
    assert capture.parse_duration("1h30m") == 5400
    with pytest.raises(capture.CaptureError):
        capture.parse_duration("2 minutes")


def test_capture_script_notation_means_what_promtool_reads(tmp_path: Path) -> None:
    """The notation of a series that starts late, counts, goes flat and goes stale, read back by promtool."""
    capture = capture_script()
    values = [None, 3, 4, 5, 5, 5, 2.5, None, None]
    (tmp_path / "rules.yml").write_text("groups: []\n")
    checks = [{"expr": "x", "eval_time": f"{i}s", "exp_samples": [] if v is None else [
        {"labels": "x", "value": v}]} for i, v in enumerate(values)]
    tests = {"rule_files": ["rules.yml"], "evaluation_interval": "1s",
             "tests": [{"interval": "1s", "input_series": [{"series": "x", "values": capture.expand_notation(values)}],
                        "promql_expr_test": checks}]}
    (tmp_path / "t.yml").write_text(yaml.safe_dump(tests))
    promtool("test", "rules", "t.yml", cwd=tmp_path)


@pytest.mark.parametrize("name", ["alerts_test.yml", "alerts_real_test.yml"])
def test_rule_unit_tests_can_fail(tmp_path: Path, name: str) -> None:
    """The same unit tests with one expected alert removed must fail: promtool really evaluates them."""
    tests = yaml.safe_load((PROMETHEUS / name).read_text(encoding="utf-8"))
    firing = next(case for t in tests["tests"] for case in t["alert_rule_test"] if case["exp_alerts"])
    firing["exp_alerts"] = []
    shutil.copy(PROMETHEUS / "alerts.yml", tmp_path / "alerts.yml")
    (tmp_path / name).write_text(yaml.safe_dump(tests, allow_unicode=True), encoding="utf-8")
    result = promtool("test", "rules", name, cwd=tmp_path, ok=False)
    assert result.returncode != 0, result.stdout
    assert firing["alertname"] in result.stdout + result.stderr


def test_every_alert_is_tested_firing_and_quiet() -> None:
    tests = yaml.safe_load((PROMETHEUS / "alerts_test.yml").read_text(encoding="utf-8"))["tests"]
    cases = [case for t in tests for case in t["alert_rule_test"]]
    names = {rule["alert"] for rule in alert_rules()}
    assert {case["alertname"] for case in cases if case["exp_alerts"]} == names
    assert {case["alertname"] for case in cases if not case["exp_alerts"]} == names


def test_every_alert_has_severity_meaning_and_a_runbook_section() -> None:
    anchors = heading_anchors(OPERATIONS.read_text(encoding="utf-8"))
    names = [rule["alert"] for rule in alert_rules()]
    assert len(names) == len(set(names)), "duplicate alert names"
    for rule in alert_rules():
        assert rule["labels"]["severity"] in SEVERITIES, rule["alert"]
        annotations = rule["annotations"]
        assert annotations["summary"].strip() and annotations["description"].strip(), rule["alert"]
        path, _, anchor = annotations["runbook"].partition("#")
        assert path == "docs/operations.md", rule["alert"]
        assert anchor in anchors, f"{rule['alert']}: no section #{anchor} in docs/operations.md"


def test_heading_anchors() -> None:
    assert heading_anchors("# Ops\n## Dead-letter spike\n### Lag growing (workers)\ntext") == {
        "ops", "dead-letter-spike", "lag-growing-workers"}
