"""Kafka over SASL/SCRAM-SHA-512 and TLS, with ACLs the broker enforces (docs/security.md): a real broker
with a SASL_SSL listener beside its PLAINTEXT one, a real `qinglang worker` that logs in as its own SCRAM
user and may do only what its ACLs grant.

The test plays the operator and the platform on the PLAINTEXT listener, whose anonymous user is the
super user: it creates the topics, grants the ACLs, produces the inputs and reads the outputs there.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import TopicAuthorizationFailedError
from factories import PAYLOADS, encode, make_event, topic_of
from pipeline_run import PipelineRun, metric_value, run_pipeline

from streams.bus import topics
from streams.bus.connection import KafkaConnection, client_kwargs
from streams.bus.recording import RecordedRecord
from streams.bus.topics import TopicNames, ensure_topics
from streams.local.console_process import start_console
from streams.local.services import KafkaBroker, grant, start_kafka
from streams.local.services.kafka import make_test_certificates

pytestmark = pytest.mark.e2e
WORKER = "qinglang-worker"
PASSWORD = secrets.token_hex(16)  # a fresh one per run: a test that greps for it cannot match by chance
CONSOLE = "qinglang-console"
CONSOLE_PASSWORD = secrets.token_hex(16)
BASE_MS = 1795334400000  # 2026-11-22T08:00:00Z, the factories' occurred_at


@pytest.fixture(scope="module")
def secure_kafka(run_dir: Path) -> Iterator[KafkaBroker]:
    broker = start_kafka(run_dir / "kafka-sasl", scram_users={WORKER: PASSWORD, CONSOLE: CONSOLE_PASSWORD})
    yield broker
    broker.stop()


def _worker_acls(broker: KafkaBroker, prefix: str, group: str) -> None:
    """What docs/security.md tells an operator to grant a worker: read its inputs, the registry and its
    consumer group; write its own output topics. Nothing else (no registry or console topic writes)."""
    names = TopicNames(prefix)
    grant(broker, WORKER, "Read", topics=tuple(names.physical(t) for t in topics.INPUT_TOPICS + topics.REGISTRY_TOPICS),
          groups=(group,))
    grant(broker, WORKER, "Write", topics=tuple(names.physical(t) for t in topics.OUTPUT_TOPICS))


def _worker_env(broker: KafkaBroker, password_file: Path, user: str = WORKER) -> dict[str, str]:
    return {"QINGLANG_KAFKA_BOOTSTRAP": broker.secure_bootstrap, "QINGLANG_KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "QINGLANG_KAFKA_SASL_MECHANISM": "SCRAM-SHA-512", "QINGLANG_KAFKA_SASL_USERNAME": user,
            "QINGLANG_KAFKA_SASL_PASSWORD_FILE": str(password_file), "QINGLANG_KAFKA_CA_FILE": str(broker.ca_file)}


async def _produce(kafka: KafkaConnection, physical: str) -> None:
    producer = AIOKafkaProducer(**client_kwargs(kafka), acks="all", enable_idempotence=True, request_timeout_ms=15_000)
    await producer.start()
    try:
        await producer.send_and_wait(physical, b"{}", key=b"id:1")
    finally:
        await producer.stop()


def _recording() -> list[RecordedRecord]:
    records = []
    for index, event_type in enumerate(sorted(PAYLOADS)):
        account = f"u:{index % 3}"
        body = make_event(event_type, event_id=f"sasl-{index}", account_id=account,
                          occurred_at=f"2026-11-22T08:{index:02d}:00Z")
        records.append(RecordedRecord(topic_of(event_type), account.encode(), encode(body), BASE_MS + index * 60_000))
    records.append(RecordedRecord("account.profile", b"u:1", b"not json", BASE_MS + 3_600_000))
    return records


def test_a_worker_over_sasl_ssl_with_only_its_acls_processes_a_recording_and_never_shows_its_password(
        secure_kafka: KafkaBroker, redis_url: str, run_dir: Path, tmp_path: Path) -> None:
    password_file = tmp_path / "kafka-password"
    password_file.write_text(PASSWORD + "\n")
    password_file.chmod(0o600)
    records = _recording()

    def grant_worker(run: PipelineRun) -> None:
        _worker_acls(secure_kafka, run.prefix, run.app_id)

    # debug logging: the most the worker and its Kafka client ever write
    run = run_pipeline(records, kafka_bootstrap=secure_kafka.bootstrap, redis_url=redis_url, workdir=run_dir,
                       env={**_worker_env(secure_kafka, password_file), "QINGLANG_LOG_LEVEL": "debug"},
                       before_worker=grant_worker)

    processed = run.outputs["qinglang.processed"]
    assert sorted(p["event_id"] for p in processed) == sorted(f"sasl-{i}" for i in range(len(PAYLOADS)))
    assert [d["error"]["code"] for d in run.outputs["qinglang.deadletter"]] == ["not_json"]
    assert metric_value(run.metrics_text, "qinglang_deadletters_total", topic="account.profile", code="not_json") == 1
    logs = "\n".join(path.read_text(errors="replace") for path in run_dir.glob(f"worker-{run.prefix[1:-1]}*.log"))
    assert "Authenticated as qinglang-worker via SCRAM-SHA-512" in logs  # the SCRAM user it ran as
    assert PASSWORD not in logs
    assert PASSWORD not in run.metrics_text


def test_the_broker_refuses_the_worker_principal_a_write_to_the_registry(secure_kafka: KafkaBroker) -> None:
    """ACLs are the broker's to enforce (docs/security.md): the worker's principal may write its outputs, and
    a produce to registry.official, which only the registry's owners may write, is refused."""
    prefix = f"t{secrets.token_hex(4)}."
    names = TopicNames(prefix)
    asyncio.run(ensure_topics(secure_kafka.bootstrap, names, partitions=1, replication=1))
    _worker_acls(secure_kafka, prefix, f"qinglang-test-{prefix[1:-1]}")
    worker = KafkaConnection(secure_kafka.secure_bootstrap, "SASL_SSL", username=WORKER, password=PASSWORD,
                             ca_file=str(secure_kafka.ca_file))

    def produce(logical: str) -> None:
        asyncio.run(_produce(worker, names.physical(logical)))

    produce(topics.ACTIONS)  # its own output: granted
    with pytest.raises(TopicAuthorizationFailedError):
        produce(topics.REGISTRY_OFFICIAL)
    with pytest.raises(TopicAuthorizationFailedError):
        produce("review.decision")  # the console's topic, not the worker's


