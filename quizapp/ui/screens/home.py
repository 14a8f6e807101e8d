"""Home: every deck with what is left today, today's progress, and the way to everything else."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from quizapp.errors import QuizError
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import minutes, percent, plain
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.line_table import Column, LineTable, widest
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.learning import Outlook, Overview
    from quizapp.ui.app import QuizApp

ALL = "__all__"


NUMBERS = (("cards", "Cards"), ("new", "New"), ("learning", "Learn"), ("due", "Due"))


class DeckTable(LineTable):
    """The deck list; enter studies the highlighted deck. Drawn line by line: DataTable's first
    render of it cost 60 ms of the launch to this screen (issue 15)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Study", id="home.study", tooltip="study the highlighted deck (All decks: every deck)")
    ]


class HomeScreen(AppScreen):
    """The deck list."""

    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "study_all", "All decks", id="home.study_all", tooltip="study today's queue of every deck"),
        Binding("t", "quiz", "Quiz", id="home.quiz", tooltip="take a scored quiz on the highlighted deck (or choose decks)"),
        Binding("b", "browse", "Browse", id="home.browse", tooltip="search, filter and edit every card"),
        Binding("s", "stats", "Stats", id="home.stats", tooltip="your statistics"),
        Binding("r", "read", "Read", id="home.read", tooltip="read the source with every cited sentence marked"),
        Binding("comma", "settings", "Settings", id="home.settings",
                tooltip="scheduling settings (the daily new limit), theme and profile"),
        Binding("e", "exam", "Exam date", id="home.exam", show=False,
                tooltip="set your own exam date for the highlighted deck"),  # listed by ?
        Binding("c", "class", "Class", id="home.class", tooltip="the class report, per student and per card (teachers)"),
        Binding("question_mark", "keys", "Keys", id="home.keys", tooltip="this list"),
        Binding("x", "sign_out", "Sign out", id="home.sign_out", tooltip="sign out (in a browser)"),
        Binding("q", "quit", "Quit", id="home.quit", tooltip="quit (every answer is already saved)"),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None
        self.slugs: list[str] = []  # of the deck list's rows (ALL for the last)
        self._pending: Callable[[], None] | None = None  # what a key asked for while the store was opening

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield DeckTable(_columns([]), id="decks")
        yield Static(id="description")
        yield Static(id="limit")
        yield Static(id="today")
        yield Static(id="exams")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#decks", DeckTable).focus()

    def on_screen_resume(self) -> None:
        quick, self.app.quick = self.app.quick, None
        if quick is not None:
            self._show(quick.overview)  # the first paint, before the store is open
            self._open_after_paint()
            return
        if not self.app.is_open:
            # A first run or a migration: say what is happening at once, open behind it.
            self.show_opening(self.app.opening)
            self._open_after_paint()
        self.refresh_counts()

    def _open_after_paint(self) -> None:
        # Once a frame has reached the terminal: Textual lays out and renders the app's first
        # frame inside its start-up batch and never writes it, and the opening's imports (all
        # Python, all GIL) would compete with the frame the learner sees (10-25 ms of it).
        def laid_out(_screen: Screen[None]) -> None:
            if self.app._running and not self.app._batch_count:  # this frame was written
                self.screen_layout_refresh_signal.unsubscribe(self)
                self.call_after_refresh(self.app.open_in_background)

        self.screen_layout_refresh_signal.subscribe(self, laid_out)

    def show_opening(self, text: str) -> None:
        """What the background opening is doing, until the deck list can be shown."""
        if self.overview is None and text:
            self.query_one("#description", Static).update(plain(text))
            self.query_one("#today", Static).update(plain("Your decks will be listed here in a moment."))

    @work(thread=True, exclusive=True, group="home")
    def refresh_counts(self) -> None:
        """Load the counts off the main thread, then show them."""
        try:
            learning = self.app.learning
        except QuizError:
            return  # the opening failed: the app is ending with its one line
        data = learning.overview()
        exams = learning.exams()
        self.app.call_from_thread(self._show, data)
        self.app.call_from_thread(self._show_exams, exams)

    def _show(self, data: Overview) -> None:
        self.overview = data
        table = self.query_one("#decks", DeckTable)
        selected = table.cursor_row
        total = data.total
        rows = [(r.title, *map(str, (r.cards, r.new, r.learning, r.due))) for r in data.decks]
        rows.append(("All decks", *map(str, (sum(r.cards for r in data.decks), total.new, total.learning, total.due))))
        self.slugs = [r.slug for r in data.decks] + [ALL]
        table.set_columns(_columns(rows))
        table.set_rows(rows, cursor=min(max(selected, 0), len(rows) - 1), strong=[len(rows) - 1])
        self.query_one("#limit", Static).update(plain(_limit_line(data)))
        done = data.done
        self.query_one("#today", Static).update(
            plain(
                f"Today: {done.answers} answer{'s' * (done.answers != 1)} · {minutes(done.seconds)} · "
                f"accuracy {percent(done.accuracy)}    Learner: {data.learner}"
            )
        )
        self._describe()
        self._run_pending()

    @work(thread=True, exclusive=True, group="exams")
    def load_exams(self) -> None:
        """The exam outlooks, once the store is open."""
        exams = self.app.learning.exams()
        self.app.call_from_thread(self._show_exams, exams)

    def _show_exams(self, exams: list[Outlook]) -> None:
        lines = [exam_line(o) for o in exams if not o.over]
        box = self.query_one("#exams", Static)
        box.display = bool(lines)
        box.update(plain("\n".join(lines)))
        self.refresh_bindings()  # the store is open now: a teacher's Class key can show

    def unavailable_keys(self) -> set[str]:
        """Binding ids this learner never has here: Class for a student, Sign out in a terminal,
        Quit in a browser (signing out takes its place)."""
        hidden = {"home.quit", "app.quit"} if self.app.served else {"home.sign_out"}
        if not (self.app.learning_ready and self.app.learning.is_teacher):
            hidden.add("home.class")
        return hidden

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return f"home.{action}" not in self.unavailable_keys()

    def on_line_table_row_highlighted(self, event: LineTable.RowHighlighted) -> None:
        self._describe()

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        self.action_study_selected()

    def _selected(self) -> str | None:
        table = self.query_one("#decks", DeckTable)
        if not table.row_count:
            return None
        key = self.slugs[table.cursor_row]
        return None if key == ALL else key

    def _describe(self) -> None:
        if self.overview is None:
            return
        slug = self._selected()
        row = next((r for r in self.overview.decks if r.slug == slug), None)
        text = (row.description or row.title) if row else "Every deck together: Enter studies them all."
        self.query_one("#description", Static).update(plain(text))

    def _ready(self, then: Callable[[], None]) -> bool:
        """True once the decks are open. Until then the screen does not freeze: the key is kept
        and `then` runs as soon as the store is open (the latest key wins)."""
        if not self.app.is_open or self.overview is None:
            if self._pending is None:
                self.notify("Opening your decks: that follows in a moment.", timeout=2)
            self._pending = then
            return False
        return True

    def store_opened(self) -> None:
        """The background opening finished: show the exam outlooks (they need the store), and do
        what a key asked for meanwhile, once the decks are listed."""
        self.load_exams()
        self._run_pending()

    def _run_pending(self) -> None:
        if self._pending is not None and self.app.is_open and self.overview is not None:
            pending, self._pending = self._pending, None
            self.call_after_refresh(pending)

    def action_study_selected(self) -> None:
        if self._ready(self.action_study_selected):
            slug = self._selected()
            self.app.action_study([slug] if slug else None)

    def action_study_all(self) -> None:
        if self._ready(self.action_study_all):
            self.app.action_study(None)

    def action_quiz(self) -> None:
        if self._ready(self.action_quiz):
            slug = self._selected()
            self.app.action_quiz([slug] if slug else None)

    def action_browse(self) -> None:
        if self._ready(self.action_browse):
            self.app.action_browse()

    def action_stats(self) -> None:
        if self._ready(self.action_stats):
            self.app.action_stats()

    def action_read(self) -> None:
        if self._ready(self.action_read):
            self.app.action_read()

    def action_settings(self) -> None:
        if self._ready(self.action_settings):
            self.app.action_settings()

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_class(self) -> None:
        if self._ready(self.action_class):
            self.app.action_class()

    def action_sign_out(self) -> None:
        self.app.sign_out()

    def action_exam(self) -> None:
        from quizapp.ui.screens.exam_date import ExamDateScreen

        if not self._ready(self.action_exam):
            return
        slug = self._selected()
        if slug is None:
            self.notify("Highlight a deck first: an exam date is set per deck.", timeout=3)
            return
        title = next((r.title for r in self.overview.decks if r.slug == slug), slug) if self.overview else slug
        self.app.push_screen(ExamDateScreen(slug, title))

    async def action_quit(self) -> None:
        self.app.exit()


