"""Metrics bookkeeping that needs no worker (P3)."""

from __future__ import annotations

from streams.observability.metrics import Metrics


def _lag_lines(metrics: Metrics) -> list[str]:
    return [line for line in metrics.render().decode().splitlines() if line.startswith("qinglang_consumer_lag{")]


def test_a_revoked_partition_loses_its_lag_series() -> None:
    metrics = Metrics("test")
    metrics.set_consumer_lag({("account.profile", "0"): 5, ("account.profile", "1"): 7})
    assert len(_lag_lines(metrics)) == 2
    metrics.set_consumer_lag({("account.profile", "1"): 3})  # partition 0 went to another worker
    (line,) = _lag_lines(metrics)
    assert 'partition="1"' in line and line.endswith(" 3.0")
    metrics.set_consumer_lag({})
    assert _lag_lines(metrics) == []
