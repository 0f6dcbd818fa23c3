"""The worker's auto-pipelining client on a real three-master Redis Cluster: a queued round trip is split by
the node owning each command's slot (one request per node, sent together), the replies come back in the
order the commands were issued and equal redis-py's own cluster client's, and a MOVED reply makes the
whole round trip fail with a retryable error after which the client has the slot map right again."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest
import redis.asyncio.cluster
from redis.exceptions import MovedError, NoScriptError, ResponseError, SlotNotCoveredError

from enforcement.redis_script import Script
from streams.local.services import RedisClusterNodes
from streams.settings import Settings
from streams.worker.errors import Verdict, classify
from streams.worker.redis_client import InstrumentedRedisCluster, connect

pytestmark = pytest.mark.e2e


def _client(cluster: RedisClusterNodes) -> InstrumentedRedisCluster:
    client = connect(Settings(redis_url=cluster.url), None, autopipeline=True)
    assert isinstance(client, InstrumentedRedisCluster)
    return client


def _tags_on_every_master(client: InstrumentedRedisCluster, run: str) -> list[str]:
    """Hash tags `rc:<run>:<n>`, at least one owned by each master (found with the client's slot map)."""
    by_node: dict[str, str] = {}
    for n in range(200):
        tag = f"rc:{run}:{n}"
        node = client.nodes_manager.get_node_from_slot(client.keyslot(f"{{{tag}}}"))
        by_node.setdefault(node.name, tag)
        if len(by_node) == len(client.get_primaries()):
            break
    return list(by_node.values())


async def _commands(client: Any, tags: list[str], *, together: bool) -> list[object]:
    """Commands whose replies redis-py shapes, on keys of several slots, issued together (one round trip
    per node for the auto-pipelining client) or one after the other."""
    calls = []
    for tag in tags:
        key = f"{{{tag}}}"
        calls += [
            client.set(f"{key}:s", tag),
            client.get(f"{key}:s"),
            client.hset(f"{key}:h", mapping={"a": "1", "b": tag}),
            client.hgetall(f"{key}:h"),
            client.zadd(f"{key}:z", {"m": 1733000000000, "n": 2}),
            client.zrange(f"{key}:z", 0, -1, withscores=True),
            client.exists(f"{key}:s"),
            client.eval("return {KEYS[1], ARGV[1]}", 1, f"{key}:s", tag),
        ]
    if together:
        return list(await asyncio.gather(*calls))
    return [await call for call in calls]


def test_commands_go_to_their_nodes_in_one_round_trip_each_and_replies_keep_their_order(
        redis_cluster: RedisClusterNodes) -> None:
    async def run() -> tuple[list[object], list[object], int, int, set[str]]:
        plain = redis.asyncio.cluster.RedisCluster(host="127.0.0.1", port=redis_cluster.nodes[0].port)
        ours = _client(redis_cluster)
        await ours.initialize()
        run_id = secrets.token_hex(4)
        tags = _tags_on_every_master(ours, run_id)
        expected = await _commands(plain, [t + ":plain" for t in tags], together=False)
        before = ours.round_trips
        got = await _commands(ours, tags, together=True)
        trips = ours.round_trips - before
        nodes = {(await ours.node_of(("GET", f"{{{t}}}:s"), {})).name for t in tags}
        await plain.aclose()
        await ours.aclose()
        return expected, got, trips, len(tags), nodes

    expected, got, trips, masters, nodes = asyncio.run(run())
    assert masters == 3 and len(nodes) == 3  # the tags cover every master
    # the same replies as redis-py's cluster client, each in its command's place (the values name the tag)
    assert [v.replace(b":plain", b"") if isinstance(v, bytes) else v for v in _flat(expected)] == _flat(got)
    assert got[1] == got[0 * 8 + 7][1] and got[3][b"b"] == got[1]
    assert trips == 3  # twenty-four commands over three masters: one request per master


def _flat(replies: list[object]) -> list[object]:
    out: list[object] = []
    for reply in replies:
        if isinstance(reply, dict):
            out.append({k: v.replace(b":plain", b"") if isinstance(v, bytes) else v for k, v in reply.items()})
        elif isinstance(reply, list):
            out.append([v.replace(b":plain", b"") if isinstance(v, bytes) else v for v in reply])
        else:
            out.append(reply)
    return out


def test_a_moved_reply_fails_the_round_trip_retryably_and_the_next_one_follows_the_slot(
        redis_cluster: RedisClusterNodes) -> None:
    async def run() -> tuple[BaseException | None, object, int]:
        client = _client(redis_cluster)
        await client.initialize()
        key = f"{{rc:{secrets.token_hex(4)}}}:moved"
        slot = client.keyslot(key)
        owner = client.nodes_manager.get_node_from_slot(slot)
        wrong = next(node for node in client.get_primaries() if node.name != owner.name)
        await client.set(key, "here")
        client.nodes_manager.slots_cache[slot] = [wrong]  # a stale slot map, as after a resharding
        error: BaseException | None = None
        try:
            await asyncio.gather(client.get(key), client.incr(f"{key}:n"))
        except BaseException as exc:
            error = exc
        value = await client.get(key)
        trips = client.round_trips
        await client.aclose()
        return error, value, trips

    error, value, _ = asyncio.run(run())
    assert isinstance(error, MovedError)
    assert classify(error) is Verdict.RETRIABLE  # the processor retries the batch; nothing is dead-lettered
    assert value == b"here"  # the slot map was read again: the next round trip went to the slot's owner


def test_a_reply_error_stays_with_its_command_and_scripts_load_on_every_master(
        redis_cluster: RedisClusterNodes) -> None:
    async def run() -> tuple[list[object], list[object]]:
        client = _client(redis_cluster)
        key = f"{{rc:{secrets.token_hex(4)}}}"
        await client.set(key, "a string")
        replies = await asyncio.gather(client.get(key), client.hgetall(key),
                                       client.evalsha("0" * 40, 1, key), client.incr(f"{key}:n"),
                                       return_exceptions=True)
        source = f"return '{secrets.token_hex(8)}' .. KEYS[1]"  # a script no master has seen yet
        script = Script(client, source)
        tags = _tags_on_every_master(client, secrets.token_hex(4))
        loaded = await asyncio.gather(*(script(keys=[f"{{{tag}}}:k"]) for tag in tags))
        await client.aclose()
        return replies, loaded

    (plain_reply, wrong_type, no_script, counter), loaded = asyncio.run(run())
    assert plain_reply == b"a string"
    assert isinstance(wrong_type, ResponseError) and "WRONGTYPE" in str(wrong_type)
    assert isinstance(no_script, NoScriptError)
    assert counter == 1
    assert len(loaded) == 3 and all(isinstance(v, bytes) for v in loaded)


def test_a_slot_missing_from_the_map_fails_retryably_and_the_map_is_read_again(
        redis_cluster: RedisClusterNodes) -> None:
    async def run() -> tuple[BaseException | None, object]:
        client = _client(redis_cluster)
        key = f"{{rc:{secrets.token_hex(4)}}}:hole"
        await client.set(key, "kept")
        client.nodes_manager.slots_cache[client.keyslot(key)] = []  # no node for the slot: a hole in the map
        error: BaseException | None = None
        try:
            await client.get(key)
        except BaseException as exc:
            error = exc
        value = await client.get(key)
        await client.aclose()
        return error, value

    error, value = asyncio.run(run())
    assert isinstance(error, SlotNotCoveredError)
    assert classify(error) is Verdict.RETRIABLE
    assert value == b"kept"
