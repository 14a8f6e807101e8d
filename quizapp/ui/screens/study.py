"""Study: one item at a time, answered the way its type asks, rated, and committed at once.

Used for today's queue (StudySession) and for cram (CramSession, which never writes). Answers are
written inline (about 2 ms on SQLite, see bench/) so keystrokes are handled strictly in order.

Keys are safe: the answer widget of a new item takes no key until the item has been painted and
the app's guard window has passed (a second enter after rating never answers the next card); `u`
before rating goes back to answering the same card; suspending or burying after answering saves
the answer first (with the preselected rating, as enter would) and says so; the feedback scrolls
with PageUp/PageDown, up/down or j/k. When only learning items not yet due are left, the screen
says how many come back and when, and waits for them (or shows one now, or goes home).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Static

from quizapp.engine.answers import Grade
from quizapp.engine.scheduling import AGAIN, EASY, GOOD, HARD, RATING_NAMES, format_wait
from quizapp.engine.states import STATE_NAMES
from quizapp.errors import StoreError
from quizapp.practice.cram import CramSession
from quizapp.practice.study import StudyItem, StudySession, Waiting
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import minutes, percent, plain
from quizapp.ui.widgets.answers import AnswerView, answer_view, update_in_place
from quizapp.ui.widgets.feedback import feedback
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.rating_bar import RatingBar
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp



class StudyScreen(AppScreen):
    """The study screen."""

    CSS_PATH = "study.tcss"
    # A change of focus repaints the widgets whose look depends on it, not the whole screen as
    # Textual's Screen does: the frame after a grade then draws only what the next card changed.
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "rate(1)", "Again", id="study.again"),
        Binding("2", "rate(2)", "Hard", id="study.hard"),
        Binding("3", "rate(3)", "Good", id="study.good"),
        Binding("4", "rate(4)", "Easy", id="study.easy"),
        Binding("enter", "accept", "Accept", id="study.accept", tooltip="after answering: accept the preselected rating"),
        Binding("enter", "leave_home", "Home", id="study.done_home", tooltip="on the summary: go home"),
        Binding("enter", "leave_back", "Back", id="study.done_back", tooltip="on a cram's summary: go back"),
        Binding("n", "ahead", "Study one now", id="study.ahead",
                tooltip="while learning items wait to come back: study the next one now"),
        Binding("u", "undo", "Undo", id="study.undo",
                tooltip="before rating: back to answering this card; after: undo the last answer (again and again)"),
        Binding("o", "open_source", "Source", id="study.source", tooltip="open the source text at the card's quote"),
        Binding("e", "edit", "Edit card", id="study.edit",
                tooltip="open the card's deck file at the card in $EDITOR, then import it again"),
        Binding("exclamation_mark", "suspend", "Suspend", id="study.suspend",
                tooltip="suspend the card (an answer given is saved first)"),
        Binding("minus", "bury", "Bury", id="study.bury",
                tooltip="hide the card until tomorrow (an answer given is saved first)"),
        Binding("asterisk", "flag", "Flag", id="study.flag", tooltip="flag or unflag the card (find it in browse)"),
        Binding("question_mark", "keys", "Keys", id="study.keys", tooltip="this list"),
        Binding("escape", "home", "Home", id="study.home", tooltip="go home (every rated answer is already saved)"),
        Binding("escape", "back", "Back", id="study.back", tooltip="go back where the cram started"),
        Binding("pagedown", "scroll_card('page_down')", "Scroll down", show=False, id="study.page_down"),
        Binding("pageup", "scroll_card('page_up')", "Scroll up", show=False, id="study.page_up"),
        Binding("down,j", "scroll_card('down')", "Scroll the feedback down", show=False, id="study.scroll_down"),
        Binding("up,k", "scroll_card('up')", "Scroll the feedback up", show=False, id="study.scroll_up"),
    ]

    app: QuizApp

    def __init__(self, driver: StudySession | CramSession, title: str = "Study") -> None:
        super().__init__()
        self.driver = driver
        self.title_text = title
        self.item: StudyItem | None = None
        self.answer_widget: AnswerView | None = None
        self.phase = "answer"  # answer -> rate -> (next item) ... -> done; "waiting" for learning items
        self.suggested = GOOD
        self.auto_graded = False
        self.shown_at = 0.0
        self.answer_ms = 0

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="progress")
        with VerticalScroll(id="card"):
            yield Static(id="meta")
            yield Static(id="question")
            yield Static(id="feedback")
        yield RatingBar(id="ratings")
        yield KeyBar()

    @property
    def is_cram(self) -> bool:
        """True when cramming (nothing is written; escape goes back where the cram came from)."""
        return not isinstance(self.driver, StudySession)

    def on_mount(self) -> None:
        self.sub_title = self.title_text
        self.show(self.driver.next())
        self.set_interval(1.0, self.check_waiting)

    # -- showing -----------------------------------------------------------------------------

    def show(self, item: StudyItem | None) -> None:
        """Show an item in its answering phase; when there is none, the learning items waiting to
        come back, or the summary."""
        self.item = item
        self.set_focus(None)  # the ratings, blank from now, must not take the next enter
        reused = self.answer_widget if item is not None and self.answer_widget is not None and \
            self.answer_widget.takes(item.prompt) else None
        if self.answer_widget is not None and reused is None:
            self.answer_widget.remove()
            self.answer_widget = None
        feedback_box = self.query_one("#feedback", Static)
        if item is None:
            feedback_box.update("")
            waiting = self.driver.waiting() if isinstance(self.driver, StudySession) else None
            if waiting is not None:
                self.show_waiting(waiting)
            else:
                self.finish()
            return
        self.phase = "answer"
        # The ratings' line and the hint keep their place, and the card's boxes are laid out again
        # only when one takes another height: a grade is then a repaint of a few lines.
        card = self.query_one("#card", VerticalScroll)
        overflowed = card.max_scroll_y > 0
        feedback_box.update("", layout=overflowed)  # else its lines are drawn blank until the next reveal
        self._redraw_meta()
        question = self.query_one("#question", Static)
        update_in_place(question, plain(item.prompt.question, "bold"))
        self.query_one(RatingBar).clear()
        if reused is not None:
            widget = reused
            widget.show_prompt(item.prompt)  # in place: no re-mount, re-style or re-layout of a new widget
        else:
            widget = self.answer_widget = answer_view(item.prompt)
            card.mount(widget, before=feedback_box)
        card.scroll_home(animate=False)
        self.shown_at = self.app.monotonic()
        # Keys start to count once this card is on the screen, and a guard window later. Asked of
        # the widget, so a new one is mounted first: the screen's next frame may come before that.
        widget.call_after_refresh(self.app.arm_after_guard, widget, self._armed)
        self.update_progress()
        self.refresh_bindings()
        self._paint_in_one_frame()

    def _paint_in_one_frame(self) -> None:
        """Draw the keys now active and hand the screen every repaint and layout asked for, now.

        Textual passes a widget's requests to its screen when the widget's own queue next runs
        idle, and the key bar redraws after the next refresh: the screen's next frame could show
        the ratings cleared over the last card's question, or the new card under the last card's
        keys, and the rest a frame later (issue 15, grade to next). Posted here, they reach the
        screen before it goes idle. (`_check_refresh` is what that idle runs; textual is pinned.)"""
        self.query_one(KeyBar).redraw()
        for node in self.walk_children(Widget):
            if node._layout_required or node._repaint_required:
                node._check_refresh()

    def _armed(self) -> None:
        self.shown_at = self.app.monotonic()  # the answer time starts when keys start to count

    def show_waiting(self, waiting: Waiting) -> None:
        """Only learning items not yet due are left: say how many come back, and when."""
        self.phase = "waiting"
        self.query_one(RatingBar).clear()
        self.query_one("#meta", Static).update(Content.styled("Waiting for learning items", "bold $accent"))
        self._redraw_waiting(waiting)
        self.update_progress()
        self.refresh_bindings()

    def _redraw_waiting(self, waiting: Waiting) -> None:
        left = waiting.seconds_left(int(self.driver.clock()))
        count = f"{waiting.count} card{'s' * (waiting.count != 1)}"
        lines = [
            f"Nothing else is due now. {count} you are learning come{'s' * (waiting.count == 1)} back "
            f"in {minutes(max(left, 1))}.",
            "",
            "Wait here: the next one shows by itself when it is due.",
            "n studies the next one now, escape stops (they stay in today's queue).",
        ]
        self.query_one("#question", Static).update(plain("\n".join(lines)))

    def check_waiting(self) -> None:
        """While waiting, show the next learning item as soon as it is due (polled every second)."""
        if self.phase != "waiting" or not isinstance(self.driver, StudySession):
            return
        item = self.driver.next()
        if item is not None:
            self.show(item)
            return
        waiting = self.driver.waiting()
        if waiting is None:
            self.finish()
        else:
            self._redraw_waiting(waiting)

    def update_progress(self) -> None:
        driver = self.driver
        if isinstance(driver, StudySession):
            p = driver.progress()
            text = f"Done {p.done} · Left {p.remaining}  (new {p.new} · learning {p.learning} · due {p.due})"
        else:
            c = driver.progress()
            text = f"Cram · right {c.mastered} · left {c.remaining} · answers {c.answers} · the schedule is not changed"
        self.query_one("#progress", Static).update(plain(text), layout=False)  # one line, always

    def finish(self) -> None:
        self.phase = "done"
        self.query_one(RatingBar).clear()
        self.query_one("#meta", Static).update(Content.styled("Session complete", "bold $success"))
        lines: list[str] = []
        if isinstance(self.driver, StudySession):
            s = self.driver.summary()
            lines.append(
                f"Items: {s.items}    Answers: {s.answers}    Accuracy: {percent(s.accuracy)}    Time: {minutes(s.seconds)}"
            )
            lines.append(f"Due tomorrow: {s.due_tomorrow}")
            if s.later_today:
                later = f"{s.later_today} learning item{'s' * (s.later_today != 1)}"
                lines.append(f"{later} come{'s' * (s.later_today == 1)} back later today: study again then.")
            if s.new_held:
                lines.append(
                    f"{s.new_held} new card{'s' * (s.new_held != 1)} wait for tomorrow: today's new limit "
                    f"({self.driver.settings.new_per_day}, shared by all decks) is used up; change it in settings (,)."
                )
            elif not s.studied:
                lines.append("Nothing is due in this deck right now.")
        else:
            c = self.driver.progress()
            lines.append(f"Every item answered right. Answers given: {c.answers}.")
        lines.append("")
        lines.append("Press enter or escape to go back." if self.is_cram else "Press enter or escape to go home.")
        self.query_one("#question", Static).update(plain("\n".join(lines)))
        self.update_progress()
        self.refresh_bindings()

    # -- answering --------------------------------------------------------------------------

    def on_answer_view_submitted(self, message: AnswerView.Submitted) -> None:
        item = self.item
        if item is None or self.phase != "answer" or message.view is not self.answer_widget:
            return
        message.stop()
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
        box = self.query_one("#feedback", Static)
        box.update(feedback(item.view, item.prompt, grade, given))
        self.phase = "rate"
        # A second enter within the guard window must not rate before the feedback is seen.
        self.ready_at = self.app.monotonic() + self.app.key_guard
        self.show_ratings(item)
        self.refresh_bindings()
        self._paint_in_one_frame()  # the verdict, the ratings and their keys
        # Bring the verdict, the answer and the explanation into view above the ratings, once the
        # feedback has been laid out (after a refresh is too early).
        self.set_timer(0.05, lambda: box.scroll_visible(animate=False))

    def show_ratings(self, item: StudyItem) -> None:
        choices = []
        for rating in (AGAIN, HARD, GOOD, EASY):
            wait = item.intervals.get(rating)
            choices.append((rating, f"{rating} {RATING_NAMES[rating]}" + (f" · {format_wait(wait)}" if wait else "")))
        bar = self.query_one(RatingBar)
        bar.show(choices, self.suggested)
        self.set_focus(bar)  # now, not after a refresh: the key bar drawn next shows its keys

    def on_click(self) -> None:
        # A click elsewhere on the card must not strand the keys: give them back to the answer.
        if self.phase == "answer" and self.answer_widget is not None:
            self.answer_widget.focus()

    def on_rating_bar_chosen(self, event: RatingBar.Chosen) -> None:
        event.stop()
        self.action_rate(event.rating)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter and escape have one binding per meaning (accept, home, back), so the key bar, the
        # ? help and the summary all name what the key does here and now.
        if action in ("rate", "accept"):
            return self.phase == "rate"
        if action in ("home", "back"):
            return (action == "back") == self.is_cram
        if action in ("leave_home", "leave_back"):
            return self.phase == "done" and (action == "leave_back") == self.is_cram
        if action == "ahead":
            return self.phase == "waiting"
        if action == "undo":
            # Before rating: back to answering this card. Otherwise: the last recorded answer.
            return (self.phase == "rate") or (isinstance(self.driver, StudySession) and self.driver.can_undo())
        if action in ("suspend", "bury"):
            return isinstance(self.driver, StudySession) and self.item is not None and self.phase in ("answer", "rate")
        if action == "edit" and self.app.served:
            return False  # the editor would run on the class server, not in the browser
        if action in ("open_source", "flag", "edit"):
            return self.item is not None and self.phase in ("answer", "rate")
        return True



    ready_at = 0.0  # keys that rate count from then on

    def action_rate(self, rating: int) -> None:
        item = self.item
        if item is None or self.phase != "rate" or self.app.monotonic() < self.ready_at:
            return
        self.phase = "saving"
        try:
            outcome = self.driver.answer(item, rating, self.answer_ms, auto_graded=self.auto_graded)
        except StoreError as exc:  # not saved: the card stays, rated again once the fault is gone
            self.phase = "rate"
            self.app.refused(exc)
            return
        if outcome is not None and outcome.leech:
            self.notify(
                "This item has lapsed too often: it is now tagged leech and suspended. Rewrite or drop it in browse.",
                title="Leech",
                severity="warning",
                timeout=8,
            )
        self.show(self.driver.next())

    def action_accept(self) -> None:
        self.action_rate(self.suggested)

    def action_leave_home(self) -> None:
        self.action_home()

    def action_leave_back(self) -> None:
        self.action_home()

    def action_back(self) -> None:
        self.action_home()

    def action_ahead(self) -> None:
        if self.phase == "waiting" and isinstance(self.driver, StudySession):
            self.show(self.driver.next(ahead=True))

    def action_scroll_card(self, how: str) -> None:
        card = self.query_one("#card", VerticalScroll)
        {"page_down": card.scroll_page_down, "page_up": card.scroll_page_up, "down": card.scroll_down,
         "up": card.scroll_up}[how](animate=False)

    # -- actions on the current item ---------------------------------------------------------------

    def action_undo(self) -> None:
        if self.phase == "rate" and self.item is not None:
            # Nothing is recorded before rating: go back to answering this same card.
            self.show(self.item)
            self.notify("Back to answering this card: nothing was recorded.", timeout=3)
            return
        if isinstance(self.driver, StudySession) and self.driver.can_undo():
            try:
                undone = self.driver.undo()
            except StoreError as exc:
                self.app.refused(exc)
                return
            self.show(undone)
            self.notify("Undone: the last answer is gone and its item is back.", timeout=3)

    def _save_pending_answer(self) -> str:
        """After answering but before rating, record the answer with the preselected rating (as
        enter would), so suspending or burying never drops it; returns what to tell the learner."""
        item = self.item
        if self.phase != "rate" or item is None:
            return ""
        self.phase = "saving"
        self.driver.answer(item, self.suggested, self.answer_ms, auto_graded=self.auto_graded)
        return f"Your answer was saved as {RATING_NAMES[self.suggested]}, then the card "

    def action_suspend(self) -> None:
        if isinstance(self.driver, StudySession) and self.item is not None and self.phase in ("answer", "rate"):
            try:
                saved = self._save_pending_answer()
                self.driver.suspend(self.item)
            except StoreError as exc:
                self.app.refused(exc)
                return
            said = f"{saved}was suspended" if saved else "Suspended"
            self.notify(f"{said}: it will not come back until you unsuspend it in browse (u undoes).", timeout=5)
            self.show(self.driver.next())

    def action_bury(self) -> None:
        if isinstance(self.driver, StudySession) and self.item is not None and self.phase in ("answer", "rate"):
            try:
                saved = self._save_pending_answer()
                self.driver.bury(self.item)
            except StoreError as exc:
                self.app.refused(exc)
                return
            said = f"{saved}was buried" if saved else "Buried"
            self.notify(f"{said} until tomorrow (u undoes).", timeout=5)
            self.show(self.driver.next())

    def action_flag(self) -> None:
        item = self.item
        if item is None:
            return
        if isinstance(self.driver, StudySession):
            try:
                flagged = self.driver.toggle_flag(item)
            except StoreError as exc:
                self.app.refused(exc)
                return
            self.notify("Flagged: find it in browse with the flagged filter." if flagged else "Flag removed.", timeout=3)
            self.item = replace(item, flagged=flagged)
            self._redraw_meta()
        else:
            self.notify("Flags are set while studying, not while cramming.", timeout=3)

    def _redraw_meta(self) -> None:
        item = self.item
        if item is None:
            return
        flags = "  ★ flagged" if item.flagged else ""
        kind = STATE_NAMES.get(item.kind, "")
        update_in_place(self.query_one("#meta", Static), Content.assemble(
            (item.view.card.label, "bold $accent"),
            f" · {kind} · ",
            plain(item.view.deck_title, "$text-muted"),
            (flags, "bold $warning"),
        ))

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
