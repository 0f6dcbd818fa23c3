"""A golden case's outputs as a reader checks them: per account, what fired, in event-time order.

`expected.jsonl` holds every output record byte for byte, which a machine compares and a person cannot
review (hex ids, long evidence). `expected.story` says the same thing in a few words per line — the
violations (requirement, rule, field and what it matched), the review items, the sanctions with their
rungs and points, the reversals and dead letters — grouped by account and sorted by event time. The test
compares the story first, so a regression shows as a readable per-account difference, and updating a
case prints which accounts' stories changed.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

Keyed = Mapping[tuple[str, str], Mapping[str, Any]]

_HEADER = ("# What this case's outputs say, per account, in event-time order (tests/support/golden_story.py).\n"
           "# Byte for byte they are in expected.jsonl; this file is what a reviewer reads.\n")


def _at(value: str | int | None) -> str:
    """An output's time as `2026-11-01 00:14:23.805`, UTC (records write it with ms or µs, `Z` or +00:00)."""
    if value is None:
        return "-" * 23
    if isinstance(value, int):
        moment = datetime.fromtimestamp(value / 1000, UTC)
    else:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def _violation(record: Mapping[str, Any]) -> str:
    line = f"{record['requirement']} {record['rule']}  {record['field']}"
    text = (record.get("evidence") or {}).get("text")
    if isinstance(text, str) and text:
        line += f" «{text if len(text) <= 24 else text[:23] + '…'}»"
    line += f" -> {record['identity']}"
    if record.get("withdrawn"):
        line += f"  WITHDRAWN ({record.get('reason', 'no reason')})"
    return line


def _review(record: Mapping[str, Any]) -> str:
    line = f"review: {record['reason']}, {record['requirement']} {record['rule']}"
    if record.get("refer_to"):
        line += f", refer to {record['refer_to']}"
    if record.get("blacklisted_account_id"):
        line += f", owner blacklisted through {record['blacklisted_account_id']}"
    return line


def _action(record: Mapping[str, Any], *, shadow: bool) -> str:
    sanction = record["sanction"]
    line = ("shadow " if shadow else "") + sanction
    if record.get("rung") and record["rung"] != sanction:
        line += f" [{record['rung']}]"
    if record.get("reason"):
        line += f" ({record['reason']})"
    if record.get("reverses"):
        line += " reversing an earlier action"
    if record.get("supersedes"):
        line += " superseding an earlier action"
    before, after = record.get("points_before"), record.get("points_after")
    if before is not None and after is not None and (before, after) != (0, 0):
        line += f", points {before}->{after}"
    if record.get("ends_at"):
        line += f", until {_at(record['ends_at'])}"
    return line


def _deadletter(record: Mapping[str, Any]) -> str:
    return f"dead letter: {record['error']['code']} on {record['source']['topic']}"


def _lines(actual: Keyed) -> dict[str, list[tuple[str, int, str]]]:
    by_account: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for (topic, _), record in actual.items():
        if topic == "qinglang.violations":
            by_account[record["account_id"]].append((_at(record["occurred_at"]), 0, _violation(record)))
        elif topic == "qinglang.review":
            by_account[record["account_id"]].append((_at(record["occurred_at"]), 1, _review(record)))
        elif topic in ("qinglang.actions", "qinglang.actions.shadow"):
            shadow = topic.endswith(".shadow")
            by_account[record["account_id"]].append((_at(record["occurred_at"]), 3 if shadow else 2,
                                                     _action(record, shadow=shadow)))
        elif topic == "qinglang.deadletter":
            source = record["source"]
            key = source.get("key") or "(no key)"
            by_account[str(key)].append((_at(source.get("timestamp_ms")), 4, _deadletter(record)))
    return by_account


def _counts(actual: Keyed) -> str:
    processed = sum(1 for topic, _ in actual if topic == "qinglang.processed")
    dead = sum(1 for topic, _ in actual if topic == "qinglang.deadletter")
    return f"# {processed} events processed, {dead} records dead-lettered\n"


def story(actual: Keyed) -> str:
    """The story of a case's outputs (keyed as golden.keyed keys them)."""
    parts = [_HEADER, _counts(actual)]
    for account, lines in sorted(_lines(actual).items()):
        parts.append(f"\n{account}\n")
        parts += [f"  {at}  {text}\n" for at, _, text in sorted(lines)]
    return "".join(parts)


def accounts(text: str) -> dict[str, list[str]]:
    """A story's lines per account."""
    found: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            current = found.setdefault(line, [])
        elif current is not None:
            current.append(line.strip())
    return found


def changes(before: str, after: str) -> str:
    """Which accounts' stories differ, each with its changed lines (empty when none does)."""
    old, new = accounts(before), accounts(after)
    parts: list[str] = []
    for account in sorted(set(old) | set(new)):
        was, now = old.get(account, []), new.get(account, [])
        if was == now:
            continue
        label = "new account" if account not in old else "gone" if account not in new else "changed"
        parts.append(f"{account} ({label})")
        parts += [f"  {line}" for line in _delta(was, now)]
    return "\n".join(parts)


def _delta(was: Iterable[str], now: Iterable[str]) -> list[str]:
    return [line for line in difflib.ndiff(list(was), list(now)) if line[:1] in "+-"]
