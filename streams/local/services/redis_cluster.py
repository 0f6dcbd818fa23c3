"""A real local Redis Cluster (Debian's redis-server with `--cluster-enabled yes`): three masters with a
replica each by default, joined by `redis-cli --cluster create`, for the tests and for a person to try
(`qinglang services up --redis-cluster`).

Every node listens on a free loopback port of at most 55535, because Redis Cluster also opens the node's
bus port at port + 10000. Each node keeps the AOF settings of `start_redis` (`appendfsync everysec`), and
the node timeout is short so a test sees a replica promoted within seconds of its master's death.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import redis

from streams.local.services.errors import ServiceError
from streams.local.services.process import free_port, port_open
from streams.local.services.redis import RedisServer, TlsFiles, start_redis

# a cluster node also listens on its port + 10000 (the cluster bus), which must stay a valid port
_HIGHEST_NODE_PORT = 65535 - 10000
NODE_TIMEOUT_MS = 2000


def cluster_node_port(taken: set[int] | frozenset[int] = frozenset()) -> int:
    """A free loopback port of at most 55535 whose bus port (+10000) is free too, not in `taken`."""
    for _ in range(200):
        port = free_port()
        if port <= _HIGHEST_NODE_PORT and port not in taken and not port_open(port + 10000):
            return port
    raise ServiceError(f"no free port below {_HIGHEST_NODE_PORT + 1} for a Redis Cluster node")


@dataclass
class RedisClusterNodes:
    """A running local Redis Cluster; `stop()` stops every node. Which node is a master changes on a
    failover, so `masters()` and `replica_of()` ask the cluster instead of remembering."""

    workdir: Path
    nodes: list[RedisServer]
    started_in_s: float = 0.0
    acl_file: Path | None = None
    tls: TlsFiles | None = None

    @property
    def url(self) -> str:
        """The `redis+cluster://` URL naming every node as a startup node (any one of them is enough)."""
        scheme = "rediss+cluster" if self.tls else "redis+cluster"
        return f"{scheme}://" + ",".join(f"127.0.0.1:{node.port}" for node in self.nodes)

    def node(self, port: int) -> RedisServer:
        return next(node for node in self.nodes if node.port == port)

    def kill(self, port: int) -> None:
        """SIGKILL the node on `port`: a crash, with no final AOF write (what `appendfsync` protects)."""
        self.node(port).kill()

    def restart(self, port: int, timeout: float = 20.0) -> RedisServer:
        """Start a stopped node again on its own data and nodes.conf: it rejoins with its old identity (as a
        replica, if a replica took its slots meanwhile)."""
        old = self.node(port)
        node = start_redis(old.workdir, port=port, timeout=timeout, extra_args=_node_args(old.workdir, self.tls),
                           acl_file=self.acl_file, tls=self.tls)
        self.nodes[self.nodes.index(old)] = node
        return node

    def _topology(self) -> list[dict[str, str]]:
        """CLUSTER NODES as seen by a live node: id, port, role (master/slave), master id, flags."""
        for node in self.nodes:
            if node.process.poll() is not None:
                continue
            try:
                text = node._admin(socket_timeout=2).execute_command("CLUSTER", "NODES")
            except redis.RedisError:
                continue
            text = text.decode() if isinstance(text, bytes) else str(text)
            found = []
            for line in text.splitlines():
                parts = line.split()
                flags = parts[2].split(",")
                found.append({"id": parts[0], "port": parts[1].split("@")[0].rsplit(":", 1)[1],
                              "role": "master" if "master" in flags else "slave", "master": parts[3],
                              "failed": str(any(f in flags for f in ("fail", "fail?")))})
            return found
        raise ServiceError("no Redis Cluster node answers CLUSTER NODES")

    def masters(self) -> list[int]:
        """The ports of the masters that are not marked failed."""
        return sorted(int(n["port"]) for n in self._topology() if n["role"] == "master" and n["failed"] == "False")

    def replica_of(self, master_port: int) -> int:
        """The port of a replica of the master on `master_port`."""
        topology = self._topology()
        master_id = next(n["id"] for n in topology if int(n["port"]) == master_port)
        return next(int(n["port"]) for n in topology if n["master"] == master_id)

    def wait_until_ok(self, timeout: float = 60.0, *, masters: int | None = None) -> None:
        """Wait until every live node reports `cluster_state:ok` (and, if given, `masters` live masters
        each with its slots)."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                states = []
                for node in self.nodes:
                    if node.process.poll() is None:
                        info = node._admin(socket_timeout=2).execute_command("CLUSTER", "INFO")
                        info = info.decode() if isinstance(info, bytes) else str(info)
                        states.append("cluster_state:ok" in info)
                        last = info
                if all(states) and (masters is None or len(self.masters()) == masters):
                    return
            except (redis.RedisError, ServiceError) as exc:
                last = repr(exc)
            time.sleep(0.1)
        raise ServiceError(f"the Redis Cluster was not ok within {timeout:.0f}s: {last[:300]}")

    def stop(self) -> None:
        """SHUTDOWN every node at once: a master waits for its replicas to catch up before it exits, so
        one after the other would wait on nodes already gone."""
        with ThreadPoolExecutor(len(self.nodes)) as pool:
            list(pool.map(lambda node: node.stop(), self.nodes))


