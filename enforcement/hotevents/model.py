"""Hot events (D9): trending events with their parties and public figures, each active for a while.

A `registry.hot_event` record (like the official registry: compacted, keyed by event id, a null value deletes) becomes a
`HotEvent`; whether it is active is judged by the profile event's `occurred_at`, never the clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ROLES = ("party", "figure", "event")  # a party of the event, a public figure, the event's own title or keyword


@dataclass(frozen=True, slots=True)
class HotEvent:
    """One trending event: who is involved and when claims about it are policed (D9)."""

    hot_event_id: str
    title: str
    parties: tuple[str, ...]
    figures: tuple[str, ...]
    active_from: datetime
    expires_at: datetime
    keywords: tuple[str, ...] = ()  # short names of the event itself ("唐山打人")
    account_ids: frozenset[str] = frozenset()  # the parties' own accounts: exempt

    def active_at(self, at: datetime) -> bool:
        """D9 applies from `active_from` (inclusive) to `expires_at` (exclusive), in event time."""
        return self.active_from <= at < self.expires_at

    def names(self) -> list[tuple[str, str]]:
        """(role, surface name) for everything a claim can be attached to."""
        named = [("party", p) for p in self.parties] + [("figure", f) for f in self.figures]
        return named + [("event", n) for n in (self.title, *self.keywords)]


@dataclass(frozen=True, slots=True)
class HotEventUpdate:
    """One `registry.hot_event` record: an upsert, or a deletion when `event` is None (tombstone)."""

    hot_event_id: str
    event: HotEvent | None
