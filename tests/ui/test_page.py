"""The page the statistics are drawn on: blocks one under the other, text wrapped to the width,
charts drawn at the width and left out in numbers-only mode, its height following its lines, and
text shown as written (issue 15: one widget instead of some twenty)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content

from quizapp.ui.text import plain
from quizapp.ui.widgets.page import Block, Page
from tests.ui.driving import count_layouts


def bars(width: int) -> Content:
    """A chart of three lines as wide as the page."""
    return Content("\n".join("#" * width for _ in range(3)))


BLOCKS = [
    Block("title", Content.styled("A title", "bold")),
    Block("chart", bars, chart=True, height=3),
    Block("numbers", plain("one two three four five six seven eight nine ten eleven twelve")),
    Block("hostile", plain("[bold]not bold[/bold] \x1b[31m")),
]


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Page(BLOCKS, id="page")


def drive(script: Any, size: tuple[int, int] = (30, 20)) -> None:
    async def go() -> None:
        app = Bare()
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await script(pilot, app.query_one(Page))

    asyncio.run(go())


def test_blocks_are_drawn_in_order_at_the_width() -> None:
    async def script(pilot: Any, page: Page) -> None:
        width = page.content_size.width
        assert page.lines("title") == ["A title"]
        assert page.lines("chart") == ["#" * width] * 3  # drawn for the width it is shown at
        numbers = page.lines("numbers")
        assert len(numbers) > 1 and all(len(line) <= width for line in numbers)  # wrapped, nothing cut
        assert " ".join(numbers) == page.text("numbers")
        assert page.size.height == 1 + 3 + len(numbers) + 1

    drive(script)


def test_markup_and_control_characters_are_shown_as_written() -> None:
    async def script(pilot: Any, page: Page) -> None:
        assert page.lines("hostile") == ["[bold]not bold[/bold] ␛[31m"]

    drive(script)


def test_numbers_only_leaves_the_charts_out_and_the_page_shrinks() -> None:
    async def script(pilot: Any, page: Page) -> None:
        height = page.size.height
        page.charts = False
        await pilot.pause()
        assert page.lines("chart") == [] and page.lines("title") == ["A title"]
        assert page.size.height == height - 3
        page.charts = True
        await pilot.pause()
        assert page.size.height == height

    drive(script)


def test_a_resize_draws_the_charts_again_at_the_new_width() -> None:
    async def script(pilot: Any, page: Page) -> None:
        narrow = page.content_size.width
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert page.content_size.width > narrow
        assert page.lines("chart") == ["#" * page.content_size.width] * 3

    drive(script)


def test_a_block_drawn_taller_than_it_said_is_laid_out_at_its_height() -> None:
    async def script(pilot: Any, page: Page) -> None:
        page.set_blocks([Block("chart", bars, chart=True, height=1), Block("end", plain("the end"))])
        await pilot.pause()
        await pilot.pause()
        assert page.size.height == 4 and page.lines("end") == ["the end"]

    drive(script)


def test_blocks_as_tall_as_before_repaint_without_a_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    async def script(pilot: Any, page: Page) -> None:
        layouts = count_layouts(monkeypatch)
        page.set_blocks([*BLOCKS[:2], Block("numbers", plain("twelve eleven ten nine eight seven six five four three two one")),
                         BLOCKS[3]])
        await pilot.pause()
        await pilot.pause()
        assert page.lines("numbers")[0].startswith("twelve")
        assert not layouts  # as many lines: repainted, not laid out
        page.set_blocks(BLOCKS[:2])
        await pilot.pause()
        await pilot.pause()
        assert page.size.height == 4, page.size
        assert layouts  # fewer lines: laid out

    drive(script)


def test_a_long_line_is_wrapped_once_for_its_height_and_its_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.visual import Visual

    async def script(pilot: Any, page: Page) -> None:
        wrapped: list[str] = []
        to_strips = Visual.to_strips

        def counted(widget: Any, visual: Any, width: int, *args: Any) -> Any:
            if isinstance(visual, Content):
                wrapped.append(visual.plain)
            return to_strips(widget, visual, width, *args)

        monkeypatch.setattr(Visual, "to_strips", counted)
        long = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu"
        page.set_blocks([Block("title", plain("short")), Block("long", plain(f"{long}\nshort too"))])
        await pilot.pause()
        await pilot.pause()
        lines = page.lines("long")
        assert " ".join(lines[:-1]) == long and lines[-1] == "short too"  # wrapped, nothing lost
        assert wrapped == [long]  # counted for the layout and drawn from that one wrapping
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        await pilot.pause()
        assert " ".join(page.lines("long")[:-1]) == long
        assert wrapped.count(long) == 2  # once more at the new width

    drive(script)


def test_with_slack_a_shorter_page_keeps_its_height_in_blank_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    async def script(pilot: Any, page: Page) -> None:
        page.set_blocks([Block("text", plain("\n".join(f"line {n}" for n in range(8))))])
        await pilot.pause()
        await pilot.pause()
        assert page.size.height == 8
        layouts = count_layouts(monkeypatch)
        page.set_blocks([Block("text", plain("a\nb\nc\nd\ne"))], slack=4)  # 3 lines shorter
        await pilot.pause()
        await pilot.pause()
        assert page.lines("text") == ["a", "b", "c", "d", "e"] and page.lines("padding") == ["", "", ""]
        assert page.size.height == 8 and not layouts  # repainted in place
        page.set_blocks([Block("text", plain("only"))], slack=4)  # 7 lines shorter than the page kept at 8
        await pilot.pause()
        await pilot.pause()
        assert page.lines("text") == ["only"] and page.lines("padding") == []
        assert page.size.height == 1 and layouts  # more than the slack: laid out at its own height
        page.set_blocks([Block("text", plain("x\ny"))], slack=4)  # taller: laid out
        await pilot.pause()
        await pilot.pause()
        assert page.size.height == 2 and page.lines("padding") == []

    drive(script)
