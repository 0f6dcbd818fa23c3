"""The stream the interruption tests replay (tests/e2e/test_batch_interruptions.py, test_redis_cluster.py)
and how they watch a worker's progress and compare runs by output ids (all of them, or those that stand)."""

from __future__ import annotations

import asyncio
import time

from pipeline_run import PipelineRun

from streams.bus import topics
from streams.bus.reader import end_offsets
from streams.bus.topics import TopicNames
from streams.offline.standing import standing
from streams.simulate import SimulationOptions, simulate

# Profile events only: one topic, so each account's events come in one partition's order however the
# batches fall. Across topics Kafka orders nothing, and decisions that depend on the order two topics'
# events meet in (a credential and a title, a label and a rename) may still differ between runs.
RECORDS = [r for r in simulate(SimulationOptions(events=8000, accounts=150, seed=5)) if r.topic == "account.profile"]
ENV = {"QINGLANG_BATCH_MAX": "100", "QINGLANG_COMMIT_INTERVAL": "0.2"}


def ids_of(run: PipelineRun) -> dict[str, set[str]]:
    def ids(topic: str, field: str) -> set[str]:
        return {record[field] for record in run.outputs[topic]}
    return {"violations": ids(topics.VIOLATIONS, "violation_id"), "actions": ids(topics.ACTIONS, "action_id"),
            "reviews": ids(topics.REVIEW, "review_id"), "deadletters": ids(topics.DEADLETTER, "deadletter_id"),
            "processed": {f"{r['source']['topic']}:{r['source']['partition']}:{r['source']['offset']}"
                          for r in run.outputs[topics.PROCESSED]}}


def standing_ids_of(run: PipelineRun) -> dict[str, set[str]]:
    """`ids_of`, but of the violations, actions and review items that stand (`streams.offline.standing`):
    for a run whose records met in another order than the reference's, where corrections only that order
    made (a reordered sanction reversed, a displaced blacklisting's review items withdrawn) are also sent."""
    found = ids_of(run)
    stands = standing((topic, body) for topic in (topics.VIOLATIONS, topics.ACTIONS, topics.REVIEW)
                      for body in run.outputs[topic])
    return {**found, "violations": set(stands[topics.VIOLATIONS]), "actions": set(stands[topics.ACTIONS]),
            "reviews": set(stands[topics.REVIEW])}


def processed_so_far(bootstrap: str, run: PipelineRun) -> int:
    ends = asyncio.run(end_offsets(bootstrap, [TopicNames(run.prefix).physical(topics.PROCESSED)]))
    return sum(ends.values())


def wait_until_busy(bootstrap: str, run: PipelineRun, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while processed_so_far(bootstrap, run) < at_least:
        assert time.monotonic() < deadline, "the worker processed nothing within 120 s"
        time.sleep(0.05)


