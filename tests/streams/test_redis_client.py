"""The worker's auto-pipelining Redis client against the real Redis: what each command returns is what
redis-py's own client returns, a reply error stays with its command, and a round trip that times out
drops its connection so no later command reads a reply meant for another."""

from __future__ import annotations

import asyncio
import secrets
import socket

import pytest
import redis.asyncio
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from streams.settings import Settings
from streams.worker.errors import Verdict, classify
from streams.worker.redis_client import connect

pytestmark = pytest.mark.e2e


async def _commands(client: redis.asyncio.Redis, key: str, *, together: bool) -> list[object]:
    """Commands whose replies redis-py shapes (booleans, dicts, score pairs) and one that names two words,
    issued together (one round trip for the auto-pipelining client) or one after the other."""
    calls = [
        client.set(f"{key}:s", "v"),
        client.get(f"{key}:s"),
        client.hset(f"{key}:h", mapping={"a": "1", "b": "2"}),
        client.hgetall(f"{key}:h"),
        client.zadd(f"{key}:z", {"m": 1733000000000, "n": 2}),
        client.zrange(f"{key}:z", 0, -1, withscores=True),
        client.exists(f"{key}:s", f"{key}:missing"),
        client.script_load("return 1"),
        client.sismember(f"{key}:set", "x"),
    ]
    if together:
        return list(await asyncio.gather(*calls))
    return [await call for call in calls]


def test_replies_are_those_of_redis_py(redis_url: str) -> None:
    async def run() -> tuple[list[object], list[object], int]:
        plain = redis.asyncio.Redis.from_url(redis_url)
        ours = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        expected = await _commands(plain, f"rc:{secrets.token_hex(4)}", together=False)
        got = await _commands(ours, f"rc:{secrets.token_hex(4)}", together=True)
        trips = ours.round_trips
        await plain.aclose()
        await ours.aclose()
        return expected, got, trips

    expected, got, trips = asyncio.run(run())
    assert got == expected
    assert got[0] is True and got[3] == {b"a": b"1", b"b": b"2"}
    assert got[5] == [(b"n", 2.0), (b"m", 1733000000000.0)]
    assert trips == 1  # the nine commands issued together went out as one round trip


def test_a_reply_error_stays_with_its_command(redis_url: str) -> None:
    async def run() -> list[object]:
        client = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        key = f"rc:{secrets.token_hex(4)}"
        await client.set(key, "a string")
        replies = await asyncio.gather(
            client.get(key), client.hgetall(key), client.evalsha("0" * 40, 0), client.incr(f"{key}:n"),
            return_exceptions=True)
        await client.aclose()
        return replies

    plain_reply, wrong_type, no_script, counter = asyncio.run(run())
    assert plain_reply == b"a string"
    assert isinstance(wrong_type, ResponseError) and "WRONGTYPE" in str(wrong_type)
    assert isinstance(no_script, NoScriptError)  # the script store reloads on exactly this class
    assert counter == 1


def test_a_stores_pipeline_through_the_queue_answers_as_redis_pys_pipeline_does(redis_url: str) -> None:
    async def run() -> tuple[list[object], object, list[object], bool]:
        client = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        key = f"rc:{secrets.token_hex(4)}"
        await client.set(key, "a string")

        def queued(pipe: redis.asyncio.client.Pipeline) -> None:
            pipe.get(key)
            pipe.hgetall(key)  # WRONGTYPE
            pipe.incr(f"{key}:n")

        async with client.pipeline(transaction=False) as pipe:
            queued(pipe)
            in_place = await pipe.execute(raise_on_error=False)
        async with client.pipeline(transaction=False) as pipe:
            queued(pipe)
            try:
                await pipe.execute()
                raised: object = None
            except ResponseError as error:
                raised = error
        # a caller cancelled while its pipeline is out: the queue goes on serving the others
        pipe = client.pipeline(transaction=False)
        pipe.get(key)
        pipe.incr(f"{key}:n")
        cancelled = asyncio.ensure_future(pipe.execute())
        others = asyncio.gather(client.get(key), client.incr(f"{key}:n"))
        await asyncio.sleep(0)
        cancelled.cancel()
        after = await others
        await client.aclose()
        return in_place, raised, list(after), cancelled.cancelled()

    in_place, raised, after, was_cancelled = asyncio.run(run())
    assert in_place[0] == b"a string" and in_place[2] == 1
    assert isinstance(in_place[1], ResponseError) and "WRONGTYPE" in str(in_place[1])
    assert isinstance(raised, ResponseError) and "WRONGTYPE" in str(raised)
    assert was_cancelled
    assert after[0] == b"a string" and after[1] in (3, 4)  # the cancelled pipeline's INCR may have gone out


