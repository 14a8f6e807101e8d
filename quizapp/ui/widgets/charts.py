"""Bar charts and sparklines drawn with block characters.

They replace plotext on the statistics screen: importing and drawing plotext's four charts cost
more than the figures themselves (about 0.1 s of the screen's 0.3 s at 10,000 items), and it
failed on empty data. These are built in well under a millisecond, with one span per run of a
style, read as text in a snapshot, and show a chart with nothing to draw as its numbers line
says (the caller hides it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from textual.content import Content

from quizapp.printable import printable

S = TypeVar("S")  # a part's style: its name or a parsed Style
EIGHTHS = " ▁▂▃▄▅▆▇█"  # a cell filled from the bottom in eighths
BAR = "$accent"
AXIS = "$text-muted"


@dataclass(frozen=True)
class Bars:
    """What a bar chart shows: one bar per value, with its label under it."""

    labels: Sequence[str]
    values: Sequence[float]
    top: float | None = None  # the value at the top of the chart (None: the largest, at least 1)
    unit: str = ""  # after the axis figures, such as "%"
    line: float | None = None  # a level drawn across the chart (the desired retention)


def _figure(value: float, unit: str) -> str:
    return f"{value:.0f}{unit}"


def bar_chart(bars: Bars, width: int, height: int) -> Content:
    """`bars` in `height` lines (the last one holds the labels) and at most `width` cells.

    Each bar is as wide as the room allows (one to five cells, with a gap); a label is left
    out where it would run into the one before."""
    values = [max(0.0, float(v)) for v in bars.values]
    if not values or height < 2:
        return Content("")
    top = bars.top if bars.top is not None else max(1.0, max(values))
    rows = height - 1
    axis = max(len(_figure(top, bars.unit)), len(_figure(0, bars.unit)))
    step = max(1, min(8, (width - axis - 2) // len(values)))  # cells per bar, gap included
    thick = max(1, min(5, step - 1))
    line_row = None if bars.line is None else min(rows - 1, int(bars.line / top * rows)) if top else None
    lines: list[Content] = []
    for row in range(rows - 1, -1, -1):  # the top line first; row 0 is the bottom
        label = _figure(top, bars.unit) if row == rows - 1 else _figure(0, bars.unit) if row == 0 else ""
        parts: list[tuple[str, str]] = [(f"{label:>{axis}} │", AXIS)]
        for value in values:
            filled = value / top * rows - row if top else 0.0
            eighths = 8 if filled >= 1 else max(0, round(filled * 8))
            if eighths:
                parts.append((EIGHTHS[eighths] * thick, BAR))
            elif row == line_row:
                parts.append(("┈" * thick, AXIS))
            else:
                parts.append((" " * thick, BAR))  # blank: any style, so it joins the bars beside it
            gap = step - thick
            if gap:
                parts.append(("┈" * gap, AXIS) if row == line_row else (" " * gap, BAR))
        lines.append(Content.assemble(*joined(parts)))
    under = [" "] * (axis + 2 + step * len(values))
    free = axis + 2
    for n, text in enumerate(bars.labels[: len(values)]):
        shown = printable(text)
        at = axis + 2 + n * step
        if at >= free and at + len(shown) <= len(under):
            under[at : at + len(shown)] = list(shown)
            free = at + len(shown) + 1
    lines.append(Content.styled("".join(under).rstrip(), AXIS))
    return Content("\n").join(lines)


def joined(parts: Sequence[tuple[str, S]]) -> list[tuple[str, S]]:
    """Neighbouring parts of one style as one: a line of 30 bars is then one or two spans, not 60
    (drawing the forecast's spans one by one cost 15 ms of the statistics' first frame)."""
    joined: list[tuple[str, S]] = []
    for text, style in parts:
        if joined and joined[-1][1] == style:
            joined[-1] = (joined[-1][0] + text, style)
        else:
            joined.append((text, style))
    return joined


def sparkline(values: Sequence[float], top: float = 100.0) -> str:
    """Values from 0 to `top` as one line of eighth blocks (an empty value shows as the lowest)."""
    return "".join(EIGHTHS[max(1, min(8, round(max(0.0, v) / top * 8)))] if top else EIGHTHS[1] for v in values)
