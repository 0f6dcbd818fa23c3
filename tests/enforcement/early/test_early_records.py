"""Appeals and review decisions kept until what they name is raised: the contract over InMemoryEarlyRecords
and RedisEarlyRecords (the session's real Redis)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from twins import Twin

from enforcement.early import EarlyRecords, InMemoryEarlyRecords, answerable, from_blob, to_blob
from enforcement.early.redis import RedisEarlyRecords
from enforcement.events import AppealResolved, ReviewDecided
from enforcement.watermark import to_millis

BASE = datetime(2026, 4, 1, 8, tzinfo=UTC)
Story = Callable[[EarlyRecords], Awaitable[object]]


def _appeal(event_id: str, violation_id: str, minutes: int, account: str = "a") -> AppealResolved:
    return AppealResolved(schema_version=1, event_id=event_id, type="appeal.resolved", account_id=account,
                          occurred_at=BASE + timedelta(minutes=minutes), violation_id=violation_id,
                          outcome="overturned", resolved_by="supervisor:1")


def _decision(event_id: str, review_id: str, minutes: int) -> ReviewDecided:
    return ReviewDecided(schema_version=1, event_id=event_id, type="review.decided", account_id="a",
                         occurred_at=BASE + timedelta(minutes=minutes), review_id=review_id, decision="dismiss",
                         reviewer_id="r:1", note="姓名巧合")


@pytest.fixture
def run_story(twin: Twin) -> Callable[[Story], object]:
    return lambda story: twin.run(story, InMemoryEarlyRecords,
                                  lambda client, prefix: RedisEarlyRecords(client, key_prefix=prefix))


def test_a_kept_record_comes_back_whole() -> None:
    for event in (_appeal("x1", "v1", 2), _decision("x2", "rv1", 3)):
        assert from_blob(to_blob(event)) == event


def test_records_are_answered_by_what_they_name_in_event_time_order(run_story: Callable[[Story], object]) -> None:
    async def story(store: EarlyRecords) -> object:
        await store.keep(_appeal("x2", "v1", 5))
        await store.keep(_appeal("x1", "v1", 2))
        await store.keep(_appeal("x1", "v1", 2))  # redelivered: still one entry
        await store.keep(_decision("x3", "rv1", 3))
        await store.keep(_appeal("x4", "v9", 4, account="b"))
        watermark = to_millis(BASE)
        named = await answerable(store, "a", {"v1"}, watermark)
        again = await answerable(store, "a", {"v1", "rv1"}, watermark)  # reading answers, it does not consume
        other = await answerable(store, "a", {"v9"}, watermark)  # b's appeal is not a's
        return [e.event_id for e in named], [e.event_id for e in again], other, len(await store.kept("a"))

    assert run_story(story) == (["x1", "x2"], ["x1", "x3", "x2"], [], 3)


def test_records_the_watermark_has_passed_are_dropped(run_story: Callable[[Story], object]) -> None:
    async def story(store: EarlyRecords) -> object:
        await store.keep(_appeal("x1", "v1", 2))
        await store.keep(_appeal("x2", "v2", 10))
        past = await answerable(store, "a", {"v1", "v2"}, to_millis(BASE + timedelta(minutes=3)))
        return [e.event_id for e in past], sorted(await store.kept("a"))

    assert run_story(story) == (["x2"], ["v2 x2"])
