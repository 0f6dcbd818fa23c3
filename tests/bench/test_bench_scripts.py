"""The benchmark scripts run and print their figures (small sizes; no timing is asserted, only that each
script measures what it says beside its same-run baseline). bench_ledger starts its own real Redis."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(script: str, *args: str, timeout: float = 300) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr
    return done.stdout


def rate(text: str, label: str) -> float:
    match = re.search(rf"{re.escape(label)}\s+([\d,]+) names/s", text)
    assert match, (label, text)
    return float(match.group(1).replace(",", ""))


@pytest.mark.parametrize("script", ["bench_identity.py", "bench_logo_match.py", "bench_ledger.py", "bench_decode.py",
                                    "bench_replay.py", "bench_domain.py", "bench_pipeline.py",
                                    "bench_redis_footprint.py"])
def test_every_bench_script_explains_itself(script: str) -> None:
    out = run(script, "--help")
    assert out.startswith("usage:") and "--help" in out


@pytest.mark.services  # the script starts its own redis-server
def test_redis_footprint_reports_memory_cpu_and_traffic_per_account_and_record() -> None:
    out = run("bench_redis_footprint.py", "--records", "400", "--accounts", "50", "--batch", "50")
    found = re.search(r"memory\s+[\d.,]+ MB: ([\d,]+) bytes per account, ([\d.]+) keys per account", out)
    assert found and int(found[1].replace(",", "")) > 0 and float(found[2]) >= 1, out
    assert re.search(r"CPU\s+[\d,]+ µs of Redis CPU per record", out), out
    traffic = re.search(r"traffic\s+([\d.]+) commands per record .*, ([\d.]+) round trips per record", out)
    assert traffic and float(traffic[1]) >= 1 and 0 < float(traffic[2]) < float(traffic[1]), out


def test_identity_bench_prints_the_check_beside_the_raw_scan() -> None:
    out = run("bench_identity.py", "--names", "400", "--repeat", "2")
    assert re.search(r"registry: [\d,]+ identities, [\d,]+ protected names", out)
    assert re.search(r"build: registry [\d.]+s \+ index [\d.]+s = [\d.]+s", out)
    assert rate(out, "raw ahocorasick scan:") > 0 and rate(out, "full identity check:") > 0
    assert re.search(r"ratio raw / full:\s+[\d.]+×", out)
    assert "400 names" in out


def test_identity_bench_checks_the_same_names_beside_another_commit() -> None:
    # HEAD against itself, in a temporary worktree: both sides flag the same names, in separate processes
    out = run("bench_identity.py", "--names", "300", "--repeat", "1", "--against", "HEAD", "--rounds", "1")
    sides = re.findall(r"round 1\s+(this commit|HEAD)\s+([\d,]+) names/s .* ([\d,]+) flagged", out)
    assert [side for side, _, _ in sides] == ["this commit", "HEAD"], out
    assert all(int(rate.replace(",", "")) > 0 for _, rate, _ in sides)
    assert sides[0][2] == sides[1][2]
    assert re.search(r"medians of the rounds' best: this commit [\d,]+, HEAD [\d,]+ names/s", out)


def test_logo_bench_matches_the_borderline_logo_in_every_bank() -> None:
    out = run("bench_logo_match.py", "--banks", "500,2000", "--runs", "2")
    assert "hash_variants on 512×512" in out
    banks = re.findall(r"bank\s+([\d,]+): numpy\s+[\d.]+ ms/avatar .* found: (.*)", out)
    assert [size for size, _ in banks] == ["500", "2,000"]
    assert all("id:borderline" in found for _, found in banks)


@pytest.mark.parametrize(("script", "args", "message"), [
    ("bench_logo_match.py", ["--banks", "ten"], "comma-separated list of integers"),
    ("bench_logo_match.py", ["--banks", "0"], "at least 1"),
    ("bench_logo_match.py", ["--runs", "0"], "--runs must be at least 1"),
    ("bench_identity.py", ["--repeat", "0"], "--names, --repeat and --rounds must be at least 1"),
    ("bench_identity.py", ["--against", "no-such-commit"], "is not a commit of this repository"),
    ("bench_ledger.py", ["--violations", "10"], "--violations must be at least 100"),
    ("bench_decode.py", ["--events", "0"], "--events and --runs must be at least 1"),
    ("bench_decode.py", ["--malformed-share", "1.5"], "--malformed-share must be between 0 and 1"),
    ("bench_replay.py", ["--partitions", "0"], "--records, --runs and --partitions must be at least 1"),
    ("bench_domain.py", ["--events", "0"], "--events and --runs must be at least 1"),
    ("bench_domain.py", ["--runs", "0"], "--events and --runs must be at least 1"),
])
def test_bench_scripts_refuse_bad_arguments(script: str, args: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and message in done.stderr, done.stderr


@pytest.mark.services  # the script starts its own redis-server
def test_ledger_bench_measures_against_redis_benchmark() -> None:
    out = run("bench_ledger.py", "--violations", "400")
    assert re.search(r"redis-benchmark, pipelined 100:\s+SET\s+[\d,]+/s", out)
    assert re.search(r"ratio: ledger batch / redis-benchmark EVAL = [\d.]+", out)


def test_decode_bench_measures_the_decoder_beside_its_precise_checks() -> None:
    out = run("bench_decode.py", "--events", "600", "--runs", "2")
    assert re.search(r"[\d,]+ records: [\d,]+ valid, refused: .*not_json", out)
    for label in ("decode_event:", "precise checks only:"):
        assert re.search(rf"{re.escape(label)}\s+[\d,]+ records/s", out), out
    assert re.search(r"speed-up \(medians\):\s+[\d.]+×", out)


@pytest.mark.e2e
def test_replay_bench_replays_into_kafka_and_reads_every_record_back(kafka_bootstrap: str) -> None:
    out = run("bench_replay.py", "--records", "800", "--runs", "2", "--bootstrap", kafka_bootstrap)
    assert re.search(r"run 2:\s+[\d,]+ records/s", out)
    assert "read back 800 records: every key's records in order" in out
    assert re.search(r"replay_records:\s+[\d,]+ records/s", out)


def test_domain_bench_replays_the_simulated_recording() -> None:
    out = run("bench_domain.py", "--events", "300", "--runs", "2")
    assert re.search(r"recording: 300 records \(seed 7\), [\d,]+ valid events, [\d,]+ malformed", out)
    assert re.search(r"outputs: [\d,]+ violations, [\d,]+ actions, [\d,]+ reviews, [\d,]+ shadow_actions", out)
    for clock in ("wall", "CPU"):
        match = re.search(rf"Enforcement\.handle, {clock}:\s+([\d,]+) events/s", out)
        assert match and float(match.group(1).replace(",", "")) > 0, out