def _node_args(directory: Path, tls: TlsFiles | None) -> tuple[str, ...]:
    # with TLS the cluster bus and replication use it too: the nodes have no plain-text port at all
    return ("--cluster-enabled", "yes", "--cluster-config-file", str(directory / "nodes.conf"),
            "--cluster-node-timeout", str(NODE_TIMEOUT_MS),
            *(("--tls-cluster", "yes", "--tls-replication", "yes", "--tls-client-cert-file", str(tls.client_cert),
                "--tls-client-key-file", str(tls.client_key)) if tls else ()))


def start_redis_cluster(workdir: Path, *, masters: int = 3, replicas: int = 1, timeout: float = 60.0,
                        acl_file: Path | None = None, tls: TlsFiles | None = None) -> RedisClusterNodes:
    """Start `masters * (1 + replicas)` cluster-enabled redis-servers in `workdir`/node-N, join them with
    `redis-cli --cluster create … --cluster-replicas <replicas>` and wait for `cluster_state:ok`.

    `acl_file` gives every node the same users; its `default` user must stay without a password (`nopass`),
    since redis-cli and the replicas connect as it here. With `tls` every node listens for TLS only, its
    cluster bus and replication included, and the URL is `rediss+cluster://`."""
    cli = shutil.which("redis-cli")
    if cli is None:
        raise ServiceError("`redis-cli` is not installed; run `make system-deps` (apt-get install redis-tools)")
    if masters < 3:
        raise ServiceError("a Redis Cluster needs at least three masters")
    began = time.monotonic()
    nodes: list[RedisServer] = []
    try:
        taken: set[int] = set()
        for n in range(masters * (1 + replicas)):
            port = cluster_node_port(taken)
            taken.add(port)
            directory = workdir / f"node-{n + 1}"
            nodes.append(start_redis(directory, port=port, extra_args=_node_args(directory, tls), acl_file=acl_file,
                                     tls=tls))
        tls_options = ["--tls", "--cacert", str(tls.ca_cert)] if tls else []
        done = subprocess.run([cli, *tls_options, "--cluster", "create", *(f"127.0.0.1:{node.port}" for node in nodes),
                               "--cluster-replicas", str(replicas), "--cluster-yes"],
                              capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode:
            raise ServiceError(f"redis-cli --cluster create failed: {(done.stdout + done.stderr)[-2000:]}")
        cluster = RedisClusterNodes(workdir, nodes, acl_file=acl_file, tls=tls)
        cluster.wait_until_ok(timeout, masters=masters)
        # every replica attached: a failover test needs each master to have one
        deadline = time.monotonic() + timeout
        while sum(1 for n in cluster._topology() if n["role"] == "slave") < masters * replicas:
            if time.monotonic() > deadline:
                raise ServiceError("the Redis Cluster's replicas did not attach in time")
            time.sleep(0.1)
    except BaseException:
        RedisClusterNodes(workdir, nodes, tls=tls).stop()
        raise
    cluster.started_in_s = time.monotonic() - began
    return cluster
