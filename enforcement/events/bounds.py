"""Event time is bounded by the record's own timestamp (P6), so one far-future stamp
cannot drag the shared watermark (decision "Event time and the watermark").

One `occurred_at` far in the future would raise the shared watermark for every account at once: every
pending mute lift and credential expiry would fire, and the watermark never comes down. So an event's
time must lie inside an absolute horizon, and may be later than its Kafka record's timestamp by at most a
configured skew. The broker refuses records stamped more than `message.timestamp.after.max.ms` ahead of
its clock (set on the input topics the project creates), so together the two bound event time by the
broker's clock. The check reads only the record — never the wall clock — so a replay decides the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from enforcement.events.errors import ErrorCode, InvalidEvent
from enforcement.events.models import Event
from enforcement.events.spec import FIXED_EARLIEST, FIXED_LATEST

DEFAULT_MAX_SKEW_S = 300
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class EventTimeBounds:
    """Accepted event times: `earliest` <= occurred_at < `latest`, and occurred_at no later than the
    record's timestamp plus `max_skew`. Records without a timestamp get only the horizon."""

    earliest: datetime = FIXED_EARLIEST
    latest: datetime = FIXED_LATEST
    max_skew: timedelta = timedelta(seconds=DEFAULT_MAX_SKEW_S)

    def check(self, event: Event, timestamp_ms: int | None) -> None:
        """Raise InvalidEvent(bad_timestamp) naming `occurred_at` when the event time is out of bounds."""
        at = event.occurred_at
        if not self.earliest <= at < self.latest:
            raise InvalidEvent(
                ErrorCode.BAD_TIMESTAMP,
                f"occurred_at {_iso(at)} is outside the accepted event times "
                f"[{_iso(self.earliest)}, {_iso(self.latest)})",
                "occurred_at",
            )
        if timestamp_ms is None or timestamp_ms < 0:  # -1: a record written without a timestamp
            return
        # Whole microseconds since the epoch on both sides, as integers: no float rounding decides a record at
        # the edge, and a stamp past year 9999 (a producer may write any 64-bit value) compares without
        # building a datetime, which could not hold it and would raise OverflowError.
        if (at - _EPOCH) // _MICROSECOND > timestamp_ms * 1000 + self.max_skew // _MICROSECOND:
            stamped = _EPOCH + timedelta(milliseconds=timestamp_ms)  # earlier than `at`: a datetime holds it
            raise InvalidEvent(
                ErrorCode.BAD_TIMESTAMP,
                f"occurred_at {_iso(at)} is {_span(at - stamped)} after the record's timestamp {_iso(stamped)}; "
                f"at most {_span(self.max_skew)} is accepted",
                "occurred_at",
            )


def _span(delta: timedelta) -> str:
    seconds = delta.total_seconds()
    if seconds >= 86_400:
        return f"{seconds / 86_400:.1f} days"
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds:g} s"


DEFAULT_BOUNDS = EventTimeBounds()
