"""S7 statistics from the output topics: violations by requirement, sanctions by rung and type, and both
by China Standard Time day, over [since, until) by event time, each id counted once, no account ids."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from streams.disclosure.days import TIME_ZONE, cst_day, cst_iso, utc_moment

if TYPE_CHECKING:
    from streams.bus.connection import Kafka

Record = dict[str, Any]


def _new_sanction(action: Record) -> bool:
    """A sanction given, as opposed to a restatement after an appeal or a registration block."""
    return not action.get("reverses") and not action.get("supersedes") and action["sanction"] != "registration_blocked"


def aggregate(violations: list[Record], actions: list[Record], since: datetime | None,
              until: datetime | None) -> dict[str, Any]:
    """S7: aggregated statistics over [since, until) by event time; each id counted once; `by_day` groups
    them by the CST day of their event time."""

    def inside(record: Record) -> bool:
        at = utc_moment(record["occurred_at"])
        return (since is None or at >= since) and (until is None or at < until)

    unique_v = {v["violation_id"]: v for v in violations if inside(v)}
    unique_a = {a["action_id"]: a for a in actions if inside(a)}
    appeals = {a.get("reverses") for a in unique_a.values() if a.get("reason") == "appeal_overturned"}
    days: dict[str, dict[str, int]] = {}
    for v in unique_v.values():
        days.setdefault(cst_day(utc_moment(v["occurred_at"])), {"violations": 0, "sanctions": 0})["violations"] += 1
    for a in unique_a.values():
        if _new_sanction(a):
            days.setdefault(cst_day(utc_moment(a["occurred_at"])), {"violations": 0, "sanctions": 0})["sanctions"] += 1
    return {
        "time_zone": TIME_ZONE,
        "since": None if since is None else cst_iso(since),
        "until": None if until is None else cst_iso(until),
        "violations": len(unique_v),
        "violations_by_requirement": dict(sorted(Counter(v["requirement"] for v in unique_v.values()).items())),
        "accounts_with_violations": len({v["account_id"] for v in unique_v.values()}),
        # a restatement after an appeal is not a new sanction
        "sanctions_by_rung": dict(sorted(Counter(a["rung"] for a in unique_a.values() if _new_sanction(a)).items())),
        "sanctions_by_type": dict(sorted(Counter(a["sanction"] for a in unique_a.values()).items())),
        "registrations_blocked": sum(1 for a in unique_a.values() if a["sanction"] == "registration_blocked"),
        "sanctions_reversed_on_appeal": len(appeals),
        "by_day": dict(sorted(days.items())),
    }


async def read_outputs(bootstrap: Kafka, prefix: str) -> tuple[list[Record], list[Record]]:
    """Every record of qinglang.violations and qinglang.actions, from the beginning to their current end."""
    from streams.bus import topics
    from streams.bus.reader import read_topic

    names = topics.TopicNames(prefix)

    async def read(logical: str) -> list[Record]:
        raw = await read_topic(bootstrap, names.physical(logical))
        return [orjson.loads(value) for _, value, _ in raw if value is not None]

    return await read(topics.VIOLATIONS), await read(topics.ACTIONS)
