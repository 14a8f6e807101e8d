"""Driving the app with Textual's Pilot as a learner would: run a script, wait for it to settle,
answer the item on screen correctly with real keys."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.screen import Screen

from quizapp.cards import ChoicePrompt, ClozeTypedPrompt, MatchPrompt, OrderPrompt, RevealPrompt, TrueFalsePrompt, TypedPrompt
from quizapp.store.database import Store
from quizapp.store.models import REVIEW_TABLE
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answers import LETTERS, OrderView

SIZE = (80, 24)


def run(app: QuizApp, script: Callable[[Pilot[None]], Coroutine[Any, Any, None]], *, notifications: bool = False) -> None:
    """Run a script on the app at SIZE; notifications are shown only when asked (Pilot hides them)."""

    async def main() -> None:
        async with app.run_test(size=SIZE, notifications=notifications) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(main())


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, one entry per layout of any screen (a repaint in place adds none)."""
    layouts: list[int] = []
    original = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return layouts


async def press(pilot: Pilot[None], *keys: str) -> None:
    """Press keys, then wait for the app to settle."""
    await pilot.press(*keys)
    await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    """Wait for workers, then for idle: DataTable sizes its columns when the app is idle."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.1)


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10) -> None:
    """Wait (in the app's time) until `condition` holds; fails after `timeout` seconds. For work a
    plain thread finishes, which `settle` does not wait for."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out"
        await pilot.pause(0.02)


def reviews(store: Store) -> list[tuple[int, int, bool]]:
    with store.read() as conn:
        rows = conn.execute(
            select(REVIEW_TABLE.c.item_id, REVIEW_TABLE.c.rating, REVIEW_TABLE.c.auto_graded).order_by(REVIEW_TABLE.c.id)
        ).all()
    return [(r[0], r[1], bool(r[2])) for r in rows]


async def open_browse(pilot: Pilot[None]) -> BrowseScreen:
    """Press b on home and wait for browse to settle."""
    await pilot.press("b")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, BrowseScreen)
    return screen


def study_screen(pilot: Pilot[None]) -> StudyScreen:
    screen = pilot.app.screen
    assert isinstance(screen, StudyScreen)
    return screen


async def answer_right(pilot: Pilot[None], screen: StudyScreen) -> None:
    """Answer the current study item correctly (or reveal it)."""
    assert screen.item is not None
    if isinstance(screen.item.prompt, RevealPrompt):
        await pilot.press("space")
    else:
        await answer_prompt(pilot, screen.item.prompt)
    await pilot.pause()


async def answer_prompt(pilot: Pilot[None], prompt: object) -> None:
    """Answer a prompt correctly with real keys, as a learner reading the screen would."""
    if isinstance(prompt, RevealPrompt):  # in a quiz: reveal, then "I knew it"
        await pilot.press("space")
        await pilot.press("y")
    elif isinstance(prompt, ChoicePrompt):
        for index in sorted(prompt.correct):
            await pilot.press(str(index + 1))
        if prompt.multiple:
            await pilot.press("enter")
    elif isinstance(prompt, TrueFalsePrompt):
        await pilot.press("t" if prompt.answer else "f")
    elif isinstance(prompt, TypedPrompt):
        await pilot.press(*prompt.answer, "enter")
    elif isinstance(prompt, ClozeTypedPrompt):
        for gap in prompt.gaps:
            await pilot.press(*gap, "enter")
    elif isinstance(prompt, OrderPrompt):
        view = pilot.app.screen.query_one(OrderView)
        for target, wanted in enumerate(prompt.correct):
            while view.cursor < view.items.index(wanted):
                await pilot.press("down")
            while view.cursor > view.items.index(wanted):
                await pilot.press("up")
            for _ in range(view.cursor - target):
                await pilot.press("shift+up")
        await pilot.press("enter")
    elif isinstance(prompt, MatchPrompt):
        for n, left in enumerate(prompt.lefts):
            await pilot.press(str(n + 1), LETTERS[prompt.rights.index(prompt.pairs[left])])
        await pilot.press("enter")
