"""The Class screen (teachers only): every student by deck, and every card the class got wrong
with the answers students gave, the wrong choices they picked, overrides and flags."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import percent, plain
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.table import Table
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.learning import Report
    from quizapp.ui.app import QuizApp


def _day(at: int | None) -> str:
    from datetime import UTC, datetime

    return "never" if at is None else datetime.fromtimestamp(at, UTC).astimezone().strftime("%Y-%m-%d")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'s' * (n != 1)}"


def _n(value: object) -> Text:
    return Text(str(value), justify="right")


class ClassScreen(AppScreen):
    """Students by deck above, the hardest cards below, the highlighted card in full at the bottom."""

    CSS_PATH = "class_report.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch_table", "Students/cards", id="class.switch"),
        Binding("r", "refresh", "Refresh", id="class.refresh"),
        Binding("question_mark", "keys", "Keys", id="class.keys"),
        Binding("escape", "home", "Home", id="class.home"),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__()
        self.report: Report | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="class"):
            yield Static(Content.styled("Students by deck", "bold"), classes="section")
            yield Table(id="students", cursor_type="row", zebra_stripes=True)
            yield Static(Content.styled("Hardest cards", "bold"), classes="section")
            yield Table(id="cards", cursor_type="row", zebra_stripes=True)
            yield Static(id="card-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Class"
        self.query_one("#students", DataTable).focus()
        self.action_refresh()

    @work(thread=True, exclusive=True, group="class")
    def action_refresh(self) -> None:
        """Compute the report off the main thread, then show it."""
        report = self.app.learning.class_report()
        self.app.call_from_thread(self._show, report)

    def _show(self, report: Report) -> None:
        self.report = report
        students = self.query_one("#students", DataTable)
        students.clear(columns=True)
        students.add_columns("Student", "Deck", "Last active", Text("Accuracy", justify="right"),
                             Text("Retention", justify="right"), Text("Mastery", justify="right"),
                             Text("Due", justify="right"), Text("Overdue", justify="right"), "Quizzes (latest/best/all)")
        for r in report.rows:
            answers = f"{percent(r.accuracy)} of {r.answers}" if r.answers else "–"
            quiz = f"{percent(r.quiz_latest)} / {percent(r.quiz_best)} / {percent(r.quiz_all)} ({r.quiz_attempts})" \
                if r.quiz_attempts else "–"
            students.add_row(Text(r.learner), Text(r.deck), Text(_day(r.last_active)), _n(answers), _n(percent(r.retention)),
                             _n(f"{percent(r.mastery)} ({r.mastered}/{r.items})"), _n(r.due), _n(r.overdue), Text(quiz))
        if not report.rows:
            students.add_row(Text("No students yet: quizapp learners add NAME"), *(Text("") for _ in range(8)))
        cards = self.query_one("#cards", DataTable)
        cards.clear(columns=True)
        cards.add_columns("Card", "Question", Text("Right", justify="right"), Text("Wrong", justify="right"),
                          Text("Overrides", justify="right"), Text("Flags", justify="right"))
        for n, c in enumerate(report.hardest):
            which = f" ({c.item_label})" if c.item_label else ""
            cards.add_row(Text(f"{c.deck}/{c.card}{which}"), Text(c.question[:60]), _n(percent(c.accuracy)),
                          _n(c.wrong + c.quiz_asked - c.quiz_right), _n(c.overrides), _n(c.flags), key=str(n))
        self._detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "cards":
            self._detail()

    def _detail(self) -> None:
        box = self.query_one("#card-detail", Static)
        table = self.query_one("#cards", DataTable)
        hardest = self.report.hardest if self.report else []
        if not hardest or not table.row_count:
            box.update(plain("No card has been answered wrong yet."))
            return
        c = hardest[min(max(table.cursor_row, 0), len(hardest) - 1)]
        lines = [c.question, f"{_count(c.answers, 'answer')} by {_count(c.learners, 'student')}, {c.wrong} wrong; "
                             f"quizzes {c.quiz_right}/{c.quiz_asked} right; {_count(c.overrides, 'override')}; "
                             f"flagged by {c.flags}"]
        if c.wrong_answers:
            lines.append("Wrong answers: " + ", ".join(f"“{a}” ×{k}" for a, k in c.wrong_answers[:6]))
        if c.wrong_choices:
            lines.append("Wrong choices picked: " + ", ".join(f"“{a}” ×{k}" for a, k in c.wrong_choices[:6]))
        if c.accept:
            lines.append(f"For the deck file: {c.accept}")
        box.update(plain("\n".join(lines)))

    def action_switch_table(self) -> None:
        students, cards = self.query_one("#students", DataTable), self.query_one("#cards", DataTable)
        (cards if students.has_focus else students).focus()

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_home(self) -> None:
        self.app.pop_screen()
