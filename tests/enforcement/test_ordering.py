"""The batch turnstile: steps that touch other accounts run in batch order, point by point."""

from __future__ import annotations

import asyncio

from enforcement.ordering import (
    BRAKES,
    LEDGER,
    OWNER,
    Turnstile,
    issued,
    pass_point,
    take_place,
    turn,
    wait_for_writers,
)


def _run(*coroutines: object) -> None:
    async def main() -> None:
        await asyncio.gather(*coroutines)  # type: ignore[arg-type]
    asyncio.run(main())


def test_a_point_is_entered_in_batch_order_whatever_order_the_events_reach_it() -> None:
    order: list[int] = []

    async def event(turnstile: Turnstile, position: int, delay_steps: int) -> None:
        take_place(turnstile, position)
        for _ in range(delay_steps):
            await asyncio.sleep(0)
        async with turn(BRAKES):
            order.append(position)
        turnstile.finish(position)

    async def batch() -> None:
        turnstile = Turnstile([False] * 4)
        # the last event is ready first, the first event last
        await asyncio.gather(*(event(turnstile, i, 8 - 2 * i) for i in range(4)))

    _run(batch())
    assert order == [0, 1, 2, 3]


def test_a_later_point_of_an_earlier_event_does_not_hold_back_an_earlier_point_of_a_later_one() -> None:
    log: list[str] = []

    async def batch() -> None:
        turnstile = Turnstile([False, False])
        first_in_ledger = asyncio.Event()
        release_first = asyncio.Event()

        async def first() -> None:
            take_place(turnstile, 0)
            async with turn(BRAKES):
                log.append("0 brakes")
            async with turn(LEDGER):
                first_in_ledger.set()
                await release_first.wait()
                log.append("0 ledger")
            turnstile.finish(0)

        async def second() -> None:
            take_place(turnstile, 1)
            await first_in_ledger.wait()
            async with turn(BRAKES):  # the first event is past its brakes: no wait for its ledger
                log.append("1 brakes")
            release_first.set()
            async with turn(LEDGER):
                log.append("1 ledger")
            turnstile.finish(1)

        await asyncio.gather(first(), second())

    _run(batch())
    assert log == ["0 brakes", "1 brakes", "0 ledger", "1 ledger"]


def test_an_event_that_skips_points_lets_the_next_ones_through_when_it_says_so_or_finishes() -> None:
    log: list[str] = []

    async def batch() -> None:
        turnstile = Turnstile([False, False, False])
        go_on = asyncio.Event()

        async def clean() -> None:  # never strikes; passes everything once it knows
            take_place(turnstile, 0)
            await go_on.wait()
            pass_point(OWNER)
            log.append("0 passed")
            await asyncio.sleep(0)
            turnstile.finish(0)

        async def striking(position: int) -> None:
            take_place(turnstile, position)
            async with turn(LEDGER):
                log.append(f"{position} ledger")
            turnstile.finish(position)

        async def release() -> None:
            for _ in range(5):
                await asyncio.sleep(0)
            assert log == []  # nobody passed the first event
            go_on.set()

        await asyncio.gather(clean(), striking(1), striking(2), release())

    _run(batch())
    assert log == ["0 passed", "1 ledger", "2 ledger"]


def test_readers_of_cross_account_state_wait_for_earlier_writers_only() -> None:
    log: list[str] = []

    async def batch() -> None:
        turnstile = Turnstile([True, False, False])
        writer_done = asyncio.Event()

        async def writer() -> None:
            take_place(turnstile, 0)
            await writer_done.wait()
            log.append("writer")
            turnstile.finish(0)

        async def slow_plain() -> None:  # not a writer: never waited for by the reader
            take_place(turnstile, 1)
            for _ in range(50):
                await asyncio.sleep(0)
            log.append("plain")
            turnstile.finish(1)

        async def reader() -> None:
            take_place(turnstile, 2)
            writer_done.set()
            await wait_for_writers()
            log.append("reader")
            turnstile.finish(2)

        await asyncio.gather(writer(), slow_plain(), reader())

    _run(batch())
    assert log.index("writer") < log.index("reader") < log.index("plain")


def test_outside_a_batch_nothing_waits() -> None:
    async def alone() -> None:
        await wait_for_writers()
        async with turn(OWNER, hold=True):
            pass
        async with turn(BRAKES):
            pass_point(OWNER)

    asyncio.run(asyncio.wait_for(alone(), 1))


def test_a_held_step_lets_the_next_event_in_only_when_it_leaves_not_when_its_first_command_is_queued() -> None:
    log: list[str] = []

    async def batch(hold: bool) -> None:
        turnstile = Turnstile([False, False])

        async def first() -> None:
            take_place(turnstile, 0)
            pass_point(LEDGER)
            async with turn(OWNER, hold=hold):
                issued()  # its first command is queued ...
                for _ in range(4):
                    await asyncio.sleep(0)  # ... and its reply awaited
                log.append("0 leaves")
            turnstile.finish(0)

        async def second() -> None:
            take_place(turnstile, 1)
            pass_point(LEDGER)
            async with turn(OWNER):
                log.append("1 enters")
            turnstile.finish(1)

        await asyncio.gather(first(), second())

    _run(batch(hold=False))
    assert log == ["1 enters", "0 leaves"]  # a plain step is passed once its command is queued
    log.clear()
    _run(batch(hold=True))
    assert log == ["0 leaves", "1 enters"]
