"""Batch order for the steps that touch more than one account.

The worker runs a batch's accounts side by side (one account's events stay strictly in order), so the
Redis calls of many accounts share round trips. Steps whose effect depends on other accounts must still
happen in the order the batch delivered the events, or the same records would give different sanctions
for different batch sizes:
- a strike's brakes (breakers and the hourly closure cap count across accounts), its ledger entry (strikes
  also count per owner, across the owner's accounts) and the owner's blacklisting, per policy side;
- a new account meeting its owner's blacklist; appeals; a report reading its reporters' ages and weights.

Each such step is a numbered point. An event enters point `p` only once every earlier event of the batch
has passed `p` (left that step, reached a later one, or finished), so the steps run in batch order one
point at a time while the rest of each event — and the next events' points — overlap. Outside a batch
(tests, offline replays, one record at a time) there is no turnstile and every wait returns at once.
"""

from __future__ import annotations

import asyncio
import heapq
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from functools import partial

# the points of one policy side's strike, in the order a strike reaches them
BRAKES, LEDGER, OWNER = 0, 1, 2
SIDE_POINTS = 3
POINTS = 2 * SIDE_POINTS  # the enforcing policy's points, then a shadow policy's
LAST_STRIKE_POINT = POINTS - 1
_FINISHED = POINTS
_WRITERS_QUEUE = POINTS + 1


def side_point(point: int, *, shadow: bool) -> int:
    """The point `point` of the enforcing or the shadow policy's strike."""
    return point + (SIDE_POINTS if shadow else 0)


class Turnstile:
    """Orders the points of a batch's events by batch position.

    `writers` flags the positions whose events write state that other accounts' events read (a new
    account's owner and age, reporters' weights): a reader that only depends on those waits for the
    earlier writers alone, not for every earlier event.
    """

    def __init__(self, writers: Sequence[bool]) -> None:
        self._size = len(writers)
        self._passed = [-1] * self._size  # highest point each position has passed; _FINISHED when done
        self._lowest = [0] * (POINTS + 1)  # per point: the first position that has not passed it
        self._writers = [i for i, flag in enumerate(writers) if flag]
        self._wrote = [False] * self._size  # a writer's cross-account writes are done (or it finished)
        self._next_writer = 0  # index into _writers of the first writer not done writing
        # who waits for what, earliest position first: a pass wakes only the waiters it lets through
        self._waiting: list[list[tuple[int, int, asyncio.Future[None]]]] = [[] for _ in range(POINTS + 2)]
        self._tickets = 0
        self._loop: asyncio.AbstractEventLoop | None = None  # looked up once: each look-up is a getpid() call

    async def wait(self, position: int, point: int = _FINISHED, *, writers_only: bool = False) -> None:
        """Until every earlier position has passed `point` (default: finished), or only the writers."""
        if self._clear(position, point, writers_only):
            return
        queue = _WRITERS_QUEUE if writers_only else point
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = self._loop.create_future()
        self._tickets += 1
        heapq.heappush(self._waiting[queue], (position, self._tickets, future))
        await future

    def _clear(self, position: int, point: int, writers_only: bool) -> bool:
        if writers_only:
            return self._next_writer >= len(self._writers) or self._writers[self._next_writer] >= position
        return self._lowest[point] >= position

    def passed(self, position: int, point: int) -> None:
        """`position` is past `point` (and every point before it)."""
        if point <= self._passed[position]:
            return
        self._passed[position] = point
        lowest, passed, size = self._lowest, self._passed, self._size
        for p in range(point + 1):
            if lowest[p] != position:
                continue  # an earlier position has not passed `p` (or this one had): nothing moves there
            while lowest[p] < size and passed[lowest[p]] >= p:
                lowest[p] += 1
            if self._waiting[p]:
                self._wake(p, partial(self._clear_of, p))
        if point == _FINISHED:
            self.wrote(position)

    def _clear_of(self, point: int, waiter: int) -> bool:
        return self._lowest[point] >= waiter

    def wrote(self, position: int) -> None:
        """`position` has made its writes that other accounts' events read."""
        self._wrote[position] = True
        while self._next_writer < len(self._writers) and self._wrote[self._writers[self._next_writer]]:
            self._next_writer += 1
        self._wake(_WRITERS_QUEUE, lambda waiter: self._clear(waiter, _FINISHED, True))

    def _wake(self, queue: int, clear: Callable[[int], bool]) -> None:
        waiting = self._waiting[queue]
        while waiting and clear(waiting[0][0]):
            _, _, future = heapq.heappop(waiting)
            if not future.done():
                future.set_result(None)

    def finish(self, position: int) -> None:
        self.passed(position, _FINISHED)


_current: ContextVar[tuple[Turnstile, int] | None] = ContextVar("qinglang_batch_turn", default=None)


def take_place(turnstile: Turnstile, position: int) -> None:
    """Mark the running task as handling batch position `position` (the worker calls this per event)."""
    _current.set((turnstile, position))


def wrote_shared() -> None:
    """The running event has made its writes that other accounts' events read (a new account's owner and
    age, reporters' weights): readers waiting in `wait_for_writers` need not wait longer."""
    place = _current.get()
    if place is not None:
        place[0].wrote(place[1])


async def wait_for_writers() -> None:
    """Wait until every earlier event of the running batch flagged as a writer of cross-account state has
    made those writes (no-op outside a batch)."""
    place = _current.get()
    if place is not None:
        await place[0].wait(place[1], writers_only=True)


@asynccontextmanager
async def turn(point: int, *, hold: bool = False) -> AsyncIterator[None]:
    """Enter `point` once every earlier event has passed it; leaving it lets the next ones in.

    The step counts as passed as soon as its first Redis command is queued (`issued`), not when the reply
    comes: the worker's Redis client sends its queue in order, one pipeline after the other, so a later
    event's command, queued later, runs later in Redis. A step whose later commands depend on the replies
    to its first ones `hold`s the point until it leaves. Outside a batch there is nothing to wait for.
    """
    place = _current.get()
    if place is None:
        yield
        return
    await place[0].wait(place[1], point)
    if not hold:
        _pending_pass.set((place[0], place[1], point))
    try:
        yield
    finally:
        _pending_pass.set(None)
        place[0].passed(place[1], point)


_pending_pass: ContextVar[tuple[Turnstile, int, int] | None] = ContextVar("qinglang_pending_pass", default=None)


def issued() -> None:
    """The running task just queued a Redis command, in order with every other one: a step it is in (see
    `turn`) counts as passed from now on. The worker's auto-pipelining Redis client calls this."""
    pending = _pending_pass.get()
    if pending is not None:
        _pending_pass.set(None)
        pending[0].passed(pending[1], pending[2])


def pass_point(point: int) -> None:
    """The running event will not enter `point` (or anything before it) again."""
    place = _current.get()
    if place is not None:
        place[0].passed(place[1], point)
