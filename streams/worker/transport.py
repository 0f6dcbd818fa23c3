"""Faust's Kafka transport with a cheaper hand-over of each consumed record, and fetches that wait to fill.

Faust's fetcher hands every record to the topic conductor through `Service.wait_first(callback(message),
suspend_flow.wait())`, which wraps the callback and three events (flow suspended, service stopped, service
crashed) in four tasks and an `asyncio.wait`, then cancels three of them: about a tenth of a busy worker's
main thread went there. Nearly always the callback finishes without waiting (it puts the record in the
agent's buffer, which has room), and it would have finished the same way inside its task: a task's first
step runs before any other waiter's. So the callback's first step runs inline; only a callback that has
to wait (a full buffer) goes through `wait_first` as before, from where it stopped, so a suspended flow
or a stopping worker still cancels it.

The worker's fetches ask the broker to hold each fetch until it has a batch's worth of records
(`FETCH_MIN_BYTES`) or the batch wait (`QINGLANG_BATCH_WAIT`) has passed. Faust asks for one byte: under a
steady stream every fetch then comes back with the few records that arrived since the last one, hundreds
of fetches a second, and the consumer's thread takes the interpreter from the thread that decides (0.20 of
a core at 2,000 records/s offered) while the broker answers them. A taken batch waits that long to fill
anyway, so no record is held longer; a backlog is fetched at once as before. The price is paid when idle:
an empty fetch every batch wait instead of every 1.5 s (docs/performance.md has both sides measured).
"""

from __future__ import annotations

import asyncio
import types
from collections.abc import Awaitable, Callable, Coroutine, Generator, Mapping
from typing import Any

import aiokafka
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


FETCH_MIN_BYTES = 1 << 20  # a fetch returns once it holds this much, or after the transport's fetch wait


class ConsumerThread(aiokafka_driver.AIOKafkaConsumerThread):
    """Faust's consumer thread, whose worker consumer's fetches wait to fill (see the module docstring)."""

    def _create_worker_consumer(self, transport: aiokafka_driver.Transport) -> aiokafka.AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        # Faust passes neither a fetch size nor a wait of its choosing: set what the consumer hands its
        # fetcher when it starts (tests/streams/test_transport.py checks that they reach the fetcher)
        wait_s = transport.fetch_max_wait_s if isinstance(transport, Transport) else Transport.fetch_max_wait_s
        consumer._fetch_min_bytes = FETCH_MIN_BYTES
        consumer._fetch_max_wait_ms = max(1, round(wait_s * 1000))
        return consumer


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

    def _new_consumer_thread(self) -> aiokafka_driver.AIOKafkaConsumerThread:
        return ConsumerThread(self, loop=self.loop, beacon=self.beacon)

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
    # how long the broker may hold a fetch that has less than FETCH_MIN_BYTES; the worker sets its batch wait
    fetch_max_wait_s: float = 0.5