def test_a_wrong_password_stops_the_worker_at_start_with_a_clear_message(
        secure_kafka: KafkaBroker, redis_url: str, tmp_path: Path) -> None:
    wrong = "wrong-" + secrets.token_hex(8)
    env = {**os.environ, **_worker_env(secure_kafka, tmp_path / "unused"), "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_KAFKA_SASL_PASSWORD": wrong, "QINGLANG_TOPIC_PREFIX": f"t{secrets.token_hex(4)}.",
           "QINGLANG_LOG_LEVEL": "warn"}
    del env["QINGLANG_KAFKA_SASL_PASSWORD_FILE"]  # this time the password comes from the variable
    began = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "streams", "worker"], env=env, capture_output=True, text=True,
                            timeout=60, stdin=subprocess.DEVNULL, check=False)
    took = time.monotonic() - began
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"qinglang worker: Kafka at {secure_kafka.secure_bootstrap} refused the credentials of user " \
           f"'{WORKER}' (SCRAM-SHA-512)" in result.stderr
    assert "Traceback" not in output
    assert wrong not in output
    assert took < 30, f"took {took:.1f}s to give up"  # no retrying until the 60 s pre-flight deadline


def test_the_cli_speaks_sasl_ssl_and_names_a_refused_login_in_one_line(
        secure_kafka: KafkaBroker, tmp_path: Path) -> None:
    """The CLI builds its clients from the same settings: `qinglang offsets show` reads the group's offsets
    as the worker's user, and with a wrong password says why in one line."""
    prefix = f"t{secrets.token_hex(4)}."
    group = f"qinglang-test-{prefix[1:-1]}"
    asyncio.run(ensure_topics(secure_kafka.bootstrap, TopicNames(prefix), partitions=1, replication=1))
    _worker_acls(secure_kafka, prefix, group)
    password_file = tmp_path / "kafka-password"
    password_file.write_text(PASSWORD)
    env = {**os.environ, **_worker_env(secure_kafka, password_file), "QINGLANG_TOPIC_PREFIX": prefix,
           "QINGLANG_APP_ID": group}

    def offsets_show(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "streams", "offsets", "show"], env={**env, **extra},
                              capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, check=False)

    shown = offsets_show({})
    assert shown.returncode == 0, shown.stderr
    assert f"group: {group}" in shown.stdout
    assert "account.profile" in shown.stdout
    wrong = "wrong-" + secrets.token_hex(8)
    wrong_file = tmp_path / "wrong-password"
    wrong_file.write_text(wrong)
    began = time.monotonic()
    refused = offsets_show({"QINGLANG_KAFKA_SASL_PASSWORD_FILE": str(wrong_file)})
    assert time.monotonic() - began < 30  # not retried until the 30 s metadata deadline
    assert refused.returncode == 1
    assert f"refused the credentials of user '{WORKER}' (SCRAM-SHA-512)" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert wrong not in refused.stdout + refused.stderr
    # a CA the broker's certificate does not chain to, and a mechanism the broker does not enable
    other_ca, _ = make_test_certificates(tmp_path / "other-ca")
    untrusted = offsets_show({"QINGLANG_KAFKA_CA_FILE": str(other_ca)})
    assert untrusted.returncode == 1
    assert "failed the TLS handshake (SSLCertVerificationError: self-signed certificate in certificate chain); " \
           "check QINGLANG_KAFKA_CA_FILE" in untrusted.stderr
    assert "Traceback" not in untrusted.stderr
    mechanism = offsets_show({"QINGLANG_KAFKA_SASL_MECHANISM": "SCRAM-SHA-256"})
    assert mechanism.returncode == 1
    assert "does not enable SASL mechanism SCRAM-SHA-256" in mechanism.stderr