def _columns(rows: list[tuple[str, ...]]) -> list[Column]:
    """The deck column as wide as the longest title (at most the room left), then the counts,
    each as wide as its widest number."""
    return [Column("title", "Deck", least=len("All decks"), most=widest((row[0] for row in rows), len("All decks"))),
            *(Column(key, label, max(5, len(label), *(len(row[n]) for row in rows)), right=True)
              for n, (key, label) in enumerate(NUMBERS, start=1))]


def _limit_line(data: Overview) -> str:
    """The daily new limit as it is: shared by every deck, with where to change it."""
    line = f"New today: {data.new_left} of {data.new_per_day} left, shared by all decks"
    if data.new_held:  # new cards are held back by the limit: say where it is set
        line += " · change it in settings (,)"
    return line


def exam_line(o: Outlook) -> str:
    """One deck's exam outlook in a line."""
    when = "today" if o.days_left == 0 else "tomorrow" if o.days_left == 1 else f"in {o.days_left} days"
    whose = "your date" if o.own else "class date"
    head = f"Exam {o.day.isoformat()} ({when}, {whose}) · {o.title}: {o.predicted * 100:.0f}% predicted on the day"
    if o.on_track:
        return f"{head}, on track for {o.target * 100:.0f}%"
    return f"{head}, behind the {o.target * 100:.0f}% target: about {o.reviews_per_day} reviews a day would catch up"

