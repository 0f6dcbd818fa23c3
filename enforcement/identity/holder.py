"""Holds the current IdentityIndex and swaps it whole when registry updates arrive, so a check never sees a
half-applied registry (decision "Registry topics are read in full")."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from enforcement.identity.index import IdentityIndex
from enforcement.registry import Registry, RegistryUpdate


class IndexHolder:
    """`current` is always a complete index; a rebuild happens off the event loop and is swapped in."""

    def __init__(self, index: IdentityIndex) -> None:
        self.current = index
        self.caught_up = asyncio.Event()

    async def apply(self, updates: Iterable[RegistryUpdate]) -> IdentityIndex:
        """Apply one batch of updates: one rebuild, one atomic swap."""
        batch = list(updates)
        if batch:
            registry: Registry = self.current.registry.with_updates(batch)
            self.current = await asyncio.to_thread(IdentityIndex.build, registry)
        return self.current
