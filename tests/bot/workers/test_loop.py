"""The queue workers' loop: another round at once when work may be left, else a wait ended by a wake."""

from __future__ import annotations

import asyncio

from bot.workers.loop import WakeLoop


async def test_rounds_follow_at_once_while_work_is_left_then_wait_for_a_wake() -> None:
    loop = WakeLoop(idle=60)
    left = [True, True, False, False]
    rounds: list[bool] = []
    second_wait = asyncio.Event()

    async def round_() -> bool:
        more = left.pop(0)
        rounds.append(more)
        if len(rounds) == 3:
            loop.wake()  # woken while a round runs: the wait that follows ends at once
        if len(rounds) == 4:
            second_wait.set()
        return more

    task = asyncio.create_task(loop.run(round_))
    try:
        async with asyncio.timeout(2):
            await second_wait.wait()
        await asyncio.sleep(0.05)
        assert rounds == [True, True, False, False]  # and now it waits (idle is a minute)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_wait_nobody_ends_runs_the_idle_step() -> None:
    loop = WakeLoop(idle=0.01)
    idled = asyncio.Event()

    async def nothing() -> bool:
        return False

    async def on_idle() -> None:
        idled.set()

    task = asyncio.create_task(loop.run(nothing, on_idle))
    try:
        async with asyncio.timeout(2):
            await idled.wait()
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
