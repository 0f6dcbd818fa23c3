"""Grafana dashboards and provisioning (P3): well-formed JSON on the provisioned datasource, valid PromQL
(checked by promtool), documented panel by panel in docs/operations.md, and every metric a dashboard or an
alert refers to is one a real worker exports — scraped from `qinglang worker` over the real Kafka and Redis."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import shutil
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from factories import encode, make_event
from prometheus_client.parser import text_string_to_metric_families

from streams.bus.recording import RecordedRecord
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames
from streams.local.harness import start_worker, wait_for_group

ROOT = Path(__file__).resolve().parents[2]
GRAFANA = ROOT / "deploy" / "grafana"
ALERTS = ROOT / "deploy" / "prometheus" / "alerts.yml"
DASHBOARD_NAMES = ("overview", "enforcement", "dependencies")
PROVIDER = GRAFANA / "provisioning" / "dashboards" / "qinglang.yml"
OPERATIONS = ROOT / "docs" / "operations.md"
METRIC_PREFIXES = ("qinglang_", "faust_", "process_", "python_")
PROMETHEUS_OWN = {"up"}  # written by Prometheus for every target, not by the worker
# Grafana's own variables, with a value that makes the expression valid PromQL for promtool
GRAFANA_VARIABLES = {"__rate_interval": "5m", "__range": "1h", "__interval": "1m", "__range_s": "3600"}
PROMQL_KEYWORDS = {"and", "or", "unless", "bool", "by", "without", "on", "ignoring", "group_left", "group_right",
                   "offset", "inf", "nan"}
IDENTIFIER = re.compile(r"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*(?![a-zA-Z0-9_:])(?!\s*\()")
SAMPLE_NAMES: dict[str, Callable[[str], set[str]]] = {  # the sample names a declared family produces
    "counter": lambda name: {f"{name}_total"},
    "histogram": lambda name: {f"{name}_bucket", f"{name}_sum", f"{name}_count"},
    "summary": lambda name: {name, f"{name}_sum", f"{name}_count"},
    "info": lambda name: {f"{name}_info"},
}


# ---------------------------------------------------------------- helpers


def promtool(*args: str, cwd: Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """Run promtool; missing is a failure, never a skip (scripts/system-deps.sh installs it)."""
    path = shutil.which("promtool") or "/usr/bin/promtool"
    assert Path(path).is_file(), "promtool missing: `make install` installs Debian's prometheus package"
    result = subprocess.run([path, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def alert_rules() -> list[dict[str, Any]]:
    return [rule for group in yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"] for rule in group["rules"]]


def metric_names(expr: str) -> set[str]:
    """The metric names in a PromQL expression: identifiers that are not functions, keywords or label names."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)  # string literals
    text = re.sub(r"\{[^}]*\}", " ", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", " ", text)  # range selectors and subqueries
    text = re.sub(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    text = re.sub(r"\boffset\s+-?[\w$]+", " ", text)
    return {name for name in IDENTIFIER.findall(text) if name.lower() not in PROMQL_KEYWORDS}


def variable_query_expr(query: str) -> str:
    """The PromQL inside a Grafana variable query (`label_values(expr, label)` or a plain expression)."""
    match = re.fullmatch(r"\s*label_values\(\s*(.*?)\s*,\s*\w+\s*\)\s*", query)
    return match.group(1) if match else query


def load(name: str) -> dict[str, Any]:
    return json.loads((GRAFANA / "dashboards" / f"{name}.json").read_text(encoding="utf-8"))


def all_panels(board: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, including those inside rows."""
    for panel in board["panels"]:
        yield panel
        yield from panel.get("panels", [])


def query_panels(board: dict[str, Any]) -> list[dict[str, Any]]:
    return [panel for panel in all_panels(board) if panel["type"] not in ("row", "text")]


def variables(board: dict[str, Any]) -> list[dict[str, Any]]:
    return list(board.get("templating", {}).get("list", []))


def exprs(board: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, PromQL) for every panel query and every query variable of a dashboard."""
    found = [(f"{board['uid']} panel {panel['id']} {target['refId']}", target["expr"])
             for panel in query_panels(board) for target in panel["targets"]]
    for var in variables(board):
        if var["type"] == "query":
            query = var["query"]["query"] if isinstance(var["query"], dict) else var["query"]
            found.append((f"{board['uid']} variable {var['name']}", variable_query_expr(query)))
    return found


def substitute_variables(expr: str, board: dict[str, Any]) -> str:
    """Grafana's interpolation, enough for promtool: builtins get a duration, dashboard variables a regex."""
    names = {var["name"] for var in variables(board)}

    def value(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        if name in GRAFANA_VARIABLES:
            return GRAFANA_VARIABLES[name]
        assert name in names, f"{board['uid']}: ${name} is not a variable of the dashboard"
        return ".+"

    return re.sub(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)", value, expr)


def provisioned_datasource_uid() -> str:
    files = sorted((GRAFANA / "provisioning" / "datasources").glob("*.yml"))
    assert files, "no datasource provisioning file"
    sources = [s for f in files for s in yaml.safe_load(f.read_text(encoding="utf-8"))["datasources"]]
    prometheus = [s for s in sources if s["type"] == "prometheus"]
    assert len(prometheus) == 1, prometheus
    assert prometheus[0]["uid"], "the datasource needs a fixed uid the dashboards can name"
    return str(prometheus[0]["uid"])


def exported_names(metrics_text: str) -> tuple[set[str], set[str]]:
    """(sample names present in a scrape, sample names every declared family produces once it has data).

    A labelled metric shows only its # HELP/# TYPE lines until its first observation (an avatar fetch, a
    retry); Prometheus sees its samples under the names its type gives them (`x_total`, `x_bucket`, …).
    """
    present: set[str] = set()
    declared: set[str] = set()
    for family in text_string_to_metric_families(metrics_text):
        present.update(sample.name for sample in family.samples)
        declared.update(SAMPLE_NAMES.get(family.type, lambda name: {name})(family.name))
    return present, declared


# ---------------------------------------------------------------- the helpers themselves


def test_metric_names_are_extracted_from_promql() -> None:
    expr = ('histogram_quantile(0.99, sum by (le, topic) (rate(qinglang_processing_seconds_bucket'
            '{instance=~"$instance", topic!="x_total"}[$__rate_interval]))) / clamp_min(faust_total_rebalances'
            ' offset 5m, 1e-9) > bool 0 and on (rule) up unless ignoring(code) vector(0)')
    assert metric_names(expr) == {"qinglang_processing_seconds_bucket", "faust_total_rebalances", "up"}
    assert metric_names("sum(rate(qinlang_events_total[5m])) by (topic)") == {"qinlang_events_total"}
    assert variable_query_expr("label_values(qinglang_build_info, instance)") == "qinglang_build_info"


def test_exported_names_use_sample_names() -> None:
    text = ("# HELP a_total A\n# TYPE a_total counter\na_total 1.0\n"
            "# HELP b B\n# TYPE b histogram\nb_bucket{le=\"+Inf\"} 0.0\nb_sum 0.0\nb_count 0.0\n"
            "# HELP c_total C\n# TYPE c_total counter\n")
    present, declared = exported_names(text)
    assert present == {"a_total", "b_bucket", "b_sum", "b_count"}
    assert declared == present | {"c_total"}


# ---------------------------------------------------------------- static checks


@pytest.mark.parametrize("name", DASHBOARD_NAMES)
def test_dashboard_is_well_formed(name: str) -> None:
    board = load(name)
    assert board["uid"] == f"qinglang-{name}" and board["title"].startswith("Qinglang / ")
    assert 36 <= board["schemaVersion"] <= 41
    panels = list(all_panels(board))
    ids = [panel["id"] for panel in panels]
    assert all(isinstance(i, int) for i in ids) and len(ids) == len(set(ids)), f"panel ids not unique: {ids}"
    titles = [panel["title"] for panel in query_panels(board)]
    assert len(titles) == len(set(titles)), "panel titles not unique"
    occupied: dict[tuple[int, int], int] = {}
    for panel in panels:
        grid = panel["gridPos"]
        assert grid["w"] > 0 and grid["h"] > 0 and grid["x"] >= 0 and grid["x"] + grid["w"] <= 24, panel["title"]
        for x in range(grid["x"], grid["x"] + grid["w"]):
            for y in range(grid["y"], grid["y"] + grid["h"]):
                assert (x, y) not in occupied, f"panels {occupied.get((x, y))} and {panel['id']} overlap"
                occupied[x, y] = panel["id"]
    for panel in query_panels(board):
        assert panel.get("description"), f"{name}: panel {panel['title']!r} has no description"
        refs = [target["refId"] for target in panel["targets"]]
        assert refs and len(refs) == len(set(refs)), panel["title"]
        assert all(target["expr"].strip() for target in panel["targets"]), panel["title"]


@pytest.mark.parametrize("name", DASHBOARD_NAMES)
def test_dashboard_uses_only_the_provisioned_datasource(name: str) -> None:
    uid = provisioned_datasource_uid()
    board = load(name)
    refs = [panel["datasource"] for panel in query_panels(board)]
    refs += [target["datasource"] for panel in query_panels(board) for target in panel["targets"]]
    refs += [var["datasource"] for var in variables(board) if var["type"] == "query"]
    assert refs
    for ref in refs:
        assert ref == {"type": "prometheus", "uid": uid}, ref


def test_dashboards_have_distinct_uids_and_are_all_provisioned() -> None:
    boards = [load(name) for name in DASHBOARD_NAMES]
    assert len({b["uid"] for b in boards}) == len(boards) and len({b["title"] for b in boards}) == len(boards)
    on_disk = {p.stem for p in (GRAFANA / "dashboards").glob("*.json")}
    assert on_disk == set(DASHBOARD_NAMES)
    providers = yaml.safe_load(PROVIDER.read_text(encoding="utf-8"))["providers"]
    assert [p["type"] for p in providers] == ["file"]
    assert providers[0]["options"]["path"] == "/etc/grafana/dashboards"  # the compose mount (test_compose.py)


def test_dashboard_queries_are_valid_promql(tmp_path: Path) -> None:
    """Every panel and variable query, as a recording rule, passes `promtool check rules` (its PromQL parser)."""
    rules = []
    for name in DASHBOARD_NAMES:
        board = load(name)
        for index, (_, expr) in enumerate(exprs(board)):
            rules.append({"record": f"dashboard:{name}:{index}", "expr": substitute_variables(expr, board)})
    (tmp_path / "dashboards.yml").write_text(yaml.safe_dump({"groups": [{"name": "dashboards", "rules": rules}]}))
    assert f"SUCCESS: {len(rules)} rules found" in promtool("check", "rules", "dashboards.yml", cwd=tmp_path).stdout


def test_promql_check_catches_a_broken_query(tmp_path: Path) -> None:
    broken = {"groups": [{"name": "d", "rules": [{"record": "d:x", "expr": "sum(rate(qinglang_events_total[5m])"}]}]}
    (tmp_path / "broken.yml").write_text(yaml.safe_dump(broken))
    assert promtool("check", "rules", "broken.yml", cwd=tmp_path, ok=False).returncode != 0


def test_every_referenced_name_looks_like_a_worker_metric() -> None:
    """Catches a typo before the live check: every name has a worker prefix (or is Prometheus's `up`)."""
    for name in DASHBOARD_NAMES:
        for where, expr in exprs(load(name)):
            names = metric_names(expr)
            assert names, f"{where}: no metric in {expr!r}"
            for metric in names:
                assert metric.startswith(METRIC_PREFIXES) or metric in PROMETHEUS_OWN, f"{where}: {metric}"


def test_every_dashboard_and_panel_is_described_in_operations() -> None:
    operations = OPERATIONS.read_text(encoding="utf-8")
    for name in DASHBOARD_NAMES:
        board = load(name)
        assert board["title"] in operations, board["title"]
        for panel in query_panels(board):
            assert f"**{panel['title']}**" in operations, f"{board['title']}: panel {panel['title']!r} undocumented"


# ---------------------------------------------------------------- against a real worker


@pytest.fixture(scope="module")
def worker_metrics(kafka_bootstrap: str, redis_url: str, run_dir: Path) -> str:
    """/metrics of a `qinglang worker` process that enforced one event and dead-lettered one record."""
    run_id = secrets.token_hex(4)
    prefix, app_id = f"t{run_id}.", f"qinglang-test-{run_id}"
    names = TopicNames(prefix)
    env = {
        "QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "QINGLANG_REDIS_URL": redis_url,
        "QINGLANG_TOPIC_PREFIX": prefix,
        "QINGLANG_APP_ID": app_id,
        "QINGLANG_PARTITIONS": "2",
        "QINGLANG_COMMIT_INTERVAL": "0.3",
        "QINGLANG_LAG_INTERVAL": "0.5",
        "QINGLANG_LOG_LEVEL": "warn",
    }
    worker = start_worker(env, run_dir / f"dashboards-worker-{run_id}.log")
    try:
        event = make_event("profile.created", event_id=f"metrics-{run_id}", account_id="m:1", name="人民日报")
        records = [RecordedRecord("account.profile", b"m:1", encode(event)),
                   RecordedRecord("account.profile", b"m:2", b"not json")]
        asyncio.run(replay_records(records, bootstrap=kafka_bootstrap, names=names))

        def alive() -> None:
            assert worker.process.poll() is None, f"worker died; log: {worker.log_path}"

        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=120, alive=alive))
        with urllib.request.urlopen(f"http://127.0.0.1:{worker.web_port}/metrics", timeout=10) as response:
            return str(response.read().decode())
    finally:
        worker.stop()


def test_the_scrape_comes_from_a_worker_that_did_work(worker_metrics: str) -> None:
    samples = [s for family in text_string_to_metric_families(worker_metrics) for s in family.samples]
    events = sum(s.value for s in samples if s.name == "qinglang_events_total")
    dead = {s.labels["code"]: s.value for s in samples
            if s.name == "qinglang_deadletters_total" and s.labels["topic"] == "account.profile"}
    assert events == 1
    assert dead["not_json"] == 1 and sum(dead.values()) == 1


def test_dashboards_and_alerts_use_only_metrics_the_worker_exports(worker_metrics: str) -> None:
    present, declared = exported_names(worker_metrics)
    assert {"qinglang_events_total", "qinglang_processing_seconds_bucket", "faust_producer_send_latency_bucket",
            "process_cpu_seconds_total"} <= present
    used: dict[str, set[str]] = {}
    for name in DASHBOARD_NAMES:
        for where, expr in exprs(load(name)):
            for metric in metric_names(expr):
                used.setdefault(metric, set()).add(where)
    for rule in alert_rules():
        for metric in metric_names(rule["expr"]):
            used.setdefault(metric, set()).add(f"alert {rule['alert']}")
    assert len(used) >= 25
    missing = {metric: sorted(where) for metric, where in used.items()
               if metric not in present | declared | PROMETHEUS_OWN}
    assert not missing, f"not exported by the worker: {missing}"