def test_a_timed_out_round_trip_drops_its_connection(redis_url: str) -> None:
    async def run() -> tuple[BaseException | None, object, object]:
        client = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        client.connection_pool.connection_kwargs["socket_timeout"] = 0.2
        key = f"rc:{secrets.token_hex(4)}"
        await client.set(key, "after")
        error: BaseException | None = None
        try:
            await client.blpop([f"{key}:empty"], timeout=1)  # the server answers nil after 1 s
        except BaseException as exc:
            error = exc
        await asyncio.sleep(1.2)  # the late nil has arrived: a kept connection would hand it to the next call
        value = await client.get(key)
        length = await client.strlen(key)
        await client.aclose()
        return error, value, length

    error, value, length = asyncio.run(run())
    assert isinstance(error, RedisTimeoutError)
    assert classify(error) is Verdict.RETRIABLE  # the processor retries the batch, nothing dead-lettered
    assert value == b"after" and length == 5


def test_commands_queued_together_leave_in_parts_and_every_reply_finds_its_caller(redis_url: str) -> None:
    async def run() -> tuple[list[object], int]:
        client = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        key = f"rc:{secrets.token_hex(4)}"
        await client.set(key, "0")
        before = client.round_trips
        replies = await asyncio.gather(*(client.incr(key) for _ in range(100)))
        trips = client.round_trips - before
        await client.aclose()
        return list(replies), trips

    replies, trips = asyncio.run(run())
    assert replies == list(range(1, 101))  # in the order they were queued, each to its own caller
    assert trips == 4  # 32 + 32 + 32 written as they filled, the last 4 when the callers stopped queueing


def test_a_failed_read_fails_every_request_still_out_and_the_next_call_connects_afresh(redis_url: str) -> None:
    async def run() -> tuple[list[object], object]:
        client = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        client.connection_pool.connection_kwargs["socket_timeout"] = 0.2
        key = f"rc:{secrets.token_hex(4)}"
        await client.set(key, "after")
        # the first request blocks in Redis for a second (then answers nil); the second is written behind it
        calls = [client.blpop([f"{key}:empty"], timeout=1), *(client.get(key) for _ in range(40))]
        replies = await asyncio.gather(*calls, return_exceptions=True)
        await asyncio.sleep(1.2)  # the late replies have arrived: a kept connection would hand them on
        value = await client.get(key)
        await client.aclose()
        return replies, value

    replies, value = asyncio.run(run())
    assert all(isinstance(reply, RedisTimeoutError) for reply in replies)
    assert value == b"after"


def test_commands_sent_while_redis_cannot_be_reached_fail_at_once_and_later_ones_get_through(redis_url: str) -> None:
    """The sender's connection dropped and Redis gone: the waiting callers get a connection error (which the
    processor retries), none waits forever; once Redis answers again, the next commands go through."""
    async def run() -> tuple[list[object], object]:
        client = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        key = f"rc:{secrets.token_hex(4)}"
        await client.set(key, "back")
        real_port = client.connection_pool.connection_kwargs["port"]
        await client._sender_connection.disconnect()  # type: ignore[union-attr]
        client._sender_connection.port = _closed_port()  # type: ignore[union-attr]
        failed = await asyncio.wait_for(asyncio.gather(*(client.get(key) for _ in range(40)),
                                                       return_exceptions=True), timeout=10)
        client._sender_connection.port = real_port  # type: ignore[union-attr]
        value = await client.get(key)
        await client.aclose()
        return list(failed), value

    failed, value = asyncio.run(run())
    assert all(isinstance(reply, RedisConnectionError) for reply in failed), failed[:2]
    assert classify(failed[0]) is Verdict.RETRIABLE  # type: ignore[arg-type]
    assert value == b"back"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_write_the_closed_transport_refuses_is_a_connection_error_and_the_next_call_connects_afresh(
        redis_url: str) -> None:
    """A transport the server closed can refuse the write itself (uvloop raises RuntimeError): the callers
    must get a connection error — retried by the processor — not an error that reads as a bug and
    dead-letters their events."""
    async def run() -> tuple[list[object], object]:
        client = connect(Settings(redis_url=redis_url), None, autopipeline=True)
        key = f"rc:{secrets.token_hex(4)}"
        await client.set(key, "back")
        writer = client._sender_connection._writer  # type: ignore[union-attr]

        def refuse(data: bytes) -> None:
            raise RuntimeError("unable to perform operation on <TCPTransport closed=True>; the handler is closed")

        writer.write = refuse  # type: ignore[method-assign, union-attr]
        failed = await asyncio.wait_for(asyncio.gather(*(client.get(key) for _ in range(40)),
                                                       return_exceptions=True), timeout=10)
        value = await client.get(key)
        await client.aclose()
        return list(failed), value

    failed, value = asyncio.run(run())
    errors = [reply for reply in failed if isinstance(reply, BaseException)]
    # the part refused failed with a connection error; what was queued after it went out on a new connection
    assert errors and all(isinstance(error, RedisConnectionError) for error in errors), errors[:2]
    assert all(reply == b"back" for reply in failed if reply not in errors)
    assert classify(errors[0]) is Verdict.RETRIABLE
    assert value == b"back"
