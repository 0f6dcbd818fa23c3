"""A Redis client that times every call into `qinglang_redis_seconds{operation}` (P3, issue 6).

`operation` is the command name (evalsha, get, sadd…) or `pipeline` for a pipeline's round trip —
a bounded set. Failures count in `qinglang_redis_errors_total` and are re-raised unchanged.
"""

from __future__ import annotations

import time
from typing import Any

from redis.asyncio.client import Pipeline, Redis
from redis.exceptions import RedisError

from streams.observability.metrics import Metrics


class _Timed:
    def __init__(self, metrics: Metrics | None, operation: str) -> None:
        self._metrics = metrics
        self._operation = operation
        self._started = 0.0

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: Any) -> None:
        if self._metrics is None:
            return
        self._metrics.redis_seconds.labels(self._operation).observe(time.perf_counter() - self._started)
        if isinstance(error, RedisError | OSError):
            self._metrics.redis_errors.labels(self._operation).inc()


class InstrumentedPipeline(Pipeline):
    metrics: Metrics | None = None

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        with _Timed(self.metrics, "pipeline"):
            return await super().execute(raise_on_error)


class InstrumentedRedis(Redis):
    """`Redis` whose commands and pipelines report to the worker's metrics."""

    metrics: Metrics | None = None

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        with _Timed(self.metrics, name.split(" ", 1)[0].lower()):
            return await super().execute_command(*args, **options)

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> InstrumentedPipeline:
        pipe = InstrumentedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)
        pipe.metrics = self.metrics
        return pipe


def connect(url: str, metrics: Metrics | None) -> InstrumentedRedis:
    """The worker's Redis client: bounded timeouts so a dead server surfaces as a retryable error."""
    client = InstrumentedRedis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
    client.metrics = metrics
    return client
