"""`qinglang top`: a worker's live throughput, lag, violations and sanctions in the terminal, from its
`/metrics` (P3) — the operator's view without Grafana."""

from __future__ import annotations

import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass

from prometheus_client.parser import text_string_to_metric_families

Samples = dict[str, dict[tuple[tuple[str, str], ...], float]]


def parse(text: str) -> Samples:
    """Sample name → labels → value."""
    out: Samples = defaultdict(dict)
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out[sample.name][tuple(sorted(sample.labels.items()))] = sample.value
    return out


def scrape(url: str, timeout: float = 5.0) -> Samples:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return parse(response.read().decode())


def _by(samples: Samples, name: str, label: str) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for labels, value in samples.get(name, {}).items():
        totals[dict(labels).get(label, "")] += value
    return totals


@dataclass
class View:
    """Totals and per-second rates between two scrapes."""

    before: Samples
    after: Samples
    seconds: float

    def rates(self, name: str, label: str) -> list[tuple[str, float, float]]:
        """(label value, total, per second) sorted by total, for one counter."""
        now, then = _by(self.after, name, label), _by(self.before, name, label)
        rows = [(key, total, (total - then.get(key, 0.0)) / self.seconds) for key, total in now.items() if total]
        return sorted(rows, key=lambda row: (-row[1], row[0]))

    def render(self) -> str:
        lag = _by(self.after, "qinglang_consumer_lag", "topic")
        p_sum = sum(self.after.get("qinglang_processing_seconds_sum", {}).values())
        p_count = sum(self.after.get("qinglang_processing_seconds_count", {}).values())
        lines = [f"qinglang top — rates over {self.seconds:.1f}s; mean processing "
                 f"{(p_sum / p_count * 1000) if p_count else 0:.2f} ms/record"]
        for title, name, label in (
            ("events", "qinglang_events_total", "type"),
            ("dead letters", "qinglang_deadletters_total", "code"),
            ("violations", "qinglang_violations_total", "rule"),
            ("actions", "qinglang_actions_total", "sanction"),
            ("review items", "qinglang_review_items_total", "reason"),
        ):
            rows = self.rates(name, label)
            lines.append(f"\n{title:<36}{'total':>10}{'/s':>10}")
            lines += [f"  {key:<34}{total:>10,.0f}{rate:>10,.1f}" for key, total, rate in rows] or ["  —"]
        lines.append(f"\n{'consumer lag':<36}{'records':>10}")
        lines += [f"  {topic:<34}{value:>10,.0f}" for topic, value in sorted(lag.items())] or ["  —"]
        open_breakers = [dict(k).get("rule", "") for k, v in self.after.get("qinglang_breaker_open", {}).items() if v]
        lines.append(f"\nbreakers open: {', '.join(sorted(open_breakers)) or 'none'}")
        return "\n".join(lines)


def watch(url: str, interval: float, once: bool) -> str | None:
    """One view after `interval` seconds (once=True returns it); otherwise redraw until Ctrl-C."""
    before, started = scrape(url), time.monotonic()
    while True:
        time.sleep(interval)
        after, now = scrape(url), time.monotonic()
        text = View(before, after, now - started).render()
        if once:
            return text
        print("\x1b[2J\x1b[H" + text, flush=True)
        before, started = after, now
