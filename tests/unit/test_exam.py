"""Exam dates: a student who studies daily reaches the target on the day; one who skips is told
they are behind and by how many reviews a day; the run-up brings forward what would be
forgotten by the exam, and nothing once it is over."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import text, update

from quizapp.cli.main import main
from quizapp.collection import Collection
from quizapp.engine.exam import exam_instant
from quizapp.engine.scheduling import GOOD, Scheduler
from quizapp.engine.states import REVIEW
from quizapp.engine.studyday import DayClock
from quizapp.learning import Learning
from quizapp.store.database import Store
from quizapp.store.models import ITEM_STATE_TABLE
from tests.helpers import EXAMPLE, FakeClock, example_deck, write_deck

DAY = 86400
START = date(2026, 1, 1)  # the FakeClock's first day (10:00 UTC; TZ is UTC in tests)
EXAM = START + timedelta(days=21)


def study_today(learning: Learning) -> int:
    """Answer everything due today, Good, as a diligent student would."""
    session = learning.study()
    answered = 0
    while (item := session.next()) is not None and answered < 500:
        session.answer(item, GOOD, 4000)
        answered += 1
    return answered


def true_recall_on_the_day(learning: Learning) -> float:
    """Mean FSRS recall of the deck's items at the exam instant, from the stored states."""
    settings = learning.settings
    at = exam_instant(EXAM, DayClock(settings.zone(), settings.day_starts_at))
    scheduler = Scheduler(settings, fuzz=False)
    with learning.store.read() as conn:
        rows = conn.execute(text("SELECT stability, last_review FROM item_state WHERE learner_id = :l"),
                            {"l": learning.profile.id}).all()
    return sum(scheduler.recall(s, last, at) for s, last in rows) / len(rows)


def test_a_daily_student_reaches_the_target_on_the_exam_day(example_store: Store, clock: FakeClock) -> None:
    collection = Collection(example_store, clock=clock, fuzz=False)
    collection.set_exam("example-every-type", EXAM)
    learning = collection.learning("ada")
    first = learning.exams()[0]
    assert (first.days_left, first.items, first.new, first.on_track) == (21, 10, 10, False)
    assert first.reviews_per_day == 1  # 20 answers for 10 new items over 21 days
    while clock.now < exam_instant(EXAM, DayClock(learning.settings.zone(), 4)) - DAY:
        study_today(learning)
        clock.advance(DAY)
    study_today(learning)  # the exam day itself, in the morning
    outlook = learning.exams()[0]
    assert outlook.days_left == 0 and outlook.on_track and outlook.predicted >= outlook.target
    assert true_recall_on_the_day(learning) >= learning.settings.desired_retention


def test_a_student_who_skips_is_told_how_to_catch_up(example_store: Store, clock: FakeClock) -> None:
    collection = Collection(example_store, clock=clock, fuzz=False)
    collection.set_exam("example-every-type", EXAM)
    learning = collection.learning("bo")
    study_today(learning)
    clock.advance(15 * DAY)  # six days left, everything learned on day one long overdue
    outlook = learning.exams()[0]
    assert not outlook.on_track and outlook.predicted < outlook.target
    assert outlook.days_left == 6 and outlook.below == 8 and outlook.new == 2  # the two siblings were never introduced
    assert outlook.reviews_per_day == 2  # (8 + 2 × 2) reviews over 6 days
    from quizapp.ui.screens.home import exam_line

    assert exam_line(outlook) == (f"Exam {EXAM.isoformat()} (in 6 days, class date) · Example: one card of every type: "
                                  f"{outlook.predicted * 100:.0f}% predicted on the day, behind the 90% target: about 2 "
                                  "reviews a day would catch up")


def test_the_run_up_brings_forward_what_would_be_forgotten_by_the_exam(example_store: Store, clock: FakeClock) -> None:
    collection = Collection(example_store, clock=clock, fuzz=False)
    learning = collection.learning("ada")
    eve = exam_instant(EXAM, DayClock(learning.settings.zone(), 4)) - DAY - 12 * 3600  # the evening before... at 16:00
    clock.now = eve
    # One item in review, due on the exam day itself: reviewed the day before only in the run-up.
    with example_store.write() as conn:
        item_id = conn.execute(text("SELECT min(item_id) FROM item_state")).scalar_one()
        conn.execute(update(ITEM_STATE_TABLE).where(ITEM_STATE_TABLE.c.item_id == item_id).values(
            state=REVIEW, stability=8.0, difficulty=5.0, last_review=eve - 8 * DAY, due=eve + DAY, reps=3))
        conn.execute(update(ITEM_STATE_TABLE).where(ITEM_STATE_TABLE.c.item_id != item_id).values(suspended=True))
    assert learning.study().next() is None  # no exam: not due today, nothing to do
    collection.set_exam("example-every-type", EXAM)
    brought = learning.study().next()
    assert brought is not None and brought.item_id == item_id
    learning.set_exam("example-every-type", EXAM - timedelta(days=1))  # my own date, passed: normal scheduling
    assert learning.study().next() is None
    learning.set_exam("example-every-type", None)  # back to the class's date
    assert learning.exams()[0].own is False
    clock.now = eve - 10 * DAY  # far from the exam: the ordinary schedule
    assert learning.study().next() is None


def test_exam_dates_from_the_command_line_and_the_deck_file(tmp_path: Path) -> None:
    db = str(tmp_path / "class.db")
    runner = CliRunner()
    deck = example_deck()
    deck["exam"] = "2026-12-15"
    path = write_deck(tmp_path / "decks", deck)
    assert runner.invoke(main, ["--db", db, "import", str(path)]).exit_code == 0
    store = Store.open(db)
    try:
        def exam_on() -> str | None:
            with store.read() as conn:
                return conn.execute(text("SELECT exam_on FROM deck")).scalar_one()  # type: ignore[no-any-return]

        assert exam_on() == "2026-12-15"
        out = runner.invoke(main, ["--db", db, "decks", "exam", "example-every-type", "2026-12-20"])
        assert out.exit_code == 0 and out.output == "the class's exam date for example-every-type: 2026-12-20\n"
        assert runner.invoke(main, ["--db", db, "import", str(EXAMPLE)]).exit_code == 0  # a file without the field
        assert exam_on() == "2026-12-20"  # keeps the date set by hand
        mine = runner.invoke(main, ["--db", db, "--profile", "ada", "decks", "exam", "example-every-type", "2026-12-01",
                                    "--mine"])
        assert mine.exit_code == 0 and mine.output == "ada's exam date for example-every-type: 2026-12-01\n"
        assert Collection(store).learning("ada").exams()[0].day == date(2026, 12, 1)
        bad = runner.invoke(main, ["--db", db, "decks", "exam", "example-every-type", "15/12/2026"])
        assert bad.exit_code == 2
        cleared = runner.invoke(main, ["--db", db, "decks", "exam", "example-every-type", "--clear"])
        assert cleared.exit_code == 0 and exam_on() is None
    finally:
        store.close()
    listed = json.loads(runner.invoke(main, ["--db", db, "decks", "--json"]).output)
    assert listed["decks"][0]["slug"] == "example-every-type"
