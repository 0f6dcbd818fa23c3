"""HotEventIndex: one immutable snapshot of the hot-event list, rebuilt per batch and swapped whole (D9).

It keeps every event the topic holds (expired ones too: activity is judged per profile event by its
`occurred_at`, so a replay decides as the live run did) and matches their names with the project's
evasion-proof NameMatcher; claim words are found with the identity index's TermFinder.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from enforcement.hotevents.model import HotEvent, HotEventUpdate
from enforcement.identity.index import TermFinder
from enforcement.registry.loader import load_vocabulary
from enforcement.text import NameMatcher, NormalizedText, Pattern
from enforcement.text.matcher import Match


@dataclass(frozen=True, slots=True)
class NameHit:
    """A hot event's party, figure or title found in a text (spans index `canonical`, see Match)."""

    event: HotEvent
    role: str
    match: Match


@dataclass(frozen=True)
class HotEventIndex:
    """The hot events by id, a matcher over their names and a finder for the claim words."""

    events: Mapping[str, HotEvent]
    names: NameMatcher
    claims: TermFinder
    claim_words: tuple[str, ...]

    @classmethod
    def build(cls, events: Iterable[HotEvent], claim_words: Iterable[str] | None = None) -> HotEventIndex:
        """Index `events`; claim words default to the shipped vocabulary's `hot_event_claims` (D9)."""
        words = tuple(claim_words) if claim_words is not None else load_vocabulary().hot_event_claims
        table = {event.hot_event_id: event for event in events}
        patterns = [Pattern(f"{role}:{event.hot_event_id}", name)
                    for event in table.values() for role, name in event.names()]
        # names of people are often 2–3 characters: a 3-syllable homophone must be the whole text (matcher)
        return cls(MappingProxyType(table), NameMatcher.build(patterns), TermFinder(words), words)

    def with_updates(self, updates: Iterable[HotEventUpdate]) -> HotEventIndex:
        """The next snapshot: upserts replace, tombstones delete; this one is left unchanged."""
        table = dict(self.events)
        for update in updates:
            if update.event is None:
                table.pop(update.hot_event_id, None)
            else:
                table[update.hot_event_id] = update.event
        return HotEventIndex.build(table.values(), self.claim_words)

    def find_names(self, text: NormalizedText) -> list[NameHit]:
        """Every hot-event name in `text`, under any evasion view."""
        if not self.events:
            return []
        hits = []
        for match in self.names.find(text):
            role, _, event_id = match.key.partition(":")
            event = self.events.get(event_id)
            if event is not None:
                hits.append(NameHit(event, role, match))
        return hits


class HotEventHolder:
    """`current` is always a complete index; a batch of updates is one rebuild, swapped in atomically."""

    def __init__(self, index: HotEventIndex) -> None:
        self.current = index
        self.caught_up = asyncio.Event()

    async def apply(self, updates: Iterable[HotEventUpdate]) -> HotEventIndex:
        batch = list(updates)
        if batch:
            self.current = await asyncio.to_thread(self.current.with_updates, batch)
        return self.current
