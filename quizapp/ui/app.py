"""The Textual application (placeholder until the UI issue lands)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

from quizapp.models import Learner
from quizapp.overview import overview
from quizapp.store import Store


class QuizApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, store: Store, learner: Learner) -> None:
        super().__init__()
        self.store = store
        self.learner = learner

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("deck", "new", "learning", "due")
        for row in overview(self.store, self.learner).decks:
            table.add_row(row.title, row.new, row.learning, row.due)


def run(store: Store, learner: Learner) -> None:
    QuizApp(store, learner).run()
