"""The served app as a browser tab runs it (Pilot, no browser): sign-in first, a one-time password
replaced, what a student and a teacher each see, signing out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from quizapp.collection import Collection
from quizapp.store.database import Store
from quizapp.ui.app import QuizApp
from quizapp.ui.screens.browse import BrowseScreen
from quizapp.ui.screens.class_report import ClassScreen
from quizapp.ui.screens.home import HomeScreen
from quizapp.ui.screens.keys import screen_keys
from quizapp.ui.screens.password import PasswordScreen
from quizapp.ui.screens.settings import SettingsScreen
from quizapp.ui.screens.sign_in import SignInScreen
from quizapp.ui.screens.study import StudyScreen
from tests.helpers import FakeClock
from tests.ui.conftest import FrozenMonotonic
from tests.ui.driving import run, settle


def served(store: Store, clock: FakeClock) -> tuple[QuizApp, Collection]:
    collection = Collection(store, clock=clock, fuzz=False)
    return QuizApp(collection=collection, monotonic=FrozenMonotonic()), collection


async def sign_in(pilot: Pilot[None], name: str, password: str) -> None:
    assert isinstance(pilot.app.screen, SignInScreen)
    screen = pilot.app.screen
    screen.query_one("#name", Input).value = ""
    await pilot.click("#name")
    await pilot.press(*name, "enter")
    await pilot.pause()
    await pilot.press(*password, "enter")
    await settle(pilot)
    await pilot.pause(1.2)  # a refused sign-in keeps the form disabled for a second
    await settle(pilot)


def test_a_student_signs_in_chooses_a_password_and_sees_only_their_own(ui_store: Store, clock: FakeClock, tmp_path: Path) -> None:
    app, collection = served(ui_store, clock)
    secret = collection.add_learner("sam")
    collection.add_learner("other-student")
    assert secret is not None

    async def script(pilot: Pilot[None]) -> None:
        assert isinstance(app.screen, SignInScreen)
        await sign_in(pilot, "sam", "not it")
        assert isinstance(app.screen, SignInScreen)
        error = str(app.screen.query_one("#sign-in-error", Static).render())
        assert "Wrong name or password." in error
        await sign_in(pilot, "sam", secret)
        assert isinstance(app.screen, PasswordScreen)  # a one-time password must be replaced first
        await pilot.press("escape")
        assert isinstance(app.screen, PasswordScreen)
        await pilot.press(*"a fine passphrase", "enter", *"a fine passphrase", "enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Learner: sam" in str(app.screen.query_one("#today", Static).render())
        await pilot.press("c")  # no Class screen for a student
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen) and not app.screen.query("#profile")  # no other names listed
        await pilot.press("escape")
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, SignInScreen) and not app.learning_ready

    run(app, script)
    assert collection.sign_in("sam", "a fine passphrase").name == "sam"


def test_a_teacher_reads_the_class_screen(ui_store: Store, clock: FakeClock) -> None:
    app, collection = served(ui_store, clock)
    collection.add_learner("tess", "teacher")
    collection.set_password("tess", "the teacher's passphrase")
    collection.add_learner("sam")
    study = collection.learning("sam").study()
    item = study.next()
    assert item is not None
    study.answer(item, 1, 3000)

    async def script(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "tess", "the teacher's passphrase")
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClassScreen)
        students = app.screen.query_one("#students", DataTable)
        # ada (the fixture's learner) and sam; the teacher is not a student.
        assert [str(students.get_row_at(n)[0]) for n in range(students.row_count)] == ["ada", "sam"]
        cards = app.screen.query_one("#cards", DataTable)
        assert cards.row_count == 1
        assert "1 answer by 1 student, 1 wrong" in str(app.screen.query_one("#card-detail", Static).render())

    run(app, script)


def keys_listed(screen: Any) -> list[str]:
    """What `?` lists for a screen (quizapp.ui.screens.keys)."""
    hidden: set[str] = getattr(screen, "unavailable_keys", lambda: set())()
    return [what for _key, what in screen_keys(screen, QuizApp.BINDINGS, hidden)]


def test_a_browser_has_no_edit_key(ui_store: Store, clock: FakeClock) -> None:
    # `e` opens the deck file in an editor on the machine running the app: in a browser that is
    # the class server, which no student (nor teacher) can edit through the page.
    app, collection = served(ui_store, clock)
    collection.add_learner("sam")
    collection.set_password("sam", "sam's passphrase")
    edits: list[int] = []
    app.edit_card = lambda item_id, then: edits.append(item_id)  # type: ignore[method-assign]

    async def script(pilot: Pilot[None]) -> None:
        await sign_in(pilot, "sam", "sam's passphrase")
        await pilot.press("enter")  # study the highlighted deck
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert not app.screen.check_action("edit", ())
        assert "Edit card" not in keys_listed(app.screen)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert not app.screen.check_action("edit", ())
        assert "Edit card" not in keys_listed(app.screen)
        await pilot.press("e")
        await settle(pilot)

    run(app, script)
    assert edits == []
