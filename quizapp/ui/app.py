"""The Textual application: global keys, navigation between screens, and the command palette.

The app is handed the engine's front door (quizapp.learning.Learning), or a function that opens
it, so tests run it on a temporary database with a fixed clock. Screens ask the app to navigate;
they never talk to each other, and they reach the engine only through `app.learning`.

Startup: when a first view could be read straight from SQLite (quizapp.opening.first_view), the
app paints it at once and opens the store (SQLAlchemy, the models, Alembic's check) in a
background thread; `app.learning` waits for it, which a learner never notices.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from quizapp.engine.settings import Settings
    from quizapp.learning import Learning, QuickStart
    from quizapp.practice.cram import CramMode

Opener = Callable[[], "Learning"]


class QuizApp(App[None]):
    """quizapp's terminal interface."""

    TITLE = "quizapp"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(self, learning: Learning | None = None, *, quick: QuickStart | None = None, opener: Opener | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self._learning = learning
        self._opened = threading.Event()
        if learning is not None:
            self._opened.set()
        self._opener = opener
        self.quick = quick  # the home screen's first view, taken once
        self.monotonic = monotonic  # answer timing; the engine's clock is the door's own

    @property
    def learning(self) -> Learning:
        """The engine's front door for the learner studying (waits for the background opening)."""
        self._opened.wait()
        assert self._learning is not None
        return self._learning

    @property
    def settings(self) -> Settings:
        """The current learner's settings."""
        return self.learning.settings

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
        if self._opener is not None and not self._opened.is_set():
            self._open()

    @work(thread=True, exclusive=True, group="open")
    def _open(self) -> None:
        from rich.text import Text

        from quizapp.errors import QuizError

        assert self._opener is not None
        try:
            self._learning = self._opener()
        except QuizError as exc:
            # Plain text: the message may quote a path or a name with brackets in it.
            self.call_from_thread(self.exit, None, 1, Text(f"quizapp: error: {exc.message}"))
            return
        finally:
            self._opened.set()

    def _apply_theme(self) -> None:
        theme = self.settings.theme
        self.theme = theme if theme in self.available_themes else "textual-dark"
        self.sub_title = self.learning.name

    def switch_learner(self, name: str) -> None:
        """Study as another learner (created on first use) from now on."""
        self._learning = self.learning.switch(name)
        self._apply_theme()

    def save_settings(self, settings: Settings) -> None:
        """Store the learner's settings and apply the theme."""
        self.learning.save_settings(settings)
        self._apply_theme()

    def close_learning(self) -> None:
        """Release the database once the app has stopped."""
        if self._learning is not None:
            self._learning.close()

    # -- navigation, shared by screen keys and the command palette ------------------------------

    def action_study(self, decks: Sequence[str] | None = None) -> None:
        """Study today's queue of some decks (all when None)."""
        from quizapp.ui.screens.study import StudyScreen

        self.push_screen(StudyScreen(self.learning.study(decks)))

    def action_cram(self, item_ids: Sequence[int], title: str) -> None:
        """Practise exactly these items without touching the schedule."""
        from quizapp.ui.screens.study import StudyScreen

        self.push_screen(StudyScreen(self.learning.cram(item_ids), title=title))

    def cram_mode(self, mode: CramMode, title: str) -> None:
        """Practise today's failures or the leeches, without touching the schedule."""
        from quizapp.errors import NotFoundError
        from quizapp.ui.screens.study import StudyScreen

        try:
            session = self.learning.cram(mode=mode)
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

    def edit_card(self, item_id: int, then: Callable[[], None]) -> None:
        """Open an item's card in the learner's editor, import its deck again once the editor is
        closed, say what changed, and call `then` so the screen shows it."""
        location = self.learning.card_file(item_id)
        if location is None:
            self.notify("This card's deck was not imported from a file on this machine: there is no file to edit.",
                        severity="warning", timeout=5)
            return
        from quizapp.ui.editor import editor_command

        command = editor_command(location.path, location.line)
        problem = self.run_editor(command)
        if problem:
            self.notify(problem, severity="error", timeout=8)
            return
        result = self.learning.reimport(location.path)
        # Not markup: the summary quotes the deck, which may hold brackets.
        self.notify(result.summary(), title=location.path.name, severity="error" if result.errors else "information",
                    timeout=10 if result.errors else 5, markup=False)
        then()

    def run_editor(self, command: list[str]) -> str | None:
        """Run an editor in the terminal, the app suspended meanwhile; a problem as a message."""
        import subprocess

        from textual.app import SuspendNotSupported

        try:
            with self.suspend():
                subprocess.run(command, check=False)
        except SuspendNotSupported:
            return "This terminal cannot hand itself over to an editor; edit the deck file and import it again."
        except FileNotFoundError:
            return f"The editor {command[0]!r} was not found: set $EDITOR to the editor you use."
        return None

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
