"""InMemorySchedule keeps its due items in a heap; it claims exactly what sorting every pending item
would (same items, same order, same leases), including items cancelled and re-added at other times, and
items re-added after they were handed out (never armed again while remembered)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field

from enforcement.sanctions.stores import DueItem, InMemorySchedule


@dataclass
class SortingSchedule:
    """The plain definition: every claim sorts all pending items."""

    due: dict[str, int] = field(default_factory=dict)
    items: dict[str, bytes] = field(default_factory=dict)
    claimed: dict[str, int] = field(default_factory=dict)
    fired: dict[str, int] = field(default_factory=dict)
    remember_fired_ms: int = 300

    async def add(self, item_id: str, due_ms: int, payload: bytes) -> None:
        if item_id not in self.items and item_id not in self.fired:
            self.items[item_id], self.due[item_id] = payload, due_ms

    async def cancel(self, item_id: str) -> None:
        for store in (self.due, self.claimed, self.items):
            store.pop(item_id, None)

    async def claim(self, watermark_ms: int, *, now_ms: int, lease_ms: int, limit: int) -> list[DueItem]:
        self.fired = {item: at for item, at in self.fired.items() if at >= watermark_ms - self.remember_fired_ms}
        ready = sorted((at, item) for item, at in self.due.items() if at <= watermark_ms)
        self.fired |= {item: at for at, item in ready[:limit]}
        expired = sorted((until, item) for item, until in self.claimed.items() if until < now_ms)
        chosen = [item for _, item in ready[:limit]] + [item for _, item in expired[: max(limit - len(ready), 0)]]
        for item in chosen:
            self.due.pop(item, None)
            self.claimed[item] = now_ms + lease_ms
        return [DueItem(item, self.items[item]) for item in chosen]

    async def ack(self, item_ids: list[str]) -> None:
        for item in item_ids:
            self.claimed.pop(item, None)
            self.items.pop(item, None)

    async def pending(self) -> int:
        return len(self.items)


async def _story(schedule: InMemorySchedule | SortingSchedule, seed: int) -> list[object]:
    rng = random.Random(seed)
    seen: list[object] = []
    watermark = now = 0
    for _ in range(600):
        item = f"i{rng.randrange(40)}"
        step = rng.random()
        if step < 0.4:
            await schedule.add(item, rng.randrange(watermark, watermark + 500), item.encode())
        elif step < 0.55:
            await schedule.cancel(item)
        elif step < 0.9:
            watermark += rng.randrange(0, 60)
            now += rng.randrange(0, 80)
            claimed = await schedule.claim(watermark, now_ms=now, lease_ms=100, limit=rng.choice([1, 2, 3, 500]))
            seen.append([(i.item_id, i.payload) for i in claimed])
            if claimed and rng.random() < 0.7:  # some claims are never acked: their lease runs out
                await schedule.ack([i.item_id for i in claimed[: rng.randrange(len(claimed) + 1)]])
        else:
            seen.append(await schedule.pending())
    return seen


def test_heap_schedule_claims_what_sorting_every_item_claims() -> None:
    async def main() -> None:
        for seed in range(25):
            heap = InMemorySchedule(remember_fired_ms=300)
            assert await _story(heap, seed) == await _story(SortingSchedule(), seed), seed

    asyncio.run(main())
