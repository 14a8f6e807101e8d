"""The Textual application: global keys, navigation between screens, and the command palette.

The app is handed its collaborators (store, learner, clocks), so tests run it on a temporary
database with a fixed clock. Screens ask the app to navigate; they never talk to each other.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizapp import config
from quizapp.models import Learner
from quizapp.store import Store


class QuizApp(App[None]):
    """quizapp's terminal interface."""

    TITLE = "quizapp"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(self, store: Store, learner: Learner, *, clock: Callable[[], float] = time.time,
                 monotonic: Callable[[], float] = time.monotonic, fuzz: bool | None = None) -> None:
        super().__init__()
        self.store = store
        self.learner = learner
        self.clock = clock
        self.monotonic = monotonic
        self.fuzz = fuzz

    @property
    def settings(self) -> config.Settings:
        """The current learner's settings."""
        return config.load(self.learner.settings)

    def on_mount(self) -> None:
        self._apply_theme()
        from quizapp.ui.screens.home import HomeScreen

        self.push_screen(HomeScreen())

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
        self.learner = self.store.save_settings(self.learner, settings.model_dump())
        self._apply_theme()

    # -- navigation, shared by screen keys and the command palette ------------------------------

    def action_study(self, decks: Sequence[str] | None = None) -> None:
        """Study today's queue of some decks (all when None)."""
        from quizapp.study import StudySession
        from quizapp.ui.screens.study import StudyScreen

        session = StudySession(self.store, self.learner, decks, clock=self.clock, fuzz=self.fuzz)
        self.push_screen(StudyScreen(session))

    def action_cram(self, item_ids: Sequence[int], title: str) -> None:
        """Practise exactly these items without touching the schedule."""
        from quizapp.cram import CramSession
        from quizapp.ui.screens.study import StudyScreen

        self.push_screen(StudyScreen(CramSession(self.store, self.learner, item_ids=item_ids, clock=self.clock), title=title))

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
        yield SystemCommand("Keys", "Every key of this screen", self.action_keys)


def run(store: Store, learner: Learner) -> None:
    """Run the app until the learner quits."""
    QuizApp(store, learner).run()
