"""Script: EVALSHA by its SHA-1, loading the script again when Redis has forgotten it (NOSCRIPT)."""

from __future__ import annotations

import asyncio

from redis.asyncio import Redis

from enforcement.redis_script import Script

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
