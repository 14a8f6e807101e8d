"""The Textual application: global keys, navigation between screens, and the command palette.

The app is handed its collaborators (store, learner, clocks), so tests run it on a temporary
database with a fixed clock. Screens ask the app to navigate; they never talk to each other.

Startup: when `quickstart` can read the home screen's view straight from SQLite, the app paints
it at once and opens the store (SQLAlchemy, the models, Alembic's check) in a background thread;
`app.store` and `app.learner` wait for it, which a learner never notices.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizapp.engine import settings as config

if TYPE_CHECKING:
    from quizapp.store.database import Store
    from quizapp.store.models import Learner
    from quizapp.store.quickstart import QuickStart

Opener = Callable[[], "tuple[Store, Learner]"]


class QuizApp(App[None]):
    """quizapp's terminal interface."""

    TITLE = "quizapp"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(self, store: Store | None = None, learner: Learner | None = None, *, quick: QuickStart | None = None,
                 opener: Opener | None = None, clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic, fuzz: bool | None = None) -> None:
        super().__init__()
        self._store, self._learner = store, learner
        self._store_ready = threading.Event()
        if store is not None and learner is not None:
            self._store_ready.set()
        self._opener = opener
        self.quick = quick  # the home screen's first view, taken once
        self.clock = clock
        self.monotonic = monotonic
        self.fuzz = fuzz

    @property
    def store(self) -> Store:
        """The open store (waits for the background opening at startup)."""
        self._store_ready.wait()
        assert self._store is not None
        return self._store

    @property
    def learner(self) -> Learner:
        """The learner studying (waits for the background opening at startup)."""
        self._store_ready.wait()
        assert self._learner is not None
        return self._learner

    @learner.setter
    def learner(self, learner: Learner) -> None:
        self._learner = learner

    @property
    def settings(self) -> config.Settings:
        """The current learner's settings."""
        return config.load(self.learner.settings)

    def on_mount(self) -> None:
        from quizapp.ui.screens.home import HomeScreen

        if self.quick is not None:
            self.theme = self.quick.theme if self.quick.theme in self.available_themes else "textual-dark"
            self.sub_title = self.quick.learner
        else:
            self._apply_theme()
        self.push_screen(HomeScreen())

    def open_in_background(self) -> None:
        """Start opening the store, once the first view is painted (it competes for the CPU)."""
        if self._opener is not None and not self._store_ready.is_set():
            self._open()

    @work(thread=True, exclusive=True, group="open")
    def _open(self) -> None:
        from quizapp.errors import QuizError

        assert self._opener is not None
        try:
            self._store, self._learner = self._opener()
        except QuizError as exc:
            self.call_from_thread(self.exit, 1, f"quizapp: error: {exc.message}")
            return
        finally:
            self._store_ready.set()

    def _apply_theme(self) -> None:
        theme = self.settings.theme
        self.theme = theme if theme in self.available_themes else "textual-dark"
        self.sub_title = self.learner.name

    def switch_learner(self, learner: Learner) -> None:
        """Study as another learner from now on."""
        self.learner = learner
        self._apply_theme()

    def save_settings(self, settings: config.Settings) -> None:
        """Store the learner's settings and apply the theme."""
        self.learner = self.store.save_settings(self.learner, settings.as_dict())
        self._apply_theme()

    # -- navigation, shared by screen keys and the command palette ------------------------------

    def action_study(self, decks: Sequence[str] | None = None) -> None:
        """Study today's queue of some decks (all when None)."""
        from quizapp.practice.study import StudySession
        from quizapp.ui.screens.study import StudyScreen

        session = StudySession(self.store, self.learner, decks, clock=self.clock, fuzz=self.fuzz)
        self.push_screen(StudyScreen(session))

    def action_cram(self, item_ids: Sequence[int], title: str) -> None:
        """Practise exactly these items without touching the schedule."""
        from quizapp.practice.cram import CramSession
        from quizapp.ui.screens.study import StudyScreen

        self.push_screen(StudyScreen(CramSession(self.store, self.learner, item_ids=item_ids, clock=self.clock), title=title))

    def cram_mode(self, mode: str, title: str) -> None:
        """Practise today's failures or the leeches, without touching the schedule."""
        from quizapp.errors import NotFoundError
        from quizapp.practice.cram import CramSession
        from quizapp.ui.screens.study import StudyScreen

        try:
            session = CramSession(self.store, self.learner, mode=mode, clock=self.clock)  # type: ignore[arg-type]
        except NotFoundError:
            self.notify(f"Nothing to cram: no {title.lower()}.", timeout=3)
            return
        self.push_screen(StudyScreen(session, title=f"Cram: {title.lower()}"))

    def action_quiz(self, decks: Sequence[str] | None = None) -> None:
        """Choose decks and a number of questions, then take a quiz."""
        from quizapp.ui.screens.quiz import QuizSetupScreen

        self.push_screen(QuizSetupScreen(decks))

    def action_browse(self, search: str = "") -> None:
        """Browse every card."""
        from quizapp.ui.screens.browse import BrowseScreen

        self.push_screen(BrowseScreen(search))

    def action_read(self, source_id: int | None = None, quote: str | None = None) -> None:
        """Read a source text, optionally at a card's quote."""
        from quizapp.ui.screens.reader import ReaderScreen

        self.push_screen(ReaderScreen(source_id, quote))

    def action_stats(self) -> None:
        """Show the learner's statistics."""
        from quizapp.ui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_settings(self) -> None:
        """Edit the learner's settings, theme and profile."""
        from quizapp.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_keys(self) -> None:
        """Show every key of the current screen."""
        from quizapp.ui.screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Study all decks", "Today's queue across every deck", self.action_study)
        yield SystemCommand("Quiz", "Choose decks and take a scored quiz", self.action_quiz)
        yield SystemCommand("Browse cards", "Search and filter every card", self.action_browse)
        yield SystemCommand("Statistics", "Progress, forecast, retention and mastery", self.action_stats)
        yield SystemCommand("Read the source", "The article with every cited sentence marked", self.action_read)
        yield SystemCommand("Settings", "Scheduling settings, theme and profile", self.action_settings)
        yield SystemCommand("Cram today's failures", "Practise what you answered Again today; the schedule is not changed",
                            lambda: self.cram_mode("failed-today", "Items failed today"))
        yield SystemCommand("Cram leeches", "Practise the items that lapsed too often; the schedule is not changed",
                            lambda: self.cram_mode("leeches", "Leeches"))
        yield SystemCommand("Keys", "Every key of this screen", self.action_keys)


def open_store(db: str | None, profile: str) -> tuple[Store, Learner]:
    """Open the store (importing the bundled decks into an empty one) and the learner."""
    from quizapp.store.database import Store
    from quizapp.store.importer import ensure_bundled

    store = Store.open(db)
    ensure_bundled(store)
    return store, store.learner(profile)


def launch(db: str | None, profile: str) -> int:
    """Run the app until the learner quits; returns the exit code."""
    from quizapp.store.quickstart import quick_start

    quick = quick_start(db, profile, int(time.time()))
    if quick is None:
        store, learner = open_store(db, profile)
        app = QuizApp(store, learner)
    else:
        app = QuizApp(quick=quick, opener=lambda: open_store(db, profile))
    app.run()
    if app._store is not None:
        app._store.close()
    return app.return_code or 0
