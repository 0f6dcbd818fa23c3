"""A worker pointed at a Redis Cluster node refuses to start, saying why, instead of retrying every batch
for ever on MOVED answers (Redis Cluster is not supported yet: docs/operations.md, Scaling)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from streams.local.services import start_redis
from streams.local.services.process import free_port, port_open

pytestmark = pytest.mark.e2e


def _port_for_a_cluster_node() -> int:
    """A free port of at most 55535: a cluster node also listens on its port + 10000."""
    for _ in range(100):
        port = free_port()
        if port <= 55535 and not port_open(port + 10000):
            return port
    raise RuntimeError("no free port below 55536")


def test_the_worker_refuses_a_cluster_node_with_a_clear_message(tmp_path: Path, kafka_bootstrap: str) -> None:
    node = start_redis(tmp_path / "node", port=_port_for_a_cluster_node(), extra_args=("--cluster-enabled", "yes",
                                                      "--cluster-config-file", str(tmp_path / "nodes.conf")))
    try:
        env = {"PATH": "/usr/bin:/bin", "QINGLANG_REDIS_URL": node.url, "QINGLANG_KAFKA_BOOTSTRAP": kafka_bootstrap,
               "QINGLANG_TOPIC_PREFIX": "cluster-refused."}
        done = subprocess.run([sys.executable, "-m", "streams", "worker"], env=env, capture_output=True, text=True,
                              timeout=120, cwd=Path(__file__).resolve().parents[2])
    finally:
        node.stop()
    assert done.returncode != 0
    assert "is a Redis Cluster node" in done.stderr and "does not support Redis Cluster" in done.stderr
    assert "Traceback" not in done.stderr
