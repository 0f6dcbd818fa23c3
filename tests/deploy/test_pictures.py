"""The README's pictures (P3): drawn from the dashboards and a real terminal capture, never stale."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = importlib.util.spec_from_file_location("render_pictures", ROOT / "scripts" / "render_pictures.py")
assert SPEC is not None and SPEC.loader is not None
render_pictures = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(render_pictures)


def test_committed_pictures_match_the_dashboards_and_the_capture() -> None:
    """Change a dashboard without re-running scripts/render_pictures.py and this fails."""
    for path, svg in render_pictures.pictures().items():
        assert path.exists(), f"{path} missing: run scripts/render_pictures.py"
        assert path.read_text(encoding="utf-8") == svg, f"{path} is stale: run scripts/render_pictures.py"


def test_every_dashboard_panel_is_in_its_picture() -> None:
    import json

    for dashboard in sorted((ROOT / "deploy" / "grafana" / "dashboards").glob("*.json")):
        svg = (ROOT / "docs" / "img" / f"dashboard-{dashboard.stem}.svg").read_text(encoding="utf-8")
        panels = json.loads(dashboard.read_text(encoding="utf-8"))["panels"]
        assert svg.count("<rect ") == len(panels) + 1  # the background, then one box per panel


def test_the_terminal_capture_is_a_top_view_and_the_readme_shows_every_picture() -> None:
    capture = (ROOT / "docs" / "img" / "qinglang-top.txt").read_text(encoding="utf-8")
    assert capture.startswith("qinglang top — rates over") and "consumer lag" in capture
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in render_pictures.pictures():
        assert f"docs/img/{path.name}" in readme
