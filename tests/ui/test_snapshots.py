"""Snapshots of every screen at 80x24, and of the screens with charts and long text at 120x40, for
layout only (update with --snapshot-update after looking at the report). Input cursors do not
blink in tests (tests/ui/conftest.py), so screens with a focused input are stable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp.ui.app import QuizApp
from tests.ui.driving import answer_right, settle, study_screen


async def settled(pilot: Pilot[None]) -> None:
    await settle(pilot)


def press_then_settle(*keys: str) -> Callable[[Pilot[None]], Any]:
    async def run(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run


async def answered_choice(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("enter")
    screen = study_screen(pilot)
    while screen.item is not None and screen.item.view.card.type != "choice":
        await answer_right(pilot, screen)
        await pilot.press("enter")
        await pilot.pause()
    await answer_right(pilot, screen)
    await settle(pilot)


SCREENS: dict[str, Callable[[Pilot[None]], Any]] = {
    "home": settled,
    "keys": press_then_settle("question_mark"),
    "study_basic": press_then_settle("enter"),
    "study_basic_revealed": press_then_settle("enter", "space"),
    "study_choice_answered": answered_choice,
    "quiz_setup": press_then_settle("t"),
    "quiz_question": press_then_settle("t", "ctrl+s"),
    "quiz_result": press_then_settle("t", "ctrl+s", "escape"),
    "browse": press_then_settle("b"),
    "reader": press_then_settle("r"),
    "reader_mastery": press_then_settle("r", "m"),
    "settings": press_then_settle("comma"),
    "stats": press_then_settle("s"),
    "stats_numbers_only": press_then_settle("s", "n"),
}


@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen_layout(name: str, snap_compare: Any, make_app: Callable[..., QuizApp]) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=SCREENS[name])


@pytest.mark.parametrize("name", ["stats", "stats_numbers_only", "reader_mastery"])
def test_progress_screens_with_history(
    name: str, snap_compare: Any, make_app: Callable[..., QuizApp], ui_store: Any, clock: Any
) -> None:
    from tests.builders import NOW, build_history

    build_history(ui_store)
    clock.now = NOW
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=SCREENS[name])


# The screens with charts and long text, at a second size.
WIDE = ["home", "keys", "study_choice_answered", "quiz_result", "reader", "reader_mastery", "stats"]


@pytest.mark.parametrize("name", WIDE)
def test_screen_layout_at_120x40(name: str, snap_compare: Any, make_app: Callable[..., QuizApp], ui_store: Any,
                                 clock: Any) -> None:
    from tests.builders import NOW, build_history

    if name in ("stats", "reader_mastery", "home"):  # the figures of a learner with a history
        build_history(ui_store)
        clock.now = NOW
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=SCREENS[name])


async def stats_with_charts(pilot: Pilot[None]) -> None:
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)


def test_statistics_charts_at_120x40(snap_compare: Any, make_app: Callable[..., QuizApp], ui_store: Any, clock: Any) -> None:
    from tests.builders import NOW, build_history

    build_history(ui_store)
    clock.now = NOW
    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=stats_with_charts)
