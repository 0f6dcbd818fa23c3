"""Fixtures for the ledger contract suite: both ledgers, real Violations and a compact test policy.

The Redis leg always runs, against the session's real redis-server (`redis_url` in tests/conftest.py,
decision "End-to-end tests"); if it cannot start, every Redis test errors with the server's log — never a skip.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Any

import pytest
from twins import Twin, fresh_prefix

from enforcement.ledger import Ledger
from enforcement.ledger.memory import InMemoryLedger
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import Policy, load_policy, parse_policy
from enforcement.rules import RULES
from enforcement.violations import Violation

BASE = datetime(2026, 1, 1, tzinfo=UTC)

OpenLedger = Callable[..., AbstractAsyncContextManager[Ledger]]
MakeViolation = Callable[..., Violation]
LadderPolicy = Callable[..., Policy]


def _make_violation(
    account: str = "u:1",
    rule: str = "rumour_repost",
    at: datetime = BASE,
    event: str | None = None,
    *,
    confidence: float = 1.0,
    field: str = "",
    identity: str = "",
) -> Violation:
    """A real Violation; each distinct `event` gives a distinct violation_id."""
    return Violation(
        account_id=account, rule=rule, confidence=confidence,
        source_event_id=event or f"ev-{uuid.uuid4().hex}", occurred_at=at, field=field, identity=identity,
    )


def ladder_policy_text(*, multiplier: float = 1.0) -> str:
    """A test policy: the default ladder, 2 points per rule unless overridden below, window 180 d."""
    overrides: dict[str, dict[str, Any]] = {
        "official_name_exact": {"severity": "critical", "points": 10, "min_rung": "close"},
        "hot_event_party": {"severity": "critical", "points": 8, "min_rung": "long_mute"},
        "rename_churn": {"severity": "info", "points": 0},
        "credential_lapsed_in_use": {"severity": "high", "points": 7},
    }
    lines = [
        'version = "test-1"',
        "[strikes]", "window_days = 180", "remember_days = 400",
        "[escalation]", f"repeat_multiplier = {multiplier}", 'repeat_from_rung = "warning"',
    ]
    for name, label, sanction, threshold, days in [
        ("notice", "提示引导", "notice", 1, None), ("warning", "站内信警示", "warning", 3, None),
        ("short_mute", "短期禁言", "mute", 6, 7), ("long_mute", "长期禁言", "mute", 10, 30),
        ("close", "关闭账号", "close", 15, None), ("blacklist", "列入黑名单", "blacklist", 25, None),
    ]:
        lines += ["[[rungs]]", f'name = "{name}"', f'label = "{label}"', f'sanction = "{sanction}"',
                  f"threshold = {threshold}"]
        if days:
            lines.append(f"duration_days = {days}")
    for rule in RULES:
        entry = {"severity": "low", "points": 2, "min_confidence_for_auto": 0.5,
                 **overrides.get(rule.rule_id, {})}
        lines.append(f"[rules.{rule.rule_id}]")
        lines += [f'{key} = "{value}"' if isinstance(value, str) else f"{key} = {value!r}"
                  for key, value in entry.items()]
    return "\n".join(lines)


def _ladder_policy(*, multiplier: float = 1.0) -> Policy:
    return parse_policy(ladder_policy_text(multiplier=multiplier), source="<ladder_policy>")


@pytest.fixture
def make_violation() -> MakeViolation:
    """`make_violation(account, rule, at, event, confidence=…)` builds a real Violation."""
    return _make_violation


@pytest.fixture
def ladder_policy() -> LadderPolicy:
    """`ladder_policy(multiplier=…)`: the compact test policy (2 points a rule, default ladder)."""
    return _ladder_policy


@pytest.fixture(scope="session")
def default_policy() -> Policy:
    return load_policy()


@pytest.fixture(params=["memory", "redis", "cluster"])
def backend(request: pytest.FixtureRequest) -> str:
    """Every contract test runs once per ledger implementation, and the Redis one also on Redis Cluster
    through the worker's own auto-pipelining client (its transactions, the late-strike WATCH, included)."""
    return str(request.param)


@pytest.fixture
def open_ledger(backend: str, request: pytest.FixtureRequest) -> OpenLedger:
    """`async with open_ledger(policy) as ledger:` — a fresh ledger (unique Redis key prefix per test)."""
    twin = Twin.of(backend, request)
    prefix = fresh_prefix()

    def opener(policy: Policy | None = None) -> AbstractAsyncContextManager[Ledger]:
        chosen = policy or _ladder_policy()
        return twin.open(lambda: InMemoryLedger(chosen),
                         lambda client, key_prefix: RedisLedger(client, chosen, key_prefix=key_prefix), prefix=prefix)

    return opener
