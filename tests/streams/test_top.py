"""`qinglang top` (P3): rates between two scrapes, rendered for a terminal."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from streams.cli import main
from streams.observability.top import View, parse

BEFORE = """# TYPE qinglang_events_total counter
qinglang_events_total{topic="account.profile",type="profile.created"} 100
qinglang_events_total{topic="account.profile",type="profile.renamed"} 10
# TYPE qinglang_actions_total counter
qinglang_actions_total{sanction="close"} 1
# TYPE qinglang_consumer_lag gauge
qinglang_consumer_lag{topic="account.profile",partition="0"} 7
qinglang_consumer_lag{topic="account.profile",partition="1"} 3
# TYPE qinglang_breaker_open gauge
qinglang_breaker_open{rule="official_name_exact"} 0
"""
AFTER = BEFORE.replace("} 100", "} 300").replace('sanction="close"} 1', 'sanction="close"} 5').replace(
    'rule="official_name_exact"} 0', 'rule="official_name_exact"} 1')


def test_view_shows_totals_rates_lag_and_open_breakers() -> None:
    text = View(parse(BEFORE), parse(AFTER), 2.0).render()
    assert "profile.created" in text and "300" in text and "100.0" in text  # (300-100)/2 per second
    assert "close" in text and "2.0" in text
    assert "account.profile" in text and " 10" in text  # lag summed over partitions
    assert "breakers open: official_name_exact" in text


@pytest.fixture
def metrics_url() -> Iterator[str]:
    bodies = iter([BEFORE, AFTER])

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = next(bodies, AFTER).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/metrics"
    server.shutdown()


def test_top_once_scrapes_twice_and_prints(metrics_url: str) -> None:
    result = CliRunner().invoke(main, ["top", "--once", "--interval", "0.2", "--url", metrics_url])
    assert result.exit_code == 0, result.output
    assert "qinglang top" in result.output and "profile.created" in result.output


def test_top_says_when_it_cannot_scrape() -> None:
    result = CliRunner().invoke(main, ["top", "--once", "--interval", "0", "--url", "http://127.0.0.1:1/metrics"])
    assert result.exit_code == 1 and "cannot scrape" in result.output
