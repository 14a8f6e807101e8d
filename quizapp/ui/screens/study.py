"""Study: one item at a time, answered the way its type asks, rated, and committed at once.

Used for today's queue (StudySession) and for cram (CramSession, which never writes). Answers are
written inline (about 2 ms on SQLite, see bench/) so keystrokes are handled strictly in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Static

from quizapp.engine.answers import Grade
from quizapp.engine.scheduling import AGAIN, EASY, GOOD, HARD, RATING_NAMES, format_wait
from quizapp.engine.states import STATE_NAMES
from quizapp.practice.cram import CramSession
from quizapp.practice.study import StudyItem, StudySession
from quizapp.ui.text import minutes, percent, plain
from quizapp.ui.widgets.answers import AnswerView, answer_view
from quizapp.ui.widgets.feedback import feedback
from quizapp.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp



class RatingButton(Button):
    """One of Again / Hard / Good / Easy, showing the wait it would give."""

    def __init__(self, rating: int) -> None:
        super().__init__(plain(f"{rating} {RATING_NAMES[rating]}"), id=f"rate-{rating}", compact=True)
        self.rating = rating


class StudyScreen(Screen[None]):
    """The study screen."""

    CSS_PATH = "study.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", "Again", id="study.again"),
        Binding("2", "rate(2)", "Hard", id="study.hard"),
        Binding("3", "rate(3)", "Good", id="study.good"),
        Binding("4", "rate(4)", "Easy", id="study.easy"),
        Binding("enter", "accept", "Accept", id="study.accept"),
        Binding("u", "undo", "Undo", id="study.undo"),
        Binding("o", "open_source", "Source", id="study.source"),
        Binding("e", "edit", "Edit card", id="study.edit"),
        Binding("exclamation_mark", "suspend", "Suspend", id="study.suspend"),
        Binding("minus", "bury", "Bury", id="study.bury"),
        Binding("asterisk", "flag", "Flag", id="study.flag"),
        Binding("question_mark", "keys", "Keys", id="study.keys"),
        Binding("escape", "home", "Home", id="study.home"),
    ]

    app: QuizApp

    def __init__(self, driver: StudySession | CramSession, title: str = "Study") -> None:
        super().__init__()
        self.driver = driver
        self.title_text = title
        self.item: StudyItem | None = None
        self.answer_widget: AnswerView | None = None
        self.phase = "answer"  # answer -> rate -> (next item) ... -> done
        self.suggested = GOOD
        self.auto_graded = False
        self.shown_at = 0.0
        self.answer_ms = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="progress")
        with VerticalScroll(id="card"):
            yield Static(id="meta")
            yield Static(id="question")
            yield Static(id="feedback")
        with Horizontal(id="ratings"):
            for rating in (AGAIN, HARD, GOOD, EASY):
                yield RatingButton(rating)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.title_text
        self.show(self.driver.next())

    # -- showing -----------------------------------------------------------------------------

    def show(self, item: StudyItem | None) -> None:
        """Show an item in its answering phase, or the summary when there is none."""
        self.item = item
        if self.answer_widget is not None:
            self.answer_widget.remove()
            self.answer_widget = None
        feedback_box = self.query_one("#feedback", Static)
        feedback_box.update("")
        if item is None:
            self.finish()
            return
        self.phase = "answer"
        self.query_one("#ratings").display = False
        self._redraw_meta()
        self.query_one("#question", Static).update(plain(item.prompt.question, "bold"))
        self.answer_widget = answer_view(item.prompt)
        self.query_one("#card", VerticalScroll).mount(self.answer_widget, before=feedback_box)
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.shown_at = self.app.monotonic()
        self.update_progress()
        self.refresh_bindings()

    def update_progress(self) -> None:
        driver = self.driver
        if isinstance(driver, StudySession):
            p = driver.progress()
            text = f"Done {p.done} · Left {p.remaining}  (new {p.new} · learning {p.learning} · due {p.due})"
        else:
            c = driver.progress()
            text = f"Cram · right {c.mastered} · left {c.remaining} · answers {c.answers} · the schedule is not changed"
        self.query_one("#progress", Static).update(plain(text))

    def finish(self) -> None:
        self.phase = "done"
        self.query_one("#ratings").display = False
        self.query_one("#meta", Static).update(Content.styled("Session complete", "bold $success"))
        lines: list[str] = []
        if isinstance(self.driver, StudySession):
            s = self.driver.summary()
            lines.append(f"Items studied: {s.studied}    Accuracy: {percent(s.accuracy)}    Time: {minutes(s.seconds)}")
            lines.append(f"Due tomorrow: {s.due_tomorrow}")
            if s.later_today:
                later = f"{s.later_today} learning item{'s' * (s.later_today != 1)}"
                lines.append(f"{later} come back later today: study again then.")
            if not s.studied:
                lines.append("Nothing is due in this deck right now.")
        else:
            c = self.driver.progress()
            lines.append(f"Every item answered right. Answers given: {c.answers}.")
        lines.append("")
        lines.append("Press enter or escape to go home.")
        self.query_one("#question", Static).update(plain("\n".join(lines)))
        self.update_progress()
        self.refresh_bindings()

    # -- answering --------------------------------------------------------------------------

    def on_answer_view_submitted(self, message: AnswerView.Submitted) -> None:
        item = self.item
        if item is None or self.phase != "answer" or message.view is not self.answer_widget:
            return
        self.answer_ms = int((self.app.monotonic() - self.shown_at) * 1000)
        grade: Grade | None = None
        given = ""
        if item.prompt.self_graded:
            self.suggested, self.auto_graded = GOOD, False
        else:
            grade = self.driver.grade(item, message.response, self.answer_ms)
            self.suggested, self.auto_graded = grade.rating, True
            given = message.response if isinstance(message.response, str) else ""
        message.view.show_result(grade)
        self.query_one("#feedback", Static).update(feedback(item.view, item.prompt, grade, given))
        self.phase = "rate"
        self.show_ratings(item)
        self.refresh_bindings()

    def show_ratings(self, item: StudyItem) -> None:
        bar = self.query_one("#ratings")
        bar.display = True
        for button in self.query(RatingButton):
            wait = item.intervals.get(button.rating)
            label = f"{button.rating} {RATING_NAMES[button.rating]}" + (f" · {format_wait(wait)}" if wait else "")
            button.label = plain(label)
            button.set_class(button.rating == self.suggested, "-suggested")
            if button.rating == self.suggested:
                button.focus()

    def on_click(self) -> None:
        # A click elsewhere on the card must not strand the keys: give them back to the answer.
        if self.phase == "answer" and self.answer_widget is not None:
            self.answer_widget.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if isinstance(event.button, RatingButton):
            event.stop()
            self.action_rate(event.button.rating)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("rate", "accept"):
            return self.phase == "rate" or (action == "accept" and self.phase == "done")
        if action == "undo":
            return isinstance(self.driver, StudySession) and self.driver.can_undo()
        if action in ("suspend", "bury"):
            return isinstance(self.driver, StudySession) and self.item is not None
        if action in ("open_source", "flag", "edit"):
            return self.item is not None
        return True

    def action_rate(self, rating: int) -> None:
        item = self.item
        if item is None or self.phase != "rate":
            return
        self.phase = "saving"
        outcome = self.driver.answer(item, rating, self.answer_ms, auto_graded=self.auto_graded)
        if outcome is not None and outcome.leech:
            self.notify(
                "This item has lapsed too often: it is now tagged leech and suspended. Rewrite or drop it in browse.",
                title="Leech",
                severity="warning",
                timeout=8,
            )
        self.show(self.driver.next())

    def action_accept(self) -> None:
        if self.phase == "done":
            self.action_home()
        else:
            self.action_rate(self.suggested)

    # -- actions on the current item ---------------------------------------------------------------

    def action_undo(self) -> None:
        if isinstance(self.driver, StudySession) and self.driver.can_undo():
            self.show(self.driver.undo())
            self.notify("Undone: the last answer is gone and its item is back.", timeout=3)

    def action_suspend(self) -> None:
        if isinstance(self.driver, StudySession) and self.item is not None:
            self.driver.suspend(self.item)
            self.notify("Suspended: it will not come back until you unsuspend it in browse (u undoes).", timeout=4)
            self.show(self.driver.next())

    def action_bury(self) -> None:
        if isinstance(self.driver, StudySession) and self.item is not None:
            self.driver.bury(self.item)
            self.notify("Buried until tomorrow (u undoes).", timeout=3)
            self.show(self.driver.next())

    def action_flag(self) -> None:
        item = self.item
        if item is None:
            return
        if isinstance(self.driver, StudySession):
            flagged = self.driver.toggle_flag(item)
            self.notify("Flagged: find it in browse with the flagged filter." if flagged else "Flag removed.", timeout=3)
            self.item = StudyItem(item.view, item.prompt, item.kind, item.memory, item.intervals, flagged)
            self._redraw_meta()
        else:
            self.notify("Flags are set while studying, not while cramming.", timeout=3)

    def _redraw_meta(self) -> None:
        item = self.item
        if item is None:
            return
        flags = "  ★ flagged" if item.flagged else ""
        kind = STATE_NAMES.get(item.kind, "")
        self.query_one("#meta", Static).update(
            Content.assemble(
                (item.view.card.LABEL, "bold $accent"),
                f" · {kind} · ",
                plain(item.view.deck_title, "$text-muted"),
                (flags, "bold $warning"),
            )
        )

    def action_open_source(self) -> None:
        item = self.item
        if item is None:
            return
        if item.view.source_id is None:
            self.notify("This card's deck has no source text.", timeout=3)
            return
        self.app.action_read(item.view.source_id, item.view.card.first_quote)

    def action_edit(self) -> None:
        item = self.item
        if item is not None:
            self.app.edit_card(item.item_id, self._edited)

    def _edited(self) -> None:
        # Not answered yet: show the item again as the deck now has it (the next one if the card
        # is gone). Once answered, the change shows the next time it comes up.
        if self.phase == "answer" and isinstance(self.driver, StudySession):
            self.show(self.driver.next())

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_home(self) -> None:
        self.app.pop_screen()
