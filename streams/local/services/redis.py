"""Real Redis (Debian's redis-server) on a free 127.0.0.1 port with AOF on, as the tests and demo need;
optionally over TLS only (certificates made with openssl) and with an ACL users file, as production runs it
(docs/security.md, "Redis")."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from streams.local.services.errors import ServiceError
from streams.local.services.process import free_port, log_tail, stop_process


@dataclass(frozen=True)
class TlsFiles:
    """A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, all signed by the CA."""

    ca_cert: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


@dataclass
class RedisServer:
    """A running redis-server; `stop()` asks it to SHUTDOWN (flushing the AOF) and waits.

    With `tls`, it listens for TLS only; with `admin_password`, the `default` user needs that password
    (the ACL users file holds the others)."""

    workdir: Path
    port: int
    process: subprocess.Popen[bytes]
    started_in_s: float = 0.0
    tls: TlsFiles | None = None
    admin_password: str | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """The URL without credentials: a user's name and password are the caller's to add."""
        return f"{'rediss' if self.tls else 'redis'}://127.0.0.1:{self.port}/0"

    def _admin(self, **options: Any) -> redis.Redis:
        if self.tls is not None:
            options.update(ssl=True, ssl_ca_certs=str(self.tls.ca_cert), ssl_cert_reqs="required")
        return redis.Redis(host="127.0.0.1", port=self.port, password=self.admin_password, **options)

    def stop(self, timeout: float = 15.0) -> int:
        if self.process.poll() is None:
            try:
                self._admin(socket_timeout=5).shutdown(nosave=False)
            except redis.ConnectionError:
                pass  # SHUTDOWN closes the connection before answering
            except redis.RedisError:
                pass
        return stop_process(self.process, timeout)

    def client(self) -> redis.Redis:
        """A client as the `default` (administrator) user."""
        return self._admin(socket_timeout=5, decode_responses=True)

    def kill(self) -> int:
        """SIGKILL: a crash, with no SHUTDOWN and no final AOF write or fsync (what `appendfsync` protects)."""
        if self.process.poll() is None:
            self.process.kill()
        return int(self.process.wait(timeout=10))


def make_tls_files(directory: Path) -> TlsFiles:
    """Make a CA and certificates for 127.0.0.1 with openssl in `directory` (valid for two days)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        raise ServiceError("`openssl` is not installed; apt-get install openssl")
    directory.mkdir(parents=True, exist_ok=True)
    files = TlsFiles(*(directory / name for name in ("ca.crt", "server.crt", "server.key", "client.crt",
                                                    "client.key")))
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]

    def run(*args: str) -> None:
        done = subprocess.run([openssl, *args], capture_output=True, text=True, check=False)
        if done.returncode:
            raise ServiceError(f"openssl {args[0]} failed: {done.stderr.strip()}")

    ca_key = directory / "ca.key"
    run("req", "-x509", *key, "-keyout", str(ca_key), "-out", str(files.ca_cert), "-days", "2",
        "-subj", "/CN=Qinglang local CA", "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    for cert, private, name, usage in ((files.server_cert, files.server_key, "127.0.0.1", "serverAuth"),
                                       (files.client_cert, files.client_key, "qinglang", "clientAuth")):
        request = cert.with_suffix(".csr")
        extensions = cert.with_suffix(".ext")
        extensions.write_text(f"basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                              f"extendedKeyUsage={usage}\nsubjectKeyIdentifier=hash\n"
                              f"authorityKeyIdentifier=keyid\n"
                              + ("subjectAltName=IP:127.0.0.1\n" if usage == "serverAuth" else ""))
        run("req", *key, "-keyout", str(private), "-out", str(request), "-subj", f"/CN={name}")
        run("x509", "-req", "-in", str(request), "-CA", str(files.ca_cert), "-CAkey", str(ca_key),
            "-CAcreateserial", "-out", str(cert), "-days", "2", "-extfile", str(extensions))
    return files


def start_redis(workdir: Path, *, port: int | None = None, timeout: float = 20.0,
                extra_args: Sequence[str] = (), tls: TlsFiles | None = None, acl_file: Path | None = None,
                admin_password: str | None = None) -> RedisServer:
    """Start redis-server in `workdir` (AOF on, RDB off) on `port` (default: a free one); wait for PING.
    `extra_args` are further `--option value` pairs (a test starts a cluster-enabled node with them).

    With `tls` the server listens on `port` for TLS only (no plain-text port; client certificates are
    optional but checked against the CA when given). With `acl_file` it loads its users from that file;
    `admin_password` is then the `default` user's, which `stop()` and `client()` use."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise ServiceError("`redis-server` is not installed; run `make system-deps` (apt-get install redis-server)")
    began = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log_path = workdir / "redis.log"
    listen = ["--port", str(port)]
    if tls is not None:
        listen = ["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(tls.server_cert),
                  "--tls-key-file", str(tls.server_key), "--tls-ca-cert-file", str(tls.ca_cert),
                  "--tls-auth-clients", "optional"]
    if acl_file is not None:
        listen += ["--aclfile", str(acl_file)]
    process = subprocess.Popen(
        [
            binary, *listen, "--bind", "127.0.0.1", "--dir", str(workdir),
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--daemonize", "no", "--protected-mode", "yes", "--maxmemory-policy", "noeviction",
            "--logfile", str(log_path), *extra_args,
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
    )
    server = RedisServer(workdir, port, process, tls=tls, admin_password=admin_password)
    client = server._admin(socket_timeout=1)
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


def write_acl_file(path: Path, *, admin_password: str, users: Mapping[str, tuple[str, str]]) -> Path:
    """An ACL users file: `default` may do anything with `admin_password`; each of `users` is
    name -> (password, rules), e.g. ("…", streams.redis_connection.acl_rule())."""
    lines = [f"user default on >{admin_password} ~* &* +@all"]
    for name, (password, rules) in users.items():
        if any(c.isspace() for c in password + name):
            raise ServiceError(f"ACL user {name!r}: names and passwords may not contain spaces")
        lines.append(f"user {name} on >{password} {rules}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    path.chmod(0o600)  # passwords in clear
    return path


def start_secure_redis(workdir: Path, *, admin_password: str, users: Mapping[str, tuple[str, str]],
                       timeout: float = 20.0) -> RedisServer:
    """Redis as production should run it: TLS only, with certificates made for the run in `workdir`/tls,
    and the ACL users of `users` besides the `default` administrator."""
    workdir.mkdir(parents=True, exist_ok=True)
    tls = make_tls_files(workdir / "tls")
    acl_file = write_acl_file(workdir / "users.acl", admin_password=admin_password, users=users)
    return start_redis(workdir, timeout=timeout, tls=tls, acl_file=acl_file, admin_password=admin_password)
