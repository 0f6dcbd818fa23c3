"""Stores that come in twins: one in memory (tests, `qinglang replay`) and one on Redis (the worker). A
contract test runs the same story over both, so the in-memory twin cannot drift from the one production
uses. The `twin` fixture (tests/conftest.py) gives a `Twin` per leg; a test or fixture says how to build
its store either way, and `Twin.open` builds the leg's one.

The Redis leg talks to the session's real server (or Redis Cluster), under a fresh key prefix, so tests
sharing that server never see each other's keys. It keeps the leg's name, "redis" or "cluster", as the
test's parameter: tests/conftest.py marks a test `services` by that value.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from redis.asyncio import Redis

from streams.settings import Settings
from streams.worker.redis_client import connect

BACKENDS = ("memory", "redis")
M = TypeVar("M")  # the in-memory store (or whatever a test builds over it)
S = TypeVar("S")  # its Redis twin
R = TypeVar("R")


def fresh_prefix() -> str:
    """A key prefix no other test uses, so its keys need no cleanup."""
    return f"t{secrets.token_hex(6)}:"


@dataclass(frozen=True)
class Twin:
    """One leg of a twin test: `backend` is "memory", "redis" or "cluster"; `url` is the server's (empty in
    memory)."""

    backend: str
    url: str = ""

    @classmethod
    def of(cls, backend: str, request: pytest.FixtureRequest) -> Twin:
        """The leg for `backend`. The Redis legs start the session's server here, at set-up, so a server that
        cannot start fails the test with its log; the memory leg starts nothing."""
        if backend == "redis":
            return cls(backend, str(request.getfixturevalue("redis_url")))
        if backend == "cluster":
            return cls(backend, str(request.getfixturevalue("redis_cluster").url))
        return cls(backend)

    @property
    def in_memory(self) -> bool:
        return self.backend == "memory"

    @asynccontextmanager
    async def client(self) -> AsyncIterator[Any]:
        """A client of the leg's server, closed on leaving. A new one each time: a redis-py asyncio client is
        bound to the event loop it was first used in, and each story runs in a loop of its own. A cluster is
        reached through the worker's own auto-pipelining client, so its transactions are the ones tested."""
        if self.in_memory:
            raise RuntimeError("the memory leg has no Redis")
        client: Any = (connect(Settings(redis_url=self.url), None, autopipeline=True) if self.backend == "cluster"
                       else Redis.from_url(self.url))
        try:
            yield client
        finally:
            await client.aclose()

    @asynccontextmanager
    async def open(self, memory: Callable[[], M], redis: Callable[[Any, str], S], *,
                   prefix: str | None = None) -> AsyncIterator[M | S]:
        """`memory()` on the memory leg, else `redis(client, prefix)` over a client open until leaving; the
        prefix is a fresh one unless given (pass one to see the same keys again in a later `open`)."""
        if self.in_memory:
            yield memory()
            return
        async with self.client() as client:
            yield redis(client, prefix or fresh_prefix())

    def opener(self, memory: Callable[[], M],
               redis: Callable[[Any, str], S]) -> Callable[[], AbstractAsyncContextManager[M | S]]:
        """`open` with its builders bound: `async with opener() as store:`, fresh stores each time."""
        return lambda: self.open(memory, redis)

    def run(self, story: Callable[[M | S], Awaitable[R]], memory: Callable[[], M], redis: Callable[[Any, str], S]) -> R:
        """Runs `story` over a fresh store of this leg, in an event loop of its own, and returns its result."""
        async def main() -> R:
            async with self.open(memory, redis) as store:
                return await story(store)

        return asyncio.run(main())
