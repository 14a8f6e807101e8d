"""Setting one's own exam date for a deck (it overrides the class's date)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from quizapp.ui.text import plain
from quizapp.ui.widgets.ordered_input import OrderedInput

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp


class ExamDateScreen(ModalScreen[None]):
    """A date for one deck, or nothing to go back to the class's date."""

    CSS_PATH = "exam_date.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="exam.cancel"),
    ]

    app: QuizApp

    def __init__(self, slug: str, title: str) -> None:
        super().__init__()
        self.slug = slug
        self.deck_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="exam-box"):
            yield Static(Content.assemble(("Exam date: ", "bold"), plain(self.deck_title, "bold")))
            yield Label(plain("Your own date (YYYY-MM-DD); empty uses the class's date"))
            yield OrderedInput(id="exam-day", placeholder="2026-12-15", max_length=10, compact=True)
            yield Static(plain("Until then, what you would forget by that day comes back sooner, so you peak on the day."),
                         classes="explain")
            yield Static(id="exam-error")

    def on_mount(self) -> None:
        self.query_one("#exam-day", Input).focus()

    @on(Input.Submitted, "#exam-day")
    def save(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            day = date.fromisoformat(text) if text else None
        except ValueError:
            self.query_one("#exam-error", Static).update(Content.styled("Write the date as YYYY-MM-DD.", "$error"))
            return
        self.app.learning.set_exam(self.slug, day)
        self.notify(f"Exam date set: {day.isoformat()}." if day else "Your own exam date is cleared.", timeout=3)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
