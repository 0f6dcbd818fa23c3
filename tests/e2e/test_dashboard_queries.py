"""Every panel query of the three dashboards, evaluated by a real Prometheus scraping a real worker after a
replay (the same code that draws the README's dashboards: scripts/render_dashboards.py)."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import secrets
import time
import urllib.request
from pathlib import Path

import pytest
from golden import GOLDEN_DIR
from pipeline_run import _keep_old_records

from streams.bus import topics
from streams.bus.recording import read_recording
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.harness import start_worker, wait_for_group
from streams.local.prometheus import SCRAPE_S, start_prometheus

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("render_dashboards", ROOT / "scripts" / "render_dashboards.py")
assert SPEC is not None and SPEC.loader is not None
render_dashboards = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(render_dashboards)

# Panels the spine replay cannot fill, and why: no breaker trips on 40 accounts (the brakes' own tests trip
# them); no dependency failed, so nothing retried; no avatar host is allowed, so nothing is fetched.
EMPTY_IN_THIS_RUN = {"Breaker state by rule", "Breaker trips by rule (time range)",
                     "Dependency retries/s by dependency", "Avatar fetches/s by result"}
# Panels the replay must move: some series above zero somewhere in the range. (Review items are too few
# in this recording: a reason's counter can be born with its last value, and rate() shows no movement.)
MUST_MOVE = {"Events/s by topic", "Events/s by type", "Processing latency", "Violations/s by requirement",
             "Violations by rule (time range)", "Actions/s by sanction",
             "Dead letters/s by code", "Redis calls/s by operation", "Kafka messages received/s",
             "Protected identities", "Workers up", "Batch size", "Closures per hour and the cap"}


def test_every_panel_query_returns_series_after_a_replay(kafka_bootstrap: str, redis_url: str,
                                                         run_dir: Path) -> None:
    run_id = secrets.token_hex(4)
    prefix, app_id = f"g{run_id}.", f"qinglang-grafana-{run_id}"
    names = TopicNames(prefix)
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=3, replication=1))
    asyncio.run(_keep_old_records(kafka_bootstrap, names))
    records = list(read_recording(GOLDEN_DIR / "spine" / "recording.jsonl"))
    rest = [r for r in records if r.topic not in topics.REGISTRY_TOPICS]
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": prefix, "QINGLANG_APP_ID": app_id, "QINGLANG_PARTITIONS": "3",
           "QINGLANG_COMMIT_INTERVAL": "0.3", "QINGLANG_LAG_INTERVAL": "1"}
    worker = start_worker(env, run_dir / f"grafana-worker-{run_id}.log")
    prometheus = start_prometheus(run_dir / f"prometheus-{run_id}", [f"127.0.0.1:{worker.web_port}"])
    url = prometheus.url
    try:
        _scraped(url, "qinglang_build_info", at_least=1)
        start = time.time() - 2
        # paced over a few scrapes, so rates have more than one sample to move between
        asyncio.run(replay_records(rest, bootstrap=kafka_bootstrap, names=names, rate=50))
        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=180, at_least=len(rest)))
        processed = _total(worker.metrics_text(), "qinglang_events_total")
        _scraped(url, "sum(qinglang_events_total)", at_least=processed)  # Prometheus has seen the whole run
        # and three scrapes more: a counter first seen in the last scrape has one sample, and rate() needs two
        _scraped(url, "max(timestamp(up))", at_least=time.time() + 3 * SCRAPE_S)
        end = time.time()
        results: dict[str, list[tuple[str, list[float], list[float]]]] = {}
        for path in sorted(render_dashboards.DASHBOARDS.glob("*.json")):
            for panel in json.loads(path.read_text())["panels"]:
                results[panel["title"]] = render_dashboards.panel_data(url, panel, start, end, 1)
    finally:
        prometheus.stop()
        worker.stop()
    empty = {title for title, series in results.items() if not series}
    assert empty == EMPTY_IN_THIS_RUN, f"panels without a series: {sorted(empty)}"
    still = {t for t in MUST_MOVE if not any(v > 0 for _, _, values in results[t] for v in values)}
    assert not still, f"panels the replay should have moved: {sorted(still)}"


def _total(metrics_text: str, name: str) -> float:
    return sum(float(line.rsplit(" ", 1)[1]) for line in metrics_text.splitlines()
               if line.startswith(name + "{") or line.startswith(name + " "))


def _scraped(url: str, expr: str, *, at_least: float, timeout: float = 60.0) -> None:
    """Until Prometheus's latest value of `expr` reaches `at_least` (it scrapes every second)."""
    deadline = time.monotonic() + timeout
    while True:
        with urllib.request.urlopen(f"{url}/api/v1/query?query={urllib.request.quote(expr)}", timeout=10) as r:
            result = json.load(r)["data"]["result"]
        if result and float(result[0]["value"][1]) >= at_least:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{expr} did not reach {at_least} in Prometheus within {timeout:.0f}s: {result}")
        time.sleep(0.5)