def test_the_console_follows_and_writes_over_sasl_ssl_with_only_its_acls(
        secure_kafka: KafkaBroker, redis_url: str, tmp_path: Path) -> None:
    """The console's follower and producer connect as its own SCRAM user, holding the console's ACLs from
    docs/security.md: it starts and catches up, may write review.decision, and may not write the registry."""
    prefix = f"t{secrets.token_hex(4)}."
    names = TopicNames(prefix)
    asyncio.run(ensure_topics(secure_kafka.bootstrap, names, partitions=1, replication=1))
    grant(secure_kafka, CONSOLE, "Read", topics=tuple(names.physical(t) for t in (
        topics.REVIEW, "review.decision", "account.appeal", topics.VIOLATIONS, topics.ACTIONS)))
    grant(secure_kafka, CONSOLE, "Write", topics=(names.physical("review.decision"), names.physical("account.appeal")))
    password_file = tmp_path / "console-kafka-password"
    password_file.write_text(CONSOLE_PASSWORD)
    env = {**_worker_env(secure_kafka, password_file, CONSOLE), "QINGLANG_REDIS_URL": redis_url,
           "QINGLANG_TOPIC_PREFIX": prefix, "QINGLANG_LOG_LEVEL": "debug"}
    console = start_console(env, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            with urllib.request.urlopen(console.url + "healthz", timeout=5) as response:
                health = orjson.loads(response.read())
            if health["caught_up"] or time.monotonic() > deadline:
                break
            time.sleep(0.3)
        assert health == {"redis": True, "following": True, "caught_up": True, "follower_error": None}
    finally:
        console.stop()
    log = console.log_path.read_text(errors="replace")
    assert f"Authenticated as {CONSOLE} via SCRAM-SHA-512" in log
    assert CONSOLE_PASSWORD not in log
    as_console = KafkaConnection(secure_kafka.secure_bootstrap, "SASL_SSL", username=CONSOLE,
                                 password=CONSOLE_PASSWORD, ca_file=str(secure_kafka.ca_file))
    asyncio.run(_produce(as_console, names.physical("review.decision")))
    with pytest.raises(TopicAuthorizationFailedError):
        asyncio.run(_produce(as_console, names.physical(topics.REGISTRY_OFFICIAL)))
