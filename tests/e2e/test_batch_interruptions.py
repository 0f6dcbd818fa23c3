"""A worker stopped, or joined by a second one, while it works through its batches loses nothing and adds
nothing: what stands of the outputs equals an uninterrupted run's by id (`standing_ids_of`: the accounts of
one owner span partitions, whose relative order no run fixes). The batch agent holds each taken batch's offsets
until its outputs are on Kafka, so a SIGTERM or a rebalance in the middle of a batch leaves those records
to be consumed again."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
from interruptions import ENV, RECORDS, processed_so_far, standing_ids_of, wait_until_busy
from pipeline_run import PipelineRun, run_pipeline

from streams.local.harness import WorkerProcess, start_worker

pytestmark = pytest.mark.e2e

@pytest.fixture(scope="module")
def uninterrupted(kafka_bootstrap: str, redis_url: str, run_dir: Path) -> dict[str, set[str]]:
    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV)
    found = standing_ids_of(run)
    assert found["actions"] and found["deadletters"]  # the recording sanctions and refuses something
    return found


def test_sigterm_in_the_middle_of_the_stream_loses_nothing(kafka_bootstrap: str, redis_url: str, run_dir: Path,
                                                           uninterrupted: dict[str, set[str]]) -> None:
    def stop_and_restart(worker: WorkerProcess, run: PipelineRun, env: dict[str, Any]) -> WorkerProcess:
        wait_until_busy(kafka_bootstrap, run, 300)
        worker.process.send_signal(signal.SIGTERM)
        worker.process.wait(timeout=60)
        assert processed_so_far(kafka_bootstrap, run) < len(RECORDS)  # stopped before the end
        return start_worker(env, run_dir / f"worker-{run.app_id}-restarted.log")

    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV,
                       during=stop_and_restart)
    assert standing_ids_of(run) == uninterrupted


def test_a_second_worker_joining_and_leaving_loses_nothing(kafka_bootstrap: str, redis_url: str, run_dir: Path,
                                                           uninterrupted: dict[str, set[str]]) -> None:
    def join_and_leave(worker: WorkerProcess, run: PipelineRun, env: dict[str, Any]) -> WorkerProcess:
        wait_until_busy(kafka_bootstrap, run, 200)
        second = start_worker(env, run_dir / f"worker-{run.app_id}-second.log")
        try:  # the group rebalances while the first worker works; the second leaves after some more progress
            everything = len(uninterrupted["processed"])
            wait_until_busy(kafka_bootstrap, run, min(processed_so_far(kafka_bootstrap, run) + 400, everything))
        finally:
            second.stop()
        return worker

    run = run_pipeline(RECORDS, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir, env=ENV,
                       during=join_and_leave)
    assert standing_ids_of(run) == uninterrupted
