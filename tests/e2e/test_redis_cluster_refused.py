"""A worker pointed at a Redis Cluster node refuses to start, saying why, instead of retrying every batch
for ever on MOVED answers (Redis Cluster is not supported yet: docs/operations.md, Scaling)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from streams.local.services import start_redis

pytestmark = pytest.mark.e2e


def test_the_worker_refuses_a_cluster_node_with_a_clear_message(tmp_path: Path, kafka_bootstrap: str) -> None:
    node = start_redis(tmp_path / "node", extra_args=("--cluster-enabled", "yes",
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
