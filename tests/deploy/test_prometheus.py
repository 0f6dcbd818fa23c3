"""Prometheus config and alert rules (P3): promtool checks and unit tests, every alert unit-tested both
firing and quiet, and documented in docs/operations.md. That every metric an alert uses is one a real worker
exports is checked, together with the dashboards' metrics, in test_dashboards.py (one worker for both)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

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


def test_rule_unit_tests_can_fail(tmp_path: Path) -> None:
    """The same unit tests with one expected alert removed must fail: promtool really evaluates them."""
    tests = yaml.safe_load((PROMETHEUS / "alerts_test.yml").read_text(encoding="utf-8"))
    firing = next(case for t in tests["tests"] for case in t["alert_rule_test"] if case["exp_alerts"])
    firing["exp_alerts"] = []
    shutil.copy(PROMETHEUS / "alerts.yml", tmp_path / "alerts.yml")
    (tmp_path / "alerts_test.yml").write_text(yaml.safe_dump(tests, allow_unicode=True), encoding="utf-8")
    result = promtool("test", "rules", "alerts_test.yml", cwd=tmp_path, ok=False)
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
