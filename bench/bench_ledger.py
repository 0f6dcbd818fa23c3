"""Violations applied per second through the Redis ledger (P2), beside `redis-benchmark` on the
same server, measured in the same run.

Starts its own redis-server (AOF on, as the worker runs it), then measures:
  - redis-benchmark EVALSHA of a trivial script and SET, pipelined 100 (the server's ceiling);
  - RedisLedger.apply_batch of 100 violations a round trip over many accounts, and over one hot
    account (its in-window strike set grows, so each script call reads more);
  - one violation per round trip (what a worker does per event).
Usage: .venv/bin/python bench/bench_ledger.py [--violations 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import subprocess
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)
from redis.asyncio import Redis

from enforcement.ledger import LedgerItem
from enforcement.ledger.redis import RedisLedger
from enforcement.policy import load_policy
from enforcement.violations import Violation
from streams.local.services.redis import start_redis

BASE = datetime(2026, 1, 1, tzinfo=UTC)


def redis_benchmark(port: int, requests: int) -> dict[str, float]:
    """requests/s of redis-benchmark for SET and a trivial EVALSHA-equivalent (EVAL of `return 1`)."""
    out = {}
    common = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-n", str(requests), "-P", "100", "-q"]
    for name, args in (("SET", ["-t", "set"]), ("EVAL", ["eval", "return 1", "0"])):
        text = subprocess.run(common + args, capture_output=True, text=True, check=True).stdout
        match = re.findall(r"([\d.]+) requests per second", text)
        if not match:
            raise RuntimeError(f"cannot read redis-benchmark output: {text!r}")
        out[name] = float(match[-1])
    return out


def violations(count: int, accounts: int, offset: int = 0) -> list[Violation]:
    return [Violation(f"acct-{(i % accounts)}", "news_word_unlicensed", 1.0, f"ev-{offset + i}",
                      BASE + timedelta(seconds=offset + i)) for i in range(count)]


async def measure(url: str, count: int) -> dict[str, float]:
    client = Redis.from_url(url)
    ledger = RedisLedger(client, load_policy(), key_prefix="bench:")
    results = {}
    try:
        for label, items, batch in (
            ("batch of 100, 10,000 accounts", violations(count, 10_000), 100),
            ("batch of 100, one hot account", violations(count // 4, 1, offset=10**7), 100),
            ("one per round trip, 10,000 accounts", violations(count // 4, 10_000, offset=2 * 10**7), 1),
        ):
            started = time.perf_counter()
            for i in range(0, len(items), batch):
                await ledger.apply_batch([LedgerItem(v) for v in items[i:i + batch]])
            results[label] = len(items) / (time.perf_counter() - started)
            print(f"  {label:<40}{results[label]:>12,.0f} violations/s", flush=True)
    finally:
        await client.aclose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--violations", type=int, default=20_000)
    args = parser.parse_args()
    if args.violations < 100:
        parser.error("--violations must be at least 100 (batches of 100 are measured)")
    with tempfile.TemporaryDirectory() as workdir:
        server = start_redis(Path(workdir))
        try:
            print(f"redis-server on port {server.port} (AOF on)")
            base = redis_benchmark(server.port, 200_000)
            print(f"redis-benchmark, pipelined 100:  SET {base['SET']:>12,.0f}/s   "
                  f"EVAL 'return 1' {base['EVAL']:>12,.0f}/s")
            print("RedisLedger.apply_batch (apply_violation.lua):")
            results = asyncio.run(measure(server.url, args.violations))
            best = results["batch of 100, 10,000 accounts"]
            print(f"ratio: ledger batch / redis-benchmark EVAL = {best / base['EVAL']:.3f} "
                  f"({base['EVAL'] / best:.1f}× the cost of an empty script)")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
