"""A page of text blocks in one widget, drawn line by line: the statistics, and browse's detail.

The statistics were some twenty Statics and charts, each mounted, styled, laid out and drawn
through Textual's per-widget machinery: about 60 ms of the UI thread before the first frame
(issue 15). Here each block (a section's title, its chart, its figures) is wrapped to the width
once, kept as strips until the width or the blocks change, and handed out a line at a time.

A block is Content or a function of the width that gives it (a chart as wide as the page); a
chart block is left out while the page shows numbers only. Text reaches a block as Content, built
with `plain()` by the caller, so it is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget


@dataclass(frozen=True)
class Block:
    """One block of the page: its name, its text (or how to draw it at a width), and whether it
    is a chart (hidden in numbers-only mode)."""

    name: str
    content: Content | Callable[[int], Content]
    chart: bool = False
    height: int = 0  # the lines a block drawn by a function takes (charts do not wrap)


class Page(Widget):
    """Blocks of text one under the other, as tall as they are once wrapped to the width."""

    DEFAULT_CSS = """
    Page {
        height: auto;
    }
    """

    def __init__(self, blocks: Sequence[Block] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._blocks = list(blocks)
        self._charts = True
        self._drawn: tuple[int, list[Strip], dict[str, range]] | None = None  # width, lines, each block's lines

    def set_blocks(self, blocks: Sequence[Block]) -> None:
        """Show these blocks instead: repainted in place when they take as many lines as the ones
        before, so the screen is not laid out again (browse's detail pane, at each keystroke)."""
        width = self.content_size.width
        before = len(self._drawn[1]) if self._drawn is not None and self._drawn[0] == width else None
        self._blocks = list(blocks)
        self._drawn = None
        if width and before == self.get_content_height(self.size, self.size, width):
            self.refresh()
        else:
            self.refresh(layout=True)

    @property
    def charts(self) -> bool:
        """Whether the chart blocks are shown."""
        return self._charts

    @charts.setter
    def charts(self, shown: bool) -> None:
        self._charts = shown
        self._drawn = None
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn = None  # the theme's colours are in the strips

    def _lines(self, width: int) -> tuple[list[Strip], dict[str, range]]:
        if self._drawn is None or self._drawn[0] != width:
            lines: list[Strip] = []
            where: dict[str, range] = {}
            style = self.visual_style
            for block in self._shown():
                content = block.content(width) if callable(block.content) else block.content
                start = len(lines)
                for line in content.split("\n"):
                    if line.cell_length <= width:  # most lines, and every chart's: no wrapping to do
                        segments = [Segment(text, part.rich_style)
                                    for text, part in line.render(style, end="", parse_style=self._get_style)]
                        lines.append(Strip(segments, line.cell_length))
                    else:
                        lines.extend(Visual.to_strips(self, line, width, None, style))
                where[block.name] = range(start, len(lines))
            if len(lines) != self.get_content_height(self.size, self.size, width):
                self.refresh(layout=True)  # a block drawn taller or shorter than it said: lay out again
            self._drawn = (width, lines, where)
        return self._drawn[1], self._drawn[2]

    def _shown(self) -> list[Block]:
        return [block for block in self._blocks if self._charts or not block.chart]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # Layout asks at passing widths (before the scrollbar and padding are settled): counting
        # the lines spares drawing the charts at each of them.
        if self._drawn is not None and self._drawn[0] == width:
            return len(self._drawn[1])
        return sum(block.height if callable(block.content) else self._wrapped(block.content, width)
                   for block in self._shown())

    def _wrapped(self, content: Content, width: int) -> int:
        """The lines `content` takes at `width`."""
        style = self.visual_style
        return sum(1 if line.cell_length <= width else len(Visual.to_strips(self, line, width, None, style))
                   for line in content.split("\n"))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines, _ = self._lines(width)
        return lines[y] if y < len(lines) else Strip.blank(width)

    def text(self, name: str) -> str:
        """A block's text as written, before wrapping ("" when there is no such block)."""
        width = self.content_size.width
        for block in self._blocks:
            if block.name == name:
                return (block.content(width) if callable(block.content) else block.content).plain
        return ""

    def lines(self, name: str) -> list[str]:
        """A block's lines as shown at the page's width ([] when it is not shown)."""
        lines, where = self._lines(self.content_size.width)
        return [lines[y].text.rstrip() for y in where.get(name, range(0))]
