"""Database faults in the app: a read-only database shows a banner and refuses each write with a
message, a refused answer stays on screen to be given again, a damaged database ends the app with
one line. Never a traceback, and nothing is lost."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets._toast import Toast

from quizapp.learning import Learning
from quizapp.opening import finish_opening, first_view, open_learning
from quizapp.practice.study import StudyItem
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.ui.app import READ_ONLY_BANNER, QuizApp
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.quiz import QuizResultScreen
from quizapp.ui.screens.study import StudyScreen
from tests.helpers import FakeClock, damage_table, example_deck, learning, profile, write_deck
from tests.ui.driving import SIZE, answer_right, press, run, study_screen


def toasts(pilot: Pilot[None]) -> list[str]:
    return [toast.render().plain for toast in pilot.app.screen.query(Toast)]


async def first_answer(pilot: Pilot[None]) -> tuple[StudyScreen, StudyItem]:
    """Start studying and answer the first item, up to its rating."""
    await press(pilot, "enter")
    screen = study_screen(pilot)
    item = screen.item
    assert item is not None
    await answer_right(pilot, screen)
    return screen, item


def example(tmp_path: Path) -> Path:
    db = tmp_path / "study.db"
    store = Store.open(str(db))
    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    profile(store, "ada")
    store.close()
    return db


def count_reviews(db: Path) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM review").fetchone()[0])
    finally:
        conn.close()


def test_a_read_only_database_has_a_banner_and_refuses_each_write(tmp_path: Path, clock: FakeClock) -> None:
    db = example(tmp_path)
    store = Store.open(str(db), read_only=True)
    app = QuizApp(learning(store, "ada", clock=clock), key_guard=0.0)

    async def script(pilot: Pilot[None]) -> None:
        assert READ_ONLY_BANNER in app.format_title(app.title, app.sub_title).plain
        assert any("answers and changes will not be saved" in t for t in toasts(pilot))
        screen, item = await first_answer(pilot)
        await press(pilot, "3")
        assert screen.item is item and screen.phase == "rate"  # still there, to be rated again
        assert any("is read-only: nothing was saved" in t for t in toasts(pilot))
        assert READ_ONLY_BANNER in app.format_title(app.title, app.sub_title).plain  # on this screen too
        await press(pilot, "escape")
        await press(pilot, "b")
        assert isinstance(pilot.app.screen, BrowseScreen)
        await press(pilot, "asterisk")  # flag
        assert sum("is read-only" in t for t in toasts(pilot)) >= 2
        await press(pilot, "escape")
        pilot.app.clear_notifications()
        await press(pilot, "t")  # a quiz, ended at once: its score is shown though it cannot be kept
        await press(pilot, "ctrl+s")
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, QuizResultScreen)
        assert any("is read-only" in t for t in toasts(pilot))
        assert pilot.app.is_running

    run(app, script, notifications=True)
    store.close()
    assert count_reviews(db) == 0


def test_a_refused_answer_is_kept_when_given_again(tmp_path: Path, clock: FakeClock) -> None:
    """The first rating fails (the database refuses it), the second succeeds: one review, of the
    item that was on screen."""
    db = example(tmp_path)
    store = Store.open(str(db))
    door = learning(store, "ada", clock=clock)
    app = QuizApp(door, key_guard=0.0)

    async def script(pilot: Pilot[None]) -> None:
        screen, item = await first_answer(pilot)
        store.read_only = True  # the file became read-only under the app
        await press(pilot, "3")
        assert screen.item is item and screen.phase == "rate"
        store.read_only = False
        await press(pilot, "3")
        assert screen.item is not item

    run(app, script, notifications=True)
    store.close()
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT item_id, rating FROM review").fetchall() == [(conn.execute(
            "SELECT item_id FROM review").fetchone()[0], 3)]
    finally:
        conn.close()


@pytest.mark.parametrize("check_later", [False, True], ids=["checked-first", "checked-behind-the-app"])
def test_a_damaged_database_ends_the_app_with_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       check_later: bool) -> None:
    # The app as `quizapp` runs it checks the file behind the first item (check_later); either
    # way a damaged file ends the app with one line.
    db = example(tmp_path)
    quick = first_view(str(db), "ada")
    assert quick is not None
    damage_table(db, "review")

    def opener() -> Learning:
        return open_learning(str(db), "ada", check_later=check_later)

    app = QuizApp(quick=quick, opener=opener, finish=finish_opening if check_later else None, key_guard=0.0)
    messages: list[object] = []
    leave = app.exit

    def exit_with(result: None = None, return_code: int = 0, message: object = None) -> None:
        messages.append(message)
        leave(result, return_code, message)  # type: ignore[arg-type]

    monkeypatch.setattr(app, "exit", exit_with)

    async def script() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            app.open_in_background()
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(script())
    assert app.return_code == 1
    (message,) = [str(m) for m in messages]
    assert message.startswith("quizapp: error: ") and "is damaged" in message and "quizapp restore" in message
    assert "\n" not in message.strip()
