"""Faust's Kafka transport with a cheaper hand-over of each consumed record.

Faust's fetcher hands every record to the topic conductor through `Service.wait_first(callback(message),
suspend_flow.wait())`, which wraps the callback and three events (flow suspended, service stopped, service
crashed) in four tasks and an `asyncio.wait`, then cancels three of them: about a tenth of a busy worker's
main thread went there. Nearly always the callback finishes without waiting (it puts the record in the
agent's buffer, which has room), and it would have finished the same way inside its task: a task's first
step runs before any other waiter's. So the callback's first step runs inline; only a callback that has
to wait (a full buffer) goes through `wait_first` as before, from where it stopped, so a suspended flow
or a stopping worker still cancels it.
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Awaitable, Callable, Coroutine, Generator, Mapping
from typing import Any

from faust.transport.drivers import aiokafka as aiokafka_driver
from mode.services import WaitResults


@types.coroutine
def resume(coro: Coroutine[Any, Any, Any], pending: Any) -> Generator[Any, Any, Any]:
    """Continue `coro`, whose first step already ran and yielded `pending`, as if it had never stopped:
    `pending` goes up to the task that awaits this, and once the task resumes it, the rest is delegated.
    An exception thrown in meanwhile (a cancellation) is thrown into `coro`."""
    while True:
        try:
            yield pending
        except GeneratorExit:
            coro.close()
            raise
        except BaseException as exc:
            try:
                pending = coro.throw(exc)
            except StopIteration as stop:
                return stop.value
            continue
        return (yield from coro)


async def _finish(coro: Coroutine[Any, Any, Any], pending: Any) -> Any:
    return await resume(coro, pending)  # a native coroutine: what `wait_first` accepts


def _close(awaitables: tuple[Any, ...]) -> None:
    for awaitable in awaitables:
        if asyncio.iscoroutine(awaitable):
            awaitable.close()  # never started: closing it spares the "never awaited" warning


class Consumer(aiokafka_driver.Consumer):
    """Faust's aiokafka consumer; `wait_first` runs the first awaitable's first step inline, and
    `before_wait_empty` (set by the agent) runs before Faust would wait for every taken record to be
    acknowledged — on a rebalance and on a stop. The worker holds taken records back for event-time order,
    and they would keep that wait from ever ending; so the hook forgets what is held (on a rebalance once
    the batch in hand is done), and the consumer then commits what is acknowledged and goes on, as Faust
    does with `stream_wait_empty` off. What was taken and not acknowledged stays uncommitted and is
    consumed again from the committed offset: after the restart, or by whoever the rebalance assigns the
    partition to (every effect is idempotent)."""

    before_wait_empty: Callable[[bool], Awaitable[None]] | None = None

    async def wait_empty(self) -> None:
        hook = self.before_wait_empty
        if hook is None:
            await super().wait_empty()
            return
        await hook(bool(self.app.should_stop))
        await self.commit_and_end_transactions()

    async def wait_first(self, *coros: Any, timeout: Any = None) -> WaitResults:
        first = coros[0] if coros else None
        if (timeout is not None or not isinstance(first, types.CoroutineType)
                or self._stopped.is_set() or self._crashed.is_set()):
            return await super().wait_first(*coros, timeout=timeout)
        try:
            pending = first.send(None)
        except StopIteration as done:
            _close(coros[1:])
            return WaitResults([first], [done.value], False)
        except BaseException:
            _close(coros[1:])
            raise
        return await super().wait_first(_finish(first, pending), *coros[1:])


class Producer(aiokafka_driver.Producer):
    """Faust's aiokafka producer, idempotent: a send the client retries (a leader that moved, a broker
    restarted mid-request) is written once. Faust turns idempotence on only inside its transactions; the
    worker sends with acks=all, which idempotence requires anyway."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {"acks": "all", "enable_idempotence": True}


class Transport(aiokafka_driver.Transport):
    """Faust's aiokafka transport with the consumer and producer above."""

    Consumer = Consumer
    Producer = Producer
