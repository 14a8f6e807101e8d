"""A table of one-line text rows with fixed columns, drawn line by line: what browse lists.

DataTable measures every cell of every new row, lays the screen out again and draws each cell
through Rich: about 60 ms of the UI thread for each search keystroke's page of 100 rows at a
million items (issue 15), while the query took 10-25 ms. Here a row is one string cut to the
columns' widths when it is first drawn, drawn as one segment in one style, and new rows of the
same count repaint the table without a layout. The columns have fixed widths (one of them takes
the room left), so they do not jump from one search to the next either.

Every cell is shown as written: never read as markup, its control characters made visible
(quizapp.printable), a newline or tab shown as a space.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from quizapp.printable import printable

GAP = 1  # blank cells before each cell's text
BOLD = Style(bold=True)
_FLAT = str.maketrans("\n\t", "  ")


@dataclass(frozen=True)
class Column:
    """One column: its key (named in HeaderSelected), its label and its width in cells; the
    column without a width takes the room the others leave (at least `least`). A column with
    `shown_from` is left out while the table is narrower than that many cells, so that the one
    taking the room stays readable in a small terminal."""

    key: str
    label: str
    width: int | None = None
    right: bool = False  # justified to the right (numbers)
    least: int = 10
    most: int | None = None  # the widest the column without a width grows (None: the whole room)
    shown_from: int = 0


def widest(texts: Iterable[str], least: int = 0) -> int:
    """The cells the widest of `texts` takes as a table shows it (at least `least`)."""
    return max([least, *(cell_len(printable(text)) for text in texts)])


def fit(text: str, width: int, *, right: bool = False) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis when too long, padded when short."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, width - 1) + "…"
    return " " * (width - size) + text if right else text + " " * (width - size)


class LineTable(ScrollView, can_focus=True):
    """Rows of text under a header line that stays in place; a row cursor moved by the keys,
    the mouse or `move_cursor`."""

    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .line-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .line-table--header {
                background-tint: $foreground 5%;
            }
        }
        & > .line-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .line-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .line-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .line-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header", "line-table--even-row", "line-table--cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,ctrl+home", "cursor_to(0)", "First", show=False),
        Binding("end,ctrl+end", "cursor_to(-1)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    class _Row(Message):
        def __init__(self, table: LineTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> LineTable:
            return self.table

    class RowHighlighted(_Row):
        """The cursor moved to another row, or the rows under it changed."""

    class Selected(_Row):
        """Enter, or a click on the row under the cursor."""

    class HeaderSelected(Message):
        """A column's label was clicked."""

        def __init__(self, table: LineTable, column_key: str) -> None:
            super().__init__()
            self.table = table
            self.column_key = column_key

        @property
        def control(self) -> LineTable:
            return self.table

    def __init__(self, columns: Sequence[Column], *, cursor: bool = True, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.show_cursor = cursor  # without it, a table to read: no cursor drawn, never focused
        self.can_focus = cursor
        self.columns = list(columns)
        self.labels = {column.key: column.label for column in self.columns}
        self.rows: list[tuple[str, ...]] = []
        self.strong: frozenset[int] = frozenset()  # rows drawn in bold (a total)
        self.cursor_row = 0
        self._widths: list[int] = []
        self._lines: dict[int, str] = {}  # row index -> the row cut to the widths, as drawn
        self._styles: dict[str, Style] = {}

    # -- the rows ------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Show the rows under other columns (widths that fit the rows to come)."""
        self.columns = list(columns)
        self.labels = {column.key: column.label for column in self.columns}
        self._widths = []
        self._lines.clear()
        self._resized()
        self.refresh()

    def set_rows(self, rows: Sequence[Sequence[str]], cursor: int = 0, *, strong: Collection[int] = ()) -> None:
        """Show `rows` instead (one string per column), from the top, with the cursor on `cursor`
        and the rows `strong` in bold."""
        self.rows = [self._safe(row) for row in rows]
        self.strong = frozenset(strong)
        self._lines.clear()
        self.scroll_to(y=0, animate=False, immediate=True)
        self._resized()
        self.move_cursor(cursor, always=True)
        self.refresh()

    def add_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Add `rows` after the last one (the next page)."""
        self.rows += [self._safe(row) for row in rows]
        self._resized()
        self.refresh()

    def row_text(self, index: int) -> str:
        """Row `index` as drawn at the table's width."""
        text = self._lines.get(index)
        if text is None:
            text = self._lines[index] = self._line(self.rows[index])
        return text

    def set_label(self, key: str, label: str) -> None:
        self.labels[key] = label
        self.refresh(Region(0, 0, self.size.width, 1))  # the header stays on top

    def _safe(self, row: Sequence[str]) -> tuple[str, ...]:
        return tuple(printable(text).translate(_FLAT) for text in row)

    # -- the cursor ----------------------------------------------------------------------------

    def move_cursor(self, row: int, *, always: bool = False) -> None:
        """Put the cursor on `row` (kept within the rows) and scroll it into view."""
        row = max(0, min(row, len(self.rows) - 1))
        moved = row != self.cursor_row
        if moved:
            self.refresh_line(1 + self.cursor_row)  # a row's line below the header
            self.cursor_row = row
            self.refresh_line(1 + row)
        self._cursor_in_view()
        if (moved or always) and self.rows:
            self.post_message(self.RowHighlighted(self, row))

    @property
    def _page_rows(self) -> int:
        """Rows shown at once (the header takes a line)."""
        return max(1, self.scrollable_content_region.height - 1)

    def _cursor_in_view(self) -> None:
        top = self.scroll_offset.y
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + self._page_rows:
            self.scroll_to(y=self.cursor_row - self._page_rows + 1, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self._page_rows)

    def action_cursor_to(self, row: int) -> None:
        self.move_cursor(row if row >= 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows and self.show_cursor:
            self.post_message(self.Selected(self, self.cursor_row))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            x = offset.x
            for column, width in zip(self.columns, self._widths, strict=False):
                if not width:
                    continue  # left out at this width
                if x < GAP + width:
                    self.post_message(self.HeaderSelected(self, column.key))
                    return
                x -= GAP + width
        elif self.show_cursor and (row := self.scroll_offset.y + offset.y - 1) < len(self.rows):
            if row == self.cursor_row:
                self.action_select()  # a click on the highlighted row chooses it, as in DataTable
            else:
                self.move_cursor(row)

    # -- drawing -------------------------------------------------------------------------------

    def _resized(self) -> None:
        room = self.scrollable_content_region.width
        shown = [c for c in self.columns if room >= c.shown_from]
        fixed = sum(c.width or 0 for c in shown) + GAP * (len(shown) + 1)
        widths = [0 if room < c.shown_from else c.width if c.width is not None
                  else max(c.least, min(room - fixed, c.most or room)) for c in self.columns]
        if widths != self._widths:
            self._widths = widths
            self._lines.clear()
        self.virtual_size = Size(self._length, len(self.rows) + 1)

    @property
    def _length(self) -> int:
        """Cells in a line of the columns."""
        return sum(self._widths) + GAP * (sum(1 for w in self._widths if w) + 1)

    def on_resize(self) -> None:
        self._resized()
        self._cursor_in_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self.refresh()

    def _style(self, kind: str) -> Style:
        """The style of a kind of line ("" a plain row), kept until the styles change (focus)."""
        style = self._styles.get(kind)
        if style is None:
            base = self.rich_style
            style = self._styles[kind] = base + self.get_component_rich_style(kind) if kind else base
        return style

    def _line(self, cells: Sequence[str]) -> str:
        gap = " " * GAP
        return "".join(gap + fit(text, width, right=column.right)
                       for column, width, text in zip(self.columns, self._widths, cells, strict=False) if width) + gap

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._strip(self._line([self.labels[c.key] for c in self.columns]), self._style("line-table--header"),
                               width)
        index = self.scroll_offset.y + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self._style(""))
        if index == self.cursor_row and self.show_cursor:
            kind = "line-table--cursor"
        else:
            kind = "line-table--even-row" if index % 2 == 0 else ""
        style = self._style(kind)
        return self._strip(self.row_text(index), style + BOLD if index in self.strong else style, width)

    def _strip(self, text: str, style: Style, width: int) -> Strip:
        """One line: `text` (as long as the columns) scrolled sideways when the columns are wider
        than the table, filled to the table's width when narrower."""
        length = self._length
        strip = Strip([Segment(text, style)], length)
        x = self.scroll_offset.x
        if x or length > width:
            strip = strip.crop(x, x + width)
        return strip.extend_cell_length(width, style) if strip.cell_length < width else strip
