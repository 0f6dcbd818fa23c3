"""The pipeline spine end to end (P1, P4, P6): real Kafka, real Redis, a real worker process.

Every malformed record must be on the dead-letter topic with the right code, every valid one handed
to enforcement exactly once — nothing lost, nothing duplicated.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
import redis
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import InvalidTimestampError
from factories import PAYLOADS, encode, make_event, topic_of
from pipeline_run import metric_value, run_pipeline

from enforcement.events import ErrorCode
from streams.bus.recording import RecordedRecord
from streams.bus.replay import replay_records
from streams.bus.topics import TopicNames, ensure_topics

pytestmark = pytest.mark.e2e
LIMIT = 2048  # QINGLANG_MAX_RECORD_BYTES for this run
BASE_MS = 1795334400000  # 2026-11-22T08:00:00Z, the factories' occurred_at: records are written when events occur


def _valid_records() -> list[RecordedRecord]:
    records = []
    for index, event_type in enumerate(sorted(PAYLOADS) * 3):
        account = f"u:{index % 7}"
        body = make_event(event_type, event_id=f"valid-{index}", account_id=account,
                          occurred_at=f"2026-11-22T08:{index % 60:02d}:00Z")
        stamp = BASE_MS + (index % 60) * 60_000 + 500  # half a second after the event
        records.append(RecordedRecord(topic_of(event_type), account.encode(), encode(body), stamp))
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
        # event times the worker cannot trust: no UTC equivalent (these crashed the decoder), and one far
        # later than its record's timestamp, which would have raised the shared watermark to 2099
        (profile, b"u:1", encode(make_event(event_id="m13", occurred_at="9999-12-31T23:59:59-01:00")),
         ErrorCode.BAD_TIMESTAMP),
        (profile, b"u:1", encode(make_event(event_id="m14", occurred_at="0001-01-01T00:00:00+01:00")),
         ErrorCode.BAD_TIMESTAMP),
        (profile, b"u:3", encode(make_event(event_id="m15", account_id="u:3", occurred_at="2099-12-31T23:59:59Z")),
         ErrorCode.BAD_TIMESTAMP),
        ("account.credential", b"u:4", encode(make_event("credential.verified", event_id="m16", account_id="u:4",
                                                         valid_until="9999-12-31T23:59:59-01:00")),
         ErrorCode.BAD_TIMESTAMP),
    ]
    return [(RecordedRecord(topic, key, value, BASE_MS + 3_600_000 + i), code)
            for i, (topic, key, value, code) in enumerate(cases)]


def test_every_record_is_enforced_or_dead_lettered_exactly_once(
    kafka_bootstrap: str, redis_url: str, run_dir: Path
) -> None:
    valid = _valid_records()
    valid.append(RecordedRecord("account.profile", b"u:1", _at_limit("at-limit", 0), BASE_MS + 7_200_000))
    malformed = _malformed_records()
    # the poison event times sit between valid records: the worker must go on past them
    records = (valid[:10] + [r for r, _ in malformed[:9]] + valid[10:20] + [r for r, _ in malformed[9:]]
               + valid[20:])

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
        if code is ErrorCode.OVERSIZED:  # a bounded dead letter: a prefix plus sha256 and length
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
                  for t in ("account.profile", "account.report", "content.label", "account.credential"))
        assert got == expected, code
    enforced = sum(metric_value(run.metrics_text, "qinglang_events_total", topic=topic_of(t), type=t) for t in PAYLOADS)
    assert enforced == len(valid)
    # the shared event-time watermark in Redis: latest occurred_at minus the allowed lateness
    latest = max(datetime.fromisoformat(p["occurred_at"]) for p in processed)
    stored = redis.Redis.from_url(redis_url).get(f"ql:{run.prefix}watermark")
    assert stored is not None
    assert int(stored) == int(latest.astimezone(UTC).timestamp() * 1000) - 300_000


def test_the_broker_refuses_input_records_stamped_in_the_future(kafka_bootstrap: str) -> None:
    """Input topics the project creates carry message.timestamp.after.max.ms (QINGLANG_MAX_TIMESTAMP_AHEAD):
    with event time bounded by record timestamp plus the skew, no event time passes the broker's clock by
    more than the two together. Output topics are stamped by the broker and have no such limit."""
    names = TopicNames(f"t{secrets.token_hex(4)}.")
    asyncio.run(ensure_topics(kafka_bootstrap, names, partitions=1, replication=1, max_timestamp_ahead_ms=60_000))

    async def configs() -> dict[str, dict[str, str]]:
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        await admin.start()
        try:
            wanted = ("account.profile", "registry.hot_event", "qinglang.actions")
            found = await admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, names.physical(t))
                                                  for t in wanted])
            out = {}
            for response in found:
                for _, _, _, name, entries in response.resources:
                    out[names.logical(name)] = {entry[0]: entry[1] for entry in entries}
            return out
        finally:
            await admin.close()

    described = asyncio.run(configs())
    assert described["account.profile"]["message.timestamp.after.max.ms"] == "60000"
    assert described["registry.hot_event"]["message.timestamp.after.max.ms"] == "60000"
    assert described["qinglang.actions"]["message.timestamp.type"] == "LogAppendTime"
    now_ms = int(time.time() * 1000)
    body = encode(make_event(event_id="future"))
    asyncio.run(replay_records([RecordedRecord("account.profile", b"u:1", body, now_ms + 30_000)],
                               bootstrap=kafka_bootstrap, names=names))  # within the limit: accepted
    with pytest.raises(InvalidTimestampError):
        asyncio.run(replay_records([RecordedRecord("account.profile", b"u:1", body, now_ms + 3_600_000)],
                                   bootstrap=kafka_bootstrap, names=names))
