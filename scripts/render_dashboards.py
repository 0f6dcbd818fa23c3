"""Draw the three Grafana dashboards with real data: every panel query is run through Prometheus's HTTP API
over a time range and drawn with matplotlib in the dashboard's own grid layout (docs/img/dashboard-*.png).

    .venv/bin/python scripts/render_dashboards.py run            # Kafka, Redis, a worker, Prometheus, a replay
    .venv/bin/python scripts/render_dashboards.py render --prometheus http://127.0.0.1:9090 \\
        --start 2026-12-02T16:00:00Z --end 2026-12-02T16:05:00Z  # from a Prometheus that already has the data

`run` starts everything on free ports on 127.0.0.1: the local Kafka and Redis, one worker, and Debian's
`prometheus` with the alert rules of deploy/prometheus and a generated scrape config (the worker, every
second); it replays examples/demo.jsonl at a steady rate (so rates have a shape), then renders and stops.
Grafana's variables are expanded as Grafana does: `$instance` is All (`.*`), `$__rate_interval` is
max(step + scrape interval, 4 × scrape interval), `$__range` the whole range. Grafana itself is not needed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import secrets
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from streams.local.prometheus import SCRAPE_S, query, query_range, start_prometheus  # noqa: E402

DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"
IMG = ROOT / "docs" / "img"
BG, PANEL, TEXT, GRID = "#111217", "#181b1f", "#d8d9da", "#2c3235"
PALETTE = ["#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#f2495c", "#b877d9", "#8ab8ff", "#96d98d", "#fade2a",
           "#ffb357", "#ff7383", "#ca95e5"]


def expand(expr: str, step_s: int, range_s: int) -> str:
    """Grafana's variables as Grafana would expand them for this range and step."""
    rate_interval = max(step_s + SCRAPE_S, 4 * SCRAPE_S)
    return (expr.replace('=~"$instance"', '=~".*"').replace("$__rate_interval", f"{rate_interval}s")
            .replace("$__range", f"{range_s}s").replace("$__interval", f"{step_s}s"))


def legend(template: str, labels: dict[str, str]) -> str:
    text = re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: labels.get(m[1], ""), template or "")
    return text or ",".join(f"{k}={v}" for k, v in labels.items() if k != "__name__") or "value"


def fmt(value: float, unit: str | None) -> str:
    if math.isnan(value):
        return "–"
    if unit == "s":
        if abs(value) >= 86_400:
            return f"{value / 86_400:.1f} d"
        return f"{value * 1000:.1f} ms" if abs(value) < 1 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "percentunit":
        return f"{value * 100:.2f} %"
    if unit == "bytes":
        return f"{value / 2**20:.0f} MiB"
    if unit == "ops":
        return f"{value:.2f}/s" if abs(value) < 10 else f"{value:.0f}/s"
    return f"{value:.0f}" if abs(value) >= 10 or value == int(value) else f"{value:.2f}"


def panel_data(prometheus: str, panel: dict[str, Any], start: float, end: float, step_s: int,
               ) -> list[tuple[str, list[float], list[float]]]:
    """(legend, times, values) per series of every target of the panel."""
    series: list[tuple[str, list[float], list[float]]] = []
    range_s = int(end - start)
    for target in panel.get("targets", []):
        expr = expand(target["expr"], step_s, range_s)
        if target.get("instant"):
            for row in query(prometheus, expr, end):
                series.append((legend(target.get("legendFormat", ""), row["metric"]), [end], [float(row["value"][1])]))
            continue
        for row in query_range(prometheus, expr, start, end, step_s):
            times = [float(t) for t, _ in row["values"]]
            values = [float(v) for _, v in row["values"]]
            series.append((legend(target.get("legendFormat", ""), row["metric"]), times, values))
    return series


