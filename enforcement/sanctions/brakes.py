"""Brakes on automation (decision "Brakes"): a per-rule circuit breaker and an hourly cap on closures.

Both count by **event-time hour** (the violation's occurred_at) in state shared by every worker, and
both are idempotent by violation id: a redelivered violation gets the decision it got the first time.
`InMemoryBrakes` is the single-process twin of `RedisBrakes` (redis_stores.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from enforcement.policy import Brakes

MS_PER_HOUR = 3_600_000
ADMITTED, OPEN, OPENED = "admitted", "open", "opened"  # OPENED: this strike tripped the breaker


def hour_of(epoch_ms: int) -> int:
    """The event-time hour bucket of a moment."""
    return epoch_ms // MS_PER_HOUR


def trips(count: int, previous: list[int], brakes: Brakes) -> bool:
    """The breaker rule: this hour's strikes exceed both the floor and factor × the baseline mean."""
    mean = sum(previous) / len(previous) if previous else 0.0
    return count > brakes.breaker_min_per_hour and count > brakes.breaker_factor * mean


class BrakeStore(Protocol):
    async def breaker(self, rule: str, violation_id: str, hour: int, brakes: Brakes) -> str:
        """Count the strike in its rule's hour; ADMITTED, OPEN (breaker already open) or OPENED."""
        ...

    async def reserve_closure(self, violation_id: str, hour: int, cap: int) -> bool:
        """Take one of the hour's automated-closure slots; False when the cap is reached."""
        ...


@dataclass
class InMemoryBrakes:
    decisions: dict[tuple[str, int], dict[str, str]] = field(default_factory=dict)
    open: set[tuple[str, int]] = field(default_factory=set)
    closures: dict[int, dict[str, bool]] = field(default_factory=dict)

    async def breaker(self, rule: str, violation_id: str, hour: int, brakes: Brakes) -> str:
        decided = self.decisions.setdefault((rule, hour), {})
        if violation_id in decided:
            return decided[violation_id]
        count = len(decided) + 1
        known = self.decisions
        previous = [len(known.get((rule, hour - n), ())) for n in range(1, brakes.breaker_baseline_hours + 1)]
        if (rule, hour) in self.open:
            result = OPEN
        elif trips(count, previous, brakes):
            self.open.add((rule, hour))
            result = OPENED
        else:
            result = ADMITTED
        decided[violation_id] = result
        return result

    async def reserve_closure(self, violation_id: str, hour: int, cap: int) -> bool:
        slots = self.closures.setdefault(hour, {})
        if violation_id not in slots:
            slots[violation_id] = sum(slots.values()) < cap
        return slots[violation_id]
