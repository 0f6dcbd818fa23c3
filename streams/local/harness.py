"""Run a worker as a separate process and watch it from the outside, through topics only
(decision "End-to-end tests").

Used by `qinglang demo` and the end-to-end tests: start `qinglang worker`, wait until the consumer
group's committed offsets reach the input topics' end offsets (no sleeps), read the output topics.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError

from streams.bus.connection import Kafka, client_kwargs
from streams.bus.reader import end_offsets
from streams.bus.topics import INPUT_TOPICS, TopicNames
from streams.local.services.process import free_port, log_tail, stop_process


@dataclass
class WorkerProcess:
    """A `qinglang worker` child process with its environment and log."""

    process: subprocess.Popen[bytes]
    env: dict[str, str]
    log_path: Path
    web_port: int

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}/metrics"

    def metrics_text(self) -> str:
        with urllib.request.urlopen(self.metrics_url, timeout=5) as response:
            return str(response.read().decode())

    def stop(self, timeout: float = 30.0) -> int:
        return stop_process(self.process, timeout)


def start_worker(
    env: Mapping[str, str], log_path: Path, *, timeout: float = 90.0, web_port: int | None = None,
    cwd: Path | None = None,
) -> WorkerProcess:
    """Start `python -m streams worker` with `env` (QINGLANG_* settings) and wait until /metrics answers.

    `cwd`: where the worker runs. `python -m` puts its working directory first on the import path, so a
    checkout of another commit passed here (with PYTHONPATH in `env` pointing at it too) runs that
    commit's worker.
    """
    port = web_port or free_port()
    full_env = {**os.environ, **env, "QINGLANG_WEB_PORT": str(port)}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker"],
            env=full_env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=cwd,
        )
    worker = WorkerProcess(process, full_env, log_path, port)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited with {process.returncode}:\n{log_tail(log_path)}")
        try:
            worker.metrics_text()
            return worker
        except OSError:
            time.sleep(0.2)
    worker.stop()
    raise RuntimeError(f"worker did not serve /metrics within {timeout:.0f}s:\n{log_tail(log_path)}")




async def wait_for_group(
    bootstrap: Kafka,
    group_id: str,
    names: TopicNames,
    *,
    topics: tuple[str, ...] = INPUT_TOPICS,
    timeout: float = 120.0,
    alive: Callable[[], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    at_least: int = 0,
) -> dict[TopicPartition, int]:
    """Poll the group's committed offsets until every input partition's is at its end offset.

    `at_least`: how many records the caller knows it has produced to `topics` in all; the end offsets
    are read again until they add up to it (right after a topic is created, a broker under load can
    answer with offsets that do not show acknowledged records yet, and the wait would end at once).
    """
    import asyncio

    deadline = time.monotonic() + timeout
    targets = await end_offsets(bootstrap, [names.physical(t) for t in topics])
    while sum(targets.values()) < at_least:
        if time.monotonic() > deadline:
            raise TimeoutError(f"end offsets add up to {sum(targets.values())}, not the {at_least} records produced")
        await asyncio.sleep(0.25)
        targets = await end_offsets(bootstrap, [names.physical(t) for t in topics])
    total = sum(targets.values())
    admin = AIOKafkaAdminClient(**client_kwargs(bootstrap))
    await admin.start()
    try:
        while True:
            try:
                committed = await admin.list_consumer_group_offsets(group_id)
            except KafkaError:  # the coordinator is not ready yet (e.g. __consumer_offsets being created)
                committed = {}
            done = {tp: committed[tp].offset if tp in committed else 0 for tp in targets}
            behind = {tp: targets[tp] - done[tp] for tp in targets if done[tp] < targets[tp]}
            if on_progress:
                on_progress(total - sum(behind.values()), total)
            if not behind:
                return targets
            if alive:
                alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"group {group_id} still behind after {timeout:.0f}s: {behind}")
            await asyncio.sleep(0.25)
    finally:
        await admin.close()