def render_dashboard(prometheus: str, dashboard: dict[str, Any], start: float, end: float, out: Path,
                     ) -> dict[str, int]:
    """One PNG in the dashboard's grid (24 columns); returns the number of series per panel title."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    plt.rcParams["font.family"] = ["Noto Sans CJK SC", "DejaVu Sans"]
    step_s = max(1, int((end - start) / 240))
    panels = dashboard["panels"]
    rows = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in panels)
    unit_px, row_px, head_px = 56, 30, 46
    width_px, height_px = 24 * unit_px, rows * row_px + head_px
    fig = plt.figure(figsize=(width_px / 100, height_px / 100), dpi=100, facecolor=BG)
    when = datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%d %H:%M")
    fig.text(8 / width_px, 1 - 26 / height_px, f"{dashboard['title']}   ·   {when} – "
             f"{datetime.fromtimestamp(end, UTC).strftime('%H:%M')} UTC, one demo worker",
             color=TEXT, fontsize=13, va="center")
    counts: dict[str, int] = {}
    for panel in panels:
        grid = panel["gridPos"]
        x0, y0 = grid["x"] * unit_px + 4, head_px + grid["y"] * row_px + 4  # pixels from the top left
        w, h = grid["w"] * unit_px - 8, grid["h"] * row_px - 8

        def place(left: float, top: float, width: float, height: float) -> tuple[float, float, float, float]:
            return left / width_px, 1 - (top + height) / height_px, width / width_px, height / height_px

        frame = fig.add_axes(place(x0, y0, w, h))  # the panel: background, border and title, as Grafana draws it
        frame.set_facecolor(PANEL)
        frame.set_xticks([])
        frame.set_yticks([])
        for spine in frame.spines.values():
            spine.set_color(GRID)
        frame.text(6 / w, 1 - 12 / h, panel["title"], color=TEXT, fontsize=9, va="center", transform=frame.transAxes)
        unit = panel.get("fieldConfig", {}).get("defaults", {}).get("unit")
        data = panel_data(prometheus, panel, start, end, step_s)
        counts[panel["title"]] = len(data)
        kind = panel["type"]
        if not data or kind == "stat":
            if not data:
                frame.text(0.5, 0.45, "No data", color="#8e8e8e", ha="center", va="center", fontsize=11,
                           transform=frame.transAxes)
                continue
            lines = [(name, values[-1]) for name, _, values in data if values]
            for i, (name, value) in enumerate(lines):
                y = 0.42 if len(lines) == 1 else 0.62 - i * 0.36
                frame.text(0.5, y, fmt(value, unit), color=PALETTE[0], ha="center", va="center",
                           fontsize=20 if len(lines) == 1 else 13, fontweight="bold", transform=frame.transAxes)
                frame.text(0.5, y - 0.2, name, color="#8e8e8e", ha="center", va="center", fontsize=7,
                           transform=frame.transAxes)
            continue
        left_margin = 150 if kind == "bargauge" else 62
        box = fig.add_axes(place(x0 + left_margin, y0 + 24, w - left_margin - 10, h - 24 - 22))
        box.set_facecolor(PANEL)
        for spine in box.spines.values():
            spine.set_visible(False)
        box.tick_params(colors=TEXT, labelsize=7, length=0)
        if kind == "bargauge":
            data = sorted(data, key=lambda s: s[2][-1])[-10:]
            names, values = [d[0] for d in data], [d[2][-1] for d in data]
            box.barh(range(len(values)), values, color=PALETTE[2])
            box.set_yticks(range(len(values)), [n[:24] for n in names])
            for i, value in enumerate(values):
                box.text(value, i, f" {fmt(value, unit)}", color=TEXT, va="center", fontsize=7)
            box.set_xticks([])
            continue
        for i, (name, times, values) in enumerate(data):
            moments = [datetime.fromtimestamp(t, UTC) for t in times]
            if kind == "state-timeline":
                box.step(moments, [v + 1.2 * i for v in values], where="post", color=PALETTE[i % len(PALETTE)],
                         label=name, linewidth=1.2)
            else:
                box.plot(moments, values, color=PALETTE[i % len(PALETTE)], label=name[:40], linewidth=1.1)
        box.set_xlim(datetime.fromtimestamp(start, UTC), datetime.fromtimestamp(end, UTC))
        box.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=6))
        box.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M:%S"))
        box.yaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4))
        box.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos, u=unit: fmt(v, u)))
        box.grid(color=GRID, linewidth=0.5)
        if len(data) <= 8:
            box.legend(loc="upper left", fontsize=6, frameon=False, labelcolor=TEXT, ncol=2 if len(data) > 3 else 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, facecolor=BG)
    plt.close(fig)
    return counts


def render_all(prometheus: str, start: float, end: float, folder: Path) -> dict[str, dict[str, int]]:
    found = {}
    for path in sorted(DASHBOARDS.glob("*.json")):
        dashboard = json.loads(path.read_text())
        out = folder / f"dashboard-{path.stem}.png"
        found[path.stem] = render_dashboard(prometheus, dashboard, start, end, out)
        empty = [t for t, n in found[path.stem].items() if n == 0]
        print(f"{out}: {len(found[path.stem])} panels, no data in {len(empty)}: {', '.join(empty) or '-'}",
              file=sys.stderr)
    return found


def run(rate: float, folder: Path, recording: Path) -> None:
    from streams.bus import topics
    from streams.bus.recording import read_recording
    from streams.bus.replay import replay_records
    from streams.bus.topics import TopicNames, ensure_topics
    from streams.local.harness import start_worker, wait_for_group
    from streams.local.services import start_kafka, start_redis

    records = list(read_recording(recording))
    workdir = Path(tempfile.mkdtemp(prefix="qinglang-dashboards-"))
    with ExitStack() as stack:
        kafka = start_kafka(workdir / "kafka")
        stack.callback(kafka.stop)
        redis = start_redis(workdir / "redis")
        stack.callback(redis.stop)
        prefix = f"d{secrets.token_hex(3)}."
        names = TopicNames(prefix)
        # the demo's event times are synthetic: the broker's default bound on record timestamps would refuse them
        asyncio.run(ensure_topics(kafka.bootstrap, names, partitions=3, replication=1, max_timestamp_ahead_ms=None))
        registry = [r for r in records if r.topic in topics.REGISTRY_TOPICS]
        rest = [r for r in records if r.topic not in topics.REGISTRY_TOPICS]
        if registry:
            asyncio.run(replay_records(registry, bootstrap=kafka.bootstrap, names=names))
        env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka.bootstrap, "QINGLANG_REDIS_URL": redis.url,
               "QINGLANG_TOPIC_PREFIX": prefix, "QINGLANG_APP_ID": f"qinglang-{prefix}", "QINGLANG_PARTITIONS": "3",
               "QINGLANG_LAG_INTERVAL": "1"}
        worker = start_worker(env, workdir / "worker.log")
        stack.callback(worker.stop)
        prometheus = start_prometheus(workdir / "prometheus", [f"127.0.0.1:{worker.web_port}"])
        stack.callback(prometheus.stop)
        url = prometheus.url
        time.sleep(5 * SCRAPE_S)  # a few scrapes before traffic, so the panels start from the idle worker
        start = time.time() - 5 * SCRAPE_S
        print(f"replaying {len(rest)} records at {rate:.0f}/s (~{len(rest) / rate:.0f} s) …", file=sys.stderr)
        asyncio.run(replay_records(rest, bootstrap=kafka.bootstrap, names=names, rate=rate))
        asyncio.run(wait_for_group(kafka.bootstrap, env["QINGLANG_APP_ID"], names, timeout=300, at_least=len(rest)))
        # ends as the worker finishes (as a dashboard looked at during the run): the stat panels show the
        # last value, which a long idle tail would turn into zeros
        time.sleep(2 * SCRAPE_S)
        end = time.time()
        render_all(url, start, end, folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start Kafka, Redis, a worker and Prometheus, replay, render")
    run_parser.add_argument("--rate", type=float, default=12.0, help="records per second of the replay")
    run_parser.add_argument("--recording", type=Path, default=ROOT / "examples" / "demo.jsonl")
    render_parser = sub.add_parser("render", help="render from a Prometheus that already holds a run")
    render_parser.add_argument("--prometheus", required=True)
    render_parser.add_argument("--start", required=True, help="ISO time, UTC")
    render_parser.add_argument("--end", required=True, help="ISO time, UTC")
    for sub_parser in (run_parser, render_parser):
        sub_parser.add_argument("--out", type=Path, default=IMG, help="folder of the PNGs (default docs/img)")
    args = parser.parse_args()
    if args.command == "run":
        from streams.local.services import ServiceError

        try:
            run(args.rate, args.out, args.recording)
        except ServiceError as exc:  # a missing binary or a service that did not start: say which, no traceback
            raise SystemExit(f"render_dashboards: {exc}") from None
        return
    moment = [datetime.fromisoformat(v.replace("Z", "+00:00")).timestamp() for v in (args.start, args.end)]
    render_all(args.prometheus, moment[0], moment[1], args.out)


if __name__ == "__main__":
    main()
