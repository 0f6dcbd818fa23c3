"""deploy/redis/setup.sh (compose's one-shot `redis-setup`) run here, and Debian's redis-server started with
deploy/redis/redis.conf and compose's command line on what it wrote: TLS only, the ACL file's users, and the
workers' settings from docker-compose.yml reaching it. No Docker: the paths are moved under a temporary
directory, everything else is as compose runs it."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
import yaml
from redis.backoff import NoBackoff
from redis.exceptions import AuthenticationError, NoPermissionError
from redis.retry import Retry

from streams.local.services.process import free_port, log_tail, stop_process
from streams.redis_connection import check_permissions, sync_client
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "redis" / "setup.sh"
SHIPPED_ACL = ROOT / "deploy" / "redis" / "users.acl"


@dataclass
class Setup:
    redis_dir: Path
    ca_dir: Path
    admin_file: Path
    worker_file: Path

    @classmethod
    def under(cls, root: Path) -> Setup:
        secrets_dir = root / "secrets"
        secrets_dir.mkdir(parents=True, exist_ok=True)
        return cls(root / "etc-redis", root / "redis-ca", secrets_dir / "redis_admin_password",
                   secrets_dir / "redis_password")

    def run(self, admin: str, worker: str) -> subprocess.CompletedProcess[str]:
        # as compose writes an `environment` secret: the variable's value, no newline added
        self.admin_file.write_text(admin)
        self.worker_file.write_text(worker)
        env = {**os.environ, "REDIS_SETUP_REDIS_DIR": str(self.redis_dir), "REDIS_SETUP_CA_DIR": str(self.ca_dir),
               "REDIS_SETUP_ACL": str(SHIPPED_ACL), "REDIS_SETUP_ADMIN_PASSWORD_FILE": str(self.admin_file),
               "REDIS_SETUP_PASSWORD_FILE": str(self.worker_file)}
        return subprocess.run(["sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=120,
                              check=False)


@dataclass
class ComposeRedis:
    setup: Setup
    port: int
    admin: str
    worker: str

    def worker_env(self, host: str = "127.0.0.1") -> dict[str, str]:
        """worker-1's Redis settings from docker-compose.yml, pointed at this server."""
        compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
        env = {k: str(v) for k, v in compose["services"]["worker-1"]["environment"].items() if "REDIS" in k}
        assert env["QINGLANG_REDIS_URL"] == "rediss://qinglang@redis:6379/0"
        env["QINGLANG_REDIS_URL"] = f"rediss://qinglang@{host}:{self.port}/0"
        env["QINGLANG_REDIS_CA_FILE"] = str(self.setup.ca_dir / Path(env["QINGLANG_REDIS_CA_FILE"]).name)
        env["QINGLANG_REDIS_PASSWORD_FILE"] = str(self.setup.worker_file)
        return env

    def tls_client(self, **options: Any) -> redis.Redis:
        # no retries: a refusal is what some tests expect, and redis-py would retry it with back-off
        return redis.Redis(host="127.0.0.1", port=self.port, ssl=True, socket_timeout=5, retry=Retry(NoBackoff(), 0),
                           ssl_ca_certs=str(self.setup.ca_dir / "ca.crt"), ssl_cert_reqs="required", **options)


