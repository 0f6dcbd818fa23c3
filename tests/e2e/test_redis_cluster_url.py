"""The worker speaks to a Redis Cluster only through a `redis+cluster://` URL: pointed at a cluster node with
a single-server `redis://` URL it refuses to start and names the URL to use, instead of retrying every
batch for ever on MOVED answers; a `redis+cluster://` URL naming a server without cluster mode is refused
with a clear message too (docs/operations.md, Scaling)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from streams.local.services import start_redis
from streams.local.services.redis_cluster import cluster_node_port

pytestmark = pytest.mark.e2e


def _worker(redis_url: str, kafka_bootstrap: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "QINGLANG_REDIS_URL": redis_url, "QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap,
           "QINGLANG_TOPIC_PREFIX": "cluster-url."}
    return subprocess.run([sys.executable, "-m", "streams", "worker"], env=env, capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])


def test_a_single_server_url_naming_a_cluster_node_is_refused_with_the_url_to_use(
        tmp_path: Path, kafka_bootstrap: str) -> None:
    node = start_redis(tmp_path / "node", port=cluster_node_port(), extra_args=(
        "--cluster-enabled", "yes", "--cluster-config-file", str(tmp_path / "nodes.conf")))
    try:
        done = _worker(node.url, kafka_bootstrap)
    finally:
        node.stop()
    assert done.returncode != 0
    assert "is a Redis Cluster node" in done.stderr and "redis+cluster://" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_cluster_url_naming_a_server_without_cluster_mode_is_refused(
        tmp_path: Path, kafka_bootstrap: str, redis_url: str) -> None:
    cluster_url = "redis+cluster://" + redis_url.removeprefix("redis://").removesuffix("/0")
    done = _worker(cluster_url, kafka_bootstrap)
    assert done.returncode != 0
    assert "is not a usable Redis Cluster" in done.stderr
    assert "Traceback" not in done.stderr
