"""A DataTable that draws its one-line text cells without Rich's general layout pipeline.

DataTable draws every cell through Rich (a Padding in a Styled, laid out by `render_lines`),
about 0.15 ms a cell: a frame of browse (22 rows of 7 cells) spent about 25 ms there, paid again
for each search keystroke, since new rows invalidate the cell cache. Our cells are one line of
`Text` in rows one line high, so the same segments are made directly: the text justified and cut
by Rich's own `Text.wrap`, padded, with the same styles layered before and after. Anything else
(headers, taller rows, other renderables) takes DataTable's path. `tests/ui/test_table.py` checks
that both paths draw the same segments; textual is pinned exactly, since this replaces a private
method of its DataTable.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual._types import SegmentLines
from textual.widgets import DataTable

_NULL = Style.null()
_JOIN = Text("\n")


class Table(DataTable[Text]):
    """DataTable with a fast path for one-line text cells."""

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int, cursor: bool = False,
                     hover: bool = False) -> SegmentLines:
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = (row_key, column_key, base_style, cursor, hover,
               self._show_hover_cursor, self._update_count, self._pseudo_class_state)
        cached: SegmentLines | None = self._cell_render_cache.get(key)
        if cached is not None:
            return cached
        content: Any = self._get_row_renderables(row_index).cells[column_index]
        if (self.rows[row_key].height != 1 or width <= 2 * self.cell_padding or type(content) is not Text
                or "\n" in content.plain
                or "\t" in content.plain):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css",
        )
        # The cell's place (for mouse clicks) is added last, to each finished style: styles without
        # it repeat from cell to cell, so Rich's cache of style sums answers most of them.
        pre_style = base_style + component_style
        place = Style.from_meta({"row": row_index, "column": column_index})
        pad = self.cell_padding
        inner = max(0, width - 2 * pad)
        console = self.app.console
        if content.justify in (None, "default") and content.cell_len <= inner:
            line = content  # nothing to cut or move: what Text.wrap would return, without its copies
        else:
            (line,) = content.wrap(console, inner, justify=content.justify or "default",
                                   overflow=content.overflow or "fold", no_wrap=True)
        segments = [Segment(" " * pad, _NULL)] if pad else []
        # Joined as Text.__rich_console__ joins its lines: the line's own style becomes a span
        # (Text.render drops the style of a text without spans).
        segments += _JOIN.join([line]).render(console, end="")
        missing = inner - line.cell_len
        if missing > 0:
            segments.append(Segment(" " * missing, _NULL))
        if pad:
            segments.append(Segment(" " * pad, _NULL))
        lines = [[Segment(text, (style or _NULL) + place) for text, style, _ in
                  Segment.apply_style(Segment.adjust_line_length(segments, width), pre_style, post_style)]]
        self._cell_render_cache[key] = lines
        return lines
