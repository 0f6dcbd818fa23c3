"""A worker stopped, or joined by a second one, while it works through its batches loses nothing and adds
nothing: the outputs equal an uninterrupted run's by id. The batch agent holds each taken batch's offsets
until its outputs are on Kafka, so a SIGTERM or a rebalance in the middle of a batch leaves those records
to be consumed again."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path
from typing import Any

import pytest
from pipeline_run import PipelineRun, run_pipeline

from streams.bus import topics
from streams.bus.reader import end_offsets
from streams.bus.topics import TopicNames
from streams.local.harness import WorkerProcess, start_worker
from streams.simulate import SimulationOptions, simulate

pytestmark = pytest.mark.e2e

# Profile events only: one topic, so each account's events come in one partition's order however the
# batches fall. Across topics Kafka orders nothing, and decisions that depend on the order two topics'
# events meet in (a credential and a title, a label and a rename) may still differ between runs.
RECORDS = [r for r in simulate(SimulationOptions(events=8000, accounts=150, seed=5)) if r.topic == "account.profile"]
ENV = {"QINGLANG_BATCH_MAX": "100", "QINGLANG_COMMIT_INTERVAL": "0.2"}


def _ids(run: PipelineRun) -> dict[str, set[str]]:
    def ids(topic: str, field: str) -> set[str]:
        return {record[field] for record in run.outputs[topic]}
    return {"violations": ids(topics.VIOLATIONS, "violation_id"), "actions": ids(topics.ACTIONS, "action_id"),
            "reviews": ids(topics.REVIEW, "review_id"), "deadletters": ids(topics.DEADLETTER, "deadletter_id"),
            "processed": {f"{r['source']['topic']}:{r['source']['partition']}:{r['source']['offset']}"
                          for r in run.outputs[topics.PROCESSED]}}


def _processed_so_far(bootstrap: str, run: PipelineRun) -> int:
    ends = asyncio.run(end_offsets(bootstrap, [TopicNames(run.prefix).physical(topics.PROCESSED)]))
    return sum(ends.values())


def _wait_until_busy(bootstrap: str, run: PipelineRun, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while _processed_so_far(bootstrap, run) < at_least:
        assert time.monotonic() < deadline, "the worker processed nothing within 120 s"
        time.sleep(0.05)


@pytest.fixture(scope="module")
def uninterrupted(kafka_bootstrap: str, redis_url: str, run_dir: Path) -> dict[str, set[str]]:
    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV)
    found = _ids(run)
    assert found["actions"] and found["deadletters"]  # the recording sanctions and refuses something
    return found


def test_sigterm_in_the_middle_of_the_stream_loses_nothing(kafka_bootstrap: str, redis_url: str, run_dir: Path,
                                                           uninterrupted: dict[str, set[str]]) -> None:
    def stop_and_restart(worker: WorkerProcess, run: PipelineRun, env: dict[str, Any]) -> WorkerProcess:
        _wait_until_busy(kafka_bootstrap, run, 300)
        worker.process.send_signal(signal.SIGTERM)
        worker.process.wait(timeout=60)
        assert _processed_so_far(kafka_bootstrap, run) < len(RECORDS)  # stopped before the end
        return start_worker(env, run_dir / f"worker-{run.app_id}-restarted.log")

    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV,
                       during=stop_and_restart)
    assert _ids(run) == uninterrupted


def test_a_second_worker_joining_and_leaving_loses_nothing(kafka_bootstrap: str, redis_url: str, run_dir: Path,
                                                           uninterrupted: dict[str, set[str]]) -> None:
    def join_and_leave(worker: WorkerProcess, run: PipelineRun, env: dict[str, Any]) -> WorkerProcess:
        _wait_until_busy(kafka_bootstrap, run, 200)
        second = start_worker(env, run_dir / f"worker-{run.app_id}-second.log")
        try:  # the group rebalances while the first worker works; the second leaves after some more progress
            everything = len(uninterrupted["processed"])
            _wait_until_busy(kafka_bootstrap, run, min(_processed_so_far(kafka_bootstrap, run) + 400, everything))
        finally:
            second.stop()
        return worker

    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV,
                       during=join_and_leave)
    assert _ids(run) == uninterrupted
