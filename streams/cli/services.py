"""`qinglang services up|down|status`: the local Kafka and Redis, kept running between commands."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import click

from streams.local.services import ServiceError, start_kafka, start_kafka_cluster, start_redis, start_redis_cluster
from streams.local.services.process import CACHE_DIR, port_open

STATE = CACHE_DIR / "run" / "services.json"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def _terminate(pid: int, timeout: float = 30.0) -> None:
    if not _alive(pid):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)


@click.group()
def services() -> None:
    """Start, stop and inspect the local Kafka broker and Redis (127.0.0.1 only)."""


@services.command()
@click.option("--dir", "workdir", type=click.Path(path_type=Path), default=CACHE_DIR / "run",
              show_default=True, help="Where broker data, Redis AOF and logs go.")
@click.option("--kafka-nodes", type=click.IntRange(min=1), default=1, show_default=True,
              help="1: one broker. 3 or more: a KRaft cluster, topics replicated to three nodes with two in sync "
                   "(then set QINGLANG_REPLICATION=3).")
@click.option("--redis-cluster", is_flag=True,
              help="A local Redis Cluster (three masters, a replica each) instead of one Redis server; the "
                   "printed QINGLANG_REDIS_URL is its redis+cluster:// URL.")
@click.option("--cluster", is_flag=True,
              help="Both clusters, as a production layout would have them: --kafka-nodes 3 --redis-cluster.")
def up(workdir: Path, kafka_nodes: int, redis_cluster: bool, cluster: bool) -> None:
    """Start Kafka (KRaft) and Redis and print the environment that points Qinglang at them."""
    if cluster:
        kafka_nodes, redis_cluster = max(kafka_nodes, 3), True
    if kafka_nodes == 2:
        raise click.BadParameter("a cluster needs at least three nodes (replication 3, two in sync)",
                                 param_hint="--kafka-nodes")
    if STATE.exists():
        state = json.loads(STATE.read_text())
        if all(_alive(s["pid"]) for s in state.values()):
            raise click.ClickException(f"services already running (see {STATE}); `qinglang services down` first")
    click.echo("resolving Kafka jars and starting the broker…" if kafka_nodes == 1 else
               f"resolving Kafka jars and starting {kafka_nodes} Kafka nodes…", err=True)
    try:
        if kafka_nodes == 1:
            broker = start_kafka(workdir / "kafka")
            nodes = [broker]
            bootstrap, started_in_s = broker.bootstrap, broker.started_in_s
        else:
            brokers = start_kafka_cluster(workdir / "kafka-cluster", nodes=kafka_nodes)
            nodes = brokers.nodes
            bootstrap, started_in_s = brokers.bootstrap, brokers.started_in_s
        if redis_cluster:
            shards = start_redis_cluster(workdir / "redis-cluster")
            redis_nodes, redis_url, redis_started_in_s = shards.nodes, shards.url, shards.started_in_s
        else:
            redis = start_redis(workdir / "redis")
            redis_nodes, redis_url, redis_started_in_s = [redis], redis.url, redis.started_in_s
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    STATE.parent.mkdir(parents=True, exist_ok=True)
    state = {("kafka" if len(nodes) == 1 else f"kafka-{n + 1}"): {"pid": node.process.pid, "bootstrap": node.bootstrap,
                                                                  "log": str(node.log_path)}
             for n, node in enumerate(nodes)}
    for n, node in enumerate(redis_nodes):
        state["redis" if len(redis_nodes) == 1 else f"redis-{n + 1}"] = {"pid": node.process.pid, "url": node.url,
                                                                        "dir": str(node.workdir)}
    STATE.write_text(json.dumps(state, indent=2))
    click.echo(f"kafka up in {started_in_s:.1f}s, redis up in {redis_started_in_s:.2f}s", err=True)
    click.echo(f"export QINGLANG_KAFKA_BOOTSTRAP={bootstrap}")
    if len(nodes) > 1:
        click.echo("export QINGLANG_REPLICATION=3")
    click.echo(f"export QINGLANG_REDIS_URL={redis_url}")


@services.command()
def down() -> None:
    """Stop the services started by `qinglang services up` (their logs and data are kept)."""
    if not STATE.exists():
        click.echo("no services recorded as running", err=True)
        return
    state = json.loads(STATE.read_text())
    for name, entry in state.items():
        _terminate(int(entry["pid"]))
        click.echo(f"{name} stopped", err=True)
    STATE.unlink()


@services.command()
def status() -> None:
    """Show whether the recorded services are running and reachable."""
    if not STATE.exists():
        click.echo("not running")
        return
    for name, entry in json.loads(STATE.read_text()).items():
        address = entry.get("bootstrap") or entry.get("url", "")
        port = int(address.rsplit(":", 1)[-1].split("/")[0])
        state = "up" if _alive(entry["pid"]) and port_open(port) else "down"
        click.echo(f"{name:8} {state:5} pid={entry['pid']} {address}")
