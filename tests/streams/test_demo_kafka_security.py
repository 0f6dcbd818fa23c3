"""`qinglang demo` against a broker the environment names reaches it as the worker does: every Kafka client the
demo makes itself (topic creation, replay, the wait for the group, the read-back) gets the security settings
of the environment, not a bare PLAINTEXT bootstrap. Its own local broker stays PLAINTEXT. No broker here:
the demo's Kafka calls and the worker are replaced by recorders."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import click
import pytest

from streams.bus import topics
from streams.bus.connection import KafkaConnection
from streams.local import demo

PASSWORD = "demo-kafka-secret-7f3a"  # distinctive: the output is searched for it


class Recorder:
    """Stands in for the demo's Kafka calls and its worker; keeps what each was given."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        self.kafka: list[tuple[str, Any]] = []
        self.worker_env: dict[str, str] | None = None
        self.started_kafka = False

        async def ensure_topics(kafka: Any, names: Any, **options: Any) -> list[str]:
            self.kafka.append(("ensure_topics", kafka))
            return []

        async def replay_records(records: Any, *, bootstrap: Any, names: Any, on_progress: Any = None) -> int:
            self.kafka.append(("replay_records", bootstrap))
            if on_progress:
                on_progress(len(records))
            return len(records)

        async def wait_for_group(kafka: Any, group_id: str, names: Any, **options: Any) -> dict[Any, int]:
            self.kafka.append(("wait_for_group", kafka))
            return {}

        async def read_topic(kafka: Any, physical: str, timeout: float = 60.0) -> list[Any]:
            self.kafka.append(("read_topic", kafka))
            return []

        def start_worker(env: dict[str, str], log_path: Path) -> Any:
            self.worker_env = dict(env)
            return SimpleNamespace(metrics_url="http://127.0.0.1:1/metrics", web_port=1, log_path=log_path,
                                   stop=lambda: 0, process=SimpleNamespace(poll=lambda: None, returncode=None))

        def start_kafka(workdir: Path) -> Any:
            self.started_kafka = True
            return SimpleNamespace(bootstrap="127.0.0.1:19092", started_in_s=0.1, log_path=workdir / "kafka.log",
                                   stop=lambda: None)

        def no_redis(workdir: Path) -> Any:
            raise AssertionError("the environment names Redis: the demo must not start one")

        for name, fake in (("ensure_topics", ensure_topics), ("replay_records", replay_records),
                           ("wait_for_group", wait_for_group), ("read_topic", read_topic),
                           ("start_worker", start_worker), ("start_kafka", start_kafka), ("start_redis", no_redis),
                           ("_start_prometheus", lambda workdir, worker: None), ("scrape", lambda url: {}),
                           ("_settled", lambda url: {})):
            monkeypatch.setattr(demo, name, fake)
        for name in [n for n in os.environ if n.startswith("QINGLANG_")]:
            monkeypatch.delenv(name)
        monkeypatch.setenv("QINGLANG_REDIS_URL", "redis://127.0.0.1:1/0")
        self.recording = tmp_path / "one.jsonl"
        self.recording.write_text(demo.DEFAULT_RECORDING.read_text().splitlines()[0] + "\n")
        self.workdir = tmp_path / "demo"

    def run(self) -> None:
        demo.run_demo(recording=self.recording, keep=False, workdir=self.workdir)

    def clients(self) -> list[str]:
        return [name for name, _ in self.kafka]


EVERY_CLIENT = ["ensure_topics", "replay_records", "wait_for_group", *["read_topic"] * len(topics.OUTPUT_TOPICS)]


def _secure_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[Path, Path]:
    password_file, ca_file = tmp_path / "kafka-password", tmp_path / "kafka-ca.pem"
    password_file.write_text(PASSWORD + "\n")
    ca_file.write_text("not read here: no client is built\n")
    monkeypatch.setenv("QINGLANG_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
    monkeypatch.setenv("QINGLANG_KAFKA_SASL_MECHANISM", "SCRAM-SHA-256")
    monkeypatch.setenv("QINGLANG_KAFKA_SASL_USERNAME", "qinglang-demo")
    monkeypatch.setenv("QINGLANG_KAFKA_SASL_PASSWORD_FILE", str(password_file))
    monkeypatch.setenv("QINGLANG_KAFKA_CA_FILE", str(ca_file))
    return password_file, ca_file


def test_every_client_of_the_demo_uses_the_environments_kafka_security(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    recorder = Recorder(monkeypatch, tmp_path)
    _, ca_file = _secure_env(monkeypatch, tmp_path)
    monkeypatch.setenv("QINGLANG_KAFKA_BOOTSTRAP", "kafka-1:9093,kafka-2:9093")
    recorder.run()
    assert not recorder.started_kafka
    assert recorder.clients() == EVERY_CLIENT
    for name, kafka in recorder.kafka:
        assert isinstance(kafka, KafkaConnection), name
        assert (kafka.bootstrap, kafka.security_protocol, kafka.sasl_mechanism, kafka.username, kafka.password,
                kafka.ca_file) == ("kafka-1:9093,kafka-2:9093", "SASL_SSL", "SCRAM-SHA-256", "qinglang-demo",
                                   PASSWORD, str(ca_file)), name
    # the worker inherits the same settings from the environment; the demo overrides none of them
    assert recorder.worker_env is not None
    assert not {name for name in recorder.worker_env if name.startswith("QINGLANG_KAFKA_")} - {
        "QINGLANG_KAFKA_BOOTSTRAP"}
    captured = capsys.readouterr()
    assert PASSWORD not in captured.out + captured.err


def test_the_demos_own_broker_stays_plaintext_whatever_the_environment_says(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    recorder = Recorder(monkeypatch, tmp_path)
    _secure_env(monkeypatch, tmp_path)  # meant for another cluster: no QINGLANG_KAFKA_BOOTSTRAP
    recorder.run()
    assert recorder.started_kafka
    assert recorder.clients() == EVERY_CLIENT
    assert {kafka for _, kafka in recorder.kafka} == {"127.0.0.1:19092"}  # a bare bootstrap: PLAINTEXT
    assert recorder.worker_env is not None
    assert recorder.worker_env["QINGLANG_KAFKA_SECURITY_PROTOCOL"] == "PLAINTEXT"  # not the inherited SASL_SSL


def test_a_bad_kafka_setting_stops_the_demo_before_any_client(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    recorder = Recorder(monkeypatch, tmp_path)
    monkeypatch.setenv("QINGLANG_KAFKA_BOOTSTRAP", "kafka-1:9093")
    monkeypatch.setenv("QINGLANG_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")  # and no user name
    with pytest.raises(click.ClickException, match="QINGLANG_KAFKA_SASL_USERNAME"):
        recorder.run()
    assert recorder.kafka == [] and recorder.worker_env is None
