"""The title bar every screen shows: Textual's Header line drawn by one widget (issue 15)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from rich.style import Style
from textual._compositor import LayoutUpdate
from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Header

from quizapp.ui.app import QuizApp
from quizapp.ui.widgets.title_bar import TitleBar


class Titled(App[None]):
    def __init__(self, bar: Callable[[], Widget], title: str, sub_title: str) -> None:
        super().__init__()
        self.bar = bar
        self.title, self.sub_title = title, sub_title

    def compose(self) -> ComposeResult:
        yield self.bar()


def drawn(bar: Callable[[], Widget], size: tuple[int, int], title: str, sub_title: str) -> list[tuple[str, str]]:
    """The top line of an app showing `bar`, as (character, colours) per cell."""
    app = Titled(bar, title, sub_title)
    cells: list[tuple[str, str]] = []

    async def script() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            update = app.screen._compositor.render_update(full=True)
            assert isinstance(update, LayoutUpdate)
            for part in update.strips[0]:
                for segment in part:
                    style = segment.style or Style()
                    cells.extend((char, str(style.bgcolor) + str(style.color) * (char != " ")) for char in segment.text)

    asyncio.run(script())
    return cells


@pytest.mark.parametrize("size", [(120, 5), (80, 5), (40, 5), (19, 5)])
@pytest.mark.parametrize(("title", "sub_title"), [("quizapp", "ada"), ("quizapp", ""),
                                                   ("quizapp · read-only: answers will not be saved", "a learner's long name")])
def test_the_bar_draws_what_textuals_header_draws(size: tuple[int, int], title: str, sub_title: str) -> None:
    """Same characters in the same cells and colours (the title centred, cut with an ellipsis
    when it does not fit), so replacing Header changed nothing a learner can see."""
    assert drawn(TitleBar, size, title, sub_title) == drawn(Header, size, title, sub_title)


def test_the_bar_follows_the_titles_and_opens_the_palette_from_its_icon() -> None:
    app = Titled(TitleBar, "quizapp", "ada")

    async def script() -> None:
        async with app.run_test(size=(80, 5)) as pilot:
            bar = app.query_one(TitleBar)
            await pilot.pause()
            assert "quizapp — ada" in bar.render_line(0).text
            app.sub_title = "grace"
            await pilot.pause()
            assert "quizapp — grace" in bar.render_line(0).text
            app.screen.title = "Cram"
            await pilot.pause()
            assert "Cram — grace" in bar.render_line(0).text
            await pilot.click(TitleBar, offset=(1, 0))
            await pilot.pause()
            assert isinstance(app.screen, CommandPalette)

    asyncio.run(script())


def test_a_hostile_profile_name_in_the_bar_is_text(make_app: Callable[..., QuizApp]) -> None:
    app = make_app()

    async def script() -> None:
        async with app.run_test(size=(100, 24)) as pilot:
            await pilot.pause()
            app.sub_title = "[b]x[/b] \x1b[2J"
            await pilot.pause()
            line: Any = app.screen.query_one(TitleBar).render_line(0).text
            assert "[b]x[/b]" in line and "\x1b" not in line

    asyncio.run(script())
