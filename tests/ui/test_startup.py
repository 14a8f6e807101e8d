"""Start-up, in process: the first view read straight from SQLite, the store opened in the
background behind it, and the console script's launch path with both of them."""

from __future__ import annotations

import asyncio
import gc
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from quizapp import entry, opening
from quizapp.errors import StoreError
from quizapp.learning import Learning
from quizapp.opening import first_view, open_learning
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.widgets.line_table import LineTable
from tests.helpers import example_deck, profile, write_deck


@pytest.fixture
def db(tmp_path: Path) -> str:
    """An SQLite file at the current schema with the example deck and learner ada."""
    path = tmp_path / "start.db"
    store = Store.open(str(path))
    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    profile(store, "ada")
    store.close()
    return str(path)


def test_first_view_reads_the_deck_list_without_the_store(db: str) -> None:
    view = first_view(db, "ada")
    assert view is not None
    assert view.learner == "ada" and view.theme == "textual-dark"
    assert [(row.slug, row.cards, row.new) for row in view.overview.decks] == [("example-every-type", 8, 10)]


@pytest.mark.parametrize("case", ["missing-file", "unknown-learner", "postgres-url", "old-schema", "not-quizapp"])
def test_first_view_steps_aside_when_the_store_must_open_first(case: str, db: str, tmp_path: Path) -> None:
    import sqlite3

    target, learner = db, "ada"
    if case == "missing-file":
        target = str(tmp_path / "absent.db")
    elif case == "unknown-learner":
        learner = "zoe"
    elif case == "postgres-url":
        target = "postgresql+psycopg://u@127.0.0.1:1/x"
    elif case == "old-schema":
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0001'")
    else:
        target = str(tmp_path / "other.db")
        with sqlite3.connect(target) as conn:
            conn.execute("CREATE TABLE notes (x)")
    assert first_view(target, learner) is None


