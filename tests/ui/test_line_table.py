"""The table browse lists its cards in: rows cut to fixed columns, shown as written, a cursor moved
by keys and clicks, and new rows repainted without laying the screen out again (issue 15)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.widgets import Input

from quizapp.ui.widgets.line_table import Column, LineTable, fit
from tests.ui.driving import count_layouts

COLUMNS = [Column("name", "Name", 6), Column("text", "Text", least=8), Column("n", "N", 3, right=True)]


class Bare(App[None]):
    CSS = "LineTable { height: 1fr; }"

    def __init__(self, rows: Sequence[Sequence[str]]) -> None:
        super().__init__()
        self.rows = rows
        self.events: list[tuple[str, object]] = []

    def compose(self) -> ComposeResult:
        yield Input(id="other")
        yield LineTable(COLUMNS, id="table")

    def on_mount(self) -> None:
        table = self.query_one(LineTable)
        table.set_rows(self.rows)
        table.focus()

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self.events.append(("row", event.cursor_row))

    def on_line_table_header_selected(self, event: LineTable.HeaderSelected) -> None:
        self.events.append(("header", event.column_key))


def numbered(count: int) -> list[tuple[str, ...]]:
    return [(f"r{n}", f"text of row {n}", str(n)) for n in range(count)]


def drive(app: Bare, script: Any, size: tuple[int, int] = (40, 12)) -> None:
    async def go() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot, app.query_one(LineTable))

    asyncio.run(go())


@given(st.text(max_size=30), st.integers(min_value=1, max_value=20), st.booleans())
def test_a_cell_fills_its_width_exactly(text: str, width: int, right: bool) -> None:
    text = text.replace("\n", " ")
    shown = fit(text, width, right=right)
    assert cell_len(shown) == width
    if cell_len(text) <= width:
        assert shown.strip(" ") == text.strip(" ")
    else:
        assert shown.endswith("…")


def test_rows_are_cut_to_their_columns_and_shown_as_written() -> None:
    rows = [("[bold]x[/]", "\x1b[2J wipe\nline two", "7"), ("日本語日本語", "平和と安全の協力", "12345")]

    async def script(pilot: Any, table: LineTable) -> None:
        first, second = table.row_text(0), table.row_text(1)
        width = table.scrollable_content_region.width
        assert cell_len(first) == cell_len(second) == width == 40  # two rows: no scrollbar
        assert first.startswith(" [bold… ")  # markup stays as typed, cut to 6 cells
        assert "␛[2J wipe line two" in first and "\x1b" not in first  # controls shown, newline a space
        assert first.endswith("   7 ")  # numbers to the right
        assert cell_len(second.split(" ")[1]) <= 6 and "…" in second  # wide characters cut by cells
        assert pilot.app.query_one(LineTable).render_line(1).text == first

    drive(Bare(rows), script)


def test_keys_move_the_cursor_and_keep_it_in_view() -> None:
    async def script(pilot: Any, table: LineTable) -> None:
        app = pilot.app
        assert table.cursor_row == 0 and ("row", 0) in app.events
        await pilot.press("down", "down")
        assert table.cursor_row == 2 and app.events[-1] == ("row", 2)
        shown = table.size.height - 1  # rows below the header
        assert shown == 12 - 3 - 1  # the Input takes three lines
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 49 and table.scroll_offset.y == 50 - shown  # the last row at the bottom
        assert "r49" in table.render_line(shown).text
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == 49 - shown and table.scroll_offset.y == table.cursor_row
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_offset.y == 0
        await pilot.press("up")
        assert table.cursor_row == 0  # nowhere above the first

    drive(Bare(numbered(50)), script)


def test_a_click_picks_a_row_and_a_header_click_names_its_column() -> None:
    async def script(pilot: Any, table: LineTable) -> None:
        app = pilot.app
        await pilot.click(LineTable, offset=(3, 4))  # the fourth row (the header is line 0)
        assert table.cursor_row == 3 and app.events[-1] == ("row", 3)
        await pilot.click(LineTable, offset=(12, 0))  # past Name's 1 + 6 cells: Text
        assert app.events[-1] == ("header", "text")
        await pilot.click(LineTable, offset=(2, 0))
        assert app.events[-1] == ("header", "name")
        await pilot.click(LineTable, offset=(3, 7))  # below the last row: nothing
        assert table.cursor_row == 3

    drive(Bare(numbered(5)), script)


def test_new_rows_of_the_same_count_repaint_without_a_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    async def script(pilot: Any, table: LineTable) -> None:
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        table.set_rows([(f"s{n}", f"new text {n}", "0") for n in range(30)])
        await pilot.pause()
        await pilot.pause()
        assert "new text 0" in table.render_line(1).text
        assert not layouts  # a page of the same size: repainted, not laid out
        table.set_rows(numbered(3))
        await pilot.pause()
        await pilot.pause()
        assert layouts  # fewer rows: the scrollbar changes, so the screen is laid out

    drive(Bare(numbered(30)), script)


def test_the_cursor_is_drawn_brighter_while_the_table_has_the_focus() -> None:
    async def script(pilot: Any, table: LineTable) -> None:
        focused = next(iter(table.render_line(1))).style
        pilot.app.query_one("#other", Input).focus()
        await pilot.pause()
        blurred = next(iter(table.render_line(1))).style
        assert focused is not None and blurred is not None and focused.bgcolor != blurred.bgcolor
        plain_row = next(iter(table.render_line(2))).style
        assert plain_row is not None and plain_row.bgcolor != blurred.bgcolor

    drive(Bare(numbered(5)), script)


def test_enter_or_a_click_on_the_highlighted_row_selects_it() -> None:
    selected: list[int] = []

    class Choosing(Bare):
        def on_line_table_selected(self, event: LineTable.Selected) -> None:
            selected.append(event.cursor_row)

    async def script(pilot: Any, table: LineTable) -> None:
        await pilot.press("down", "enter")
        assert selected == [1]
        await pilot.click(LineTable, offset=(3, 4))  # another row: the cursor moves there
        assert selected == [1] and table.cursor_row == 3
        await pilot.click(LineTable, offset=(3, 4))  # the highlighted row: chosen
        assert selected == [1, 3]

    drive(Choosing(numbered(5)), script)


def test_a_table_without_a_cursor_is_only_read() -> None:
    class Reading(Bare):
        def compose(self) -> ComposeResult:
            yield Input(id="other")
            yield LineTable(COLUMNS, cursor=False, id="table")

    async def script(pilot: Any, table: LineTable) -> None:
        assert not table.can_focus and not table.has_focus
        styles = {next(iter(table.render_line(y))).style for y in (1, 3)}  # even rows: the first and the third
        assert len(styles) == 1  # the first row is drawn as the third: no cursor
        await pilot.click(LineTable, offset=(3, 1))
        assert ("row", 0) in pilot.app.events and not any(e == ("row", 1) for e in pilot.app.events)

    drive(Reading(numbered(5)), script)


def test_a_column_without_a_width_grows_no_wider_than_its_most() -> None:
    columns = [Column("a", "A", 3), Column("b", "B", most=12)]

    class Capped(Bare):
        def compose(self) -> ComposeResult:
            yield LineTable(columns, id="table")

    async def script(pilot: Any, table: LineTable) -> None:
        assert len(table.row_text(0)) == 1 + 3 + 1 + 12 + 1  # not the 40 cells of the terminal
        assert len(table.render_line(1).text) == 40  # the line still fills the table

    drive(Capped([("x", "y"), ("z", "w")]), script)


def test_a_column_shown_from_a_width_gives_its_room_to_the_text_below_it() -> None:
    wide = [Column("name", "Name", 6), Column("text", "Text", least=8), Column("n", "N", 3, right=True, shown_from=30)]

    class Narrowing(Bare):
        def compose(self) -> ComposeResult:
            yield LineTable(wide, id="table")

    async def script(pilot: Any, table: LineTable) -> None:
        width = table.scrollable_content_region.width
        assert width >= 30  # every column, the text in what is left
        assert table.row_text(0) == " r0     " + fit("text of row 0", width - 13) + "   0 "
        await pilot.resize_terminal(26, 12)
        await pilot.pause()
        width = table.scrollable_content_region.width
        assert width < 30
        assert table.row_text(0) == " r0     " + fit("text of row 0", width - 9) + " "  # N left out
        await pilot.click(LineTable, offset=(width - 2, 0))  # the end of the header: Text, not N
        assert app.events[-1] == ("header", "text")

    app = Narrowing(numbered(3))
    drive(app, script)


def test_strong_rows_are_bold_and_new_columns_fit_new_rows() -> None:
    async def script(pilot: Any, table: LineTable) -> None:
        table.set_rows(numbered(3), cursor=0, strong=[2])
        await pilot.pause()
        bold = [any(seg.style is not None and seg.style.bold for seg in table.render_line(1 + row)) for row in range(3)]
        assert bold == [True, False, True]  # the cursor's row is bold by its style; row 2 as a total
        table.set_columns([Column("name", "Name", 3), Column("text", "Text", least=4, most=6), Column("n", "N", 2, right=True)])
        assert table.row_text(1) == " r1  text …  1 "  # cut to the new widths, the text column at its most
        assert table.labels == {"name": "Name", "text": "Text", "n": "N"}

    drive(Bare(numbered(3)), script)
