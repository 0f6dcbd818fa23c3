"""The worker's web port serves what operators need — /metrics, and Faust's one-line status at / — and
none of Faust's pages about the app's internals (router, tables, graph, statistics, performance)."""

from __future__ import annotations

import secrets
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from streams.local.harness import start_worker

pytestmark = pytest.mark.e2e


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_only_metrics_and_status_are_served(tmp_path: Path, kafka_bootstrap: str, redis_url: str) -> None:
    env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": f"web{secrets.token_hex(3)}.", "QINGLANG_APP_ID": f"web-{secrets.token_hex(3)}"}
    worker = start_worker(env, tmp_path / "worker.log")
    try:
        base = f"http://127.0.0.1:{worker.web_port}"
        assert "qinglang_events_total" in worker.metrics_text()
        assert _status(base + "/") == 200
        hidden = {path: _status(base + path) for path in
                  ("/router/", "/table/", "/graph/", "/stats/", "/assignments/", "/performance/")}
    finally:
        worker.stop()
    assert hidden == dict.fromkeys(hidden, 404)
