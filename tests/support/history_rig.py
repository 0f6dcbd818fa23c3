"""Credentials and a name history for one account in the worker's Redis keys, as the worker would leave
them: what the account command's and the console's tests read back."""

from __future__ import annotations

from redis.asyncio import Redis

from enforcement.accounts.credentials import StoredCredential
from enforcement.accounts.redis_stores import RedisCredentialStore
from enforcement.churn import Change
from enforcement.churn.redis import RedisChurn
from enforcement.policy import load_policy

DAY = 86_400_000
START = 1_793_491_200_000  # 2026-11-01T00:00:00Z


async def write_history(redis_url: str, key_prefix: str) -> None:
    """A licence that expired, a valid one, and three names of u:42 (the second an impersonation)."""
    client = Redis.from_url(redis_url)
    try:
        credentials = RedisCredentialStore(client, key_prefix=key_prefix)
        await credentials.put("u:42", StoredCredential("lic-1", "news", "expired", START + 3 * DAY, "v1", "e-exp",
                                                       valid_from_ms=START, ended_at_ms=START + 3 * DAY))
        await credentials.put("u:42", StoredCredential("lic-2", "medical", "valid", None, "v2", "e-ver",
                                                       valid_from_ms=START + DAY))
        churn, knobs = RedisChurn(client, key_prefix=key_prefix), load_policy().churn
        for n, (name, impersonating) in enumerate([("小王的菜园", False), ("人民日报", True), ("小王的菜园", False)]):
            await churn.observe(Change("u:42", f"r{n}", "created" if n == 0 else "name", START + n * DAY, name,
                                       impersonating), knobs)
    finally:
        await client.aclose()
