"""Render the README's pictures as SVG (P3): each Grafana dashboard's layout, from its JSON, and
the `qinglang top` terminal view, from text captured on a real run.

    .venv/bin/python scripts/render_pictures.py                 # re-render docs/img/ from the sources
    .venv/bin/python scripts/render_pictures.py --top out.txt   # take a new terminal capture first

The dashboard pictures are drawn from `deploy/grafana/dashboards/*.json` (panel positions, types and
titles, one grid unit = one column of Grafana's 24), so they cannot drift: tests/deploy/test_pictures.py
re-renders them and compares. The terminal capture `docs/img/qinglang-top.txt` is what `make demo`
printed under "the worker's own view"; the SVG is that text, drawn as a terminal.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"
IMG = ROOT / "docs" / "img"
TOP_TEXT = IMG / "qinglang-top.txt"

COLUMN_PX, ROW_PX, PAD = 40, 22, 6
FILL = {"stat": "#1f3b57", "timeseries": "#22313f", "bargauge": "#3b2f4a", "state-timeline": "#2f4a3b"}
FONT = "DejaVu Sans Mono, Menlo, Consolas, monospace"


def dashboard_svg(dashboard: dict) -> str:
    """Every panel as a box at its gridPos, with its title and type: the layout an operator will see."""
    panels = dashboard["panels"]
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    width, height = 24 * COLUMN_PX + 2 * PAD, rows * ROW_PX + 2 * PAD + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}">',
        f'<rect width="{width}" height="{height}" fill="#111217"/>',
        f'<text x="{PAD + 4}" y="{PAD + 18}" fill="#e8e8e8" font-size="15">{escape(dashboard["title"])}</text>',
    ]
    for panel in panels:
        grid = panel["gridPos"]
        x, y = PAD + grid["x"] * COLUMN_PX, PAD + 30 + grid["y"] * ROW_PX
        w, h = grid["w"] * COLUMN_PX - 4, grid["h"] * ROW_PX - 4
        kind = panel["type"]
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" fill="{FILL.get(kind, "#2a2a2a")}" '
                     f'stroke="#3d4450"/>')
        title = panel["title"]
        fits = int((w - 12) / 7.3)  # characters of 12 px monospace that fit the box
        title = title if len(title) <= fits else title[: fits - 1] + "…"
        parts.append(f'<text x="{x + 6}" y="{y + 16}" fill="#e8e8e8" font-size="12">{escape(title)}</text>')
        parts.append(f'<text x="{x + 6}" y="{y + h - 6}" fill="#8e9aa8" font-size="10">{escape(kind)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def terminal_svg(text: str, title: str = "qinglang top") -> str:
    """Monospace text on a terminal-coloured background, one <text> per line."""
    lines = text.rstrip("\n").split("\n")
    char_px, line_px = 8.4, 17
    width = int(max(len(line) for line in lines) * char_px) + 32
    height = len(lines) * line_px + 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}" font-size="14">',
        f'<rect width="{width}" height="{height}" rx="6" fill="#1d1f21"/>',
        '<circle cx="16" cy="14" r="5" fill="#ff5f56"/><circle cx="32" cy="14" r="5" fill="#ffbd2e"/>'
        '<circle cx="48" cy="14" r="5" fill="#27c93f"/>',
        f'<text x="{width / 2:.0f}" y="18" fill="#8e9aa8" font-size="12" text-anchor="middle">{escape(title)}</text>',
    ]
    for number, line in enumerate(lines):
        parts.append(f'<text x="16" y="{44 + number * line_px}" fill="#c5c8c6" xml:space="preserve">'
                     f"{escape(line)}</text>")
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def pictures() -> dict[Path, str]:
    """Every picture, by path, rendered from the current sources."""
    out = {IMG / f"dashboard-{path.stem}.svg": dashboard_svg(json.loads(path.read_text(encoding="utf-8")))
           for path in sorted(DASHBOARDS.glob("*.json"))}
    out[IMG / "qinglang-top.svg"] = terminal_svg(TOP_TEXT.read_text(encoding="utf-8"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--top", type=Path, help="a new terminal capture to store as docs/img/qinglang-top.txt")
    args = parser.parse_args(argv)
    if args.top is not None:
        try:
            TOP_TEXT.write_text(args.top.read_text(encoding="utf-8"), encoding="utf-8")
        except OSError as exc:
            print(f"render_pictures: cannot read {args.top}: {exc}", file=sys.stderr)
            return 2
    IMG.mkdir(parents=True, exist_ok=True)
    for path, svg in pictures().items():
        path.write_text(svg, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
