"""A machine without Prometheus still runs the demo: one line says so and the demo goes on without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams.local import demo


def test_missing_prometheus_is_one_line_and_no_failure(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(demo, "prometheus_binary", lambda: None)
    assert demo._start_prometheus(tmp_path, object()) is None  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "prometheus is not installed" in err
    assert not (tmp_path / "prometheus").exists()
