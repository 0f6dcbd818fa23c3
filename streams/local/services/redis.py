"""Real Redis (Debian's redis-server) on a free 127.0.0.1 port with AOF on, as the tests and demo need."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import redis

from streams.local.services.errors import ServiceError
from streams.local.services.process import free_port, log_tail, stop_process


@dataclass
class RedisServer:
    """A running redis-server; `stop()` asks it to SHUTDOWN (flushing the AOF) and waits."""

    workdir: Path
    port: int
    process: subprocess.Popen[bytes]
    started_in_s: float = 0.0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self, timeout: float = 15.0) -> int:
        if self.process.poll() is None:
            try:
                redis.Redis(port=self.port, socket_timeout=5).shutdown(nosave=False)
            except redis.ConnectionError:
                pass  # SHUTDOWN closes the connection before answering
            except redis.RedisError:
                pass
        return stop_process(self.process, timeout)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=5, decode_responses=True)

    def kill(self) -> int:
        """SIGKILL: a crash, with no SHUTDOWN and no final AOF write or fsync (what `appendfsync` protects)."""
        if self.process.poll() is None:
            self.process.kill()
        return int(self.process.wait(timeout=10))


def start_redis(workdir: Path, *, port: int | None = None, timeout: float = 20.0,
                extra_args: Sequence[str] = ()) -> RedisServer:
    """Start redis-server in `workdir` (AOF on, RDB off) on `port` (default: a free one); wait for PING.
    `extra_args` are further `--option value` pairs (a test starts a cluster-enabled node with them)."""


    binary = shutil.which("redis-server")
    if binary is None:
        raise ServiceError("`redis-server` is not installed; run `make system-deps` (apt-get install redis-server)")
    began = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_path = workdir / "redis.log"
    process = subprocess.Popen(
        [
            binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--daemonize", "no", "--protected-mode", "yes", "--maxmemory-policy", "noeviction",
            "--logfile", str(log_path), *extra_args,
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    server = RedisServer(workdir, port, process)
    client = redis.Redis(port=port, socket_timeout=1)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"redis-server exited with {process.returncode}:\n{log_tail(log_path)}")
        try:
            if client.ping():
                server.started_in_s = time.monotonic() - began
                return server
        except redis.ConnectionError:
            time.sleep(0.05)
    server.stop()
    raise ServiceError(f"redis-server did not answer PING within {timeout:.0f}s:\n{log_tail(log_path)}")
