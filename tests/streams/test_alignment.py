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


def test_dropping_forgets_what_is_held_and_where_the_partitions_were() -> None:
    clock = _Clock()
    aligner = _aligner(clock)
    aligner.add([_record(LABEL, 4, 9_000), _record(PROFILE, 7, 1_000)])
    assert aligner.release({("review.decision", 0)}) == []
    aligner.drop()
    assert len(aligner) == 0 and aligner.taken_offsets() == {}
    # consumed again from the committed offsets: the same records wait as they did the first time
    aligner.add([_record(PROFILE, 7, 1_000)])
    assert aligner.release({LABEL}) == []
    aligner.add([_record(LABEL, 4, 9_000)])
    assert _names(aligner.release({("review.decision", 0)})) == []
    assert _names(aligner.release(set())) == ["account.profile@7", "content.label@4"]


def test_only_whole_batches_go_when_asked_the_earliest_first() -> None:
    aligner = _aligner()
    aligner.add([_record(PROFILE, n, 1_000 * n) for n in range(5)])
    aligner.add([_record(LABEL, n, 1_000 * n + 500) for n in range(3)])
    # everything up to the label partition's 2.5 s may go (six records): two whole batches of three
    released = _names(aligner.release({LABEL}, whole=3))
    assert released == ["account.profile@0", "content.label@0", "account.profile@1", "content.label@1",
                        "account.profile@2", "content.label@2"]
    aligner.add([_record(LABEL, 3, 9_000)])
    # all three held may go now (the label partition has reached 9 s): in whole batches of two, one batch,
    # and the label record stays for the next release
    assert _names(aligner.release({LABEL}, whole=2)) == ["account.profile@3", "account.profile@4"]
    assert _names(aligner.release({LABEL}, whole=2)) == [] and len(aligner) == 1
    assert _names(aligner.release({LABEL})) == ["content.label@3"]


def test_with_no_wait_every_record_goes_as_it_was_taken() -> None:
    aligner = EventTimeAligner(max_held=1000, max_wait_s=0.0, clock=_Clock())
    aligner.add([_record(LABEL, 0, 9_000), _record(PROFILE, 0, 1_000)])
    # the profile partition may still bring something before 9 s, but nothing is waited for
    assert _names(aligner.release({PROFILE, LABEL})) == ["account.profile@0", "content.label@0"]
