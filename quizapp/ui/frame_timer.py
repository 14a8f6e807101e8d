"""Textual's interval timers wait one interval too long after a pause; this puts the tick due next
back on the next beat (textual is pinned exactly, since this replaces a private method).

A screen paints from an interval timer (60 a second) that is paused while nothing changes. Its
ticks fall on a fixed beat; when a tick is late (the timer was paused), Timer._run skips the
missed beats with `count = int((now - start) / interval + 1)` and then waits for beat `count + 1`:
the second beat after now, not the first. So a frame that follows another within two intervals
(browse: the typed character shown, then the search's results) waited 16.7-33 ms for its beat
instead of 0-16.7 ms: a timeline of a search keystroke showed the results ready 15 ms before
they were painted. The beat, and so the rate of frames, is unchanged.
"""

from __future__ import annotations

from textual import _time
from textual.timer import EventTargetGone, Timer


async def _run(self: Timer) -> None:
    """Timer._run of textual 8.2.8, with missed beats skipped to the next one."""
    count = 0
    repeat = self._repeat
    interval = self._interval
    await self._active.wait()
    start = _time.get_time()
    while repeat is None or count <= repeat:
        next_timer = start + (count + 1) * interval
        now = _time.get_time()
        if self._skip and next_timer < now:
            count = int((now - start) / interval)  # beats passed: the one due next is count + 1
            continue
        await _time.sleep(max(0, next_timer - now))
        count += 1
        await self._active.wait()
        if self._reset:
            start = _time.get_time()
            count = 0
            self._reset = False
            continue
        try:
            await self._tick(next_timer=next_timer, count=count)
        except EventTargetGone:
            break


def install() -> None:
    """Make every Textual timer of this process skip missed beats to the next one."""
    Timer._run = _run  # type: ignore[method-assign]
