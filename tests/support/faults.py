"""The fault matrix's yardstick: a run's outputs, by id and by body, against an uninterrupted run's.

Every row of the fault matrix (docs/reliability.md) replays the same recording through a real worker,
injects its fault while the worker is half-way, and must end with the outputs an uninterrupted run of
that recording gives. The outputs are keyed by their deterministic ids; an id seen twice (a redelivered
record re-sends its stored outcome, as "Repeats re-send" requires) must carry the same body both times.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from pipeline_run import PipelineRun

from streams.bus import topics
from streams.bus.groups import reset_to_earliest
from streams.bus.reader import end_offsets
from streams.bus.topics import TopicNames

Body = dict[str, Any]


@dataclass(frozen=True)
class Outputs:
    """One run's outputs by id. `processed` holds topic:partition:offset of every applied input record."""

    violations: dict[str, Body]
    actions: dict[str, Body]
    reviews: dict[str, Body]
    deadletters: dict[str, Body]
    processed: frozenset[str]
    withdrawn: frozenset[str] = frozenset()  # violations a late credential event withdrew
    withdrawn_reviews: frozenset[str] = frozenset()  # owner review items an earlier blacklisting displaced

    def standing_violations(self) -> dict[str, Body]:
        """Violations that still stand: minus the ones withdrawn (a credential event that arrived after the
        profile event it precedes in event time re-judged it)."""
        return {i: v for i, v in self.violations.items() if i not in self.withdrawn}

    def standing_reviews(self) -> dict[str, Body]:
        """Review items that still stand: minus the ones sent again withdrawn (an owner's items given by a
        blacklisting that an earlier one of the same owner, met later, displaced)."""
        return {i: r for i, r in self.reviews.items() if i not in self.withdrawn_reviews}

    def standing_actions(self) -> dict[str, Body]:
        """Actions that still stand: minus the ones a late arrival reversed (reasons `reordered`: the
        event-time ladder; `credential_rechecked`, `sanction_rechecked`: a withdrawn violation's strike), and
        minus those reversals.
        Which sanctions were sent first and then reversed depends on the order records met in (cross-topic
        order, or state lost and re-applied); what stands does not."""
        undone = {a["reverses"] for a in self.actions.values() if a.get("reason") in ORDER_REVERSALS}
        return {i: a for i, a in self.actions.items() if i not in undone and a.get("reason") not in ORDER_REVERSALS}


def _by_id(records: Iterable[Body], field: str, topic: str, strict: bool = True) -> dict[str, Body]:
    found: dict[str, Body] = {}
    for record in records:
        key = record[field]
        if strict and key in found and found[key] != record:  # one id, one answer
            raise AssertionError(f"{topic}: {key} was sent with two bodies:\n{found[key]}\n{record}")
        found[key] = record  # not strict: the last body sent for an id stands
    return found


ORDER_REVERSALS = ("reordered", "credential_rechecked", "sanction_rechecked")


def outputs_of(run: PipelineRun, *, last_body_stands: bool = False) -> Outputs:
    """The run's output topics by id; raises if one id was sent with two different bodies.

    `last_body_stands`: after Redis state was lost, outputs decided on the older state are already on Kafka
    and cannot be unsent; the replay that repairs the state sends the same ids again with what the full
    state decides, and consumers keep the last body sent for an id."""
    out, strict = run.outputs, not last_body_stands
    found = [v for v in out[topics.VIOLATIONS] if not v.get("withdrawn")]
    return Outputs(
        violations=_by_id(found, "violation_id", topics.VIOLATIONS, strict),
        withdrawn=frozenset(v["violation_id"] for v in out[topics.VIOLATIONS] if v.get("withdrawn")),
        actions=_by_id(out[topics.ACTIONS], "action_id", topics.ACTIONS, strict),
        reviews=_by_id([r for r in out[topics.REVIEW] if not r.get("withdrawn")], "review_id", topics.REVIEW, strict),
        withdrawn_reviews=frozenset(r["review_id"] for r in out[topics.REVIEW] if r.get("withdrawn")),
        deadletters=_by_id(out[topics.DEADLETTER], "deadletter_id", topics.DEADLETTER, strict),
        processed=frozenset(f"{r['source']['topic']}:{r['source']['partition']}:{r['source']['offset']}"
                            for r in out[topics.PROCESSED]),
    )


