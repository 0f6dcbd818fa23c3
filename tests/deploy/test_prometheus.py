"""Prometheus config and alert rules (issue 6 §3): promtool checks and unit tests, and every metric an
alert uses is one a real worker exports (scraped from a worker over real Kafka and Redis)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import orjson
import pytest
import yaml
from pipeline_run import run_pipeline

from streams.recording import RecordedRecord

PROMETHEUS = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
METRIC = re.compile(r"\b((?:qinglang|faust|process|python)_[a-z0-9_]+|up)\b")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def _promtool(*args: str) -> str:
    promtool = shutil.which("promtool")
    assert promtool, "promtool missing: `make install` installs Debian's prometheus package (scripts/system-deps.sh)"
    result = subprocess.run([promtool, *args], cwd=PROMETHEUS, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_config_is_valid() -> None:
    assert "SUCCESS" in _promtool("check", "config", "prometheus.yml")


def test_rules_are_valid() -> None:
    assert "7 rules found" in _promtool("check", "rules", "alerts.yml")


def test_rule_unit_tests_pass() -> None:
    _promtool("test", "rules", "alerts_test.yml")


def test_every_alert_is_unit_tested_and_has_a_runbook() -> None:
    rules = [r for g in yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"] for r in g["rules"]]
    tests = yaml.safe_load((PROMETHEUS / "alerts_test.yml").read_text())["tests"]
    tested = {case["alertname"] for t in tests for case in t["alert_rule_test"] if case["exp_alerts"]}
    assert {r["alert"] for r in rules} == tested
    operations = (PROMETHEUS.parents[1] / "docs" / "operations.md").read_text(encoding="utf-8")
    for rule in rules:
        anchor = rule["annotations"]["runbook"].split("#", 1)[1]
        assert f"## {anchor.replace('-', ' ')}".lower() in operations.lower(), anchor


def alert_metric_names() -> set[str]:
    rules = [r for g in yaml.safe_load((PROMETHEUS / "alerts.yml").read_text())["groups"] for r in g["rules"]]
    return {name for rule in rules for name in METRIC.findall(rule["expr"])}


def exported_names(metrics_text: str) -> set[str]:
    """Family names from the # TYPE lines, plus the sample names of histograms."""
    names: set[str] = set()
    for line in metrics_text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            names.add(name)
            if kind == "histogram":
                names.update(name + suffix for suffix in HISTOGRAM_SUFFIXES)
    return names


@pytest.fixture(scope="module")
def worker_metrics(kafka_bootstrap: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    body = {"schema_version": 1, "event_id": "m-1", "type": "profile.created", "account_id": "m:1",
            "occurred_at": "2026-11-22T00:00:00Z", "name": "人民日报", "identity_hash": "o"}
    record = RecordedRecord("account.profile", b"m:1", orjson.dumps(body), None)
    run = run_pipeline([record], kafka_bootstrap=kafka_bootstrap, redis_url=redis_url,
                       workdir=tmp_path_factory.mktemp("metrics"))
    return run.metrics_text


def test_alerts_use_only_metrics_the_worker_exports(worker_metrics: str) -> None:
    exported = exported_names(worker_metrics) | {"up"}  # `up` is Prometheus's own
    used = alert_metric_names()
    assert used, "no metric found in the alert expressions"
    assert used <= exported, sorted(used - exported)
