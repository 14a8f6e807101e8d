"""Home: every deck with what is left today, today's progress, and the way to everything else."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from quizapp.ui.text import minutes, percent, plain
from quizapp.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from quizapp.learning import Outlook, Overview
    from quizapp.ui.app import QuizApp

ALL = "__all__"


class DeckTable(DataTable[Text]):
    """The deck list; enter studies the highlighted deck."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select_cursor", "Study", id="home.study")]


class HomeScreen(Screen[None]):
    """The deck list."""

    CSS_PATH = "home.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "study_all", "All decks", id="home.study_all"),
        Binding("t", "quiz", "Quiz", id="home.quiz"),
        Binding("b", "browse", "Browse", id="home.browse"),
        Binding("s", "stats", "Stats", id="home.stats"),
        Binding("r", "read", "Read", id="home.read"),
        Binding("comma", "settings", "Settings", id="home.settings"),
        Binding("e", "exam", "Exam date", id="home.exam", show=False),  # listed by ?
        Binding("c", "class", "Class", id="home.class"),
        Binding("question_mark", "keys", "Keys", id="home.keys"),
        Binding("x", "sign_out", "Sign out", id="home.sign_out"),
        Binding("q", "quit", "Quit", id="home.quit"),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__()
        self.overview: Overview | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DeckTable(id="decks", cursor_type="row", zebra_stripes=True)
        yield Static(id="description")
        yield Static(id="today")
        yield Static(id="exams")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#decks", DataTable).focus()

    def on_screen_resume(self) -> None:
        quick, self.app.quick = self.app.quick, None
        if quick is not None:
            self._show(quick.overview)  # the first paint, before the store is open
            self.call_after_refresh(self.app.open_in_background)
            self.call_after_refresh(self.load_exams)  # they need the store: shown once it is open
        else:
            self.refresh_counts()

    @work(thread=True, exclusive=True, group="home")
    def refresh_counts(self) -> None:
        """Load the counts off the main thread, then show them."""
        learning = self.app.learning
        data = learning.overview()
        exams = learning.exams()
        self.app.call_from_thread(self._show, data)
        self.app.call_from_thread(self._show_exams, exams)

    def _show(self, data: Overview) -> None:
        self.overview = data
        table = self.query_one("#decks", DataTable)
        selected = table.cursor_row
        # Columns are rebuilt with the rows, with widths that fit what is shown.
        table.clear(columns=True)
        table.add_column("Deck", key="title", width=max([len("All decks"), *(len(r.title) for r in data.decks)]))
        for key, label in (("cards", "Cards"), ("new", "New"), ("learning", "Learn"), ("due", "Due")):
            table.add_column(Text(label, justify="right"), key=key, width=max(5, len(label)))
        for row in data.decks:
            table.add_row(Text(row.title), *_numbers(row.cards, row.new, row.learning, row.due), key=row.slug)
        cards = sum(r.cards for r in data.decks)
        total = data.total
        table.add_row(Text("All decks", style="bold"), *_numbers(cards, total.new, total.learning, total.due, bold=True), key=ALL)
        table.move_cursor(row=min(max(selected, 0), table.row_count - 1))
        done = data.done
        self.query_one("#today", Static).update(
            plain(
                f"Today: {done.answers} answer{'s' * (done.answers != 1)} · {minutes(done.seconds)} · "
                f"accuracy {percent(done.accuracy)}    Learner: {data.learner}"
            )
        )
        self._describe()

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

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_study_selected()

    def _selected(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        return None if key == ALL else key

    def _describe(self) -> None:
        slug = self._selected()
        row = next((r for r in self.overview.decks if r.slug == slug), None) if self.overview else None
        text = (row.description or row.title) if row else "Every deck together: Enter studies them all."
        self.query_one("#description", Static).update(plain(text))

    def action_study_selected(self) -> None:
        slug = self._selected()
        self.app.action_study([slug] if slug else None)

    def action_study_all(self) -> None:
        self.app.action_study(None)

    def action_quiz(self) -> None:
        slug = self._selected()
        self.app.action_quiz([slug] if slug else None)

    def action_browse(self) -> None:
        self.app.action_browse()

    def action_stats(self) -> None:
        self.app.action_stats()

    def action_read(self) -> None:
        self.app.action_read()

    def action_settings(self) -> None:
        self.app.action_settings()

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_class(self) -> None:
        self.app.action_class()

    def action_sign_out(self) -> None:
        self.app.sign_out()

    def action_exam(self) -> None:
        from quizapp.ui.screens.exam_date import ExamDateScreen

        slug = self._selected()
        if slug is None:
            self.notify("Highlight a deck first: an exam date is set per deck.", timeout=3)
            return
        title = next((r.title for r in self.overview.decks if r.slug == slug), slug) if self.overview else slug
        self.app.push_screen(ExamDateScreen(slug, title))

    async def action_quit(self) -> None:
        self.app.exit()


def exam_line(o: Outlook) -> str:
    """One deck's exam outlook in a line."""
    when = "today" if o.days_left == 0 else "tomorrow" if o.days_left == 1 else f"in {o.days_left} days"
    whose = "your date" if o.own else "class date"
    head = f"Exam {o.day.isoformat()} ({when}, {whose}) · {o.title}: {o.predicted * 100:.0f}% predicted on the day"
    if o.on_track:
        return f"{head}, on track for {o.target * 100:.0f}%"
    return f"{head}, behind the {o.target * 100:.0f}% target: about {o.reviews_per_day} reviews a day would catch up"


def _numbers(*values: int, bold: bool = False) -> list[Text]:
    return [Text(str(v), justify="right", style="bold" if bold else "") for v in values]
