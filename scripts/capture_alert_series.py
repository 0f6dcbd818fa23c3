"""Prove every alert rule of deploy/prometheus/alerts.yml on series taken from a real run: write a promtool
unit-test file whose input series are the values a real Prometheus scraped from a real worker, and whose
expected alerts are computed from those values, each rule's expression and its `for:` duration.

    .venv/bin/python scripts/capture_alert_series.py run        # a real run, then writes the file below
    .venv/bin/python scripts/capture_alert_series.py capture --prometheus http://127.0.0.1:9090 \\
        --start 2026-12-03T08:30:00Z --end 2026-12-03T08:34:00Z  # from a Prometheus that already holds a run

`run` starts, on free 127.0.0.1 ports, the local Kafka and Redis, one worker and Debian's `prometheus`
(the project's alert rules, the worker scraped every second: streams/local/prometheus.py), then:

  1. replays examples/demo.jsonl at a steady rate, and stops Redis for a while in the middle of it (the
     worker retries and holds its offsets; Redis comes back on the same port and the worker catches up);
  2. denies the worker's Redis user the ledger script (`ACL SETUSER default -evalsha -eval`) and sends a
     few more records: a non-retriable NOPERM stops the worker's partition;
  3. stops the worker, and keeps Prometheus scraping until the worker has been down long enough for the
     worker-down alert (its `for:` and a margin).

`capture` (and `run` at its end) reads, through the HTTP API (query_range, one-second steps over the run),
every series of every metric the rules use, and each rule's expression over the same steps. A rule fires
at a step when its expression has held at every step since it became true for at least its `for:`
duration (Prometheus's own rule). The eval times are chosen where the computed state does not change for
a margin either side, so the one-second alignment of real scrapes cannot flip the expectation. The file
is checked with `promtool test rules` before the script ends.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from streams.local.prometheus import ALERTS, JOB, SCRAPE_S, query, query_range, start_prometheus  # noqa: E402

OUT = ROOT / "deploy" / "prometheus" / "alerts_real_test.yml"
MARGIN_S = 10  # no change of the expected state this many seconds either side of an eval time
# The alerts the run's faults make fire; `run` fails if one of them does not (the fault did not happen).
MUST_FIRE = {"QinglangRedisErrors", "QinglangPartitionStopped", "QinglangWorkerDown"}
# Why the others stay silent on a real local run of a few minutes (alerts_test.yml covers them firing).
WHY_SILENT = {
    "QinglangConsumerLagGrowing": "needs a topic's lag above 1,000 and rising for 10 minutes; the run's lag "
                                  "stays below that and drains within seconds of Redis coming back",
    "QinglangNoEvents": "needs a worker up with no event enforced for 15 minutes, then 15 minutes of `for:`",
    "QinglangDeadLetterSpike": "needs over 5 % of input dead-lettered (and over 0.1/s) for 5 minutes; the "
                               "recording's few refused records go by in seconds",
    "QinglangKafkaUnavailable": "needs Kafka retries in the 5-minute rate window for 5 minutes (`for: 5m`); "
                                "the run does not stop Kafka, which would make it last over 6 minutes",
    "QinglangSlowBatches": "needs batches slower than 5 s at p99 for 10 minutes",
    "QinglangBreakerOpen": "needs a rule's hourly strikes above its floor and five times its usual rate; the "
                           "demo's few dozen accounts never trip a breaker",
    "QinglangClosuresSpike": "needs over 100 closures in an hour or one held back by the hourly cap; the demo "
                             "closes far fewer",
}
PROMQL_WORDS = {"by", "without", "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool",
                "offset", "inf", "nan"}


class CaptureError(Exception):
    """Bad input or a run that did not produce what the file needs; the message says which."""


@dataclass
class Rule:
    name: str
    expr: str
    for_s: int
    labels: dict[str, str]
    annotations: dict[str, str]


@dataclass
class Series:
    labels: dict[str, str]
    values: list[float | None]


@dataclass
class Evaluation:
    """A rule's computed state at every step: the firing label sets, and each label set's value."""

    rule: Rule
    firing: list[frozenset[tuple[tuple[str, str], ...]]]
    pending: list[bool]
    values: list[dict[tuple[tuple[str, str], ...], float]] = field(default_factory=list)


def parse_duration(text: str) -> int:
    """Seconds of a Prometheus duration such as `2m`, `1h30m` or `90s`; anything else is a CaptureError."""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}
    parts = re.findall(r"(\d+)(ms|s|m|h|d|w|y)", text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise CaptureError(f"not a Prometheus duration: {text!r}")
    return int(sum(int(n) * units[u] for n, u in parts))


def load_rules(path: Path) -> list[Rule]:
    try:
        groups = yaml.safe_load(path.read_text(encoding="utf-8"))["groups"]
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise CaptureError(f"{path}: not a Prometheus rule file ({exc})") from None
    rules = []
    for group in groups:
        for rule in group.get("rules", []):
            if "alert" in rule:
                rules.append(Rule(rule["alert"], " ".join(str(rule["expr"]).split()),
                                  parse_duration(rule["for"]) if rule.get("for") else 0,
                                  {k: str(v) for k, v in rule.get("labels", {}).items()},
                                  {k: str(v) for k, v in rule.get("annotations", {}).items()}))
    if not rules:
        raise CaptureError(f"{path}: no alert rules")
    return rules


def metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression reads: identifiers that are not functions, keywords, label
    names (in `{…}` or `by (…)`), durations (in `[…]`) or strings."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", text)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for match in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", text):
        rest = text[match.end():].lstrip()
        if match[0].lower() not in PROMQL_WORDS and not rest.startswith("("):
            names.add(match[0])
    return names


def steps(start: int, end: int) -> list[int]:
    return list(range(start, end + 1, SCRAPE_S))


def read_series(url: str, name: str, start: int, end: int) -> list[Series]:
    """Every series of `name` scraped from the job, its value at each step (None where it had none)."""
    grid = steps(start, end)
    found = []
    for row in query_range(url, f'{{__name__="{name}", job="{JOB}"}}', start, end, SCRAPE_S):
        at = {round(float(t)): float(v) for t, v in row["values"]}
        found.append(Series(dict(row["metric"]), [at.get(t) for t in grid]))
    return sorted(found, key=lambda s: sorted(s.labels.items()))


def evaluate(url: str, rule: Rule, start: int, end: int) -> Evaluation:
    """The rule's expression at every step (Prometheus evaluates it on the real data), then `for:`: a label
    set fires at a step when the expression has returned it at every step for at least `for:`."""
    grid = steps(start, end)
    present: dict[tuple[tuple[str, str], ...], dict[int, float]] = {}
    for row in query_range(url, rule.expr, start, end, SCRAPE_S):
        key = tuple(sorted((k, v) for k, v in row["metric"].items() if k != "__name__"))
        present[key] = {round(float(t)): float(v) for t, v in row["values"]}
    firing: list[frozenset[tuple[tuple[str, str], ...]]] = []
    pending = []
    values = []
    since: dict[tuple[tuple[str, str], ...], int] = {}
    for t in grid:
        now = set()
        for key, points in present.items():
            if t in points:
                since.setdefault(key, t)
                if t - since[key] >= rule.for_s:
                    now.add(key)
            else:
                since.pop(key, None)
        firing.append(frozenset(now))
        pending.append(any(key not in now for key in since))
        values.append({key: points[t] for key, points in present.items() if t in points})
    return Evaluation(rule, firing, pending, values)


def eval_points(evaluation: Evaluation, spacing_s: int = 30) -> list[int]:
    """Step indexes to test: spread over the run, just before and after each change of the firing state,
    and the end; only those whose state holds MARGIN_S either side."""
    firing = evaluation.firing
    last = len(firing) - 1

    def stable(i: int) -> bool:
        return all(firing[j] == firing[i] for j in range(max(0, i - MARGIN_S), min(last, i + MARGIN_S) + 1))

    wanted = set(range(MARGIN_S, last + 1, spacing_s)) | {last}
    for i in range(1, last + 1):
        if firing[i] != firing[i - 1]:
            wanted |= {i - 1 - MARGIN_S, i + MARGIN_S}
    pending = [i for i in range(last + 1) if evaluation.pending[i] and not firing[i]]
    if pending:  # while the expression is true but `for:` has not passed: not firing yet
        wanted.add(pending[len(pending) // 2])
    return sorted(i for i in wanted if 0 <= i <= last and stable(i))


def render_template(text: str, labels: dict[str, str], value: float) -> str:
    """The alert templates this project uses: `{{ $labels.name }}` and `{{ $value }}` (Go's %v of a float)."""
    def one(match: re.Match[str]) -> str:
        inner = match[1].strip()
        if inner == "$value":
            return go_float(value)
        if inner.startswith("$labels."):
            return labels.get(inner.removeprefix("$labels."), "")
        raise CaptureError(f"template {match[0]!r} is not supported by this script; extend render_template")
    return re.sub(r"\{\{(.*?)\}\}", one, text)


def go_float(value: float) -> str:
    """strconv.FormatFloat(v, 'g', -1, 64) as Go's %v prints it: shortest digits, exponent from 1e21."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == int(value) and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


def number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Inf" if value > 0 else "-Inf"
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else repr(value)


def expand_notation(values: list[float | None]) -> str:
    """promtool's `values`: `a+bxn` for n+1 values rising by a whole b, `axn` for n+1 equal values, `_xn`
    for n steps without a sample, and `stale` where a series stopped (the real Prometheus wrote a staleness
    marker there: the worker stopped or dropped the series, and its last value is not looked back at)."""
    tokens: list[str] = []
    i, n = 0, len(values)
    seen = False
    while i < n:
        value = values[i]
        if value is None:
            j = i
            while j < n and values[j] is None:
                j += 1
            if seen:
                tokens.append("stale")
                i += 1
            if j > i:
                tokens.append("_" if j - i == 1 else f"_x{j - i}")
            i = j
            continue
        seen = True
        j = i + 1
        step = None
        if j < n and values[j] is not None:
            step = values[j] - value  # type: ignore[operator]
            whole = all(v == int(v) and not math.isinf(v) for v in (value, step))
            if not whole and step != 0:
                step = None
        if step is not None:
            while j < n and values[j] is not None and values[j] == value + step * (j - i):
                j += 1
        if step is None or j - i < 3:
            tokens.append(number(value))
            i += 1
            continue
        if step == 0:
            tokens.append(f"{number(value)}x{j - i - 1}")
        else:
            sign = "+" if step > 0 else "-"
            tokens.append(f"{number(value)}{sign}{number(abs(step))}x{j - i - 1}")
        i = j
    return " ".join(tokens)


def series_selector(labels: dict[str, str]) -> str:
    name = labels["__name__"]
    pairs = ", ".join(f'{k}="{v.replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
                      for k, v in sorted(labels.items()) if k != "__name__")
    return f"{name}{{{pairs}}}"


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_tests(url: str, start: int, end: int, out: Path, rules_path: Path, story: list[str]) -> dict[str, Any]:
    """Read the run back from Prometheus and write the promtool file; returns what fired and what did not."""
    rules = load_rules(rules_path)
    if end - start < 4 * MARGIN_S:
        raise CaptureError(f"the range is {end - start} s; at least {4 * MARGIN_S} s are needed")
    names = sorted(set().union(*(metric_names(r.expr) for r in rules)))
    series = [s for name in names for s in read_series(url, name, start, end)]
    if not any(s.labels["__name__"] == "up" and any(v for v in s.values if v) for s in series):
        raise CaptureError(f"{url} has no scrape of job {JOB!r} between the start and the end")
    evaluations = [evaluate(url, rule, start, end) for rule in rules]
    fired = {e.rule.name: next(i for i, f in enumerate(e.firing) if f) for e in evaluations if any(e.firing)}
    when = datetime.fromtimestamp(start, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    lines = [
        "# GENERATED by scripts/capture_alert_series.py from a real run; do not edit, regenerate (docs/operations.md,",
        "# \"Alerts proven on real series\"). Input series: what Prometheus scraped from a real worker, one value",
        f"# a second from {when} (time 0s here) for {end - start} s. Expected alerts: computed by the script from",
        "# those values, each rule's expression and its `for:`; eval times are where the state holds "
        f"{MARGIN_S} s either side.",
        "#",
        "# The run:",
        *[f"#   {line}" for line in story],
        "#",
        "# Fire on these real series:",
        *[f"#   {name} from {i}s" for name, i in sorted(fired.items(), key=lambda kv: kv[1])],
        "# Stay silent on them (alerts_test.yml covers their firing on hand-written series):",
        *[f"#   {r.name}: {WHY_SILENT.get(r.name, 'did not fire in this run')}" for r in rules if r.name not in fired],
        f"rule_files: [{quoted(os.path.relpath(rules_path, out.parent))}]",
        f"evaluation_interval: {SCRAPE_S}s",
        "",
        "tests:",
        f"  - interval: {SCRAPE_S}s",
        "    input_series:",
    ]
    for s in series:
        lines.append(f"      - series: {quoted(series_selector(s.labels))}")
        lines.append(f"        values: {quoted(expand_notation(s.values))}")
    lines.append("    alert_rule_test:")
    cases = 0
    for evaluation in evaluations:
        rule = evaluation.rule
        for i in eval_points(evaluation):
            state = "firing" if evaluation.firing[i] else "pending" if evaluation.pending[i] else "quiet"
            lines.append(f"      - eval_time: {i * SCRAPE_S}s   # {state}")
            lines.append(f"        alertname: {rule.name}")
            if not evaluation.firing[i]:
                lines.append("        exp_alerts: []")
            else:
                lines.append("        exp_alerts:")
                for key in sorted(evaluation.firing[i]):
                    labels = dict(key)
                    value = evaluation.values[i][key]
                    exp_labels = {**labels, **rule.labels}
                    lines.append(f"          - exp_labels: {flow(exp_labels)}")
                    lines.append("            exp_annotations:")
                    for name, text in sorted(rule.annotations.items()):
                        lines.append(f"              {name}: {quote_json(render_template(text, labels, value))}")
            cases += 1
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"fired": fired, "silent": [r.name for r in rules if r.name not in fired], "series": len(series),
            "cases": cases}


def flow(mapping: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {quote_json(v)}" for k, v in sorted(mapping.items())) + "}"


def quote_json(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def promtool_check(out: Path) -> None:
    from shutil import which

    promtool = which("promtool")
    if promtool is None:
        raise CaptureError("`promtool` is not installed; run `make system-deps`")
    result = subprocess.run([promtool, "test", "rules", out.name], cwd=out.parent, capture_output=True,
                            text=True, timeout=300)
    if result.returncode != 0:
        raise CaptureError(f"promtool test rules {out} failed (the file is kept to look at):\n"
                           f"{result.stdout[-4000:]}{result.stderr[-2000:]}")


def run(out: Path, rate: float, outage_s: float, recording: Path) -> None:
    """The real run (see the module's docstring), then the file."""
    import redis as redis_client

    from streams.bus import topics
    from streams.bus.recording import RecordingError, read_recording
    from streams.bus.replay import replay_records
    from streams.bus.topics import TopicNames, ensure_topics
    from streams.local.harness import start_worker, wait_for_group
    from streams.local.services import start_kafka, start_redis

    try:
        records = list(read_recording(recording))
    except (OSError, RecordingError) as exc:
        raise CaptureError(f"{recording}: {exc}") from None
    registry = [r for r in records if r.topic in topics.REGISTRY_TOPICS]
    rest = [r for r in records if r.topic in topics.INPUT_TOPICS]
    if len(rest) < 40:
        raise CaptureError(f"{recording}: {len(rest)} input records; the run needs at least 40")
    before, during, after, refused = (rest[: len(rest) * 2 // 5], rest[len(rest) * 2 // 5: len(rest) * 3 // 5],
                                      rest[len(rest) * 3 // 5: -10], rest[-10:])
    workdir = Path(tempfile.mkdtemp(prefix="qinglang-alert-series-"))
    story: list[str] = []
    say = lambda message: print(message, file=sys.stderr)  # noqa: E731
    with ExitStack() as stack:
        kafka = start_kafka(workdir / "kafka")
        stack.callback(kafka.stop)
        servers = [start_redis(workdir / "redis")]
        stack.callback(lambda: servers[-1].stop())
        prefix = f"a{secrets.token_hex(3)}."
        names = TopicNames(prefix)
        # the demo's event times are synthetic: the broker's default bound on record timestamps would refuse them
        asyncio.run(ensure_topics(kafka.bootstrap, names, partitions=3, replication=1, max_timestamp_ahead_ms=None))
        if registry:
            asyncio.run(replay_records(registry, bootstrap=kafka.bootstrap, names=names))
        app_id = f"qinglang-{prefix}"
        env = {"QINGLANG_KAFKA_BOOTSTRAP": kafka.bootstrap, "QINGLANG_REDIS_URL": servers[0].url,
               "QINGLANG_TOPIC_PREFIX": prefix, "QINGLANG_APP_ID": app_id, "QINGLANG_PARTITIONS": "3",
               "QINGLANG_LAG_INTERVAL": "1", "QINGLANG_COMMIT_INTERVAL": "0.5",
               # retries back off to 2 s at most, so the worker picks up soon after Redis is back
               "QINGLANG_RETRY_MAX_BACKOFF": "2"}
        worker = start_worker(env, workdir / "worker.log")
        stack.callback(worker.stop)
        prometheus = start_prometheus(workdir / "prometheus", [f"127.0.0.1:{worker.web_port}"])
        stack.callback(prometheus.stop)
        say(f"prometheus at {prometheus.url}; everything under {workdir}")
        while not query(prometheus.url, f'up{{job="{JOB}"}} == 1'):
            time.sleep(0.3)
        start = math.ceil(time.time())

        def mark(text: str) -> None:
            story.append(f"{max(0, round(time.time() - start)):4d}s  {text}")
            say(story[-1])

        mark("worker up and scraped, idle")
        time.sleep(5)
        mark(f"replaying {len(before)} records at {rate:.0f}/s")
        asyncio.run(replay_records(before, bootstrap=kafka.bootstrap, names=names, rate=rate))
        mark("stopping Redis (SHUTDOWN)")
        servers[0].stop()
        stopped = time.monotonic()
        mark(f"Redis stopped; replaying {len(during)} more (the worker retries, holds its offsets)")
        asyncio.run(replay_records(during, bootstrap=kafka.bootstrap, names=names, rate=rate))
        time.sleep(max(0.0, outage_s - (time.monotonic() - stopped)))
        servers.append(start_redis(servers[0].workdir, port=servers[0].port))
        mark(f"Redis back on the same port (AOF kept); replaying {len(after)} more")
        asyncio.run(replay_records(after, bootstrap=kafka.bootstrap, names=names, rate=rate))
        done = len(before) + len(during) + len(after)
        asyncio.run(wait_for_group(kafka.bootstrap, app_id, names, timeout=300, at_least=done))
        mark("worker caught up: every input offset committed")
        time.sleep(10)
        admin = redis_client.Redis(port=servers[-1].port, socket_timeout=5)
        admin.acl_setuser("default", enabled=True, nopass=True, commands=["-evalsha", "-eval"])
        mark(f"Redis ACL denies the worker the ledger script; {len(refused)} more records")
        asyncio.run(replay_records(refused, bootstrap=kafka.bootstrap, names=names))
        deadline = time.monotonic() + 60
        while not re.search(r"^qinglang_partition_stopped\{[^}]*\} 1\.0$", worker.metrics_text(), re.M):
            if time.monotonic() > deadline:
                raise CaptureError(f"the worker did not stop a partition on NOPERM; see {worker.log_path}")
            time.sleep(0.5)
        mark("the worker stopped a partition (NOPERM, non-retriable)")
        time.sleep(20)
        # a worker holding a stopped batch does not finish it on SIGTERM: stop_process kills it after 10 s
        code = worker.stop(timeout=10)
        mark(f"worker stopped ({'SIGTERM, then SIGKILL after 10 s' if code < 0 else f'exit {code}'}); "
             "Prometheus keeps scraping its address")
        down_s = next(r.for_s for r in load_rules(ALERTS) if r.name == "QinglangWorkerDown")
        time.sleep(down_s + 3 * MARGIN_S)
        mark("end")
        end = math.floor(time.time())
        result = write_tests(prometheus.url, start, end, out, ALERTS, story)
    report(result, out)
    missing = MUST_FIRE - set(result["fired"])
    if missing:
        raise CaptureError(f"the run's faults did not make {', '.join(sorted(missing))} fire; see {workdir}")


def report(result: dict[str, Any], out: Path) -> None:
    promtool_check(out)
    print(f"{out}: {result['series']} real series, {result['cases']} alert tests; promtool test rules passes",
          file=sys.stderr)
    print(f"  fire: {', '.join(f'{n} ({i}s)' for n, i in result['fired'].items()) or '-'}", file=sys.stderr)
    print(f"  silent: {', '.join(result['silent']) or '-'}", file=sys.stderr)


def moment(text: str) -> int:
    try:
        return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO time: {text!r}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="a real run with faults (Kafka, Redis, a worker, Prometheus), then "
                                            "the file")
    run_parser.add_argument("--rate", type=float, default=40.0, help="records per second of the replay (default 40)")
    run_parser.add_argument("--redis-outage", type=float, default=10.0,
                            help="seconds Redis stays stopped (default 10)")
    run_parser.add_argument("--recording", type=Path, default=ROOT / "examples" / "demo.jsonl")
    capture_parser = sub.add_parser("capture", help="the file from a Prometheus that already holds a run")
    capture_parser.add_argument("--prometheus", required=True, help="its URL, e.g. http://127.0.0.1:9090")
    capture_parser.add_argument("--start", required=True, type=moment, help="ISO time, UTC")
    capture_parser.add_argument("--end", required=True, type=moment, help="ISO time, UTC")
    for sub_parser in (run_parser, capture_parser):
        sub_parser.add_argument("--out", type=Path, default=OUT, help=f"the file (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args()
    try:
        if args.command == "run":
            if args.rate <= 0 or args.redis_outage <= 0:
                raise CaptureError("--rate and --redis-outage must be above 0")
            run(args.out.resolve(), args.rate, args.redis_outage, args.recording)
        else:
            if args.end <= args.start:
                raise CaptureError("--end must be after --start")
            result = write_tests(args.prometheus.rstrip("/"), args.start, args.end, args.out.resolve(), ALERTS,
                                 [f"captured from {args.prometheus}"])
            report(result, args.out.resolve())
    except CaptureError as exc:
        raise SystemExit(f"capture_alert_series: {exc}") from None
    except OSError as exc:  # Prometheus (or a service of the run) did not answer
        where = f" at {args.prometheus}" if args.command == "capture" else ""
        raise SystemExit(f"capture_alert_series: no answer from Prometheus{where} or a local service: {exc}") from None
    except RuntimeError as exc:  # a service that did not start, or a query Prometheus refused
        raise SystemExit(f"capture_alert_series: {exc}") from None


if __name__ == "__main__":
    main()
