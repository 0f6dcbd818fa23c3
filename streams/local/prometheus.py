"""A real Prometheus (Debian's `prometheus` binary) on 127.0.0.1 for the demo, the dashboard pictures and the
alert captures: a generated scrape config (the given workers, every second, job `qinglang` as in
deploy/prometheus/prometheus.yml, so the alerts' `job="qinglang"` matches) and the project's alert rules."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streams.local.services.errors import ServiceError
from streams.local.services.process import DEPLOY_DIR, free_port, log_tail, stop_process

ALERTS = DEPLOY_DIR / "prometheus" / "alerts.yml"
JOB = "qinglang"
SCRAPE_S = 1


@dataclass
class PrometheusServer:
    """A running prometheus; `stop()` terminates it (its data directory stays for a look afterwards)."""

    workdir: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / "prometheus.log"

    def stop(self, timeout: float = 10.0) -> int:
        return stop_process(self.process, timeout)

    def query(self, expr: str, at: float | None = None) -> list[dict[str, Any]]:
        return query(self.url, expr, at)


def prometheus_binary() -> str | None:
    """Where Debian's `prometheus` is, or None (scripts/system-deps.sh installs it)."""
    return shutil.which("prometheus")


def scrape_config(targets: list[str], scrape_s: int = SCRAPE_S) -> dict[str, Any]:
    """The config: `targets` scraped every `scrape_s` seconds as job `qinglang`, rules evaluated as often."""
    return {"global": {"scrape_interval": f"{scrape_s}s", "evaluation_interval": f"{scrape_s}s"},
            "rule_files": ["alerts.yml"],
            "scrape_configs": [{"job_name": JOB, "metrics_path": "/metrics",
                                "static_configs": [{"targets": targets}]}]}


def start_prometheus(workdir: Path, targets: list[str], *, scrape_s: int = SCRAPE_S,
                     timeout: float = 30.0) -> PrometheusServer:
    """Start prometheus in `workdir` (config, rules, data and log there) on a free port; wait until ready."""
    binary = prometheus_binary()
    if binary is None:
        raise ServiceError("`prometheus` is not installed; run `make system-deps` (apt-get install prometheus)")
    workdir.mkdir(parents=True, exist_ok=True)
    shutil.copy(ALERTS, workdir / "alerts.yml")
    (workdir / "prometheus.yml").write_text(json.dumps(scrape_config(targets, scrape_s), indent=2))  # JSON is YAML
    port = free_port()
    with (workdir / "prometheus.log").open("wb") as log:
        process = subprocess.Popen(
            [binary, f"--config.file={workdir / 'prometheus.yml'}", f"--storage.tsdb.path={workdir / 'data'}",
             f"--web.listen-address=127.0.0.1:{port}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = PrometheusServer(workdir, port, process)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{server.url}/-/ready", timeout=2).close()
            return server
        except OSError:
            if process.poll() is not None:
                raise ServiceError(
                    f"prometheus exited with {process.returncode}:\n{log_tail(server.log_path)}") from None
            time.sleep(0.3)
    server.stop()
    raise ServiceError(f"prometheus did not become ready within {timeout:.0f}s:\n{log_tail(server.log_path)}")


def api(url: str, path: str, params: dict[str, str] | None = None) -> Any:
    """The `data` of a Prometheus HTTP API answer; a failed query raises RuntimeError with Prometheus's error."""
    full = f"{url}/api/v1/{path}" + (f"?{urllib.parse.urlencode(params)}" if params else "")
    try:
        with urllib.request.urlopen(full, timeout=30) as response:
            body = json.load(response)
    except urllib.error.HTTPError as exc:  # a bad query answers 400 with the reason in the body
        body = json.loads(exc.read() or b"{}")
    if body.get("status") != "success":
        raise RuntimeError(f"{full}: {body.get('error', body)}")
    return body["data"]


def query(url: str, expr: str, at: float | None = None) -> list[dict[str, Any]]:
    """An instant query's result rows (`metric`, `value`)."""
    params = {"query": expr}
    if at is not None:
        params["time"] = str(at)
    return list(api(url, "query", params)["result"])


def query_range(url: str, expr: str, start: float, end: float, step_s: float) -> list[dict[str, Any]]:
    """A range query's result rows (`metric`, `values`)."""
    return list(api(url, "query_range", {"query": expr, "start": str(start), "end": str(end),
                                         "step": f"{step_s}s"})["result"])


def rule_groups(url: str) -> list[dict[str, Any]]:
    """The rule groups Prometheus has loaded (`/api/v1/rules`)."""
    return list(api(url, "rules")["groups"])


def wait_for(url: str, expr: str, *, at_least: float, timeout: float = 30.0) -> float | None:
    """Poll until the first row of `expr` reaches `at_least`; its last value (None if no rows) either way."""
    deadline = time.monotonic() + timeout
    while True:
        rows = query(url, expr)
        value = float(rows[0]["value"][1]) if rows else None
        if (value is not None and value >= at_least) or time.monotonic() > deadline:
            return value
        time.sleep(0.3)
