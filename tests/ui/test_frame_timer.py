"""A frame that follows another within two intervals waits for the next beat of the screen's timer,
not the one after (quizapp.ui.frame_timer)."""

from __future__ import annotations

import asyncio
import time

from textual.app import App

import quizapp.ui.app  # noqa: F401  (installs the timer fix, as the app does)

INTERVAL = 0.1


def test_a_tick_after_a_late_one_comes_on_the_next_beat() -> None:
    ticks: list[float] = []

    async def go() -> None:
        app: App[None] = App()
        async with app.run_test() as pilot:
            def tick() -> None:
                ticks.append(time.monotonic())
                timer.pause()  # as the screen's timer pauses itself when it has painted

            timer = app.set_interval(INTERVAL, tick)
            await pilot.pause(INTERVAL * 1.5)  # the first beat ticks, then the timer is paused
            assert len(ticks) == 1
            await pilot.pause(INTERVAL * 2)  # about half-way between two beats
            timer.resume()  # a late tick, at once
            await pilot.pause(INTERVAL * 0.1)
            assert len(ticks) == 2
            timer.resume()  # due on the next beat
            await pilot.pause(INTERVAL * 2)
            assert len(ticks) == 3

    asyncio.run(go())
    first, late, following = ticks
    to_next_beat = INTERVAL - (late - first) % INTERVAL  # the beats fall where the first tick fell
    # On the next beat; Textual's own timer waited for the beat after it (a whole interval more).
    assert following - late < to_next_beat + INTERVAL / 2, (following - late, to_next_beat)
