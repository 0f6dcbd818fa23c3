"""Settings come from QINGLANG_* with clear errors; dead letters keep a bounded prefix (pinned 4)."""

from __future__ import annotations

import hashlib

import pytest

from enforcement.events import ErrorCode
from streams.bus.deadletter import deadletter_record
from streams.bus.messages import SourceRecord
from streams.settings import Settings, SettingsError


def test_defaults_and_overrides() -> None:
    settings = Settings.from_env({"QINGLANG_PARTITIONS": "12", "QINGLANG_EMIT_PROCESSED": "yes",
                                  "QINGLANG_COMMIT_INTERVAL": "0.5", "QINGLANG_TOPIC_PREFIX": "p."})
    assert (settings.partitions, settings.emit_processed, settings.commit_interval_s) == (12, True, 0.5)
    assert settings.topic_prefix == "p."
    assert Settings.from_env({}).kafka_bootstrap == "127.0.0.1:9092"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"QINGLANG_PARTITIONS": "many"}, "QINGLANG_PARTITIONS"),
        ({"QINGLANG_PARTITIONS": "0"}, "QINGLANG_PARTITIONS"),
        ({"QINGLANG_EMIT_PROCESSED": "perhaps"}, "QINGLANG_EMIT_PROCESSED"),
        ({"QINGLANG_REDIS_URL": "localhost:6379"}, "QINGLANG_REDIS_URL"),
        ({"QINGLANG_DEADLETTER_PREFIX_BYTES": "999999"}, "QINGLANG_DEADLETTER_PREFIX_BYTES"),
        ({"QINGLANG_LOG_LEVEL": "loud"}, "QINGLANG_LOG_LEVEL"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_deadletter_keeps_prefix_length_and_digest() -> None:
    raw = b"\xe4\xba\xba" * 100  # 300 bytes of 人
    source = SourceRecord("account.profile", 2, 41, b"u:1", raw, (("h", b"\xff"),), 1795000000000)
    body = deadletter_record(source, ErrorCode.OVERSIZED, "too big", None, prefix_bytes=10)
    assert body["raw"]["length"] == 300
    assert body["raw"]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert body["raw"]["truncated"] is True
    assert body["raw"]["prefix"] == {"b64": "5Lq65Lq65Lq65A=="}  # cut inside a character: base64
    assert body["source"] == {"topic": "account.profile", "partition": 2, "offset": 41,
                              "timestamp_ms": 1795000000000, "key": "u:1", "key_length": 3, "key_truncated": False,
                              "headers": [["h", {"b64": "/w=="}]], "headers_count": 1, "headers_bytes": 2,
                              "headers_truncated": False}
    assert body["error"] == {"code": "oversized", "message": "too big", "field": None}
    same = deadletter_record(source, ErrorCode.OVERSIZED, "too big", None, prefix_bytes=10)
    assert same["deadletter_id"] == body["deadletter_id"]  # derived from the source position
