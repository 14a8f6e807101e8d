"""The table's fast path draws exactly the segments DataTable's own path draws."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from quizapp.ui.widgets.table import Table

WORDS = ["Japan", "South Korea", "安全保障", "🇯🇵", "e\u0301", "", " lead", "trail ", "x" * 90, "[b]not markup[/b]", "—"]
STYLES = ["", "bold", "italic red", "on blue", "underline #39d353", "reverse"]


ORIGINAL = DataTable._render_cell


def counting(calls: list[int]) -> Any:
    def render(self: DataTable[Any], *args: Any) -> Any:
        calls.append(1)
        return ORIGINAL(self, *args)

    return render


class Tables(App[None]):
    def compose(self) -> ComposeResult:
        yield Table(id="fast", cursor_type="row", zebra_stripes=True)


def random_cell(rng: random.Random) -> Text:
    text = Text(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 4))), style=rng.choice(STYLES),
                justify=rng.choice([None, "left", "right", "center"]))
    if text.plain and rng.random() < 0.5:
        start = rng.randrange(len(text.plain))
        text.stylize(rng.choice(STYLES[1:]), start, start + rng.randint(1, 5))
    return text


def test_fast_cells_match_datatables_own_rendering() -> None:
    asyncio.run(_compare())


async def _compare() -> None:
    rng = random.Random(7)
    app = Tables()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(Table)
        table.add_column("a", key="a", width=12)
        table.add_column("b", key="b")
        table.add_column("c", key="c", width=1)
        for n in range(40):
            table.add_row(random_cell(rng), random_cell(rng), random_cell(rng), key=str(n))
        table.add_row(Text("plain"), Text("two\nlines"), Text(""), key="other", height=2)  # DataTable's own path
        await pilot.pause()
        checked = 0
        for row in range(table.row_count):
            for column in range(3):
                for cursor, hover in ((False, False), (True, False), (False, True)):
                    for width in (1, 2, 3, 8, 14, 40):
                        base = table.rich_style
                        fell_back: list[int] = []
                        DataTable._render_cell = counting(fell_back)  # type: ignore[method-assign]
                        try:
                            fast = table._render_cell(row, column, base, width, cursor, hover)
                        finally:
                            DataTable._render_cell = ORIGINAL  # type: ignore[method-assign]
                        # One-line text cells take the fast path; the str, two-line and empty cells do not.
                        assert bool(fell_back) == (row == table.row_count - 1 or width <= 2), (row, width)
                        table._cell_render_cache.clear()
                        slow = DataTable._render_cell(table, row, column, base, width, cursor, hover)
                        table._cell_render_cache.clear()
                        assert fast == slow, (row, column, width, cursor, hover)
                        checked += 1
        assert checked == table.row_count * 3 * 3 * 6
