"""Decision "Order-independent decisions" over a real worker: the same records, one topic produced in full
before the others and then the reverse, leave the same violations, sanctions, review items and dead
letters standing (by id and by body); and a recording replayed into topics before a worker starts on them
is taken in event-time order across topics, whatever the fetches bring first, so two runs send the same
outputs, every one of them, and no correction for a record that only seemed late.

The records are the arrival-order scenarios (tests/support/arrival_scenarios.py): a rumour label and a
rename to a doctor's title minutes apart, and a credential verified, then revoked, around the profile
events showing its title. With the profile topic first, every profile event meets the ladder and the
credentials before the label and the credential events that precede it; with the profile topic last,
the other way round.

The decision promises this within the allowed lateness, and the scenarios span six days, so the worker
runs with a lateness of eight days: every record, however late the topic order makes it, is inside it.
With the default five minutes, the records of the topic produced second are days behind the watermark
and are decided in arrival order (docs/reliability.md, "Limits"), which then depends on how the worker's
batches happened to cut the partitions.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from arrival_scenarios import arrival_scenarios
from faults import assert_same_outputs, outputs_of, processed_so_far, wait_until_processed
from pipeline_run import PipelineRun, run_pipeline

from streams.bus import topics
from streams.local.harness import WorkerProcess, start_worker
from streams.simulate import SimulationOptions, simulate

pytestmark = pytest.mark.e2e

WHOLE_RECORDING_INSIDE_THE_LATENESS = {"QINGLANG_ALLOWED_LATENESS": str(8 * 24 * 3600)}


def test_one_topic_in_full_before_the_others_and_the_reverse(kafka_bootstrap: str, redis_url: str,
                                                             run_dir: Path) -> None:
    records = arrival_scenarios()
    profiles = [r for r in records if r.topic == "account.profile"]
    others = [r for r in records if r.topic != "account.profile"]
    first = outputs_of(run_pipeline(profiles + others, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url,
                                    workdir=run_dir, env=WHOLE_RECORDING_INSIDE_THE_LATENESS), last_body_stands=True)
    last = outputs_of(run_pipeline(others + profiles, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url,
                                   workdir=run_dir, env=WHOLE_RECORDING_INSIDE_THE_LATENESS), last_body_stands=True)
    assert {"professional_title_uncredentialed", "credential_revoked_in_use"} <= {
        v["rule"] for v in last.standing_violations().values()}
    assert any(a["sanction"] == "mute" for a in last.standing_actions().values())
    assert_same_outputs(first, last, standing_only=True)


# several batches over six topics of six partitions: the fetches bring the topics unevenly, a thin topic
# far ahead of a busy one in event time
BACKLOG = list(simulate(SimulationOptions(events=4000, accounts=300, seed=21, violation_share=0.05)))
ALL_TOPICS = 6


def test_a_recording_replayed_before_the_worker_starts_gives_the_same_outputs_on_every_run(
        kafka_bootstrap: str, redis_url: str, run_dir: Path) -> None:
    runs = [run_pipeline(BACKLOG, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                         partitions=ALL_TOPICS, backlog=True) for _ in range(2)]
    for run in runs:
        corrections = [a for a in run.outputs[topics.ACTIONS] if a.get("reason") == "reordered"]
        assert corrections == [], "every record was there before the worker started: none is late"
    first, second = (outputs_of(run) for run in runs)
    assert first.actions and first.violations
    assert_same_outputs(second, first)


def _running(worker: WorkerProcess) -> None:
    if worker.process.poll() is not None:
        raise AssertionError(f"worker exited with {worker.process.returncode}; log: {worker.log_path}")


def test_a_worker_killed_half_way_through_a_recording_and_restarted_gives_the_same_outputs(
        kafka_bootstrap: str, redis_url: str, run_dir: Path) -> None:
    """SIGKILL in the middle of every topic: the restarted worker takes the uncommitted records again from the
    committed offsets, in event-time order, so no later event is decided before an earlier one."""
    def kill_and_restart(worker: WorkerProcess, run: PipelineRun, env: dict[str, str]) -> WorkerProcess:
        wait_until_processed(kafka_bootstrap, run, len(BACKLOG) // 2, alive=lambda: _running(worker))
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait(timeout=30)
        assert processed_so_far(kafka_bootstrap, run) < len(BACKLOG)  # killed before the end
        return start_worker(env, run_dir / f"worker-{run.app_id}-after-kill.log")

    small_batches = {"QINGLANG_BATCH_MAX": "100", "QINGLANG_COMMIT_INTERVAL": "0.2"}
    whole = run_pipeline(BACKLOG, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                         partitions=ALL_TOPICS, backlog=True, env=small_batches)
    killed = run_pipeline(BACKLOG, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                          partitions=ALL_TOPICS, backlog=True, env=small_batches, during=kill_and_restart)
    assert_same_outputs(outputs_of(killed), outputs_of(whole))
