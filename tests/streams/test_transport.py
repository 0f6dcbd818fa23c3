"""The consumer's cheaper hand-over (streams/worker/transport.py): a callback that does not wait finishes
inline; one that waits finishes through `wait_first` as before, and a suspended flow still cancels it."""

from __future__ import annotations

import asyncio
from typing import Any

import faust

from streams.worker.transport import Consumer, Transport, resume


def _consumer() -> Consumer:
    app = faust.App("qinglang-test-transport", broker="kafka://127.0.0.1:1")
    app.transport = Transport(app.conf.broker_consumer, app)
    consumer = app.consumer
    assert isinstance(consumer, Consumer)
    return consumer


def test_a_callback_that_does_not_wait_finishes_inline_and_the_other_waiter_is_closed() -> None:
    async def main() -> None:
        consumer = _consumer()
        flow = asyncio.Event()
        seen: list[str] = []

        async def callback() -> str:
            seen.append("ran")
            return "done"

        waiter = flow.wait()
        asyncio.get_running_loop().call_soon(seen.append, "loop turned")
        result = await consumer.wait_first(callback(), waiter)
        assert seen == ["ran"]  # before the loop turned: no task was made for it
        assert result.results == ["done"] and not result.stopped
        assert waiter.cr_frame is None  # closed, never left to warn

    asyncio.run(main())


def test_a_callback_that_waits_resumes_where_it_stopped_with_what_it_awaited() -> None:
    async def main() -> None:
        consumer = _consumer()
        queue: asyncio.Queue[int] = asyncio.Queue(maxsize=1)
        queue.put_nowait(1)
        steps: list[Any] = []

        async def callback() -> str:
            steps.append("before")
            await queue.put(2)  # the buffer is full: this waits
            steps.append(await asyncio.sleep(0, result="slept"))
            return "delivered"

        async def drain() -> None:
            await asyncio.sleep(0.01)
            steps.append(("took", queue.get_nowait()))

        drainer = asyncio.create_task(drain())
        result = await consumer.wait_first(callback(), asyncio.Event().wait())
        await drainer
        assert result.results == ["delivered"]
        assert steps == ["before", ("took", 1), "slept"]
        assert queue.get_nowait() == 2

    asyncio.run(main())


def test_a_waiting_callback_is_cancelled_when_the_flow_is_suspended() -> None:
    async def main() -> None:
        consumer = _consumer()
        suspended = asyncio.Event()
        blocker = asyncio.Event()
        cleaned: list[str] = []

        async def callback() -> None:
            try:
                await blocker.wait()
            except asyncio.CancelledError:
                cleaned.append("cancelled")
                raise

        asyncio.get_running_loop().call_later(0.01, suspended.set)
        result = await consumer.wait_first(callback(), suspended.wait())
        await asyncio.sleep(0)
        assert cleaned == ["cancelled"]
        assert result.results == [True]  # the suspension won

    asyncio.run(main())


def test_a_callback_error_propagates_from_either_step() -> None:
    async def main() -> None:
        consumer = _consumer()

        async def at_once() -> None:
            raise ValueError("first step")

        async def later() -> None:
            await asyncio.sleep(0)
            raise KeyError("second step")

        for callback, kind in ((at_once, ValueError), (later, KeyError)):
            waiter = asyncio.Event().wait()
            try:
                await consumer.wait_first(callback(), waiter)
            except kind:
                pass
            else:
                raise AssertionError(f"{kind.__name__} did not propagate")

    asyncio.run(main())


def test_resume_throws_into_the_coroutine_and_lets_it_recover() -> None:
    async def main() -> None:
        gate = asyncio.Event()

        async def stubborn() -> str:
            try:
                await gate.wait()
            except asyncio.CancelledError:
                await asyncio.sleep(0)  # recovers and goes on
                return "recovered"
            return "opened"

        coro = stubborn()
        pending = coro.send(None)
        task = asyncio.ensure_future(resume(coro, pending))
        await asyncio.sleep(0)
        task.cancel()
        assert await task == "recovered"

    asyncio.run(main())
