"""The worker's Redis client: every call timed into `qinglang_redis_seconds{operation}` (P3), and the
commands of concurrently handled accounts sent together.

`operation` is the command name (evalsha, get, sadd…) or `pipeline` for a pipeline's round trip —
a bounded set. Failures count in `qinglang_redis_errors_total` and are re-raised unchanged.

Auto-pipelining: the batch worker handles a batch's accounts side by side, each waiting on its own next
Redis command. Instead of one round trip per command, commands are queued and sent together as one
request (no MULTI: each command, and each Lua script, stays atomic on its own, as it was). So a batch
waits about once per step of the longest account's path, not once per command. On one server the requests
overlap: a part of a step goes out as soon as `_WRITE_AT` commands are queued, and Redis works through it
while the rest of the accounts still run here; the replies are read in order on the one connection. The
stores are unchanged: this is the adapter's concern.

On Redis Cluster (`InstrumentedRedisCluster`, chosen by a `redis+cluster://` URL) a queued round trip is
split by the node that owns each command's slot — the slot of its first key, for EVALSHA the first of its
KEYS, found with the cluster client's own lookup — and the per-node requests go out concurrently, one
packed write each; the replies are put back in the order the commands were queued. A MOVED, ASK, TRYAGAIN
or CLUSTERDOWN reply, or a node that cannot be reached, makes the client read the slot map again before
its next round trip and fails the whole round trip with that error: the processor retries the batch
(every effect is idempotent) instead of this client following redirections command by command.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections import deque
from typing import Any

from hiredis import pack_command
from redis.asyncio.client import EMPTY_RESPONSE, NEVER_DECODE, Pipeline, Redis
from redis.asyncio.cluster import ClusterNode, ClusterPipeline, RedisCluster
from redis.asyncio.connection import Connection
from redis.exceptions import (
    AskError,
    ClusterDownError,
    ClusterError,
    MovedError,
    RedisClusterException,
    RedisError,
    ResponseError,
    SlotNotCoveredError,
    TryAgainError,
)
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from enforcement.ordering import issued
from streams.observability.metrics import Metrics
from streams.redis_connection import async_client
from streams.settings import Settings


class _Timed:
    def __init__(self, metrics: Metrics | None, operation: str) -> None:
        self._metrics = metrics
        self._operation = operation
        self._started = 0.0

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: Any) -> None:
        _observe(self._metrics, self._operation, self._started, error)


def _observe(metrics: Metrics | None, operation: str, started: float, error: BaseException | None) -> None:
    """One call or round trip begun at `started` (perf_counter), into the metrics."""
    if metrics is None:
        return
    metrics.redis_seconds.labels(operation).observe(time.perf_counter() - started)
    metrics.redis_round_trips.inc()
    if isinstance(error, RedisError | OSError):
        metrics.redis_errors.labels(operation).inc()


class InstrumentedPipeline(Pipeline):
    """A pipeline that reports to the metrics. Under auto-pipelining, a store's own non-transactional
    pipeline joins the shared queue (its commands still go out together, with other accounts' commands)."""

    metrics: Metrics | None = None
    owner: InstrumentedRedis | None = None
    joins_queue = False

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        owner = self.owner
        if self.joins_queue and owner is not None and not self.is_transaction and not self.watching:
            stack, self.command_stack = list(self.command_stack), []
            await self.reset()
            return await _through_queue(owner, stack, raise_on_error)
        if owner is not None:
            owner.round_trips += 1
        with _Timed(self.metrics, "pipeline"):
            return await super().execute(raise_on_error)


async def _through_queue(owner: _AutoPipelined, commands: list[tuple[tuple[Any, ...], dict[str, Any]]],
                         raise_on_error: bool) -> list[Any]:
    """A store's own pipeline sent through the shared queue: its replies in order; an error reply raises
    unless the caller takes reply errors in place (`raise_on_error=False`), as redis-py's pipeline does."""
    # the futures awaited in turn, not gathered: a gather costs more than the commands it waits on
    futures = [owner._enqueue(args, options) for args, options in commands]
    replies: list[Any] = []
    try:
        for future in futures:
            try:
                replies.append(await future)
            except Exception as exc:
                replies.append(exc)
    except BaseException:  # cancelled: what is still out is cancelled with it, as a gather would
        for future in futures:
            future.cancel()
        raise
    for reply in replies:
        if isinstance(reply, Exception) and (raise_on_error or not isinstance(reply, ResponseError)):
            raise reply
    return replies


_MAX_GATHER_TURNS = 64
_NOT_CALLBACK_OPTIONS = frozenset({"keys", EMPTY_RESPONSE, NEVER_DECODE, "target_nodes"})

Queued = tuple[tuple[Any, ...], dict[str, Any], "asyncio.Future[Any]"]


class _AutoPipelined:
    """The queue both worker clients share: commands wait in it while the accounts run, then go together
    (on a cluster, one round trip out at a time; on one server, requests overlap — `InstrumentedRedis`).

    `round_trips` counts every request sent (a pipeline counts once; on a cluster, once per node asked):
    tests pin it per batch.
    """

    round_trips: int
    response_callbacks: Any
    _queued: list[Queued]
    _sender: asyncio.Task[None] | None
    _loop: asyncio.AbstractEventLoop

    def _start_queue(self) -> None:
        self.round_trips = 0
        self._queued = []
        self._sender = None

    def _enqueue(self, args: tuple[Any, ...], options: dict[str, Any]) -> asyncio.Future[Any]:
        # The loop is looked up once per sending cycle, not per command: in CPython 3.11
        # `get_running_loop()` makes a getpid() system call each time, and a worker queues tens of
        # thousands of commands a second. While the sender runs, every caller is on its loop.
        if self._sender is None:
            self._loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = self._loop.create_future()
        self._queued.append((args, options, future))
        issued()  # queued in order: a batch step waiting on it may let the next event in (enforcement.ordering)
        if self._sender is None:
            self._sender = self._loop.create_task(self._send_queued())
        return future

    async def _send_queued(self) -> None:
        """One pipeline in flight at a time: what is queued while one is out goes in the next. So the
        round trips follow the accounts' dependency chain instead of every turn of the event loop."""
        try:
            while self._queued:
                await self._gather()
                queued, self._queued = self._queued, []
                await self._send(queued)
        finally:
            self._sender = None

    async def _gather(self) -> None:
        """The accounts resumed by the last replies, and the events each of them lets through a batch step,
        queue their next commands first: wait while the queue still grows, a bounded while."""
        for _ in range(_MAX_GATHER_TURNS):
            before = len(self._queued)
            await asyncio.sleep(0)
            if len(self._queued) == before:
                break

    async def _send(self, queued: list[Queued]) -> None:
        try:
            replies = await self._round_trip([(args, options) for args, options, _ in queued])
        except Exception as exc:  # the whole round trip failed: every caller sees the same error
            _fail(queued, exc)
            return
        except BaseException as exc:  # cancelled: the callers must not wait forever
            _fail(queued, exc)
            raise
        self._dispatch(queued, replies)

    def _dispatch(self, queued: list[Queued], replies: list[Any]) -> None:
        """Each reply to the caller that queued its command (through redis-py's response callback)."""
        callbacks = self.response_callbacks
        for (args, options, future), reply in zip(queued, replies, strict=True):
            if future.done():  # its caller was cancelled meanwhile
                continue
            if isinstance(reply, ResponseError):
                if EMPTY_RESPONSE in options:
                    future.set_result(options[EMPTY_RESPONSE])
                else:
                    future.set_exception(reply)
                continue
            name = args[0]
            # the dict stores upper-case names, and redis-py issues them so: skip its upper-casing get()
            callback = dict.get(callbacks, name)
            if callback is None and not name.isupper():
                callback = callbacks.get(name)
            if callback is None:
                future.set_result(reply)
                continue
            try:
                options = {k: v for k, v in options.items() if k not in _NOT_CALLBACK_OPTIONS}
                future.set_result(callback(reply, **options))
            except Exception as exc:  # a reply the callback cannot read: its caller's error
                future.set_exception(exc)

    async def _round_trip(self, commands: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> list[Any]:
        raise NotImplementedError


class InstrumentedRedis(_AutoPipelined, Redis):
    """`Redis` whose commands and pipelines report to the worker's metrics, with auto-pipelining."""

    metrics: Metrics | None = None
    autopipeline: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._start_queue()
        self._sender_connection: Connection | None = None  # kept by the sender, closed with the pool
        self._in_flight: deque[tuple[list[Queued], float]] = deque()  # requests written, replies not yet read
        self._reconnect = False  # a write failed: the sender's connection is dropped before the next request

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        if self.autopipeline:
            return await self._enqueue(args, options)
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        self.round_trips += 1
        with _Timed(self.metrics, name.split(" ", 1)[0].lower()):
            return await super().execute_command(*args, **options)

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> InstrumentedPipeline:
        pipe = self._pipeline(transaction, shard_hint)
        pipe.joins_queue = self.autopipeline
        return pipe

    def _pipeline(self, transaction: bool, shard_hint: str | None = None) -> InstrumentedPipeline:
        pipe = InstrumentedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)
        pipe.metrics = self.metrics
        pipe.owner = self
        return pipe

    def _enqueue(self, args: tuple[Any, ...], options: dict[str, Any]) -> asyncio.Future[Any]:
        future = super()._enqueue(args, options)
        if len(self._queued) >= _WRITE_AT and not self._reconnect:
            connection = self._sender_connection
            if connection is not None and _writable(connection):
                self._write(connection)
        return future

    def _write(self, connection: Connection) -> None:
        """What is queued, packed into one request on `connection`; its replies are read in turn by the
        sender. The write only buffers (the transport sends at once when it can), so a request that follows
        an unread one costs the accounts nothing: Redis answers one connection's requests in order. A
        transport the server closed under it refuses the write: the request's callers get a connection
        error (retried by the processor) and the next request connects afresh."""
        queued, self._queued = self._queued, []
        self.round_trips += 1
        try:
            connection._writer.write(b"".join([_packed(args) for args, _, _ in queued]))  # type: ignore[union-attr]
        except Exception as exc:
            self._reconnect = True
            _fail(queued, RedisConnectionError(f"Error writing to {connection.host}:{connection.port}: {exc}"))
            return
        self._in_flight.append((queued, time.perf_counter()))

    async def _send_queued(self) -> None:
        """Requests overlap here: the sender writes what the accounts queued once they stop queueing (as
        the cluster client does), and `_enqueue` writes a part as soon as `_WRITE_AT` commands wait, while
        the rest of the accounts still run — so Redis works through one part of a step while the worker
        prepares the next. The sender reads the replies of the requests out, oldest first.

        Per account nothing changes: an account issues its next command only after its last reply, and
        commands reach Redis in the order they were queued (one connection), which is the order the batch
        steps count on (`enforcement.ordering`). A failed or cancelled read drops the connection, so no
        later request can read a reply meant for an earlier one, and fails every request still out on it;
        retrying is the processor's job (the whole batch again, every effect idempotent). A connection that
        cannot be made fails what waits to be written; cancelled, the sender cancels every caller still
        waiting, so none waits forever."""
        try:
            while self._queued or self._in_flight:
                if self._queued:
                    await self._gather()
                    try:
                        connection = await self._connection()
                    except Exception as exc:  # Redis unreachable: these callers get the error, later ones retry
                        queued, self._queued = self._queued, []
                        _fail(queued, exc)
                        continue
                    if self._queued:
                        self._write(connection)
                if self._in_flight:
                    await self._read_oldest()
        except BaseException as exc:  # cancelled, or a bug here: no caller may wait forever
            queued, self._queued = self._queued, []
            _fail([*queued, *(command for request, _ in self._in_flight for command in request)], exc)
            self._in_flight.clear()
            self._reconnect = True
            if not isinstance(exc, Exception):
                raise
        finally:
            self._sender = None

    async def _connection(self) -> Connection:
        """The sender's one connection (one, so requests reach Redis in the order they were queued),
        connected again after a failed read dropped it."""
        connection = self._sender_connection
        if connection is None:
            connection = self._sender_connection = await self.connection_pool.get_connection()
        if self._reconnect:
            self._reconnect = False
            await connection.disconnect(nowait=True)
        if not _writable(connection):
            await connection.connect()
        return connection

    async def _read_oldest(self) -> None:
        queued, written_at = self._in_flight[0]
        connection = self._sender_connection
        assert connection is not None  # a request is out only on the sender's connection
        try:
            replies = await _read_replies(connection, len(queued))
        except BaseException as exc:
            await connection.disconnect(nowait=True)  # the next request connects afresh
            _fail([command for request, _ in self._in_flight for command in request], exc)
            self._in_flight.clear()
            _observe(self.metrics, "pipeline", written_at, exc)
            if not isinstance(exc, Exception):
                raise
            return
        self._in_flight.popleft()
        _observe(self.metrics, "pipeline", written_at, None)
        self._dispatch(queued, replies)


# A request is written once this many commands are queued, without waiting for the accounts still running
# to queue theirs. On the bench's mix, 32 beat waiting for the whole step by 5–16 % end to end (medians of
# alternating drains), and 16 or 96 did no better than 32 (medians 2,865 and 2,742 against 2,917).
_WRITE_AT = 32


def _fail(commands: list[Queued], error: BaseException) -> None:
    """Every caller still waiting on `commands` gets `error` (cancelled ones are cancelled in turn)."""
    for _, _, future in commands:
        if future.done():
            continue
        if isinstance(error, Exception):
            future.set_exception(error)
        else:
            future.cancel()


def _writable(connection: Connection) -> bool:
    writer = connection._writer
    return writer is not None and not writer.transport.is_closing()


async def _read_replies(connection: Connection, count: int) -> list[Any]:
    """`count` replies from `connection` (reply errors in their place), under one timeout."""
    parser = connection._parser
    try:
        async with asyncio.timeout(connection.socket_timeout):
            return [await parser.read_response() for _ in range(count)]
    except TimeoutError:
        raise RedisTimeoutError(f"Timeout reading from {connection.host}:{connection.port}") from None


async def _exchange(connection: Connection, commands: list[tuple[Any, ...]]) -> list[Any]:
    """Write `commands` packed in one write on `connection`, read one reply each (errors in their place)."""
    await connection.send_packed_command(b"".join(map(_packed, commands)), check_health=False)
    return await _read_replies(connection, len(commands))


# replies that say the slot map this client holds is out of date (or the cluster is changing it)
_CLUSTER_MOVING = (MovedError, AskError, TryAgainError, ClusterDownError)


class InstrumentedClusterPipeline(ClusterPipeline):
    """A cluster pipeline that reports to the metrics; under auto-pipelining a non-transactional one joins
    the shared queue, as `InstrumentedPipeline` does on one server."""

    metrics: Metrics | None = None
    owner: InstrumentedRedisCluster | None = None
    joins_queue = False

    async def execute(self, raise_on_error: bool = True, allow_redirections: bool = True) -> list[Any]:
        owner = self.owner
        if self.joins_queue and owner is not None and not self._transaction:
            stack = list(self._execution_strategy._command_queue)  # type: ignore[attr-defined]
            await self.reset()
            return await _through_queue(owner, [(c.args, c.kwargs) for c in stack], raise_on_error)
        if owner is not None:
            owner.round_trips += 1
        with _Timed(self.metrics, "pipeline"):
            return await super().execute(raise_on_error, allow_redirections)


_REFRESH_FLOOR_ARGUMENT = "topology_refresh_min_interval"


class InstrumentedRedisCluster(_AutoPipelined, RedisCluster):
    """redis-py's asyncio `RedisCluster` with the worker's metrics and auto-pipelining by node.

    A command without a key to route by (SCRIPT LOAD, which goes to every master; PING; SCAN on a named
    node) is not queued: redis-py's cluster client sends it where its command table says.
    """

    metrics: Metrics | None = None
    autopipeline: bool = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if _REFRESH_FLOOR_ARGUMENT in inspect.signature(RedisCluster.__init__).parameters:
            # redis-py 8.2 reads the slot map again at most once a second after an error. This client asks
            # for a read only after a round trip failed, and the processor retries that batch after its own
            # backoff, so the retry must find the new map, not the one that just failed it.
            kwargs.setdefault(_REFRESH_FLOOR_ARGUMENT, 0)
        super().__init__(*args, **kwargs)
        self._start_queue()

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        if self.autopipeline and self._routed_by_key(args, options):
            return await self._enqueue(args, options)
        name = args[0].decode() if isinstance(args[0], bytes) else str(args[0])
        self.round_trips += 1
        with _Timed(self.metrics, name.split(" ", 1)[0].lower()):
            return await super().execute_command(*args, **options)

    def _routed_by_key(self, args: tuple[Any, ...], options: dict[str, Any]) -> bool:
        """Whether the command goes to the one node that owns its key's slot (or to one node named)."""
        targets = options.get("target_nodes")
        if targets is not None:
            return isinstance(targets, ClusterNode) or (isinstance(targets, list) and len(targets) == 1)
        name = args[0]
        if name in ("EVALSHA", "EVAL"):
            return int(args[2]) > 0
        return name not in self.command_flags

    def pipeline(self, transaction: Any | None = None, shard_hint: Any | None = None) -> InstrumentedClusterPipeline:
        if shard_hint:
            raise ValueError("shard_hint is not supported on Redis Cluster")
        pipe = InstrumentedClusterPipeline(self, transaction)
        pipe.metrics = self.metrics
        pipe.owner = self
        pipe.joins_queue = self.autopipeline
        return pipe

    async def node_of(self, args: tuple[Any, ...], options: dict[str, Any]) -> ClusterNode:
        """The master that serves the command: the one named by `target_nodes`, or the owner of the slot of
        its first key (for EVAL/EVALSHA the first of its KEYS: a script's keys share one slot)."""
        targets = options.get("target_nodes")
        if targets is not None:
            return targets if isinstance(targets, ClusterNode) else targets[0]
        if args[0] in ("EVALSHA", "EVAL"):
            slot = self.keyslot(args[3])
        else:
            slot = await self._determine_slot(*args)
        return self.nodes_manager.get_node_from_slot(slot)

    async def _round_trip(self, commands: list[tuple[tuple[Any, ...], dict[str, Any]]]) -> list[Any]:
        """One packed request per node owning some of `commands`, all sent at once; the replies in order.

        A node that fails (connection lost, timeout), or a reply saying the slot map moved, fails the
        whole round trip, after marking the slot map to be read again before the next one."""
        if self._initialize:
            try:
                await self.initialize()
            except RedisClusterException as exc:  # no node gave a full slot map (yet): a retryable error
                raise ClusterError(f"the Redis Cluster's slot map could not be read: {exc}") from exc
        groups: dict[str, tuple[ClusterNode, list[int]]] = {}
        try:
            for index, (args, options) in enumerate(commands):
                node = await self.node_of(args, options)
                groups.setdefault(node.name, (node, []))[1].append(index)
        except SlotNotCoveredError:  # the slot map this client holds has a hole (a failover under way)
            self._initialize = True
            raise
        self.round_trips += len(groups)
        outcomes = await asyncio.gather(
            *(self._node_round_trip(node, [commands[i][0] for i in indexes]) for node, indexes in groups.values()),
            return_exceptions=True)
        failed = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
        if failed:
            if any(isinstance(error, RedisConnectionError | RedisTimeoutError | OSError) for error in failed):
                self._initialize = True  # a node is gone, perhaps failed over: read the slot map again
            raise failed[0]
        replies: list[Any] = [None] * len(commands)
        for (_, indexes), got in zip(groups.values(), outcomes, strict=True):
            for index, reply in zip(indexes, got, strict=True):  # type: ignore[arg-type]
                replies[index] = reply
        moving = next((reply for reply in replies if isinstance(reply, _CLUSTER_MOVING)), None)
        if moving is not None:
            self._initialize = True  # a slot moved or a master failed over: read the slot map again
            raise moving
        return replies

    async def _node_round_trip(self, node: ClusterNode, commands: list[tuple[Any, ...]]) -> list[Any]:
        with _Timed(self.metrics, "pipeline"):
            connection = node.acquire_connection()
            try:
                replies = await _exchange(connection, commands)
            except BaseException:
                await connection.disconnect(nowait=True)  # no later request may read this one's replies
                node.release(connection)
                raise
            node.release(connection)
            return replies


def _packed(args: tuple[Any, ...]) -> bytes:
    """One command in the wire format; redis-py names some commands with two words ("SCRIPT LOAD")."""
    name = args[0]
    if isinstance(name, str) and " " in name:
        return pack_command((*name.split(), *args[1:]))
    return pack_command(args)


def connect(settings: Settings, metrics: Metrics | None, *,
            autopipeline: bool = False) -> InstrumentedRedis | InstrumentedRedisCluster:
    """The worker's Redis client (TLS, user and password as the settings say; a Redis Cluster client for a
    `redis+cluster://` URL): bounded timeouts so a dead server surfaces as a retryable error."""
    client = async_client(settings, InstrumentedRedis, InstrumentedRedisCluster, socket_timeout=10,
                          socket_connect_timeout=5)
    client.metrics = metrics
    client.autopipeline = autopipeline
    return client
