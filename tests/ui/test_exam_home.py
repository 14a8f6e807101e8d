"""Exam dates on Home: the class's date and the outlook are shown, and a student sets (then
clears) their own date with `e`, as a learner would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from textual.pilot import Pilot
from textual.widgets import Input, Static

from quizapp.collection import Collection
from quizapp.store.database import Store
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.exam_date import ExamDateScreen
from quizapp.ui.screens.home import HomeScreen
from tests.helpers import FakeClock
from tests.ui.driving import press, run

DECK = "example-every-type"


def exams_text(app: QuizApp) -> str:
    assert isinstance(app.screen, HomeScreen)
    box = app.screen.query_one("#exams", Static)
    return str(box.render()) if box.display else ""


def test_home_shows_the_exam_and_a_student_sets_their_own_date(ui_store: Store, clock: FakeClock,
                                                                 make_app: Callable[..., QuizApp]) -> None:
    collection = Collection(ui_store, clock=clock, fuzz=False)
    collection.set_exam(DECK, date(2026, 1, 22))  # the clock's day is 2026-01-01
    app = make_app()

    async def script(pilot: Pilot[None]) -> None:
        shown = exams_text(app)
        assert "Exam 2026-01-22 (in 21 days, class date) · Example: one card of every type: 0% predicted on the day" in shown
        assert "behind the 90% target: about 1 reviews a day would catch up" in shown
        await press(pilot, "e")
        assert isinstance(app.screen, ExamDateScreen)
        await press(pilot, *"2026-01-15", "enter")
        assert isinstance(app.screen, HomeScreen)
        assert "Exam 2026-01-15 (in 14 days, your date)" in exams_text(app)
        await press(pilot, "e")
        await press(pilot, *"15/01/2026", "enter")  # refused, with what to write
        assert isinstance(app.screen, ExamDateScreen)
        assert "YYYY-MM-DD" in str(app.screen.query_one("#exam-error", Static).render())
        app.screen.query_one("#exam-day", Input).value = ""
        await press(pilot, "enter")  # empty: back to the class's date
        assert "Exam 2026-01-22 (in 21 days, class date)" in exams_text(app)

    run(app, script)
    outlook = collection.learning("ada").exams()[0]
    assert (outlook.day, outlook.own) == (date(2026, 1, 22), False)
