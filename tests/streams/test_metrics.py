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


def _value(metrics: Metrics, name: str) -> float:
    (line,) = [line for line in metrics.render().decode().splitlines() if line.startswith(name + " ")]
    return float(line.split()[-1])


def test_faust_counts_records_without_per_record_series() -> None:
    from faust.types import TP

    metrics = Metrics("test")
    monitor = metrics.faust_monitor()
    tp = TP("account.profile", 3)
    for offset in range(5):
        monitor.on_message_in(tp, offset, object())
        assert monitor.on_stream_event_in(tp, offset, object(), object()) is None  # type: ignore[arg-type]
        monitor.on_stream_event_out(tp, offset, object(), object(), None)  # type: ignore[arg-type]
    monitor.on_message_out(tp, 4, object())
    assert _value(metrics, "faust_messages_received_total") == 5  # the dependencies dashboard reads it
    assert _value(metrics, "faust_active_messages") == 4
    faust_lines = [line for line in metrics.render().decode().splitlines() if line.startswith("faust_")]
    assert not [line for line in faust_lines if "account.profile" in line]  # no per-topic or per-partition series
