"""Run `qinglang console` as a child process beside a local worker (`make demo DEMO_ARGS=--keep`)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from streams.console.users import add_user
from streams.local.services.process import free_port, log_tail, stop_process

DEMO_USER = "demo"


@dataclass
class ConsoleProcess:
    process: subprocess.Popen[bytes]
    url: str
    user: str
    password: str
    log_path: Path

    def stop(self, timeout: float = 10.0) -> int:
        return stop_process(self.process, timeout)


def start_console(env: Mapping[str, str], workdir: Path, *, timeout: float = 60.0) -> ConsoleProcess:
    """A console on a free port of 127.0.0.1 with one supervisor (a fresh password per run, never a fixed
    one: the demo's console is reachable by anyone on this machine); ready once /healthz answers."""
    password = secrets.token_urlsafe(9)
    users = workdir / "console-users.json"
    add_user(users, DEMO_USER, password, "supervisor")
    port = free_port()
    log_path = workdir / "console.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streams", "console", "--users", str(users), "--port", str(port)],
            env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    console = ConsoleProcess(process, f"http://127.0.0.1:{port}/", DEMO_USER, password, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"console exited with {process.returncode}:\n{log_tail(log_path)}")
        try:
            urllib.request.urlopen(console.url + "healthz", timeout=2).close()
            return console
        except OSError:
            time.sleep(0.3)
    console.stop()
    raise RuntimeError(f"console did not answer within {timeout:.0f}s:\n{log_tail(log_path)}")
