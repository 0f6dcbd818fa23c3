"""Golden replays over real Kafka and Redis (P4): every output record, compared by id.

A case in several phases (`then.N.jsonl`) whose directory holds a `restart_between_phases` marker runs
each later phase on a new worker process, so the state it depends on must survive a worker restart
(P9); without the marker one worker sees every phase (e.g. a registry update arriving live).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import golden
import pytest
from golden import (
    case_env,
    case_phases,
    diff,
    expected_metrics,
    golden_cases,
    keyed,
    load_expected,
    load_story,
    served,
    updating,
    with_port,
    without_port,
    write_expected,
    write_story,
)
from golden_story import changes, story
from pipeline_run import metric_value, run_pipeline

from streams.bus.recording import read_recording

pytestmark = pytest.mark.e2e


class GoldenRewritten(UserWarning):
    """A golden case's expected files were rewritten (QINGLANG_UPDATE_GOLDEN): read the changes before committing."""


@pytest.mark.parametrize("case", golden_cases())
def test_golden_replay(case: str, kafka_bootstrap: str, redis_url: str, run_dir: Path) -> None:
    first, *later = case_phases(case)
    with served(case) as port:
        records = with_port(list(read_recording(first)), port)
        then = [with_port(list(read_recording(path)), port) for path in later]
        run = run_pipeline(records, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                           env=case_env(case), then=then, restart_between_phases=golden.case_restarts(case))
    actual = keyed(without_port(run.outputs, port))
    told = story(actual)
    if updating(case):
        before = load_story(case)
        write_expected(case, actual)
        write_story(case, told)
        # a warning, not a print: pytest shows it in its summary, also when xdist workers run the tests
        changed = changes(before, told) or "(none: only bytes the story does not show)"
        warnings.warn(GoldenRewritten(f"{case}: expected.jsonl and expected.story rewritten; accounts whose story "
                                      f"changed:\n{changed}"), stacklevel=1)
    # the story first: a regression reads as what changed for which account
    expected_story = load_story(case)
    assert told == expected_story, f"{case}: the story differs from expected.story:\n{changes(expected_story, told)}"
    expected = load_expected(case)
    assert actual == expected, diff(expected, actual)
    for name, labels, value in expected_metrics(case):
        assert metric_value(run.metrics_text, name, **labels) == value, (name, labels)
    account_records = {r.value for phase in [records, *then] for r in phase if not r.topic.startswith("registry.")}
    assert sum(1 for topic, _ in expected if topic in ("qinglang.processed", "qinglang.deadletter")) >= len(
        account_records
    )
