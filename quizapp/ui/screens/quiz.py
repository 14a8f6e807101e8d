"""Quiz: choose decks, a number of questions and an optional time limit; answer; see the score
and every missed question with its answer and explanation; retry the missed ones.

A basic card is recalled, revealed with space or enter, then judged: `y` I knew it, `n` I didn't.
Escape ends the quiz: the questions not answered are skipped, not wrong (the score is over the
questions answered and the result says how many were skipped).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from quizapp.errors import QuizError, StoreError
from quizapp.practice.quiz import DEFAULT_COUNT, Question, QuestionResult, Quiz, QuizResult
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import minutes, percent, plain
from quizapp.ui.widgets.answers import AnswerView, answer_view
from quizapp.ui.widgets.feedback import feedback
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.ordered_input import OrderedInput
from quizapp.ui.widgets.ticks import TickBox, TickList
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp


class QuizSetupScreen(ModalScreen[None]):
    """Choose what the quiz asks."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", id="quiz.start", priority=True),
        Binding("escape", "cancel", "Cancel", id="quiz.cancel"),
    ]

    app: QuizApp

    def __init__(self, decks: Sequence[str] | None = None) -> None:
        super().__init__()
        self.chosen = set(decks) if decks else None

    def compose(self) -> ComposeResult:
        rows = self.app.learning.decks()
        with Vertical(id="setup"):
            yield Static(Content.styled("Quiz", "bold"), id="setup-title")
            yield Label(plain("Decks (space toggles)"))
            yield TickList(
                *(Selection(plain(title), slug, self.chosen is None or slug in self.chosen) for slug, title in rows),
                id="setup-decks",
            )
            with Horizontal(classes="setup-row"):
                yield Label(plain("Questions"))
                yield OrderedInput(str(DEFAULT_COUNT), id="setup-count", type="integer", max_length=3, compact=True)
                yield Label(plain("Time limit (minutes, empty for none)"))
                yield OrderedInput("", placeholder="none", id="setup-limit", type="integer", max_length=3, compact=True)
            yield TickBox(plain("Count my answers as reviews (changes the schedule)"), id="setup-schedule", compact=True)
            yield Static(id="setup-error")
            with Horizontal(classes="setup-row"):
                yield Button(plain("Start (ctrl+s)"), id="setup-start", variant="primary", compact=True)
                yield Button(plain("Cancel (esc)"), id="setup-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#setup-count", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_start()

    @on(Button.Pressed, "#setup-start")
    def action_start(self) -> None:
        decks = list(self.query_one("#setup-decks", SelectionList).selected)
        error = self.query_one("#setup-error", Static)
        count_text = self.query_one("#setup-count", Input).value.strip() or str(DEFAULT_COUNT)
        limit_text = self.query_one("#setup-limit", Input).value.strip()
        if not decks:
            error.update(Content.styled("Choose at least one deck.", "$error"))
            return
        if not count_text.isdigit() or not 1 <= int(count_text) <= 200:
            error.update(Content.styled("Questions: a number from 1 to 200.", "$error"))
            return
        if limit_text and (not limit_text.isdigit() or not 1 <= int(limit_text) <= 180):
            error.update(Content.styled("Time limit: minutes from 1 to 180, or empty.", "$error"))
            return
        try:
            quiz = self.app.learning.quiz(
                decks,
                int(count_text),
                time_limit=int(limit_text) * 60 if limit_text else None,
                update_schedule=self.query_one("#setup-schedule", TickBox).value,
            )
        except QuizError as exc:
            error.update(Content.styled(exc.message, "$error"))
            return
        self.dismiss()
        self.app.push_screen(QuizScreen(quiz))

    @on(Button.Pressed, "#setup-cancel")
    def action_cancel(self) -> None:
        self.dismiss()


class QuizScreen(AppScreen):
    """Questions one after another, each answered once."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "judge(True)", "I knew it", id="quiz.knew", tooltip="a revealed basic card: I knew it"),
        Binding("n", "judge(False)", "I didn't", id="quiz.did_not", tooltip="a revealed basic card: I didn't know it"),
        Binding("enter", "next", "Next question", id="quiz.next", tooltip="after answering: the next question (or the score)"),
        Binding("escape", "finish", "End quiz", id="quiz.finish",
                tooltip="end the quiz now: questions not answered are skipped, not counted as wrong"),
        Binding("question_mark", "keys", "Keys", id="quiz.keys"),
        Binding("pagedown", "scroll_card('page_down')", "Scroll down", show=False, id="quiz.page_down"),
        Binding("pageup", "scroll_card('page_up')", "Scroll up", show=False, id="quiz.page_up"),
        Binding("down,j", "scroll_card('down')", "Scroll the feedback down", show=False, id="quiz.scroll_down"),
        Binding("up,k", "scroll_card('up')", "Scroll the feedback up", show=False, id="quiz.scroll_up"),
    ]

    app: QuizApp

    def __init__(self, quiz: Quiz) -> None:
        super().__init__()
        self.quiz = quiz
        self.index = 0
        self.answered = False
        self.judging = False  # a basic card revealed, waiting for "I knew it" / "I didn't"
        self.shown_at = 0.0
        self.answer_widget: AnswerView | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="quiz-progress")
        with VerticalScroll(id="quiz-card"):
            yield Static(id="quiz-question")
            yield Static(id="quiz-feedback")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Quiz"
        self.show_question()
        if self.quiz.time_limit is not None:
            self.set_interval(1.0, self.tick)

    @property
    def question(self) -> Question:
        return self.quiz.questions[self.index]

    def show_question(self) -> None:
        question = self.question
        self.answered = False
        self.judging = False
        self.set_focus(None)
        if self.answer_widget is not None:
            self.answer_widget.remove()
        self.query_one("#quiz-feedback", Static).update("")
        self.query_one("#quiz-question", Static).update(
            Content.assemble(plain(f"{question.view.deck_title}\n", "$text-muted"), plain(question.prompt.question, "bold"))
        )
        widget = self.answer_widget = answer_view(question.prompt)
        self.query_one("#quiz-card").mount(widget, before=self.query_one("#quiz-feedback"))
        self.query_one("#quiz-card", VerticalScroll).scroll_home(animate=False)
        self.shown_at = self.app.monotonic()
        # Keys count once the question is on the screen (a second enter never answers it).
        self.call_after_refresh(self.app.arm_after_guard, widget, self._armed)
        self.update_progress()
        self.refresh_bindings()

    def _armed(self) -> None:
        self.shown_at = self.app.monotonic()

    def update_progress(self) -> None:
        right = sum(1 for r in self.quiz.results.values() if r.correct)
        left = self.quiz.time_left()
        clock = f" · time left {int(left // 60)}:{int(left % 60):02d}" if left is not None else ""
        self.query_one("#quiz-progress", Static).update(
            plain(f"Question {self.index + 1} of {len(self.quiz.questions)} · right so far {right}{clock}")
        )

    def tick(self) -> None:
        self.update_progress()
        if self.quiz.timed_out:
            self.notify("Time is up.", severity="warning", timeout=4)
            self.action_finish()

    def on_answer_view_submitted(self, message: AnswerView.Submitted) -> None:
        if self.answered or self.judging or message.view is not self.answer_widget:
            return
        message.stop()
        if self.question.prompt.self_graded:
            # Revealed: show the answer, then the learner says whether they knew it.
            self.judging = True
            message.view.show_result(None)
            self.query_one("#quiz-feedback", Static).update(
                Content.assemble(
                    feedback(self.question.view, self.question.prompt, None),
                    ("\n\nDid you know it?  y  I knew it  ·  n  I didn't", "bold"),
                )
            )
            self.set_focus(None)
            self.refresh_bindings()
            return
        self._answered(message.response)

    def action_judge(self, knew: bool) -> None:
        if self.judging and not self.answered:
            self._answered(knew)

    def _answered(self, response: object) -> None:
        duration = int((self.app.monotonic() - self.shown_at) * 1000)
        try:
            grade = self.quiz.answer(self.question, response, duration)
        except StoreError as exc:  # graded and kept in the quiz; only the review was not saved
            self.app.refused(exc)
            grade = self.quiz.results[self.question.number].grade
        if grade is None:
            self.action_finish()
            return
        self.answered = True
        self.judging = False
        view = self.answer_widget
        assert view is not None
        view.show_result(grade)
        given = response if isinstance(response, str) else ""
        last = self.index + 1 == len(self.quiz.questions)
        self.query_one("#quiz-feedback", Static).update(
            Content.assemble(
                feedback(self.question.view, self.question.prompt, grade, given),
                ("\n\nPress enter for " + ("your score." if last else "the next question."), "$text-muted"),
            )
        )
        self.set_focus(None)  # leave the (now locked) answer widget, so enter moves on
        self.update_progress()
        self.refresh_bindings()
        box = self.query_one("#quiz-feedback")
        self.set_timer(0.05, lambda: box.scroll_visible(animate=False))  # once laid out
        # A second enter within the guard window must not move on before the feedback is seen.
        self.ready_at = self.app.monotonic() + self.app.key_guard

    ready_at = 0.0

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.answered
        if action == "judge":
            return self.judging
        return True

    def action_scroll_card(self, how: str) -> None:
        card = self.query_one("#quiz-card", VerticalScroll)
        {"page_down": card.scroll_page_down, "page_up": card.scroll_page_up, "down": card.scroll_down,
         "up": card.scroll_up}[how](animate=False)

    def action_next(self) -> None:
        if not self.answered or self.app.monotonic() < self.ready_at:
            return
        if self.index + 1 < len(self.quiz.questions):
            self.index += 1
            self.show_question()
        else:
            self.action_finish()

    def action_finish(self) -> None:
        try:
            result = self.quiz.finish()
        except StoreError as exc:  # the score is shown all the same; only keeping it failed
            self.app.refused(exc)
            result = self.quiz.score()
        self.app.switch_screen(QuizResultScreen(self.quiz, result))

    def action_keys(self) -> None:
        self.app.action_keys()


class QuizResultScreen(AppScreen):
    """The score, the time, and every missed question."""

    CSS_PATH = "quiz.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "Retry", id="quiz.retry", tooltip="a new quiz of the questions missed or skipped"),
        Binding("escape,enter", "home", "Home", id="quiz.home"),
        Binding("question_mark", "keys", "Keys", id="quiz.result_keys"),
    ]

    app: QuizApp

    def __init__(self, quiz: Quiz, result: QuizResult) -> None:
        super().__init__()
        self.quiz = quiz
        self.result = result

    def compose(self) -> ComposeResult:
        r = self.result
        yield TitleBar()
        with VerticalScroll(id="result"):
            if r.answered:
                headline = f"Score: {r.correct} / {r.answered} answered ({percent(r.score)}) in {minutes(r.seconds)}"
            else:
                headline = f"No question answered ({minutes(r.seconds)})"
            if r.skipped:
                headline += f" · {len(r.skipped)} of {r.total} skipped" + (" (time ran out)" if r.timed_out else "")
            elif r.timed_out:
                headline += " (time ran out)"
            yield Static(Content.styled(headline, "bold"), id="result-score")
            if r.skipped:
                yield Static(plain("Skipped questions are not answers: they do not count in the score; r asks them again."),
                             classes="note")
            if r.answered and not r.missed:
                yield Static(Content.styled("Every question answered was right.", "bold $success"))
            for n, missed in enumerate(r.missed, start=1):
                yield Static(_described(n, missed, "Your answer"), classes="missed")
            if r.skipped:
                yield Static(Content.styled("Skipped", "bold"), classes="section")
                for n, skipped in enumerate(r.skipped, start=1):
                    yield Static(_described(n, skipped, None), classes="missed")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Quiz results"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return bool(self.result.to_retry)
        return True

    def action_retry(self) -> None:
        if self.result.to_retry:
            self.app.switch_screen(QuizScreen(self.quiz.retry_missed(self.result)))

    def action_keys(self) -> None:
        self.app.action_keys()

    def action_home(self) -> None:
        self.app.pop_screen()


def _described(n: int, result: QuestionResult, given_label: str | None) -> Content:
    """A missed or skipped question with the right answer and why."""
    q = result.question
    parts = [Content.assemble((f"{n}. ", "bold"), plain(q.prompt.question, "bold"))]
    if given_label is not None:
        parts.append(Content.assemble((f"   {given_label}: ", "$text-muted"), plain(result.given or "(nothing)", "$error")))
    parts.append(Content.assemble(("   Right answer: ", "$text-muted"), plain(result.expected, "$success")))
    if q.view.card.explanation:
        parts.append(Content.assemble(("   Why: ", "$text-muted"), plain(q.view.card.explanation)))
    return Content("\n").join(parts)
