"""Real Apache Kafka 3.9 from Maven Central, run in KRaft mode on 127.0.0.1 (decision "Kafka first":
the project's own broker, never a substitute)."""

from __future__ import annotations

import base64
import hashlib
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from streams.local.services.errors import ServiceError
from streams.local.services.process import CACHE_DIR, DEPLOY_DIR, free_port, log_tail, port_open, stop_process

KAFKA_DIR = DEPLOY_DIR / "kafka"
POM = KAFKA_DIR / "pom.xml"
READY_LINE = "Kafka Server started"


def ensure_kafka_jars(cache_dir: Path = CACHE_DIR, pom: Path = POM) -> Path:
    """Resolve the broker jars with `mvn` into a cache keyed by the pom's hash; a second call is instant."""
    digest = hashlib.sha256(pom.read_bytes()).hexdigest()[:12]
    lib = cache_dir / "kafka" / f"jars-{digest}"
    stamp = lib / ".complete"
    if stamp.exists():
        return lib
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ServiceError("`mvn` is not installed; run `make system-deps` (installs maven) and try again")
    if shutil.which("java") is None:
        raise ServiceError("`java` is not installed; run `make system-deps` (installs a JRE 17) and try again")
    partial = lib.with_name(lib.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    command = [
        mvn, "-q", "-B", "-f", str(pom), "dependency:copy-dependencies",
        f"-DoutputDirectory={partial}", "-DincludeScope=runtime",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not any(partial.glob("kafka_2.13-*.jar")):
        raise ServiceError(
            "could not resolve the Kafka broker jars from Maven Central with "
            f"`{' '.join(command)}`:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    shutil.rmtree(lib, ignore_errors=True)
    partial.rename(lib)
    stamp.write_text(digest)
    return lib


def _cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (Kafka's Uuid format).

    Like Kafka's Uuid.randomUuid, never one starting with "-": kafka-storage's argument parser would
    read it as an option (1 start in 64 failed with "argument --cluster-id/-t: expected one argument").
    """
    while True:
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cluster_id.startswith("-"):
            return cluster_id


@dataclass
class KafkaBroker:
    """A running single-node broker; `stop()` shuts it down cleanly and keeps its log."""

    workdir: Path
    port: int
    controller_port: int
    process: subprocess.Popen[bytes]
    started_in_s: float = 0.0
    heap: str = "512m"
    lib: Path = field(default=Path())
    secure_port: int | None = None  # the SASL_SSL listener, when started with `scram_users`
    ca_file: Path | None = None  # the CA that signed the broker's certificate (PEM), for QINGLANG_KAFKA_CA_FILE
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.workdir / "broker.log"

    @property
    def bootstrap(self) -> str:
        """The PLAINTEXT listener; on a secure broker its (anonymous) clients are super users, for test set-up."""
        return f"127.0.0.1:{self.port}"

    @property
    def secure_bootstrap(self) -> str:
        """The SASL_SSL listener (SCRAM-SHA-512 over TLS, ACLs enforced)."""
        if self.secure_port is None:
            raise ServiceError("this broker was started without a SASL_SSL listener (start_kafka(scram_users=...))")
        return f"127.0.0.1:{self.secure_port}"

    def stop(self, timeout: float = 30.0) -> int:
        return stop_process(self.process, timeout)


def _java(lib: Path) -> list[str]:
    log4j = f"-Dlog4j.configuration=file:{KAFKA_DIR / 'log4j.properties'}"
    return ["java", "-cp", f"{lib}/*", log4j, "-Djava.awt.headless=true"]


def _launch(broker_java: list[str], heap: str, properties: Path, log_path: Path, *, append: bool,
            ) -> subprocess.Popen[bytes]:
    with log_path.open("ab" if append else "wb") as log:
        return subprocess.Popen(
            [*broker_java, f"-Xms{heap}", f"-Xmx{heap}", "-XX:+UseG1GC", "kafka.Kafka", str(properties)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )


def _wait_ready(broker: KafkaBroker, began: float, timeout: float, ready_lines_before: int) -> KafkaBroker:
    """Wait until the broker logs one more READY_LINE than before its launch and accepts connections."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if broker.process.poll() is not None:
            raise ServiceError(
                f"Kafka exited with {broker.process.returncode} while starting:\n{log_tail(broker.log_path)}")
        ready = broker.log_path.read_text(errors="replace").count(READY_LINE) > ready_lines_before
        if ready and port_open(broker.port):
            broker.started_in_s = time.monotonic() - began
            return broker
        time.sleep(0.2)
    broker.stop()
    raise ServiceError(f"Kafka did not start within {timeout:.0f}s:\n{log_tail(broker.log_path)}")


def _openssl(*args: str, cwd: Path) -> None:
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ServiceError(f"`openssl {' '.join(args)}` failed:\n{result.stderr[-2000:]}")


def make_test_certificates(directory: Path) -> tuple[Path, Path]:
    """A throw-away CA and a broker certificate it signs for 127.0.0.1 and localhost, as PEM files: the CA
    (`ca.pem`, what clients trust) and the broker's key store (`broker-keystore.pem`: unencrypted PKCS#8 key,
    then the chain), which Kafka reads with `ssl.keystore.type=PEM` (no keytool, no store passwords). Local
    tests only: the keys are written unprotected into `directory`."""
    if shutil.which("openssl") is None:
        raise ServiceError("`openssl` is not installed; it makes the local broker's test certificates")
    directory.mkdir(parents=True, exist_ok=True)
    _openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "7",
             "-subj", "/CN=qinglang local test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)
    _openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "broker.key", "-out", "broker.csr",
             "-subj", "/CN=127.0.0.1", cwd=directory)
    (directory / "broker.ext").write_text(
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "authorityKeyIdentifier=keyid,issuer\nsubjectKeyIdentifier=hash\n")
    _openssl("x509", "-req", "-in", "broker.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "broker.crt", "-days", "7", "-extfile", "broker.ext", cwd=directory)
    keystore = directory / "broker-keystore.pem"
    keystore.write_text("".join((directory / name).read_text() for name in ("broker.key", "broker.crt", "ca.pem")))
    return directory / "ca.pem", keystore


def _with_properties(text: str, overrides: Mapping[str, str]) -> str:
    """`text` (a .properties file) with each key of `overrides` set: replaced where it is, appended if not."""
    lines = text.splitlines()
    pending = dict(overrides)
    for n, line in enumerate(lines):
        key = line.split("=", 1)[0].strip()
        if not line.lstrip().startswith("#") and key in pending:
            lines[n] = f"{key}={pending.pop(key)}"
    lines += [f"{key}={value}" for key, value in pending.items()]
    return "\n".join(lines) + "\n"


def _secure_properties(port: int, secure_port: int, controller_port: int, keystore: Path) -> dict[str, str]:
    """A SASL_SSL listener (SCRAM-SHA-512 over TLS) beside the PLAINTEXT one, and the broker's authoriser.

    The controller and inter-broker traffic stay on PLAINTEXT loopback listeners, whose anonymous principal
    is the super user: the broker talks to itself, and tests create topics and ACLs there. Every SASL_SSL
    client gets only what an ACL grants it (`allow.everyone.if.no.acl.found=false`), as on a production
    cluster (docs/security.md)."""
    return {
        "listeners": f"PLAINTEXT://127.0.0.1:{port},SASL_SSL://127.0.0.1:{secure_port},"
                     f"CONTROLLER://127.0.0.1:{controller_port}",
        "advertised.listeners": f"PLAINTEXT://127.0.0.1:{port},SASL_SSL://127.0.0.1:{secure_port}",
        "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
        "sasl.enabled.mechanisms": "SCRAM-SHA-512",
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config":
            "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "ssl.keystore.type": "PEM",
        "ssl.keystore.location": str(keystore),
        "ssl.client.auth": "none",
        "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users": "User:ANONYMOUS",
        "allow.everyone.if.no.acl.found": "false",
    }


def start_kafka(
    workdir: Path,
    *,
    cache_dir: Path = CACHE_DIR,
    heap: str = "512m",
    timeout: float = 120.0,
    scram_users: Mapping[str, str] | None = None,
) -> KafkaBroker:
    """Format KRaft storage in `workdir`, start the broker on free loopback ports, wait until it serves.

    `scram_users` (name -> password): also open a SASL_SSL listener (`secure_bootstrap`) with test
    certificates (`ca_file`), SCRAM-SHA-512 users created with the storage, and ACLs enforced."""
    began = time.monotonic()
    lib = ensure_kafka_jars(cache_dir)
    workdir.mkdir(parents=True, exist_ok=True)
    ports: list[int] = []
    while len(ports) < (3 if scram_users is not None else 2):
        candidate = free_port()
        if candidate not in ports:
            ports.append(candidate)
    port, controller_port = ports[0], ports[1]
    data = workdir / "data"
    properties = workdir / "server.properties"
    text = (KAFKA_DIR / "server.properties").read_text().format(port=port, controller_port=controller_port,
                                                               log_dirs=data)
    java = _java(lib)
    format_command = [*java, "kafka.tools.StorageTool", "format", "-t", _cluster_id(), "-c", str(properties)]
    secure_port = ca_file = None
    if scram_users is not None:
        secure_port = ports[2]
        ca_file, keystore = make_test_certificates(workdir / "tls")
        text = _with_properties(text, _secure_properties(port, secure_port, controller_port, keystore))
        for name, password in scram_users.items():
            # SCRAM credentials live in the cluster metadata; on a fresh KRaft cluster the storage tool
            # writes them with the first metadata, before any listener could accept a login
            format_command += ["--add-scram", f"SCRAM-SHA-512=[name={name},password={password}]"]
    properties.write_text(text)
    fmt = subprocess.run(format_command, capture_output=True, text=True, check=False)
    if fmt.returncode != 0:
        # the passwords are on the command line, not in the tool's output: the output is safe to show
        raise ServiceError(f"formatting KRaft storage failed:\n{fmt.stdout[-2000:]}\n{fmt.stderr[-2000:]}")
    process = _launch(java, heap, properties, workdir / "broker.log", append=False)
    broker = KafkaBroker(workdir, port, controller_port, process, heap=heap, lib=lib, secure_port=secure_port,
                         ca_file=ca_file)
    return _wait_ready(broker, began, timeout, 0)


def grant(broker: KafkaBroker, principal: str, operation: str, *, topics: tuple[str, ...] = (),
          groups: tuple[str, ...] = (), timeout: float = 60.0) -> None:
    """Allow `User:<principal>` `operation` (Read, Write, Describe, ...) on the named topics and consumer groups,
    with Kafka's own ACL tool (kafka-acls.sh) through the broker's PLAINTEXT super-user listener: what an
    operator does on a real cluster (docs/security.md, "Kafka ACLs")."""
    command = [*_java(broker.lib), "kafka.admin.AclCommand", "--bootstrap-server", broker.bootstrap, "--add",
               "--allow-principal", f"User:{principal}", "--operation", operation]
    for topic in topics:
        command += ["--topic", topic]
    for group in groups:
        command += ["--group", group]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=timeout)
    if result.returncode != 0:
        raise ServiceError(f"adding the ACL failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def restart_kafka(broker: KafkaBroker, *, timeout: float = 120.0) -> KafkaBroker:
    """Start a stopped broker again on its own data, cluster id and ports (a broker restart, as an operator
    or a supervisor does it: clients that knew the old process find the new one at the same address)."""
    if broker.process.poll() is None:
        raise ServiceError("the broker is still running; stop() it first")
    began = time.monotonic()
    before = broker.log_path.read_text(errors="replace").count(READY_LINE)
    broker.process = _launch(_java(broker.lib), broker.heap, broker.workdir / "server.properties", broker.log_path,
                             append=True)
    return _wait_ready(broker, began, timeout, before)


CLUSTER_NODE = KAFKA_DIR / "cluster-node.properties"


@dataclass
class KafkaCluster:
    """A running local cluster of KRaft nodes (each broker and controller); any one can be stopped and
    started again while the others serve."""

    nodes: list[KafkaBroker]
    cluster_id: str

    @property
    def bootstrap(self) -> str:
        return ",".join(node.bootstrap for node in self.nodes)

    @property
    def started_in_s(self) -> float:
        return max(node.started_in_s for node in self.nodes)

    def node_on_port(self, port: int) -> KafkaBroker:
        return next(node for node in self.nodes if node.port == port)

    def restart(self, node: KafkaBroker, timeout: float = 120.0) -> KafkaBroker:
        """Start a stopped node again on its ports and data."""
        began = time.monotonic()
        before = node.log_path.read_text(errors="replace").count(READY_LINE)
        node.process = _launch(_java(node.lib), node.heap, node.workdir / "server.properties", node.log_path,
                               append=True)
        return _wait_ready(node, began, timeout, before)

    def stop(self, timeout: float = 30.0) -> None:
        """Stop every node at once: stopped one after the other, the last ones wait for a quorum that is gone."""
        running = [node for node in self.nodes if node.process.poll() is None]
        for node in running:
            node.process.send_signal(signal.SIGTERM)
        for node in running:
            node.stop(timeout)


def start_kafka_cluster(
    workdir: Path,
    *,
    nodes: int = 3,
    cache_dir: Path = CACHE_DIR,
    heap: str = "384m",
    timeout: float = 180.0,
) -> KafkaCluster:
    """Format `nodes` KRaft nodes with one cluster id, start them on free loopback ports, wait until each
    serves. Topics default to replication 3 with min.insync.replicas 2 (deploy/kafka/cluster-node.properties)."""
    if nodes < 3:
        raise ServiceError("a cluster needs at least three nodes (replication 3, two in sync)")
    began = time.monotonic()
    lib = ensure_kafka_jars(cache_dir)
    ports: list[int] = []
    while len(ports) < 2 * nodes:
        port = free_port()
        if port not in ports:
            ports.append(port)
    voters = ",".join(f"{n + 1}@127.0.0.1:{ports[2 * n + 1]}" for n in range(nodes))
    cluster_id = _cluster_id()
    java = _java(lib)
    started: list[KafkaBroker] = []
    try:
        for n in range(nodes):
            home = workdir / f"node-{n + 1}"
            home.mkdir(parents=True, exist_ok=True)
            properties = home / "server.properties"
            properties.write_text(CLUSTER_NODE.read_text().format(
                node_id=n + 1, voters=voters, port=ports[2 * n], controller_port=ports[2 * n + 1],
                log_dirs=home / "data"))
            fmt = subprocess.run([*java, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(properties)],
                                 capture_output=True, text=True, check=False)
            if fmt.returncode != 0:
                raise ServiceError(f"formatting KRaft storage of node {n + 1} failed:\n{fmt.stdout[-2000:]}\n"
                                   f"{fmt.stderr[-2000:]}")
            process = _launch(java, heap, properties, home / "broker.log", append=False)
            started.append(KafkaBroker(home, ports[2 * n], ports[2 * n + 1], process, heap=heap, lib=lib))
        # the controllers elect a leader only once a majority runs: wait for all after starting all
        for node in started:
            _wait_ready(node, began, timeout, 0)
    except BaseException:
        for node in started:
            if node.process.poll() is None:
                node.stop()
        raise
    return KafkaCluster(started, cluster_id)
