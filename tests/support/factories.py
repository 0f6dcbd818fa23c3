"""Factories for test inputs: valid event bodies of every type, overridable field by field."""

from __future__ import annotations

from typing import Any

import orjson

from enforcement.events import SPECS_BY_TYPE

BASE_TIME = "2026-11-22T08:00:00Z"

PAYLOADS: dict[str, dict[str, Any]] = {
    "profile.created": {"name": "成都美食探店", "identity_hash": "owner-1", "bio": "记录生活",
                        "avatar_url": "https://avatars.example-platform.cn/a/1.jpg"},
    "profile.renamed": {"old_name": "成都美食探店", "new_name": "成都美食日记"},
    "profile.avatar_changed": {"avatar_pdq": "f" * 64},
    "profile.bio_changed": {"bio": "分享干货\n每周更新"},
    "credential.verified": {"credential_id": "c1", "domain": "medical", "valid_until": "2027-11-22T00:00:00Z"},
    "credential.renewed": {"credential_id": "c1", "domain": "medical", "valid_until": "2028-11-22T00:00:00Z"},
    "credential.expired": {"credential_id": "c1", "domain": "medical"},
    "credential.revoked": {"credential_id": "c1", "domain": "legal", "reason": "fake"},
    "report.filed": {"reporter_id": "u:9", "category": "impersonation", "detail": "冒充官方"},
    "content.labelled": {"post_id": "p1", "label": "rumour", "first_post": True, "repost_count": 3,
                         "debunked_at": None},
    "appeal.filed": {"violation_id": "v" * 32, "statement": "我是本地美食博主，不是官方账号。\n请复核。"},
    "appeal.resolved": {"violation_id": "v" * 32, "outcome": "overturned"},
}


def make_event(event_type: str = "profile.renamed", **overrides: Any) -> dict[str, Any]:
    """A valid event body of `event_type`; overrides replace fields, a value of ... removes one."""
    body: dict[str, Any] = {
        "schema_version": 1,
        "event_id": f"e-{event_type}",
        "type": event_type,
        "account_id": "u:1",
        "occurred_at": BASE_TIME,
        **PAYLOADS[event_type],
    }
    for name, value in overrides.items():
        if value is ...:
            body.pop(name, None)
        else:
            body[name] = value
    return body


def topic_of(event_type: str) -> str:
    return SPECS_BY_TYPE[event_type].topic


def encode(body: dict[str, Any]) -> bytes:
    return orjson.dumps(body)
