"""Batch order for the steps that touch more than one account.

The worker runs a batch's accounts side by side (one account's events stay strictly in order), so the
Redis calls of many accounts share round trips. Steps whose effect depends on other accounts — striking
(breakers and the hourly closure cap count across accounts, strikes also count per owner), a new
account meeting its owner's blacklist, appeals — must still happen in the order the batch delivered the
events, or the same records would give different sanctions for different batch sizes. Such a step calls
`wait_turn()`: it returns once every earlier event of the batch has finished. Outside a batch (tests,
offline replays, one record at a time) there is no turnstile and it returns at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextvars import ContextVar


class Turnstile:
    """Lets batch position `i` through once the positions before it have finished.

    `writers` flags the positions whose events write state that other accounts' events read (a new
    account's owner and age, reporters' weights): a reader that only depends on those waits for the
    earlier writers alone, not for every earlier event.
    """

    def __init__(self, writers: Sequence[bool]) -> None:
        self._size = len(writers)
        self._finished = [False] * self._size
        self._writers = [i for i, flag in enumerate(writers) if flag]
        self._lowest_unfinished = 0
        self._next_writer = 0  # index into _writers of the first unfinished writer
        self._moved = asyncio.Event()

    async def wait(self, position: int, *, writers_only: bool = False) -> None:
        while not self._clear(position, writers_only):
            self._moved.clear()
            await self._moved.wait()

    def _clear(self, position: int, writers_only: bool) -> bool:
        if not writers_only:
            return self._lowest_unfinished >= position
        return self._next_writer >= len(self._writers) or self._writers[self._next_writer] >= position

    def finish(self, position: int) -> None:
        self._finished[position] = True
        while self._lowest_unfinished < self._size and self._finished[self._lowest_unfinished]:
            self._lowest_unfinished += 1
        while self._next_writer < len(self._writers) and self._finished[self._writers[self._next_writer]]:
            self._next_writer += 1
        self._moved.set()


_current: ContextVar[tuple[Turnstile, int] | None] = ContextVar("qinglang_batch_turn", default=None)


def take_place(turnstile: Turnstile, position: int) -> None:
    """Mark the running task as handling batch position `position` (the worker calls this per event)."""
    _current.set((turnstile, position))


async def wait_turn(*, writers_only: bool = False) -> None:
    """Wait until every earlier event of the running batch has finished — or, with `writers_only`, every
    earlier event flagged as a writer of cross-account state (no-op outside a batch)."""
    place = _current.get()
    if place is not None:
        await place[0].wait(place[1], writers_only=writers_only)
