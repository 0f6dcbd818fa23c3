"""A Lua script called by its SHA-1, without redis-py's per-call checks (every store's scripts use it).

redis-py's `AsyncScript.__call__` asks `isinstance(client, Pipeline)` on every call, and `Pipeline` derives
from a runtime-checkable Protocol, so the check walks the protocol's members: a profiled worker spent about
5 % of its time there, in the profile store's and the churn history's scripts that run on nearly every
event. The command goes straight to `execute_command`, past `evalsha`'s argument-checking wrappers. The
semantics are redis-py's: EVALSHA, and on NOSCRIPT (a restarted or flushed Redis) the script is loaded and
the call made again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from importlib import resources
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import NoScriptError


def lua_source(package: str, name: str) -> str:
    """A Lua script shipped as `<package>/lua/<name>` (every store keeps its scripts as files, loaded once)."""
    return resources.files(package).joinpath("lua", name).read_text(encoding="utf-8")


class Script:
    """One Lua script bound to a client: `await script(keys=[...], args=[...])`."""

    def __init__(self, client: Redis | RedisCluster, source: str) -> None:
        self._client = client
        self._source = source
        self.sha = hashlib.sha1(source.encode()).hexdigest()

    async def __call__(self, keys: Sequence[Any] = (), args: Sequence[Any] = ()) -> Any:
        try:
            return await self._client.execute_command("EVALSHA", self.sha, len(keys), *keys, *args)
        except NoScriptError:
            await self._client.script_load(self._source)
            return await self._client.execute_command("EVALSHA", self.sha, len(keys), *keys, *args)
