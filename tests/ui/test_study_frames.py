"""What a grade paints: the next card's text in the very next frame, as a repaint of the widgets
it changed, then the screen laid out for that card in the frame after (StudyScreen.show)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual._compositor import Compositor
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.study import StudyScreen
from quizapp.ui.widgets.answers import RevealView
from tests.helpers import profile, write_deck
from tests.ui.driving import run, settle, study_screen


def basic_cards(tmp_path: Path, fronts: list[str]) -> Store:
    """A store of one deck of basic cards with these questions, in this order, and a learner."""
    store = Store.open(str(tmp_path / "basic.db"))
    cards = [{"id": f"c{n}", "front": front, "back": f"Answer {n}"} for n, front in enumerate(fronts)]
    import_paths(store, [str(write_deck(tmp_path, {"quizapp": 1, "deck": "basic", "title": "Basic", "cards": cards}))])
    profile(store, "ada")
    return store


def question(screen: StudyScreen) -> str:
    return str(screen.query_one("#question", Static).render())


def test_a_grade_repaints_the_next_card_before_laying_it_out(
    tmp_path: Path, make_app: Callable[..., QuizApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    frames: list[tuple[str, str]] = []  # ("full" | "partial" | "layout", the question then)
    shown: list[StudyScreen] = []
    render_update, refresh_layout = Compositor.render_update, Screen._refresh_layout

    def rendered(self: Compositor, full: bool = False, *args: Any, **kwargs: Any) -> Any:
        if shown:
            whole = full or self.size.region in self._dirty_regions
            frames.append(("full" if whole else "partial", question(shown[0])))
        return render_update(self, full, *args, **kwargs)

    def laid_out(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        if shown:
            frames.append(("layout", question(shown[0])))
        refresh_layout(self, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", rendered)
    monkeypatch.setattr(Screen, "_refresh_layout", laid_out)

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        for _ in range(2):
            await pilot.press("space")
            await settle(pilot)
            before = question(screen)
            view = screen.answer_widget
            assert isinstance(view, RevealView)
            assert screen.query_one("#ratings").display and not view.query_one(".hint").display
            shown[:] = [screen]
            frames.clear()
            await pilot.press("3")
            await settle(pilot)
            shown.clear()

            after = question(screen)
            assert after != before and screen.answer_widget is view  # the next basic card, in the same widget
            first = next(i for i, (kind, text) in enumerate(frames) if text == after)
            assert frames[first][0] == "partial", frames  # a repaint of what changed, not of the screen
            assert "layout" not in [kind for kind, _ in frames[:first]], frames
            assert "layout" in [kind for kind, _ in frames[first:]], frames  # then laid out for this card
            # Laid out as the answering phase shows it: no ratings, the hint back, no feedback.
            assert not screen.query_one("#ratings").display
            assert view.query_one(".hint").display
            assert view.query_one(".hint").region.height == 1
            assert str(screen.query_one("#feedback", Static).render()) == ""
            assert screen.query_one("#question").region.height == 1

    run(make_app(basic_cards(tmp_path, [f"Question number {n}?" for n in range(4)])), script)


def test_a_longer_next_question_gets_its_height(tmp_path: Path, make_app: Callable[..., QuizApp]) -> None:
    store = basic_cards(tmp_path, ["Short?", "A question long enough to wrap " * 8])

    async def script(pilot: Pilot[None]) -> None:
        await pilot.press("enter")
        await settle(pilot)
        screen = study_screen(pilot)
        assert question(screen) == "Short?"
        await pilot.press("space", "3")
        await settle(pilot)
        assert question(screen).startswith("A question long")
        box = screen.query_one("#question")
        assert box.region.height == len(box.render_lines(box.region.reset_offset)) > 1  # every line shown

    run(make_app(store), script)
