"""Waiting until freshly created topics are served, before a bench starts its clock.

A new topic's partitions get leaders in the cluster's metadata a moment before the broker serves them:
records produced in that moment come back NotLeaderForPartition and are sent again, and the retries would
count in a replay's time (on this machine they halved the rate of a 30,000-record replay). So a bench waits
until every partition has a leader and then until the broker answers a ListOffsets request for all of them
(`end_offsets`, which aiokafka retries until the leaders serve it) — what a producer needs, asked directly
instead of sleeping a guessed while.
"""

from __future__ import annotations

import asyncio
import time

import this_checkout  # noqa: F401  (first: the project's modules below come from this script's checkout)
from aiokafka.admin import AIOKafkaAdminClient

from streams.bus.reader import end_offsets


async def topics_served(bootstrap: str, physical: list[str], timeout_s: float = 60.0) -> None:
    """Return once every partition of `physical` has a leader that serves it; SystemExit after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        while True:
            described = await admin.describe_topics(physical)
            if all(not d.get("error_code") and d["partitions"]
                   and all(p["leader"] >= 0 and not p["error_code"] for p in d["partitions"]) for d in described):
                break
            if time.monotonic() >= deadline:
                raise SystemExit(f"the new topics got no leaders within {timeout_s:.0f}s")
            await asyncio.sleep(0.2)
    finally:
        await admin.close()
    try:
        await asyncio.wait_for(end_offsets(bootstrap, physical), max(deadline - time.monotonic(), 1.0))
    except TimeoutError:
        raise SystemExit(f"the new topics' leaders did not serve them within {timeout_s:.0f}s") from None
