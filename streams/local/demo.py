"""`make demo` / `qinglang demo`: the whole pipeline on this machine, from recording to summary."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click
import orjson

from streams.bus import topics
from streams.bus.connection import Kafka
from streams.bus.reader import read_topic
from streams.bus.recording import RecordingError, read_recording
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.console_process import start_console
from streams.local.harness import WorkerProcess, start_worker, wait_for_group
from streams.local.prometheus import PrometheusServer, prometheus_binary, rule_groups, start_prometheus, wait_for
from streams.local.services import ServiceError, start_kafka, start_redis
from streams.local.services.process import CACHE_DIR, PROJECT_ROOT
from streams.observability.top import Samples, View, scrape
from streams.settings import Settings, SettingsError

DEFAULT_RECORDING = PROJECT_ROOT / "examples" / "demo.jsonl"


def _say(message: str) -> None:
    click.echo(message, err=True)


def run_demo(*, recording: Path | None, keep: bool, workdir: Path | None) -> None:
    """Start what is needed, replay, wait for the worker to commit everything, print a summary."""
    recording = recording or DEFAULT_RECORDING
    try:
        records = list(read_recording(recording))
    except RecordingError as exc:
        raise click.ClickException(f"{recording}: {exc}") from None
    run_id = secrets.token_hex(3)
    workdir = workdir or CACHE_DIR / "demo" / time.strftime(f"%Y%m%dT%H%M%S-{run_id}")
    with ExitStack() as stack:
        bootstrap = os.environ.get("QINGLANG_KAFKA_BOOTSTRAP")
        redis_url = os.environ.get("QINGLANG_REDIS_URL")
        own_broker = not bootstrap
        try:
            if not bootstrap:
                _say("starting Apache Kafka (KRaft) on 127.0.0.1 …")
                kafka = start_kafka(workdir / "kafka")
                stack.callback(kafka.stop)
                bootstrap = kafka.bootstrap
                _say(f"  kafka ready at {bootstrap} in {kafka.started_in_s:.1f}s (log: {kafka.log_path})")
            if not redis_url:
                redis = start_redis(workdir / "redis")
                stack.callback(redis.stop)
                redis_url = redis.url
                _say(f"  redis ready at {redis_url} (AOF on, dir: {redis.workdir})")
        except ServiceError as exc:
            raise click.ClickException(str(exc)) from None
        prefix = f"demo-{run_id}."
        app_id = f"qinglang-demo-{run_id}"
        names = TopicNames(prefix)
        env = {
            "QINGLANG_KAFKA_BOOTSTRAP": bootstrap,
            "QINGLANG_REDIS_URL": redis_url,
            "QINGLANG_TOPIC_PREFIX": prefix,
            "QINGLANG_APP_ID": app_id,
            "QINGLANG_EMIT_PROCESSED": "1",
            "QINGLANG_PARTITIONS": os.environ.get("QINGLANG_PARTITIONS", "3"),
            "QINGLANG_COMMIT_INTERVAL": "0.5",
            "QINGLANG_LAG_INTERVAL": "1",
        }
        if own_broker:
            # the local broker speaks PLAINTEXT only: security settings the environment may hold are for
            # another cluster, and the worker and the console would otherwise inherit them
            env["QINGLANG_KAFKA_SECURITY_PROTOCOL"] = "PLAINTEXT"
        kafka = _kafka(env, own_broker=own_broker)
        asyncio.run(ensure_topics(kafka, names, partitions=int(env["QINGLANG_PARTITIONS"]), replication=1))
        _say("starting a worker …")
        worker = start_worker(env, workdir / "worker.log")
        stack.callback(worker.stop)
        _say(f"  worker up; metrics at {worker.metrics_url}")
        prometheus = _start_prometheus(workdir, worker)
        if prometheus:
            stack.callback(prometheus.stop)
        before = scrape(worker.metrics_url)
        began = time.monotonic()
        with click.progressbar(length=len(records), label=f"replaying {recording.name}", file=sys.stderr,
                               show_pos=True) as bar:
            asyncio.run(replay_records(records, bootstrap=kafka, names=names, on_progress=bar.update))
        _say("waiting for the worker to commit every input offset …")
        produced = sum(1 for r in records if r.topic in topics.INPUT_TOPICS)
        asyncio.run(wait_for_group(kafka, app_id, names, timeout=300, alive=_alive(worker), at_least=produced))
        elapsed = time.monotonic() - began
        outputs = {t: asyncio.run(read_topic(kafka, names.physical(t))) for t in topics.OUTPUT_TOPICS}
        click.echo(summary(records, outputs, elapsed))
        click.echo("\nThe worker's own view of this run (what `qinglang top` shows live, from its /metrics)")
        click.echo("-------------------------------------------------------------------------------")
        after = _settled(worker.metrics_url)
        click.echo(View(before, after, elapsed).render())
        if prometheus:
            try:
                click.echo(prometheus_report(prometheus, sum(after.get("qinglang_events_total", {}).values())))
            except (OSError, RuntimeError) as exc:  # the report is a look at Prometheus, not part of the run
                _say(f"could not read Prometheus at {prometheus.url}: {exc}")
        if keep:
            _say(f"\nkeeping everything up. Metrics: {worker.metrics_url}"
                 + (f"  Prometheus: {prometheus.url}" if prometheus else ""))
            _say(f"export QINGLANG_KAFKA_BOOTSTRAP={bootstrap} QINGLANG_REDIS_URL={redis_url} "
                 f"QINGLANG_TOPIC_PREFIX={prefix}")
            try:
                console = start_console(env, workdir)
            except RuntimeError as exc:
                raise click.ClickException(f"the reviewer console did not start: {exc}") from None
            stack.callback(console.stop)
            _say(f"reviewer console: {console.url}  sign in as {console.user} / {console.password} "
                 f"(a supervisor; decide a review item, then watch its account page)")
            _say("press Ctrl-C to stop")
            try:
                while worker.process.poll() is None:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
        also = "Prometheus, " if prometheus else ""
        _say(f"stopping the console, worker, {also}Kafka and Redis …" if keep
             else f"stopping worker, {also}Kafka and Redis …")


def _kafka(env: dict[str, str], *, own_broker: bool) -> Kafka:
    """How the demo's own clients (topic creation, replay, the wait for the group, the read-back) reach Kafka:
    exactly as the worker it starts does. A broker the environment names may need TLS and SASL
    (QINGLANG_KAFKA_SECURITY_PROTOCOL and friends, which the worker inherits), so they are read into the
    settings' connection; the demo's own broker is PLAINTEXT, which a bare bootstrap string means."""
    if own_broker:
        return env["QINGLANG_KAFKA_BOOTSTRAP"]
    try:
        return Settings.from_env({**os.environ, **env}).kafka
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


def _start_prometheus(workdir: Path, worker: WorkerProcess) -> PrometheusServer | None:
    """Prometheus scraping the worker with the project's alert rules; None, said in one line, when it is not
    installed or does not start: the demo is about the pipeline and goes on without it."""
    if prometheus_binary() is None:
        _say("prometheus is not installed (`make system-deps` installs it): going on without it")
        return None
    try:
        server = start_prometheus(workdir / "prometheus", [f"127.0.0.1:{worker.web_port}"])
    except ServiceError:
        _say(f"prometheus did not start (see {workdir / 'prometheus' / 'prometheus.log'}): going on without it")
        return None
    _say(f"  prometheus at {server.url}, scraping the worker every second with deploy/prometheus/alerts.yml")
    return server


def prometheus_report(prometheus: PrometheusServer, events: float) -> str:
    """What Prometheus holds of this run, read back through its HTTP API: the worker's `up`, its
    processed-events series and the alert rules loaded (waits a few scrapes for the last counts)."""
    url = prometheus.url
    seen = wait_for(url, 'sum(qinglang_events_total{job="qinglang"})', at_least=events, timeout=10) or 0
    up = prometheus.query('up{job="qinglang"}')
    series = prometheus.query('count(qinglang_events_total{job="qinglang"})')
    rules = sum(len(group["rules"]) for group in rule_groups(url))
    firing = prometheus.query('count(ALERTS{alertstate="firing"})')
    lines = ["", f"Prometheus at {url} (the worker scraped every second; data and log in {prometheus.workdir})",
             "-" * 78]
    lines.append(f"  up{{job=\"qinglang\"}}                  {', '.join(r['value'][1] for r in up) or 'no series'}")
    lines.append(f"  qinglang_events_total series       {series[0]['value'][1] if series else 0}"
                 f"  (summing to {seen:,.0f} events; the worker counted {events:,.0f})")
    now_firing = firing[0]["value"][1] if firing else 0
    lines.append(f"  alert rules loaded                 {rules}  (firing now: {now_firing})")
    ok = bool(up) and all(r["value"][1] == "1" for r in up) and seen >= events > 0
    lines.append("  Prometheus scraped this run's data" if ok else "  Prometheus has not seen the whole run yet")
    return "\n".join(lines)


def _settled(metrics_url: str, timeout_s: float = 10.0) -> Samples:
    """The worker's metrics once its lag gauge has sampled the finished run (every input committed, so
    the lag it reports drops to 0 within a sampling interval); the last scrape if it never does."""
    deadline = time.monotonic() + timeout_s
    while True:
        samples = scrape(metrics_url)
        if not sum(samples.get("qinglang_consumer_lag", {}).values()) or time.monotonic() > deadline:
            return samples
        time.sleep(0.5)


def _alive(worker: Any):
    def check() -> None:
        if worker.process.poll() is not None:
            raise click.ClickException(f"the worker died (exit {worker.process.returncode}); see {worker.log_path}")
    return check


def summary(records: list[Any], outputs: dict[str, list[tuple[bytes | None, bytes | None, int]]],
            elapsed: float) -> str:
    """A plain-text report of what the worker did with the replayed recording."""
    def bodies(topic: str) -> list[dict[str, Any]]:
        return [orjson.loads(value) for _, value, _ in outputs.get(topic, []) if value]

    processed = bodies(topics.PROCESSED)
    dead = bodies(topics.DEADLETTER)
    violations = bodies(topics.VIOLATIONS)
    actions = bodies(topics.ACTIONS)
    reviews = bodies(topics.REVIEW)
    lines = [
        "",
        "Qinglang demo summary",
        "=====================",
        f"records replayed        {len(records):>7}",
        f"events enforced         {len(processed):>7}",
        f"dead-lettered           {len(dead):>7}",
        f"violations              {len(violations):>7}",
        f"review items            {len(reviews):>7}",
        f"actions                 {len(actions):>7}",
        f"wall time               {elapsed:>7.1f}s  ({len(records) / max(elapsed, 1e-9):,.0f} records/s incl. startup)",
    ]
    lost = len(records) - len(processed) - len(dead)
    lines.append(f"unaccounted records     {lost:>7}  (must be 0: every record is enforced or dead-lettered)")

    def table(title: str, counter: Counter[str]) -> None:
        if counter:
            lines.append("")
            lines.append(title)
            lines.extend(f"  {name:<42}{count:>7}" for name, count in counter.most_common())

    table("events by type", Counter(p["type"] for p in processed))
    table("dead letters by error code", Counter(d["error"]["code"] for d in dead))
    table("violations by requirement/rule", Counter(f"{v['requirement']} {v['rule']}" for v in violations))
    table("review items by reason", Counter(r.get("reason", "?") for r in reviews))
    table("actions by sanction", Counter(a.get("sanction", "?") for a in actions))
    return "\n".join(lines)
