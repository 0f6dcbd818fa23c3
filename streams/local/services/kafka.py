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
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.workdir / "broker.log"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

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


def start_kafka(
    workdir: Path,
    *,
    cache_dir: Path = CACHE_DIR,
    heap: str = "512m",
    timeout: float = 120.0,
) -> KafkaBroker:
    """Format KRaft storage in `workdir`, start the broker on free loopback ports, wait until it serves."""
    began = time.monotonic()
    lib = ensure_kafka_jars(cache_dir)
    workdir.mkdir(parents=True, exist_ok=True)
    port, controller_port = free_port(), free_port()
    while controller_port == port:
        controller_port = free_port()
    data = workdir / "data"
    properties = workdir / "server.properties"
    properties.write_text(
        (KAFKA_DIR / "server.properties")
        .read_text()
        .format(port=port, controller_port=controller_port, log_dirs=data)
    )
    java = _java(lib)
    fmt = subprocess.run(
        [*java, "kafka.tools.StorageTool", "format", "-t", _cluster_id(), "-c", str(properties)],
        capture_output=True, text=True, check=False,
    )
    if fmt.returncode != 0:
        raise ServiceError(f"formatting KRaft storage failed:\n{fmt.stdout[-2000:]}\n{fmt.stderr[-2000:]}")
    process = _launch(java, heap, properties, workdir / "broker.log", append=False)
    broker = KafkaBroker(workdir, port, controller_port, process, heap=heap, lib=lib)
    return _wait_ready(broker, began, timeout, 0)


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
