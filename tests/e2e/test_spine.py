"""The pipeline spine end to end (P1, P4, P6): real Kafka, real Redis, a real worker process.

Every malformed record must be on the dead-letter topic with the right code, every valid one handed
to enforcement exactly once — nothing lost, nothing duplicated.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
import redis
from factories import PAYLOADS, encode, make_event, topic_of
from pipeline_run import metric_value, run_pipeline

from enforcement.events import ErrorCode
from streams.bus.recording import RecordedRecord

pytestmark = pytest.mark.e2e
LIMIT = 2048  # QINGLANG_MAX_RECORD_BYTES for this run


def _valid_records() -> list[RecordedRecord]:
    records = []
    for index, event_type in enumerate(sorted(PAYLOADS) * 3):
        account = f"u:{index % 7}"
        body = make_event(event_type, event_id=f"valid-{index}", account_id=account,
                          occurred_at=f"2026-11-22T08:{index % 60:02d}:00Z")
        records.append(RecordedRecord(topic_of(event_type), account.encode(), encode(body), 1795000000000 + index))
    return records


def _at_limit(event_id: str, extra: int) -> bytes:
    """A valid bio change padded to exactly LIMIT + extra bytes."""
    body = make_event("profile.bio_changed", event_id=event_id, bio="")
    base = len(encode(body))
    body["bio"] = "x" * (LIMIT + extra - base)
    raw = encode(body)
    assert len(raw) == LIMIT + extra
    return raw


def _malformed_records() -> list[tuple[RecordedRecord, ErrorCode]]:
    profile = "account.profile"
    cases: list[tuple[str, bytes | None, bytes | None, ErrorCode]] = [
        (profile, b"u:1", _at_limit("over-limit", 1), ErrorCode.OVERSIZED),
        (profile, b"u:1", b'{"event_id": "\xff\xfe"}', ErrorCode.INVALID_UTF8),
        (profile, b"u:1", b'{"event_id": "broken", "type": ', ErrorCode.NOT_JSON),
        (profile, b"u:1", b"", ErrorCode.NOT_JSON),
        (profile, b"u:1", None, ErrorCode.NOT_JSON),
        (profile, b"u:1", b'["an", "array"]', ErrorCode.NOT_OBJECT),
        (profile, b"u:1", encode(make_event(event_id="m1", occurred_at=...)), ErrorCode.MISSING_FIELD),
        (profile, b"u:1", encode(make_event(event_id="m2", new_name=42)), ErrorCode.WRONG_TYPE),
        (profile, b"u:1", encode(make_event(event_id="m3", type="profile.teleported")), ErrorCode.UNKNOWN_TYPE),
        (profile, b"u:1", encode(make_event(event_id="m4", occurred_at="noon")), ErrorCode.BAD_TIMESTAMP),
        (profile, b"u:2", encode(make_event(event_id="m5")), ErrorCode.KEY_MISMATCH),
        (profile, None, encode(make_event(event_id="m6")), ErrorCode.KEY_MISMATCH),
        (profile, b"u:1", encode(make_event(event_id="m7", schema_version=9)), ErrorCode.UNSUPPORTED_SCHEMA_VERSION),
        (profile, b"u:1", encode(make_event(event_id="m8", extra=1)), ErrorCode.UNKNOWN_FIELD),
        (profile, b"u:1", encode(make_event(event_id="m9", new_name="名" * 300)), ErrorCode.TOO_LONG),
        (profile, b"u:1", encode(make_event(event_id="m10", new_name=" ")), ErrorCode.BAD_VALUE),
        ("account.report", b"u:1", encode(make_event(event_id="m11")), ErrorCode.WRONG_TOPIC),
        ("content.label", b"u:1", encode(make_event("content.labelled", event_id="m12", repost_count=-4)),
         ErrorCode.BAD_VALUE),
    ]
    return [(RecordedRecord(topic, key, value, 1795000100000 + i), code)
            for i, (topic, key, value, code) in enumerate(cases)]


def test_every_record_is_enforced_or_dead_lettered_exactly_once(
    kafka_bootstrap: str, redis_url: str, run_dir: Path
) -> None:
    valid = _valid_records()
    valid.append(RecordedRecord("account.profile", b"u:1", _at_limit("at-limit", 0), 1795000200000))
    malformed = _malformed_records()
    records = valid[:10] + [r for r, _ in malformed[:9]] + valid[10:] + [r for r, _ in malformed[9:]]

    run = run_pipeline(records, kafka_bootstrap=kafka_bootstrap, redis_url=redis_url, workdir=run_dir,
                       env={"QINGLANG_MAX_RECORD_BYTES": str(LIMIT), "QINGLANG_DEADLETTER_PREFIX_BYTES": "512"})

    processed = run.outputs["qinglang.processed"]
    dead = run.outputs["qinglang.deadletter"]
    # nothing lost, nothing duplicated
    assert len(processed) + len(dead) == len(records)
    processed_ids = [p["event_id"] for p in processed]
    assert sorted(processed_ids) == sorted(orjson.loads(r.value or b"")["event_id"] for r in valid)
    assert len(set(processed_ids)) == len(processed_ids)
    # record by record: each malformed record is dead-lettered once, with its code, raw bytes and source
    by_digest: dict[tuple[str, str | None, bool], list[dict]] = {}
    for letter in dead:
        identity = (letter["raw"]["sha256"], letter["source"]["key"], letter["raw"]["is_null"])
        by_digest.setdefault(identity, []).append(letter)
    for record, code in malformed:
        digest = hashlib.sha256(record.value or b"").hexdigest()
        key = record.key.decode() if record.key else None
        letters = by_digest.get((digest, key, record.value is None), [])
        assert len(letters) == 1, f"{code}: expected exactly one dead letter, got {len(letters)}"
        letter = letters[0]
        assert letter["error"]["code"] == code.value
        assert letter["error"]["message"]
        assert letter["source"]["topic"] == record.topic
        assert letter["source"]["timestamp_ms"] == record.timestamp_ms
        assert letter["raw"]["length"] == len(record.value or b"")
        assert letter["raw"]["is_null"] is (record.value is None)
        if code is ErrorCode.OVERSIZED:  # pinned decision 4: a prefix plus sha256 and length
            assert letter["raw"]["truncated"] is True
            assert letter["raw"]["prefix"].encode() == record.value[:512]
    # processed records point back at their source offsets, each offset once
    positions = {(p["source"]["topic"], p["source"]["partition"], p["source"]["offset"]) for p in processed}
    positions |= {(d["source"]["topic"], d["source"]["partition"], d["source"]["offset"]) for d in dead}
    assert len(positions) == len(records)
    # metrics agree with the topics
    for code in {c for _, c in malformed}:
        expected = sum(1 for _, c in malformed if c is code)
        got = sum(metric_value(run.metrics_text, "qinglang_deadletters_total", topic=t, code=code.value)
                  for t in ("account.profile", "account.report", "content.label"))
        assert got == expected, code
    enforced = sum(metric_value(run.metrics_text, "qinglang_events_total", topic=topic_of(t), type=t) for t in PAYLOADS)
    assert enforced == len(valid)
    # the shared event-time watermark in Redis: latest occurred_at minus the allowed lateness (pinned 11)
    latest = max(datetime.fromisoformat(p["occurred_at"]) for p in processed)
    stored = redis.Redis.from_url(redis_url).get(f"ql:{run.prefix}watermark")
    assert stored is not None
    assert int(stored) == int(latest.astimezone(UTC).timestamp() * 1000) - 300_000
