"""Days in China Standard Time (S7): the notices the disclosure answers are Chinese platform rules, so a
reporting day is a day in Asia/Shanghai (UTC+8, no daylight saving), not a UTC day. Event times stay UTC
everywhere else; only the grouping and the period's bounds are read in CST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _cst() -> tzinfo:
    # A slim container image may carry no time-zone database; Shanghai has kept UTC+8 without daylight
    # saving since 1991, so the fixed offset gives the same days for every date this pipeline sees.
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:
        return timezone(timedelta(hours=8), "CST")


CST = _cst()
TIME_ZONE = "Asia/Shanghai"
TIME_ZONE_LABEL = "China Standard Time, Asia/Shanghai, UTC+8"


class BoundError(ValueError):
    """A period bound that is not a date or a date-time; the message is written for the person who typed it."""


def parse_bound(value: str) -> datetime:
    """A period bound: a date is that day's midnight in CST; a date-time without an offset is CST wall time;
    one with an offset ("Z", "+00:00") is that very moment."""
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), CST)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise BoundError(f"{value!r} is not an ISO date or date-time (2026-11-01, 2026-11-01T08:00, "
                         f"2026-11-01T00:00Z); dates and times without an offset are in China Standard Time "
                         f"(UTC+8)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=CST)


def check_period(since: datetime | None, until: datetime | None) -> None:
    if since is not None and until is not None and since >= until:
        raise BoundError(f"the period is empty: --since {cst_iso(since)} is not before --until {cst_iso(until)}")


def utc_moment(iso: str) -> datetime:
    """An ISO 8601 time from a record (UTC, with Z or an offset)."""
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def cst_day(moment: datetime) -> str:
    """The CST day (YYYY-MM-DD) of an aware moment: 16:00 UTC is already the next day's 00:00 in CST."""
    return moment.astimezone(CST).date().isoformat()


def cst_iso(moment: datetime) -> str:
    return moment.astimezone(CST).isoformat()
