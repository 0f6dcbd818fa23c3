"""Script: EVALSHA by its SHA-1, loading the script again when Redis has forgotten it (NOSCRIPT)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from redis.asyncio import Redis

import enforcement
from enforcement.redis_script import Script, lua_source
from streams.redis_connection import WORKER_COMMANDS

SOURCE = "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('INCR', KEYS[2])"


def test_a_script_runs_by_sha_and_survives_a_script_flush(redis_url: str) -> None:
    async def main() -> None:
        client = Redis.from_url(redis_url)
        try:
            script = Script(client, SOURCE)
            assert await script(keys=["rs:value", "rs:count"], args=["a"]) == 1  # first call: NOSCRIPT, loaded
            await client.script_flush()  # a restarted or flushed Redis forgets loaded scripts
            assert await script(keys=["rs:value", "rs:count"], args=["b"]) == 2
            assert await client.get("rs:value") == b"b"
            assert (await client.script_exists(script.sha)) == [True]
        finally:
            await client.delete("rs:value", "rs:count")
            await client.aclose()

    asyncio.run(main())


def test_every_script_is_a_shipped_file_whose_commands_the_acl_grants() -> None:
    # scripts live as .lua files beside their stores (loaded once); Redis checks a script's commands against
    # the caller's ACL, so each one must be in the shipped rule (deploy/redis/users.acl)
    files = sorted(Path(enforcement.__file__).parent.glob("*/lua/*.lua"))
    assert len(files) >= 13, files
    for path in files:
        called = set(re.findall(r"redis\.call\('([A-Za-z]+)'", path.read_text(encoding="utf-8")))
        assert called, path
        assert {c.lower() for c in called} <= set(WORKER_COMMANDS), (path.name, called - set(WORKER_COMMANDS))
        assert lua_source(f"enforcement.{path.parent.parent.name}", path.name) == path.read_text(encoding="utf-8")
