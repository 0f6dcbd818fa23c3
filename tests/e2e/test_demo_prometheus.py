"""The demo's Prometheus (`qinglang demo` starts it next to the worker): Debian's prometheus scrapes a real
worker with the project's alert rules loaded, and the demo's report reads the run back through the HTTP API."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import pytest
import yaml

from streams.bus import topics
from streams.bus.recording import read_recording
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.demo import DEFAULT_RECORDING, _start_prometheus, prometheus_report
from streams.local.harness import start_worker, wait_for_group
from streams.local.prometheus import ALERTS, rule_groups, wait_for

pytestmark = pytest.mark.e2e


def test_demo_prometheus_scrapes_the_worker_with_the_alert_rules(kafka_bootstrap: str, redis_url: str,
                                                                 run_dir: Path) -> None:
    run_id = secrets.token_hex(4)
    names, app_id = TopicNames(f"p{run_id}."), f"qinglang-demo-prom-{run_id}"
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=1, replication=1))
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": names.prefix, "QINGLANG_APP_ID": app_id, "QINGLANG_PARTITIONS": "1",
           "QINGLANG_COMMIT_INTERVAL": "0.3"}
    workdir = run_dir / f"demo-prometheus-{run_id}"
    worker = start_worker(env, workdir / "worker.log")
    prometheus = None
    try:
        prometheus = _start_prometheus(workdir, worker)
        assert prometheus is not None, "prometheus is installed (scripts/system-deps.sh), so the demo starts it"
        assert wait_for(prometheus.url, 'up{job="qinglang"}', at_least=1, timeout=30) == 1
        records = [r for r in read_recording(DEFAULT_RECORDING) if r.topic in topics.INPUT_TOPICS][:40]
        asyncio.run(replay_records(records, bootstrap=kafka_bootstrap, names=names))
        asyncio.run(wait_for_group(kafka_bootstrap, app_id, names, timeout=120, at_least=len(records)))
        text = worker.metrics_text()
        events = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                     if line.startswith("qinglang_events_total{"))
        assert events > 0
        report = prometheus_report(prometheus, events)
        assert prometheus.url in report
        assert "Prometheus scraped this run's data" in report, report

        groups = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))["groups"]
        loaded = {g["name"]: {r["name"] for r in g["rules"]} for g in rule_groups(prometheus.url)}
        assert loaded == {g["name"]: {r["alert"] for r in g["rules"]} for g in groups}
    finally:
        if prometheus:
            prometheus.stop()
        worker.stop()
