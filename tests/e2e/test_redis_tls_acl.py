"""A real `qinglang worker` with Redis over TLS as the shipped ACL user (docs/security.md, "Redis").

Every event type goes through, so every store's commands and Lua scripts meet the ACL: a command the rule
does not grant would stop the worker's partitions (NOPERM is fatal) and the run would not finish. The
password, kept in a file, appears neither in the worker's log nor in its /metrics.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import PAYLOADS, encode, make_event, topic_of
from pipeline_run import run_pipeline
from secure_redis import SecureRedis

from streams.bus.recording import RecordedRecord

pytestmark = pytest.mark.e2e
BASE_MS = 1795334400000  # 2026-11-22T08:00:00Z, the factories' occurred_at


def test_a_worker_enforces_over_tls_as_the_acl_user(kafka_bootstrap: str, secure_redis: SecureRedis,
                                                    run_dir: Path) -> None:
    records = []
    for index, event_type in enumerate(sorted(PAYLOADS) * 2):
        account = f"u:{index % 5}"
        body = make_event(event_type, event_id=f"tls-{index}", account_id=account,
                          occurred_at=f"2026-11-22T08:{index % 60:02d}:00Z")
        records.append(RecordedRecord(topic_of(event_type), account.encode(), encode(body),
                                      BASE_MS + (index % 60) * 60_000 + 500))
    env = secure_redis.env()
    url = env.pop("QINGLANG_REDIS_URL")
    run = run_pipeline(records, kafka_bootstrap=kafka_bootstrap, redis_url=url, workdir=run_dir,
                       env={**env, "QINGLANG_LOG_LEVEL": "debug"})

    assert len(run.outputs["qinglang.processed"]) == len(records)
    assert run.outputs["qinglang.deadletter"] == []
    admin = secure_redis.server.client()
    assert admin.get(f"ql:{run.prefix}watermark") is not None  # the worker wrote its state through TLS
    # the ACL user did nothing the server refused
    assert [entry for entry in admin.acl_log() if entry["username"] == "qinglang"
            and run.prefix in str(entry.get("object", ""))] == []
    log = (run_dir / f"worker-{run.prefix[1:-1]}.log").read_text()
    assert log  # the worker logged at debug level
    assert secure_redis.password not in log
    assert secure_redis.password not in run.metrics_text
    assert "qinglang_redis_seconds" in run.metrics_text