def _compose_redis_command(setup: Setup, port: int, workdir: Path) -> list[str]:
    """redis-server with deploy/redis/redis.conf (its /etc/redis paths moved to where the script wrote) and
    compose's command-line options (its bind narrowed to loopback: this is a test machine)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    command = [str(part) for part in compose["services"]["redis"]["command"]]
    conf = (ROOT / "deploy" / "redis" / "redis.conf").read_text().replace("/etc/redis/", f"{setup.redis_dir}/")
    conf = conf.replace("\ntls-port 6379\n", f"\ntls-port {port}\n")
    assert f"tls-port {port}" in conf
    conf_path = workdir / "redis.conf"
    conf_path.write_text(conf)
    extra = ["127.0.0.1" if part == "0.0.0.0" else part for part in command[2:]]
    return [command[0], str(conf_path), *extra, "--dir", str(workdir), "--logfile", str(workdir / "redis.log"),
            "--daemonize", "no"]


@pytest.fixture(scope="module")
def compose_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ComposeRedis]:
    root = tmp_path_factory.mktemp("redis-setup")
    setup = Setup.under(root)
    admin, worker = secrets.token_hex(32), secrets.token_hex(32)
    done = setup.run(admin, worker)
    assert done.returncode == 0, done.stderr
    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed (make system-deps)"
    port = free_port()
    workdir = root / "data"
    workdir.mkdir()
    command = _compose_redis_command(setup, port, workdir)
    command[0] = binary
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = ComposeRedis(setup, port, admin, worker)
    client = server.tls_client(password=admin)
    try:
        for _ in range(200):
            if process.poll() is not None:
                log = log_tail(workdir / "redis.log")
                raise AssertionError(f"redis-server exited with {process.returncode}:\n{log}")
            try:
                if client.ping():
                    break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            raise AssertionError(f"redis-server did not answer:\n{log_tail(workdir / 'redis.log')}")
        yield server
    finally:
        with contextlib.suppress(redis.RedisError):  # SHUTDOWN closes the connection before answering
            client.shutdown(nosave=False)
        stop_process(process, 15)


@pytest.mark.services
def test_the_workers_compose_settings_reach_redis_over_tls_as_the_acl_user(compose_redis: ComposeRedis) -> None:
    for host in ("127.0.0.1", "localhost"):  # both are names in the server certificate
        settings = Settings.from_env(compose_redis.worker_env(host))
        client = sync_client(settings, socket_timeout=5)
        assert isinstance(client, redis.Redis)
        assert client.ping()
        assert client.execute_command("ACL", "WHOAMI") in (b"qinglang", "qinglang")
        assert check_permissions(settings, client, settings.key_prefix()) is None  # the worker's start-up check
        with pytest.raises(NoPermissionError):  # the rule, not the administrator's
            client.config_get("dir")


@pytest.mark.services
def test_redis_serves_no_plain_text_and_nobody_without_a_password(compose_redis: ComposeRedis) -> None:
    plain = redis.Redis(host="127.0.0.1", port=compose_redis.port, socket_timeout=1, retry=Retry(NoBackoff(), 0))
    with pytest.raises((redis.ConnectionError, redis.TimeoutError)):  # the server waits for a TLS hello
        plain.ping()
    with pytest.raises(AuthenticationError):  # `default` has a password now
        compose_redis.tls_client().ping()
    with pytest.raises(AuthenticationError):
        compose_redis.tls_client(username="qinglang", password=compose_redis.admin).ping()


@pytest.mark.services
def test_the_healthcheck_command_answers_with_the_admin_password_only(compose_redis: ComposeRedis) -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    test = [str(part) for part in compose["services"]["redis"]["healthcheck"]["test"]]
    assert test[0] == "CMD"
    command = [part.replace("/etc/redis/", f"{compose_redis.setup.redis_dir}/") for part in test[1:]]
    command[1:1] = ["-p", str(compose_redis.port)]  # compose's Redis listens on its default port, this one not

    def healthcheck(password: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, env={**os.environ, "REDISCLI_AUTH": password}, capture_output=True,
                              text=True, timeout=30, check=False)

    ok = healthcheck(compose_redis.admin)
    assert ok.returncode == 0 and ok.stdout.strip() == "PONG", ok.stderr
    assert healthcheck("wrong").stdout.strip() != "PONG"


def test_the_files_are_private_and_the_ca_key_is_gone(tmp_path: Path) -> None:
    setup = Setup.under(tmp_path)
    admin, worker = "admin-" + secrets.token_hex(16), "worker-" + secrets.token_hex(16)
    done = setup.run(admin, worker)
    assert done.returncode == 0, done.stderr
    tls = setup.redis_dir / "tls"
    modes = {path.relative_to(tmp_path).as_posix(): path.stat().st_mode & 0o777
             for path in tmp_path.rglob("*") if path.is_file() and "secrets" not in path.parts}
    assert modes == {"etc-redis/users.acl": 0o600, "etc-redis/tls/server.key": 0o600,
                     "etc-redis/tls/server.crt": 0o644, "etc-redis/tls/ca.crt": 0o644, "redis-ca/ca.crt": 0o644}
    assert (setup.ca_dir / "ca.crt").read_bytes() == (tls / "ca.crt").read_bytes()
    acl = (setup.redis_dir / "users.acl").read_text()
    assert admin not in acl and worker not in acl and "CHANGE_ME" not in acl  # hashes only
    users = {line.split()[1]: line.split()[2:] for line in acl.splitlines()}
    assert set(users) == {"default", "qinglang"}
    shipped = {line.split()[1]: line.split()[4:] for line in SHIPPED_ACL.read_text().splitlines()}
    for name, tokens in users.items():
        assert tokens[0] == "on" and tokens[1].startswith("#") and len(tokens[1]) == 65
        assert tokens[2:] == shipped[name]  # the shipped rule, unchanged
    names = subprocess.run(["openssl", "x509", "-noout", "-ext", "subjectAltName", "-in", str(tls / "server.crt")],
                           capture_output=True, text=True, check=True).stdout
    assert "DNS:redis" in names and "DNS:localhost" in names and "IP Address:127.0.0.1" in names


def test_a_second_run_keeps_the_certificates_and_takes_new_passwords(tmp_path: Path) -> None:
    setup = Setup.under(tmp_path)
    assert setup.run("admin-one-" + "a" * 20, "worker-one-" + "b" * 20).returncode == 0
    tls = setup.redis_dir / "tls"
    before = {name: (tls / name).read_bytes() for name in ("ca.crt", "server.crt", "server.key")}
    acl_before = (setup.redis_dir / "users.acl").read_text()
    again = setup.run("admin-two-" + "c" * 20, "worker-two-" + "d" * 20)
    assert again.returncode == 0 and "keeping the TLS files" in again.stdout, again.stderr
    assert {name: (tls / name).read_bytes() for name in before} == before
    assert (setup.redis_dir / "users.acl").read_text() != acl_before


@pytest.mark.parametrize(("admin", "worker", "message"), [
    ("", "worker-password-long", "QINGLANG_REDIS_ADMIN_PASSWORD is empty"),
    ("admin-password-long", "", "QINGLANG_REDIS_PASSWORD is empty"),
    ("the-same-password", "the-same-password", "must differ"),
])
def test_setup_refuses_a_missing_or_shared_password(tmp_path: Path, admin: str, worker: str, message: str) -> None:
    setup = Setup.under(tmp_path)
    done = setup.run(admin, worker)
    assert done.returncode != 0 and message in done.stderr
    assert not (setup.redis_dir / "users.acl").exists()  # Redis, which needs the file, will not start
    assert not list(setup.redis_dir.glob(".users.acl.*"))
