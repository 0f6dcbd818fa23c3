"""An account's credentials and its names over time, as `qinglang account` and the console show them.

Read from the worker's own Redis keys (the credential store of D6–D8 and the D10 name history), shaped
as plain rows with ISO event times, so the command line and the console page show the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis.asyncio import Redis

from enforcement.accounts.redis_stores import RedisCredentialStore
from enforcement.churn.redis import RedisChurn


def iso_ms(ms: int | None) -> str | None:
    """An event time in milliseconds as ISO 8601 UTC (None stays None)."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class AccountHistory:
    credentials: list[dict[str, Any]]  # by credential id
    names: list[dict[str, Any]]  # oldest first: the canonical name, since when, whether it impersonated


async def read_history(client: Redis, key_prefix: str, account_id: str) -> AccountHistory:
    """The account's stored credentials and its kept name history (at most the policy's history size)."""
    stored = await RedisCredentialStore(client, key_prefix=key_prefix).all_of(account_id)
    credentials = [{"credential_id": c.credential_id, "domain": c.domain, "status": c.status,
                    "valid_from": iso_ms(c.valid_from_ms), "valid_until": iso_ms(c.valid_until_ms),
                    "ended_at": iso_ms(c.ended_at_ms), "reason": c.reason, "set_by_event": c.source_event_id}
                   for c in sorted(stored, key=lambda c: c.credential_id)]
    entries = await RedisChurn(client, key_prefix=key_prefix).names(account_id)
    names = [{"since": iso_ms(e.at_ms), "name": e.name, "impersonating": e.impersonating}
             for e in reversed(entries)]
    return AccountHistory(credentials, names)
