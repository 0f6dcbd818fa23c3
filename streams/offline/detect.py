"""`qinglang detect`: the identity detectors offline, over events JSONL or a recording (no Kafka, no Redis).

Each input line is either an event object (as on the account topics) or a recording line
(`{"topic", "key", "value", …}`); `registry.official` records in a recording update the registry
before the lines that follow, as they would live. Bad lines are reported on stderr with their line
number and skipped; the exit status says whether any were.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

from enforcement.detectors import detect_profile, profile_view
from enforcement.events import SPECS_BY_TYPE, ErrorCode, InvalidEvent, decode_event, parse_object
from enforcement.events.bounds import DEFAULT_BOUNDS, EventTimeBounds
from enforcement.events.models import AvatarChanged, BioChanged, ProfileCreated, ProfileRenamed
from enforcement.identity import IdentityIndex
from enforcement.policy import Policy
from enforcement.registry import InvalidRegistryRecord, parse_registry_record
from streams.bus.recording import RecordingError, numbered_lines, parse_line
from streams.bus.topics import REGISTRY_OFFICIAL

PROFILE_TYPES = (ProfileCreated, ProfileRenamed, AvatarChanged, BioChanged)


@dataclass
class DetectReport:
    """What a detect run saw: counts, bad lines (line number, code, message), violations by rule."""

    lines: int = 0
    events: int = 0
    violations: int = 0
    registry_updates: int = 0
    bad: list[tuple[int, str, str]] = field(default_factory=list)
    by_rule: Counter[str] = field(default_factory=Counter)


def _event_line(line_no: int, raw: bytes, max_bytes: int) -> tuple[str, bytes | None, bytes | None, int | None]:
    """(topic, key, value, record timestamp) for one input line, whichever of the two formats it is in."""
    obj = parse_object(raw, max_bytes=max_bytes * 4)
    if "topic" in obj and "value" in obj:
        try:
            record = parse_line(line_no, raw)
        except RecordingError as exc:
            raise InvalidEvent(ErrorCode.BAD_VALUE, str(exc)) from None
        return record.topic, record.key, record.value, record.timestamp_ms
    spec = SPECS_BY_TYPE.get(obj.get("type"))  # type: ignore[arg-type]
    if spec is None:
        raise InvalidEvent(ErrorCode.UNKNOWN_TYPE, f"unknown event type {obj.get('type')!r}", "type")
    account = obj.get("account_id")
    return spec.topic, account.encode() if isinstance(account, str) else None, raw, None


def detect_stream(
    source: IO[bytes], sink: IO[bytes], index: IdentityIndex, policy: Policy, *, max_bytes: int = 65536,
    bounds: EventTimeBounds = DEFAULT_BOUNDS,
) -> Iterator[DetectReport]:
    """Run the detectors over every line; yields the (same, growing) report every 1,000 lines.

    Event times are bounded as the worker bounds them: a recording line's own timestamp counts, so a
    recording is judged as it was live; an events line has none, so only the horizon applies to it. No
    line stops the run: whatever goes wrong with one is reported with its line number and skipped."""
    report = DetectReport()
    for line_no, raw in numbered_lines(source):
        if not raw.strip():
            continue
        report.lines += 1
        try:
            topic, key, value, stamp = _event_line(line_no, raw.rstrip(b"\r\n"), max_bytes)
            if topic == REGISTRY_OFFICIAL:
                index = IdentityIndex.build(index.registry.with_updates([parse_registry_record(key, value)]))
                report.registry_updates += 1
                continue
            if topic not in {s.topic for s in SPECS_BY_TYPE.values()}:
                continue  # other registry topics are not used by these detectors
            event = decode_event(value, topic=topic, key=key, max_bytes=max_bytes, timestamp_ms=stamp, bounds=bounds)
        except (InvalidEvent, InvalidRegistryRecord) as error:
            report.bad.append((line_no, str(error.code), error.message))
            continue
        except Exception as exc:  # a bug on one line must not end the run: report it like a bad line
            report.bad.append((line_no, str(ErrorCode.INTERNAL_ERROR), f"{type(exc).__name__}: {exc}"[:1000]))
            continue
        report.events += 1
        if isinstance(event, PROFILE_TYPES):
            try:
                found = detect_profile(index, profile_view(event))
            except Exception as exc:  # as above: the line is reported, the run goes on
                report.bad.append((line_no, str(ErrorCode.INTERNAL_ERROR), f"{type(exc).__name__}: {exc}"[:1000]))
                continue
            for violation in found:
                sink.write(orjson.dumps(output_record(violation, policy)) + b"\n")
                report.violations += 1
                report.by_rule[f"{violation.requirement} {violation.rule}"] += 1
        if report.lines % 1000 == 0:
            yield report
    yield report


def output_record(violation: Any, policy: Policy) -> dict[str, Any]:
    """One output line: the violations-topic record plus `event_id` and whether a person must review it."""
    record = violation.to_record(policy.severity_of(violation))
    record["event_id"] = violation.source_event_id
    record["review"] = not policy.is_automatic(violation)
    return record