def test_a_first_launch_reads_no_quick_view(tmp_path: Path) -> None:
    """With no database file yet, the first view steps aside before its modules are imported
    (they cost 20-27 ms of a first launch's first paint); the opening imports them later."""
    import subprocess
    import sys

    code = ("import sys; from quizapp.opening import first_view; "
            f"assert first_view({str(tmp_path / 'new.db')!r}, 'ada') is None; "
            "assert 'quizapp.store.quickstart' not in sys.modules, 'imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_store_opens_in_the_background_behind_the_first_paint(db: str) -> None:
    opened = threading.Event()
    release = threading.Event()

    def opener() -> Learning:
        release.wait(10)  # hold the store back until the first paint has been checked
        learning = open_learning(db, "ada")
        opened.set()
        return learning

    app = QuizApp(quick=first_view(db, "ada"), opener=opener)

    async def script() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            table = app.screen.query_one("#decks", LineTable)
            assert table.row_count == 2 and not opened.is_set()  # painted from the first view alone
            release.set()
            await app.workers.wait_for_complete()
            assert opened.is_set() and app.learning.name == "ada"
            await pilot.press("enter")  # studying needs the store: it is there
            await pilot.pause()
            assert type(app.screen).__name__ == "StudyScreen"

    asyncio.run(script())
    app.close_learning()


def test_the_first_frame_written_is_the_whole_home_screen(db: str) -> None:
    """Home is the app's first screen, so the first frame Textual writes is all of it: the deck
    list and the key bar. Pushed on top of a blank screen, home was rendered inside Textual's
    start-up batch and thrown away, the first frame written was a partial update of a few lines
    over an empty terminal, and the whole screen followed 15-30 ms later (issue 15, launch)."""
    from textual._compositor import CompositorUpdate, LayoutUpdate

    written: list[CompositorUpdate] = []
    app = QuizApp(quick=first_view(db, "ada"), opener=lambda: open_learning(db, "ada"))
    display = app._display

    def recording(screen: Any, renderable: Any) -> None:
        if renderable is not None and not app._batch_count:  # what a terminal would be sent
            written.append(renderable)
        display(screen, renderable)

    app._display = recording  # type: ignore[method-assign]

    stack: list[type[Any]] = []

    async def script() -> None:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            stack.extend(type(s) for s in app.screen_stack)

    asyncio.run(script())
    app.close_learning()
    first = written[0]
    assert isinstance(first, LayoutUpdate) and first.region.size == (100, 30)  # the whole screen at once
    lines = ["".join(strip.text for strip in line) for line in first.strips]
    assert lines[3].startswith("  Example") and lines[4].startswith("  All decks")  # the deck list, styled by home.tcss
    assert lines[-4].startswith("  The deck format reference")  # the highlighted deck's description
    assert "Study" in lines[-1] and "Quit" in lines[-1]  # the key bar, drawn in that frame too
    assert stack == [HomeScreen]  # nothing blank beneath it


def test_a_failed_background_open_ends_the_app_with_one_line(db: str) -> None:
    def opener() -> Learning:
        raise StoreError("cannot open database x: disk I/O error")

    app = QuizApp(quick=first_view(db, "ada"), opener=opener)

    async def script() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()

    asyncio.run(script())
    assert app.return_code == 1


def test_launch_paints_then_opens_and_quits(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The console script's path: first view, background open, a learner pressing q."""
    seen: dict[str, Any] = {}
    original = QuizApp.run

    def headless_run(self: QuizApp, **kwargs: Any) -> Any:
        async def pilot_script(pilot: Pilot[object]) -> None:
            await pilot.pause()
            seen["first"] = self.quick is None and isinstance(self.screen, HomeScreen)
            await self.workers.wait_for_complete()
            seen["learner"] = self.learning.name
            await pilot.press("q")

        return original(self, headless=True, size=(80, 24), auto_pilot=pilot_script)

    monkeypatch.setattr(QuizApp, "run", headless_run)
    assert entry.launch(db, "ada") == 0
    assert seen == {"first": True, "learner": "ada"}


def test_launch_collects_no_garbage_until_the_store_is_open(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app starts with the garbage collector off (each full pass over startup's objects cost
    30-50 ms, issue 15); once the store is open they are frozen out of later passes, and the
    collector runs again."""
    seen: dict[str, Any] = {}
    original, opens = QuizApp.run, opening.open_learning

    def opening_store(*args: Any, **kwargs: Any) -> Learning:
        seen["opening"] = gc.isenabled()
        return opens(*args, **kwargs)

    def headless_run(self: QuizApp, **kwargs: Any) -> Any:
        async def pilot_script(pilot: Pilot[object]) -> None:
            for _ in range(500):  # the opening starts once home's first frame is out
                if self.is_open:
                    break
                await pilot.pause(0.01)
            await self.workers.wait_for_complete()
            seen["open"] = gc.isenabled(), gc.get_freeze_count() > 0
            await pilot.press("q")

        seen["first paint"] = gc.isenabled()
        return original(self, headless=True, size=(80, 24), auto_pilot=pilot_script)

    monkeypatch.setattr(QuizApp, "run", headless_run)
    monkeypatch.setattr(opening, "open_learning", opening_store)
    try:
        assert entry.launch(db, "ada") == 0
    finally:  # this test process goes on: its objects are collectable again
        gc.unfreeze()
        gc.enable()
    assert seen == {"first paint": False, "opening": False, "open": (True, True)}


def test_launch_on_a_first_run_paints_at_once_and_says_what_it_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No database yet: the home screen paints at once with what the opening is doing (importing
    the bundled decks), never a blank terminal, and fills in once the store is open."""
    seen: dict[str, Any] = {}
    original = QuizApp.run
    said: list[str] = []
    real_report = QuizApp.report_opening

    def report(self: QuizApp, text: str) -> None:
        said.append(text)
        real_report(self, text)

    gate = threading.Event()
    real_open = opening.open_learning

    def held_open(*args: Any, **kwargs: Any) -> Learning:
        gate.wait(10)  # hold the opening back until the first paint has been checked
        return real_open(*args, **kwargs)

    def headless_run(self: QuizApp, **kwargs: Any) -> Any:
        async def pilot_script(pilot: Pilot[object]) -> None:
            await pilot.pause()
            seen["first"] = str(self.screen.query_one("#description").render())
            gate.set()
            await self.workers.wait_for_complete()
            await pilot.pause()
            seen["decks"] = len(self.learning.overview().decks)
            seen["rows"] = self.screen.query_one("#decks", LineTable).row_count
            await pilot.press("q")

        return original(self, headless=True, size=(80, 24), auto_pilot=pilot_script)

    monkeypatch.setattr(QuizApp, "run", headless_run)
    monkeypatch.setattr(QuizApp, "report_opening", report)
    monkeypatch.setattr(opening, "open_learning", held_open)
    assert entry.launch(None, "newbie") == 0  # the personal default file ($QUIZAPP_DATA_DIR)
    assert seen["first"] == "Opening your decks…"  # painted before the store was open
    assert "Opening the database…" in said and any("importing the bundled decks, 7 of 7" in s for s in said)
    assert seen["decks"] >= 6 and seen["rows"] == seen["decks"] + 1


def test_keys_during_the_background_opening_never_freeze_the_app(db: str) -> None:
    """Enter pressed while the store opens (and reports its progress) says to wait a moment; it
    must not block the screen on the opening while the opening waits for the screen."""
    release = threading.Event()
    app: QuizApp

    def opener() -> Learning:
        app.report_opening("Opening the database…")
        release.wait(10)
        app.report_opening("Almost there…")
        return open_learning(db, "ada")

    app = QuizApp(quick=first_view(db, "ada"), opener=opener)

    async def script() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")  # too early: told to wait, not frozen
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen) and not app.is_open
            release.set()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert type(app.screen).__name__ == "StudyScreen"

    asyncio.run(asyncio.wait_for(script(), 30))
    app.close_learning()


def test_a_class_database_gets_no_bundled_decks_unasked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A database named with --db (a class's) is opened as it is: no bundled decks."""
    seen: dict[str, Any] = {}
    original = QuizApp.run

    def headless_run(self: QuizApp, **kwargs: Any) -> Any:
        async def pilot_script(pilot: Pilot[object]) -> None:
            await pilot.pause()
            await self.workers.wait_for_complete()
            seen["decks"] = len(self.learning.overview().decks)
            await pilot.press("q")

        return original(self, headless=True, size=(80, 24), auto_pilot=pilot_script)

    monkeypatch.setattr(QuizApp, "run", headless_run)
    assert entry.launch(str(tmp_path / "class.db"), "newbie") == 0
    assert seen["decks"] == 0
