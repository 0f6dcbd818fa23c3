"""`make bench` at a tiny size against the session's real Kafka and Redis: results.json carries every field,
each plausible. No timing is asserted (the machine is shared); only that each figure was measured."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bench" / "bench_pipeline.py"

RATES = ("events_per_s", "records_per_s", "events_per_s_offsets", "records_per_s_offsets_emitting",
         "ceiling_events_per_s", "decode_events_per_s", "domain_events_per_s", "two_workers_events_per_s",
         "sasl_ssl_events_per_s")


@pytest.mark.e2e
def test_pipeline_bench_measures_every_figure(kafka_bootstrap: str, redis_url: str, tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = {**os.environ, "QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap, "QINGLANG_REDIS_URL": redis_url}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--events", "600", "--latency-seconds", "2", "--ignore-load",
         "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    pipeline = result["pipeline"]
    assert pipeline["events"] == 600
    for name in RATES:
        assert pipeline[name] > 0, name
    assert 0 < pipeline["ratio"] <= 1
    for share in ("50pct", "80pct"):
        assert pipeline[f"latency_samples_at_{share}"] > 0
        assert pipeline[f"p50_ms_at_{share}"] <= pipeline[f"p99_ms_at_{share}"]
    assert pipeline["rss_mb"] > 0
    # every id sent may differ: a strike that arrives after later ones re-orders the ladder and the
    # corrections it sends exist only in that arrival order (streams/offline/standing.py); what stands may not
    equal = pipeline["two_workers_outputs_equal"]
    assert isinstance(equal, bool)
    assert (pipeline["two_workers_differences"] == {}) is equal
    assert pipeline["two_workers_standing_differences"] == {}
    assert pipeline["two_workers_standing_bodies_differ"] == []
    assert pipeline["two_workers_standing_equal"] is True
    mix = pipeline["mix"]
    assert mix["processed_by_worker"] == mix["events"] and mix["deadlettered_by_worker"] == mix["malformed"] > 0
    assert result["replay_records_per_s"] > 0
    assert result["machine"]["cores"] >= 1 and result["machine"]["load_before"] >= 0
    assert "baseline" not in result  # --baseline-rev costs one more worker start: kept out of the suite's time
    rows = {line.split("  ")[0]: line.split("  ", 1)[-1].split() for line in done.stdout.splitlines()}
    assert rows["two workers' outputs equal one worker's, every id sent"][0] == str(equal).lower()
    assert rows["two workers' standing outputs equal one worker's"][0] == "true"
    assert rows["one worker over SASL_SSL (SCRAM-SHA-512, TLS, ACLs), events/s"][0].endswith("/s")


def _bench_module(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_pipeline", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look their module up there
    monkeypatch.syspath_prepend(str(SCRIPT.parent))  # as when run as a script: its own directory first
    spec.loader.exec_module(module)
    return module


def test_pipeline_bench_refuses_a_loaded_machine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bench = _bench_module(monkeypatch)
    monkeypatch.setattr(bench.os, "getloadavg", lambda: (3.5, 2.0, 1.0))
    assert bench.main(["--events", "600", "--out", str(tmp_path / "results.json")]) == 2
    assert "load average is 3.50" in capsys.readouterr().err
    assert not (tmp_path / "results.json").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--events", "10"], "--events must be at least 100"),
    (["--latency-seconds", "0"], "--latency-seconds must be more than 0"),
    (["--baseline-events", "500"], "--baseline-events needs --baseline-rev"),
    (["--baseline-rev", "HEAD", "--baseline-events", "50"], "--baseline-events must be between 100 and --events"),
    (["--baseline-rev", "no-such-revision"], "is not a commit"),
    (["--soak-minutes", "-1"], "--soak-minutes must not be negative"),
])
def test_pipeline_bench_refuses_bad_arguments(args: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and message in done.stderr, done.stderr