def _diff(name: str, got: dict[str, Body], want: dict[str, Body], bodies: bool) -> list[str]:
    problems = []
    missing, extra = sorted(want.keys() - got.keys()), sorted(got.keys() - want.keys())
    if missing:
        problems.append(f"{name}: {len(missing)} missing, e.g. {[want[i] for i in missing[:2]]}")
    if extra:
        problems.append(f"{name}: {len(extra)} not in the uninterrupted run, e.g. {[got[i] for i in extra[:2]]}")
    if bodies:
        changed = sorted(i for i in want.keys() & got.keys() if want[i] != got[i])
        if changed:
            problems.append(f"{name}: {len(changed)} with another body, e.g. {got[changed[0]]} "
                            f"instead of {want[changed[0]]}")
    return problems


def assert_same_outputs(got: Outputs, want: Outputs, *, bodies: bool = True, standing_only: bool = False) -> None:
    """`got` equals the uninterrupted run `want`: every output id, and (with `bodies`) every body.

    Review items are always compared as they stand (`Outputs.standing_reviews`): the accounts of one owner
    sit on different partitions, whose relative order no run fixes, not even an uninterrupted one; when two
    of an owner's blacklistings meet in the other order, the later one's items are sent and then withdrawn,
    and only what stands is the same.

    `standing_only`: compare the standing violations and actions too instead of every one (see
    `Outputs.standing_violations`, `Outputs.standing_actions`), for runs where records met in another
    order across topics than in the reference."""
    actions = (got.standing_actions(), want.standing_actions()) if standing_only else (got.actions, want.actions)
    violations = ((got.standing_violations(), want.standing_violations()) if standing_only
                  else (got.violations, want.violations))
    problems = [
        *_diff("violations" + (" (standing)" if standing_only else ""), *violations, bodies),
        *_diff("actions" + (" (standing)" if standing_only else ""), *actions, bodies),
        *_diff("reviews (standing)", got.standing_reviews(), want.standing_reviews(), bodies),
        *_diff("deadletters", got.deadletters, want.deadletters, bodies),
    ]
    if got.processed != want.processed:
        problems.append(f"processed: {len(want.processed - got.processed)} input records never applied, "
                        f"{len(got.processed - want.processed)} unknown")
    assert not problems, "\n".join(problems)


def processed_so_far(bootstrap: str, run: PipelineRun) -> int:
    """How many records the worker has applied (one `qinglang.processed` record each, repeats included)."""
    ends = asyncio.run(end_offsets(bootstrap, [TopicNames(run.prefix).physical(topics.PROCESSED)]))
    return sum(ends.values())


def wait_until_processed(bootstrap: str, run: PipelineRun, at_least: int, *, timeout: float = 120.0,
                         alive: Callable[[], None] | None = None) -> None:
    """Wait until the worker has applied `at_least` records (the fault then lands mid-stream)."""
    deadline = time.monotonic() + timeout
    while processed_so_far(bootstrap, run) < at_least:
        if alive:
            alive()
        assert time.monotonic() < deadline, f"the worker applied fewer than {at_least} records in {timeout:.0f} s"
        time.sleep(0.1)


def committed_offsets(bootstrap: str, group: str) -> dict[TopicPartition, int]:
    async def read() -> dict[TopicPartition, int]:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
        await admin.start()
        try:
            return {tp: meta.offset for tp, meta in (await admin.list_consumer_group_offsets(group)).items()}
        finally:
            await admin.close()

    return asyncio.run(read())


def assert_commits_only_applied(bootstrap: str, run: PipelineRun, group: str | None = None) -> int:
    """Every committed input offset is covered by what the worker applied: each record below a partition's
    committed offset has its `processed` record or its dead letter on Kafka (both are sent before the
    offsets may commit). Returns the committed total."""
    from pipeline_run import read_outputs

    names = TopicNames(run.prefix)
    committed = committed_offsets(bootstrap, group or run.app_id)
    outputs = read_outputs(bootstrap, run.prefix, (topics.PROCESSED, topics.DEADLETTER))
    done = {(r["source"]["topic"], r["source"]["partition"], r["source"]["offset"])
            for topic in (topics.PROCESSED, topics.DEADLETTER) for r in outputs[topic]}
    for tp, offset in committed.items():
        logical = names.logical(tp.topic)
        if logical not in topics.INPUT_TOPICS:
            continue
        unapplied = [o for o in range(offset) if (logical, tp.partition, o) not in done]
        assert not unapplied, f"{logical}[{tp.partition}] committed up to {offset} but never applied {unapplied[:5]}"
    return sum(committed.values())


def reset_group_to_earliest(bootstrap: str, group: str, names: TopicNames) -> None:
    """The recovery runbook's consumer-group reset, as `qinglang offsets reset --to-earliest` does it."""
    asyncio.run(reset_to_earliest(bootstrap, group, names))
