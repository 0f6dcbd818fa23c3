"""Event-time alignment of the worker's input partitions (streams/worker/alignment.py)."""

from __future__ import annotations

from streams.bus.messages import SourceRecord
from streams.worker.alignment import EventTimeAligner

PROFILE, LABEL = ("account.profile", 0), ("content.label", 0)


def _record(lane: tuple[str, int], offset: int, ms: int) -> tuple[SourceRecord, str]:
    record = SourceRecord(lane[0], lane[1], offset, b"u:1", b"{}", (), ms)
    return record, f"{lane[0]}@{offset}"


class _Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _aligner(clock: _Clock | None = None, max_held: int = 1000) -> EventTimeAligner:
    return EventTimeAligner(max_held=max_held, max_wait_s=1.0, clock=clock or _Clock())


def _names(released: list[tuple[SourceRecord, str]]) -> list[str]:
    return [handle for _, handle in released]


def test_a_record_waits_while_another_topic_may_still_bring_an_earlier_one() -> None:
    aligner = _aligner()
    aligner.add([_record(PROFILE, 0, 1_000), _record(PROFILE, 1, 5_000)])
    # the label partition has records not taken yet, nothing of it seen: nothing may go
    assert aligner.release({LABEL}) == []
    aligner.add([_record(LABEL, 0, 3_000)])
    # the label partition has reached 3 s: what is at or before it goes, in event-time order
    assert _names(aligner.release({LABEL, PROFILE})) == ["account.profile@0", "content.label@0"]
    assert len(aligner) == 1
    assert _names(aligner.release(set())) == ["account.profile@1"]  # nothing left to fetch: everything goes


def test_the_same_records_go_in_the_same_order_whichever_topic_is_fetched_first() -> None:
    profile = [_record(PROFILE, n, ms) for n, ms in enumerate((1_000, 4_000, 9_000))]
    label = [_record(LABEL, n, ms) for n, ms in enumerate((2_000, 4_000, 8_000))]

    def run(first: list, second: list) -> list[str]:
        aligner = _aligner()
        out: list[str] = []
        for batch in (first[:2], second[:1], first[2:], second[1:]):
            aligner.add(batch)
            taken = aligner.taken_offsets()
            waiting = {lane for lane, end in ((PROFILE, 3), (LABEL, 3)) if taken.get(lane, 0) < end}
            out += _names(aligner.release(waiting))
        return out

    one, other = run(profile, label), run(label, profile)
    assert one == other == ["account.profile@0", "content.label@0", "account.profile@1", "content.label@1",
                            "content.label@2", "account.profile@2"]


def test_a_partition_keeps_its_own_order_even_when_its_times_go_back() -> None:
    aligner = _aligner()
    aligner.add([_record(PROFILE, 0, 5_000), _record(PROFILE, 1, 1_000), _record(LABEL, 0, 2_000)])
    # the label partition has reached 2 s: its record goes; the profile record at 5 s keeps the late one at
    # 1 s behind it back, though the label partition passed 1 s
    assert _names(aligner.release({LABEL})) == ["content.label@0"]
    assert _names(aligner.release(set())) == ["account.profile@0", "account.profile@1"]


def test_a_partition_silent_for_too_long_is_waited_on_no_longer() -> None:
    clock = _Clock()
    aligner = _aligner(clock)
    aligner.add([_record(PROFILE, 0, 1_000)])
    assert aligner.release({LABEL}) == []
    clock.now += 1.0
    assert _names(aligner.release({LABEL})) == ["account.profile@0"]


def test_time_spent_processing_is_not_silence() -> None:
    """While the worker processes what was released, no partition can deliver: its silence counts after."""
    clock = _Clock()
    aligner = _aligner(clock)
    aligner.add([_record(PROFILE, 0, 1_000), _record(LABEL, 0, 2_000), _record(PROFILE, 1, 3_000)])
    assert _names(aligner.release({LABEL})) == ["account.profile@0", "content.label@0"]
    clock.now += 5.0  # processing them took five seconds
    aligner.processed()
    assert aligner.release({LABEL}) == []  # the label partition may still bring something before 3 s
    clock.now += 1.0
    assert _names(aligner.release({LABEL})) == ["account.profile@1"]


def test_beyond_the_bound_the_earliest_records_go() -> None:
    aligner = _aligner(max_held=2)
    aligner.add([_record(PROFILE, n, ms) for n, ms in enumerate((1_000, 3_000, 6_000))])
    aligner.add([_record(LABEL, 0, 2_000)])
    released = _names(aligner.release({("review.decision", 0)}))
    assert released == ["account.profile@0", "content.label@0"] and len(aligner) == 2


def test_everything_goes_when_a_rebalance_starts() -> None:
    aligner = _aligner()
    aligner.add([_record(LABEL, 0, 9_000), _record(PROFILE, 0, 1_000)])
    assert aligner.release({("review.decision", 0)}) == []
    assert _names(aligner.release_all()) == ["account.profile@0", "content.label@0"]
    assert len(aligner) == 0
    assert aligner.taken_offsets() == {LABEL: 1, PROFILE: 1}
