"""The domain's entry point per event type: what the worker hands each valid event to (P1).

Agents stay thin: they decode, call `Enforcement.handle`, and send the Outcome. Detectors, the policy
and the ledger plug in here; nothing in this module knows about Kafka or Faust.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from enforcement.events import (
    AppealResolved,
    AvatarChanged,
    BioChanged,
    ContentLabelled,
    CredentialEvent,
    Event,
    ProfileCreated,
    ProfileRenamed,
    ReportFiled,
)
from enforcement.watermark import Watermark

Record = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one event produced: JSON records for the violations, actions and review topics."""

    violations: tuple[Record, ...] = ()
    actions: tuple[Record, ...] = ()
    reviews: tuple[Record, ...] = ()
    watermark_ms: int | None = None


Handler = Callable[[Event], Awaitable[Outcome]]


class Enforcement:
    """Routes each event type to its handler; every handler first advances the event-time watermark."""

    def __init__(self, *, watermark: Watermark) -> None:
        self._watermark = watermark
        self._handlers: dict[type[Event], Handler] = {
            ProfileCreated: self.on_profile,
            ProfileRenamed: self.on_profile,
            AvatarChanged: self.on_profile,
            BioChanged: self.on_profile,
            ReportFiled: self.on_report,
            ContentLabelled: self.on_label,
            AppealResolved: self.on_appeal,
        }

    async def handle(self, event: Event) -> Outcome:
        """Apply every rule that concerns `event`; the only entry point the worker calls."""
        watermark = await self._watermark.observe(event.occurred_at)
        handler = self._handlers.get(type(event))
        if handler is None and isinstance(event, CredentialEvent):
            handler = self.on_credential
        if handler is None:
            raise TypeError(f"no handler for {type(event).__name__}")
        outcome = await handler(event)
        return Outcome(outcome.violations, outcome.actions, outcome.reviews, watermark)

    async def on_profile(self, event: Event) -> Outcome:
        """Profile changes (D1–D6, D8–D10) — detectors are wired in by the identity issue."""
        return Outcome()

    async def on_credential(self, event: Event) -> Outcome:
        """Credential lifecycle (D6, D7)."""
        return Outcome()

    async def on_report(self, event: Event) -> Outcome:
        """User reports (D11)."""
        return Outcome()

    async def on_label(self, event: Event) -> Outcome:
        """Rumour labels (D12)."""
        return Outcome()

    async def on_appeal(self, event: Event) -> Outcome:
        """Appeals (S2 unwinding)."""
        return Outcome()
