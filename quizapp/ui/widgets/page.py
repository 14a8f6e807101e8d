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
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget

_PADDING = "padding"  # the name of the blank lines that keep a page's height


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
        # A text block's lines, and a long line's strips at a width: counting the lines for the
        # layout and drawing them wrapped each line once, not twice (browse's detail, each key).
        self._split: dict[int, list[Content]] = {}
        self._wraps: dict[tuple[int, int, int], list[Strip]] = {}

    def set_blocks(self, blocks: Sequence[Block], *, slack: int = 0) -> None:
        """Show these blocks instead: repainted in place when they take as many lines as the ones
        before, so the screen is not laid out again (browse's detail pane, at each keystroke).

        With `slack`, blocks fewer than `slack` lines shorter than the ones before keep the page's
        height, blank lines below them, and are repainted in place too. Browse's detail pane passes
        its height: a detail a line or two shorter than the one before laid the screen out again."""
        width = self.content_size.width
        before = len(self._drawn[1]) if self._drawn is not None and self._drawn[0] == width else None
        self._blocks = list(blocks)
        self._forget()
        if not width or before is None:
            self.refresh(layout=True)
            return
        height = self.get_content_height(self.size, self.size, width)
        if before - slack < height < before:
            self._blocks.append(Block(_PADDING, Content("\n" * (before - height))))  # n newlines: n blank lines
            height = before
        self.refresh(layout=height != before)

    @property
    def charts(self) -> bool:
        """Whether the chart blocks are shown."""
        return self._charts

    @charts.setter
    def charts(self, shown: bool) -> None:
        self._charts = shown
        self._forget()
        self.refresh(layout=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget()  # the theme's colours are in the strips

    def _forget(self) -> None:
        self._drawn = None
        self._split.clear()
        self._wraps.clear()

    def _lines(self, width: int) -> tuple[list[Strip], dict[str, range]]:
        if self._drawn is None or self._drawn[0] != width:
            lines: list[Strip] = []
            where: dict[str, range] = {}
            style = self.visual_style
            for block in self._shown():
                start = len(lines)
                drawn = block.content(width).split("\n") if callable(block.content) else self._lines_of(block)
                for n, line in enumerate(drawn):
                    if line.cell_length <= width:  # most lines, and every chart's: no wrapping to do
                        lines.append(Strip(self._segments(line, style), line.cell_length))
                    else:
                        lines.extend(self._wrap(block, n, line, width))
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
        return sum(block.height if callable(block.content) else self._wrapped(block, width)
                   for block in self._shown())

    def _wrapped(self, block: Block, width: int) -> int:
        """The lines a text block takes at `width`."""
        return sum(1 if line.cell_length <= width else len(self._wrap(block, n, line, width))
                   for n, line in enumerate(self._lines_of(block)))

    def _lines_of(self, block: Block) -> list[Content]:
        assert not callable(block.content)
        split = self._split.get(id(block))
        if split is None:
            split = self._split[id(block)] = block.content.split("\n")
        return split

    def _wrap(self, block: Block, n: int, line: Content, width: int) -> list[Strip]:
        key = (id(block), n, width)
        strips = self._wraps.get(key)
        if strips is None:
            strips = self._wraps[key] = Visual.to_strips(self, line, width, None, self.visual_style)
        return strips

    def _segments(self, line: Content, style: Style) -> list[Segment]:
        return [Segment(text, part.rich_style) for text, part in line.render(style, end="", parse_style=self._get_style)]

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
