"""Every command has --help; bad input to a command is a clear error, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from streams.cli import main

COMMANDS = [[], ["detect"], ["worker"], ["services"], ["services", "up"], ["services", "down"], ["services", "status"],
            ["record"], ["replay"], ["simulate"], ["schemas"], ["demo"], ["watermark"], ["watermark", "show"],
            ["watermark", "repair"], ["deadletter"], ["deadletter", "replay"], ["logo-hashes"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "qinglang")
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_replay_refuses_a_bad_recording_before_producing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"topic": "account.profile", "key": "u:1", "value": "{}"}\n{oops\n')
    result = CliRunner().invoke(main, ["replay", str(bad)], env={"QINGLANG_KAFKA_BOOTSTRAP": "127.0.0.1:1"})
    assert result.exit_code != 0
    assert "line 2" in result.output and "nothing was replayed" in result.output


@pytest.mark.parametrize("command", [["replay", "--rate", "0", "x.jsonl"], ["replay", "--rate", "-5", "x.jsonl"],
                                     ["top", "--interval", "-1"]], ids=" ".join)
def test_a_rate_or_interval_that_cannot_be_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "x.jsonl").write_text("")
    result = CliRunner().invoke(main, [a.replace("x.jsonl", str(tmp_path / "x.jsonl")) for a in command])
    assert result.exit_code == 2 and "Invalid value" in result.output, result.output


def test_replay_refuses_unknown_topics(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"topic": "elsewhere", "key": "u:1", "value": "{}"}\n')
    result = CliRunner().invoke(main, ["replay", str(bad)])
    assert result.exit_code != 0
    assert "unknown topics elsewhere" in result.output


def test_bad_settings_are_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["replay", "--help"], env={"QINGLANG_PARTITIONS": "x"})
    assert result.exit_code == 0  # --help never needs settings
    result = CliRunner().invoke(main, ["worker"], env={"QINGLANG_PARTITIONS": "x"})
    assert result.exit_code == 2
    assert "QINGLANG_PARTITIONS" in result.output


def test_simulate_writes_a_deterministic_recording(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for path in (first, second):
        result = CliRunner().invoke(main, ["simulate", "--events", "50", "--seed", "1", "-o", str(path)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes().splitlines()) == 50


def test_committed_schemas_are_up_to_date() -> None:
    schemas = Path(__file__).resolve().parents[2] / "schemas"
    result = CliRunner().invoke(main, ["schemas", "--check", str(schemas)])
    assert result.exit_code == 0, result.output


def test_kraft_cluster_ids_never_start_with_a_dash() -> None:
    """kafka-storage's parser reads a leading "-" as an option; Kafka's own ids avoid it, so do ours."""
    from streams.local.services.kafka import _cluster_id

    ids = [_cluster_id() for _ in range(3000)]  # ~47 would start with "-" if nothing prevented it
    assert all(len(i) == 22 and not i.startswith("-") for i in ids)


def test_deadletter_replay_wants_a_selection_before_it_touches_kafka() -> None:
    result = CliRunner().invoke(main, ["deadletter", "replay"], env={"QINGLANG_KAFKA_BOOTSTRAP": "127.0.0.1:1"})
    assert result.exit_code == 2
    assert "--code" in result.output and "--all" in result.output
    backwards = CliRunner().invoke(main, ["deadletter", "replay", "--from-offset", "9", "--to-offset", "3"])
    assert backwards.exit_code == 2 and "--from-offset is after --to-offset" in backwards.output


@pytest.mark.parametrize("command", [["record"], ["replay", "{recording}"], ["deadletter", "replay", "--all"]],
                         ids=lambda c: " ".join(c[:2]))
def test_a_command_that_cannot_reach_the_broker_says_so_and_leaves_no_client_open(tmp_path: Path,
                                                                                  command: list[str]) -> None:
    recording = tmp_path / "one.jsonl"
    recording.write_text('{"topic": "account.profile", "key": "u:1", "value": "{}", "timestamp": 1}\n')
    env = {**os.environ, "QINGLANG_KAFKA_BOOTSTRAP": "127.0.0.1:1", "PYTHONWARNINGS": "always"}
    done = subprocess.run([sys.executable, "-m", "streams", *(a.format(recording=recording) for a in command)],
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Error: cannot" in done.stderr, done.stderr
    assert "Unclosed" not in done.stderr and "Traceback" not in done.stderr, done.stderr
