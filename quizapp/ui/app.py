"""The Textual application: global keys, navigation between screens, and the command palette.

The app is handed the engine's front door (quizapp.learning.Learning), or a function that opens
it, so tests run it on a temporary database with a fixed clock. Screens ask the app to navigate;
they never talk to each other, and they reach the engine only through `app.learning`.

Startup: when a first view could be read straight from SQLite (quizapp.opening.first_view), the
app paints it at once and opens the store (SQLAlchemy, the models, Alembic's check) in a
background thread; `app.learning` waits for it, which a learner never notices. On a first run
(or a migration) there is no first view: the home screen paints at once with what the opening is
doing ("Importing the bundled decks: 3 of 7"), and fills in when it is done.

Keys: a new card's answer widget is armed only once the card has been painted and `key_guard`
seconds have passed (see `arm_after_guard`), so a key meant for the previous card never answers
it. Crashes: an unexpected exception ends the app with two short lines (what happened, where the
full report is) instead of Textual's traceback with local variables (which could hold a database
URL and its password); the report, without locals, is written to the data folder.

Served (quizapp.serve): the app is handed the whole collection instead of a learner, starts on
the sign-in screen, and gets its learner from a right password; signing out goes back there.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quizapp.printable import printable
from quizapp.ui import frame_timer
from quizapp.ui.stylesheet import ReusingStylesheet

frame_timer.install()  # a frame right after another waits for the next beat, not the one after

if TYPE_CHECKING:
    from concurrent.futures import Future

    from textual._path import CSSPathType  # the type of CSS_PATH (textual is pinned)
    from textual.theme import Theme

    from quizapp.collection import Collection
    from quizapp.engine.settings import Settings
    from quizapp.errors import QuizError
    from quizapp.learning import Learning, QuickStart
    from quizapp.practice.cram import CramMode
    from quizapp.progress.statistics import Stats
    from quizapp.ui.widgets.answers import AnswerView

Opener = Callable[[], "Learning"]
Finisher = Callable[["Learning"], None]

# Seconds after a card is painted during which keys do not reach it: longer than a double press
# (a second enter 0.15 s after rating), shorter than anyone reads a question.
KEY_GUARD = 0.35

# Shown in every screen's header while the database cannot be written (a read-only file, folder
# or mount): the app still shows decks, cards, the reader and statistics, and refuses each write
# with a message instead of failing.
READ_ONLY_BANNER = "read-only: answers will not be saved"


PRELOAD_AFTER = 0.5  # seconds after the store opened, with the home screen shown


class QuizApp(App[None]):
    """quizapp's terminal interface."""

    TITLE = "quizapp"
    # Home's styles too: it is the app's first screen, which Textual styles from the app's sheets
    # alone (see get_default_screen).
    CSS_PATH: ClassVar[CSSPathType | None] = ["app.tcss", "screens/home.tcss"]
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
    ]

    def __init__(self, learning: Learning | None = None, *, quick: QuickStart | None = None, opener: Opener | None = None,
                 finish: Finisher | None = None, monotonic: Callable[[], float] = time.monotonic, key_guard: float = KEY_GUARD,
                 collection: Collection | None = None) -> None:
        super().__init__()
        self.stylesheet = ReusingStylesheet(variables=self.get_css_variables())
        self.collection = collection  # served: learners sign in to it
        self._learning = learning
        self._opened = threading.Event()
        if learning is not None:
            self._opened.set()
        self._opener = opener
        self._finish = finish  # what the opening leaves until the learner can study (the daily check)
        self.quick = quick  # the home screen's first view, taken once
        self._quick_painted = quick is not None
        self.monotonic = monotonic  # answer timing; the engine's clock is the door's own
        self.key_guard = key_guard
        self.opening = "Opening your decks…" if learning is None else ""  # what the background opening is doing
        self._stats_on_the_way: Future[Stats] | None = None  # statistics being computed for the screen shown

    @property
    def is_open(self) -> bool:
        """True once the store is open (at once, or after the background opening)."""
        return self._opened.is_set()

    class OpeningProgressed(Message):
        """The background opening says what it is doing."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Opened(Message):
        """The background opening finished."""

    def report_opening(self, text: str) -> None:
        """Say what the background opening is doing (called from its thread). Posted, never
        waited for: the main thread may itself be waiting for the opening to finish."""
        self.post_message(self.OpeningProgressed(text))

    def on_quiz_app_opening_progressed(self, message: OpeningProgressed) -> None:
        self._show_opening(message.text)

    def _show_opening(self, text: str) -> None:
        self.opening = text
        from quizapp.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.show_opening(text)

    def arm_after_guard(self, widget: AnswerView, armed: Callable[[], None] | None = None) -> None:
        """Let an answer widget take keys `key_guard` seconds from now (called once its card has
        been painted); then run `armed`."""

        shown = widget.shown  # a widget reused for another prompt meanwhile is armed for that one

        def arm() -> None:
            if widget.is_attached and not widget.locked and widget.shown == shown:
                widget.arm()
                if armed is not None:
                    armed()

        if self.key_guard > 0:
            self.set_timer(self.key_guard, arm)
        else:
            arm()

    def _handle_exception(self, error: Exception) -> None:
        """An unexpected error: two short lines on the terminal, the full report in a log file."""
        from rich.text import Text
        from textual.worker import WorkerFailed

        from quizapp.errors import QuizError, crash_report

        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it, so tests see the real error
            self._exception = error
            self._exception_event.set()
        cause = error.error if isinstance(error, WorkerFailed) and isinstance(error.error, Exception) else error
        if isinstance(cause, QuizError):  # an error we can name (the database would not open): one line
            self.panic(Text(f"quizapp: error: {cause.message}"))
            return
        self.bell()
        self.panic(Text(crash_report(cause)))

    @property
    def learning(self) -> Learning:
        """The engine's front door for the learner studying (waits for the background opening;
        raises its error if it failed)."""
        self._opened.wait()
        if self._learning is None:
            raise self._open_error or RuntimeError("the database is not open")
        return self._learning

    _open_error: QuizError | None = None

    @property
    def learning_ready(self) -> bool:
        """True once the learner's door is open (the first paint comes before it)."""
        return self._opened.is_set() and self._learning is not None

    @property
    def settings(self) -> Settings:
        """The current learner's settings."""
        return self.learning.settings

    @property
    def served(self) -> bool:
        """True when served to a browser: learners sign in, and nobody else's name is shown."""
        return self.collection is not None

    def get_default_screen(self) -> Screen[None]:
        """Home, in a terminal: composed with the app, its first frame is the first one written.
        Pushed from `on_mount` instead, home was laid out and rendered inside Textual's start-up
        batch, which throws that frame away, and shown only 20-30 ms later (issue 15, launch)."""
        if self.collection is not None:
            return super().get_default_screen()  # served: the sign-in screen goes on top of it
        from quizapp.ui.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        if self.collection is not None:
            from quizapp.ui.screens.sign_in import SignInScreen

            self.push_screen(SignInScreen())
            return
        if self.quick is not None:
            self.theme = self.quick.theme if self.quick.theme in self.available_themes else "textual-dark"
            self.sub_title = self.quick.learner
        elif self.is_open:
            self._apply_theme()
            self._warn_if_read_only()
            self.set_timer(PRELOAD_AFTER, self._preload_screens)

    def _warn_if_read_only(self) -> None:
        if self._learning is not None and self._learning.read_only:
            self.title = f"{self.TITLE} · {READ_ONLY_BANNER}"
            self.notify(f"The database cannot be written, so answers and changes will not be saved: {self._learning.where}.",
                        title="Read-only", severity="warning", timeout=8)

    def open_in_background(self) -> None:
        """Start opening the store, once the first view (or the opening message) is painted (it
        competes for the CPU)."""
        if self._opener is not None and not self._opened.is_set():
            self._open()

    @work(thread=True, exclusive=True, group="open")
    def _open(self) -> None:
        from quizapp.errors import QuizError

        assert self._opener is not None
        try:
            self._learning = self._opener()
            self.call_from_thread(self._warn_if_read_only)
        except QuizError as exc:
            self._open_error = exc
            self._opened.set()  # first: the main thread may be waiting for the opening
            self._end_with(exc)
            return
        self._opened.set()
        self.post_message(self.Opened())
        if self._finish is not None:
            try:
                self._finish(self._learning)
            except QuizError as exc:  # the daily check found the database damaged
                self._end_with(exc)

    def _end_with(self, error: QuizError) -> None:
        """End the app from the opening's thread with the error's one line."""
        from rich.text import Text

        # Plain text: the message may quote a path or a name with brackets in it.
        self.call_from_thread(self.exit, None, 1, Text(printable(f"quizapp: error: {error.message}")))

    def on_quiz_app_opened(self, message: Opened) -> None:
        self._opened_now()

    def _opened_now(self) -> None:
        self.opening = ""
        if not self._quick_painted:
            self._apply_theme()  # no first view gave the theme: the learner's settings do
        from quizapp.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.store_opened()
        self.set_timer(PRELOAD_AFTER, self._preload_screens)

    def _preload_screens(self) -> None:
        """Import the screens a learner opens most and parse their styles, while the home screen
        waits for a key: Textual parses every stylesheet again the first time a screen brings a
        new one (about 25 ms a screen at its first opening), and again the first time a widget
        class brings its default styles (4-8 ms each time), so they are all parsed here, once."""
        import inspect
        from pathlib import Path

        from textual.containers import Horizontal, Vertical, VerticalScroll
        from textual.widget import Widget
        from textual.widgets import Button, Checkbox, Input, OptionList, Select
        from textual.widgets._select import SelectCurrent  # a Select's own part (textual is pinned)

        from quizapp.ui.screens.browse import BrowseScreen
        from quizapp.ui.screens.reader import ReaderScreen
        from quizapp.ui.screens.stats import StatsScreen
        from quizapp.ui.screens.study import StudyScreen
        from quizapp.ui.widgets.answers import AnswerView
        from quizapp.ui.widgets.page import Page
        from quizapp.ui.widgets.rating_bar import RatingBar

        stylesheet = self.stylesheet
        added = False
        for screen in (StudyScreen, BrowseScreen, ReaderScreen, StatsScreen):
            assert isinstance(screen.CSS_PATH, str)
            path = (Path(inspect.getfile(screen)).parent / screen.CSS_PATH).resolve()  # as Textual names it
            if not stylesheet.has_source(str(path), ""):
                stylesheet.read(path)
                added = True
        # The widgets those screens show and home does not, added as Textual adds them when one is
        # first mounted (`_get_default_css` reads only the class, so a bare instance will do).
        widgets: tuple[type[Widget], ...] = (Horizontal, Vertical, VerticalScroll, Input, Checkbox, Select, SelectCurrent,
                                              OptionList, Button, AnswerView, Page, RatingBar)
        for widget in widgets:
            for read_from, css, tie_breaker, scope in widget.__new__(widget)._get_default_css():
                if not stylesheet.has_source(*read_from):
                    stylesheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker,
                                          scope=scope)
                    added = True
        if added:
            stylesheet.reparse()
            stylesheet.update(self)

    @property
    def current_theme(self) -> Theme:
        """The theme in use. Textual's copies its dict of every theme to look the name up, and is
        asked at every line it renders (5% of drawing a study card); this reads it directly."""
        theme = self._registered_themes.get(self.theme)
        return theme if theme is not None else super().current_theme

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header's title: never markup, control characters shown visibly (a profile or source
        name is stored text), and the read-only banner when answers cannot be saved."""
        name, banner, _ = printable(title).partition(READ_ONLY_BANNER)
        parts: list[str | tuple[str, str]] = [name, (banner, "bold $warning")]
        if sub_title:
            parts += [(" — ", "dim"), (printable(sub_title), "dim")]
        return Content.assemble(*parts)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        """Every notification is plain text with control characters shown visibly, whatever the
        caller asks: messages quote names and card text, which must never become markup (a
        profile named `[@click=app.quit]x[/]` must not make a quit link)."""
        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    def refused(self, error: QuizError) -> None:
        """Tell the learner a change was not saved (a read-only or damaged database, a full disk,
        a lost server): the screen stays as it was, so the change can be tried again."""
        self.notify(error.message, title="Not saved", severity="error", timeout=10)

    def _apply_theme(self) -> None:
        theme = self.settings.theme
        self.theme = theme if theme in self.available_themes else "textual-dark"
        self.sub_title = self.learning.name

    def switch_learner(self, name: str) -> None:
        """Study as another learner (created on first use) from now on."""
        self._learning = self.learning.switch(name)
        self._apply_theme()

    def save_settings(self, settings: Settings) -> bool:
        """Store the learner's settings and apply the theme; False (and a message) when the
        database refused them."""
        from quizapp.errors import StoreError

        try:
            self.learning.save_settings(settings)
        except StoreError as exc:
            self.refused(exc)
            return False
        self._apply_theme()
        return True

    def signed_in(self, learning: Learning) -> None:
        """Study as a learner who gave the right password: a new password first if theirs was a
        one-time one, then home."""
        from quizapp.ui.screens.home import HomeScreen
        from quizapp.ui.screens.password import PasswordScreen

        self._learning = learning
        self._opened.set()
        self._apply_theme()
        self.switch_screen(PasswordScreen(first=True) if learning.password_temporary else HomeScreen())

    def sign_out(self) -> None:
        """Forget the learner and go back to the sign-in screen."""
        from quizapp.ui.screens.sign_in import SignInScreen

        self._learning = None
        self._opened.clear()
        self.sub_title = ""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(SignInScreen())

    def close_learning(self) -> None:
        """Release the database once the app has stopped."""
        if self.collection is not None:
            self.collection.close()
        elif self._learning is not None:
            self._learning.close()

    # -- navigation, shared by screen keys and the command palette ------------------------------

    def action_password(self) -> None:
        """Choose a new password (served app)."""
        from quizapp.ui.screens.password import PasswordScreen

        self.push_screen(PasswordScreen(first=False))

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

        failure: OSError | None = None
        try:
            with self.suspend():
                # Caught inside: an exception leaving suspend() would never give the terminal back.
                try:
                    subprocess.run(command, check=False)
                except OSError as exc:
                    failure = exc
        except SuspendNotSupported:
            return "This terminal cannot hand itself over to an editor; edit the deck file and import it again."
        if isinstance(failure, FileNotFoundError):
            return f"The editor {command[0]!r} was not found: set $EDITOR to the editor you use."
        if failure is not None:
            return f"The editor {command[0]!r} could not be started ({failure.strerror}): set $EDITOR to the editor you use."
        return None

    def action_stats(self) -> None:
        """Show the learner's statistics."""
        from concurrent.futures import ThreadPoolExecutor, wait

        from quizapp.ui.screens import stats

        if self._stats_on_the_way is not None:
            return  # the key again while they are computed: they open once
        # Computed from the key press on. The UI thread waits for them, up to a frame or so, before
        # it builds the screen: building it meanwhile left the computation's threads waiting for
        # the GIL after each SQLite step, which made them 2-3x slower than the screen they waited
        # for (issue 15: statistics at 100k and 1M items).
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stats")
        pending = pool.submit(self.learning.statistics)
        pool.shutdown(wait=False)  # the thread ends with its one task
        wait([pending], timeout=stats.SHOW_AT_ONCE_WITHIN)
        if pending.done():
            self.push_screen(stats.StatsScreen(pending))
            return
        # Slower (a million items: about 0.4 s): this screen says so in its title bar and stays
        # live, and the statistics open with their figures once they come. Building their screen
        # meanwhile, only to draw it again, took the cores the computation needed (every figure at
        # 1M, interleaved A/B: 586 -> 541 ms). Slower than OPEN_ANYWAY_AFTER (a distant server), the
        # screen opens and says "Computing…" until they come.
        screen, before = self.screen, self.screen.sub_title
        self._stats_on_the_way = pending
        screen.sub_title = f"{self.sub_title} · computing statistics…" if self.sub_title else "computing statistics…"

        def arrived() -> None:
            if self._stats_on_the_way is not pending:
                return  # already opened (the figures and the timer both call)
            self._stats_on_the_way = None
            screen.sub_title = before
            if self.screen is screen:  # not when the learner went elsewhere meanwhile
                self.push_screen(stats.StatsScreen(pending))

        # Textual's Callback event runs `arrived` on the UI thread; posting it is thread-safe.
        pending.add_done_callback(lambda _: self.post_message(events.Callback(arrived)))
        self.set_timer(stats.OPEN_ANYWAY_AFTER - stats.SHOW_AT_ONCE_WITHIN, arrived)

    def action_settings(self) -> None:
        """Edit the learner's settings, theme and profile."""
        from quizapp.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_class(self) -> None:
        """The class report, for a teacher."""
        from quizapp.ui.screens.class_report import ClassScreen

        if self.learning.is_teacher:
            self.push_screen(ClassScreen())

    def action_keys(self) -> None:
        """Show every key of the current screen."""
        from quizapp.ui.screens.keys import KeysScreen

        if not isinstance(self.screen, KeysScreen):
            self.push_screen(KeysScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        if self._learning is None:
            return  # not signed in yet: nothing to open
        yield from super().get_system_commands(screen)
        if self._learning.is_teacher:
            yield SystemCommand("Class", "The class report: every student and every card", self.action_class)
        if self.served:
            yield SystemCommand("Change password", "Choose a new password", self.action_password)
            yield SystemCommand("Sign out", "Back to the sign-in screen", self.sign_out)
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
