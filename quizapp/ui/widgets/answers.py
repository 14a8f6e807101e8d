"""One answering widget per prompt type. Each posts `AnswerView.Submitted` with the response the
grader expects, and after grading shows what was right with `show_result()`.

Nothing is submitted by accident: a widget takes no key until its screen `arm()`s it (once the
card has been painted, and a short guard window later), so a key pressed for the previous card
never answers this one; an empty typed answer, a single choice with nothing chosen, a
select-all with nothing ticked and a match with entries left unpaired are refused with a hint;
giving up on a typed answer or submitting an order unchanged takes a second enter.

Card text always goes through `plain()`, so it is never interpreted as markup.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from quizapp.cards import (
    ChoicePrompt,
    ClozeTypedPrompt,
    MatchPrompt,
    OrderPrompt,
    Prompt,
    RevealPrompt,
    TrueFalsePrompt,
    TypedPrompt,
)
from quizapp.engine.answers import Grade
from quizapp.printable import printable
from quizapp.ui.text import VISIBLE, plain
from quizapp.ui.widgets.ordered_input import OrderedInput

LETTERS = "abcdefgh"


class Row(Static):
    """One clickable line of an answer widget."""

    class Clicked(Message):
        """A row was clicked."""

        def __init__(self, row: Row) -> None:
            super().__init__()
            self.row = row

    def __init__(self, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.index = index

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self))


class AnswerView(Vertical, can_focus=True):
    """Base of the answering widgets."""

    DEFAULT_CSS = """
    AnswerView { height: auto; padding: 0 1; }
    AnswerView:focus { background: $boost; }
    AnswerView Row { height: auto; }
    AnswerView .hint { color: $text-muted; height: auto; }
    AnswerView .notice { color: $warning; height: auto; text-style: bold; }
    """

    class Submitted(Message):
        """The learner gave an answer."""

        def __init__(self, view: AnswerView, response: object) -> None:
            super().__init__()
            self.view = view
            self.response = response

    def __init__(self, prompt: Prompt, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.prompt = prompt
        self.locked = False
        self.armed = False  # takes no key until its screen arms it, once the card has been painted
        self.grade: Grade | None = None
        self.shown = 0  # prompts shown before this one (a widget is reused for the next of its kind)

    def on_mount(self) -> None:
        self.refresh_rows()

    def takes(self, prompt: Prompt) -> bool:
        """True when this widget can show `prompt` in place: same kind, same rows. Reusing it
        spares Textual a re-mount, re-style and re-layout per item (most of grade-to-next)."""
        return False

    def show_prompt(self, prompt: Prompt) -> None:
        """Show another prompt (one this widget `takes`) in place, unarmed, in its answering phase."""
        self.prompt = prompt
        self.locked = False
        self.armed = False
        self.grade = None
        self.shown += 1
        self.reset(prompt)
        self.tell("")
        self.refresh_rows()

    def reset(self, prompt: Prompt) -> None:
        """Forget the previous prompt's answer (subclasses that `take` prompts)."""

    def arm(self) -> None:
        """Start taking keys (the screen calls this once the card has been painted)."""
        if self.locked or not self.is_attached:
            return
        self.armed = True
        self.refresh_rows()
        self.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.armed and not self.locked

    def on_focus(self) -> None:
        self.refresh_rows()  # the cursor shows brighter while the widget has the keys

    def on_blur(self) -> None:
        self.refresh_rows()

    def submit(self, response: object) -> None:
        """Post the answer unless the widget is locked or not armed yet."""
        if self.armed and not self.locked:
            self.tell("")
            self.post_message(self.Submitted(self, response))

    def tell(self, text: str) -> None:
        """Show (or clear) a one-line hint under the answer: why enter did not submit."""
        notices = self.query(".notice")
        if notices:
            notice = notices.first(Static)
        elif not text:
            return
        else:
            notice = Static(classes="notice")
            self.mount(notice)
        notice.update(plain(text))
        notice.display = bool(text)

    def show_result(self, grade: Grade | None) -> None:
        """Stop taking answers and show what was right."""
        self.locked = True
        self.grade = grade
        self.refresh_rows()

    def refresh_rows(self) -> None:
        """Redraw the rows, or after `show_result` what was right (subclasses)."""


def update_in_place(box: Static, content: Content) -> None:
    """Give a box new text, laying the screen out only when the text takes another number of lines
    (a grade then repaints the few lines the next card changed)."""
    box.update(content, layout=False)
    width = box.content_size.width
    if not width or box.get_content_height(box.size, box.size, width) != box.content_size.height:
        box.refresh(layout=True)


HINT = "Recall the answer, then press space or enter to reveal it."


class RevealView(AnswerView):
    """Basic and cloze cards: the learner recalls, then reveals."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space,enter", "reveal", "Reveal", id="answer.reveal")]

    def compose(self) -> ComposeResult:
        yield Static(plain(HINT), classes="hint")

    def takes(self, prompt: Prompt) -> bool:
        return isinstance(prompt, RevealPrompt)

    def action_reveal(self) -> None:
        self.submit(None)

    def on_click(self) -> None:
        self.submit(None)

    def refresh_rows(self) -> None:
        # Blank once revealed, its line kept: the next card's hint then takes no new layout.
        update_in_place(self.query_one(".hint", Static), plain(" " if self.locked else HINT))


class ChoiceView(AnswerView):
    """Numbered options; select-all-that-apply toggles them and submits with enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"choose({n - 1})", show=False) for n in range(1, 9)),
        Binding("up", "move(-1)", show=False),
        Binding("down", "move(1)", show=False),
        Binding("space", "toggle_option", "Toggle", show=False),
        Binding("enter", "submit", "Submit", id="answer.submit"),
    ]

    def __init__(self, prompt: ChoicePrompt, **kwargs: Any) -> None:
        super().__init__(prompt, **kwargs)
        self.choice = prompt
        self.cursor: int | None = None  # no option is highlighted until the learner moves to one
        self.selected: set[int] = set()

    def takes(self, prompt: Prompt) -> bool:
        return (isinstance(prompt, ChoicePrompt) and prompt.multiple == self.choice.multiple
                and len(prompt.options) == len(self.choice.options))

    def reset(self, prompt: Prompt) -> None:
        assert isinstance(prompt, ChoicePrompt)
        self.choice = prompt
        self.cursor = None
        self.selected = set()

    def compose(self) -> ComposeResult:
        multiple = self.choice.multiple
        hint = (
            "Select all that apply: press the numbers (or up/down and space), then enter."
            if multiple
            else "Press the number of your answer (or up/down, then enter)."
        )
        yield Static(plain(hint), classes="hint")
        for index in range(len(self.choice.options)):
            yield Row(index)

    def refresh_rows(self) -> None:
        for row in self.query(Row):
            i = row.index
            option = self.choice.options[i]
            chosen = i in self.selected
            mark = ("[x] " if chosen else "[ ] ") if self.choice.multiple else ""
            verdict = ""
            style = ""
            if self.locked:
                # Readable without colour: what was right, what was chosen, what was missed.
                right = i in self.choice.correct
                if right and chosen:
                    verdict, style = "  ✓ right, chosen", "bold $success"
                elif right:
                    verdict, style = "  ✓ right, missed" if self.choice.multiple else "  ✓ the right answer", "bold $success"
                elif chosen:
                    verdict, style = "  ✗ wrong, chosen" if self.choice.multiple else "  ✗ your answer", "$error"
            elif i == self.cursor:
                style = "reverse" if self.has_focus else "underline"
            row.update(Content.assemble((f"{i + 1}. ", "bold"), mark, plain(option, style), (verdict, style)))

    def action_choose(self, index: int) -> None:
        if self.locked or index >= len(self.choice.options):
            return
        self.cursor = index
        if self.choice.multiple:
            self.selected ^= {index}
            self.tell("")
            self.refresh_rows()
        else:
            self.selected = {index}
            self.submit([index])

    def action_move(self, step: int) -> None:
        count = len(self.choice.options)
        self.cursor = (step - 1 if step > 0 else step) % count if self.cursor is None else (self.cursor + step) % count
        self.refresh_rows()

    def action_toggle_option(self) -> None:
        if self.choice.multiple and self.cursor is not None:
            self.action_choose(self.cursor)

    def action_submit(self) -> None:
        if self.choice.multiple:
            if not self.selected:
                self.tell("Tick at least one answer first: press its number (or space), then enter.")
                return
            self.submit(sorted(self.selected))
        elif self.cursor is None:
            self.tell("Choose an answer first: press its number, or up/down then enter.")
        else:
            self.action_choose(self.cursor)

    def on_row_clicked(self, event: Row.Clicked) -> None:
        if not self.armed:
            return
        self.focus()
        self.action_choose(event.row.index)


class TrueFalseView(AnswerView):
    """t for true, f for false."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "answer(True)", "True", id="answer.true"),
        Binding("f", "answer(False)", "False", id="answer.false"),
    ]

    def __init__(self, prompt: TrueFalsePrompt, **kwargs: Any) -> None:
        super().__init__(prompt, **kwargs)
        self.statement = prompt
        self.given: bool | None = None

    def takes(self, prompt: Prompt) -> bool:
        return isinstance(prompt, TrueFalsePrompt)

    def reset(self, prompt: Prompt) -> None:
        assert isinstance(prompt, TrueFalsePrompt)
        self.statement = prompt
        self.given = None

    def compose(self) -> ComposeResult:
        yield Row(1)
        yield Row(0)

    def refresh_rows(self) -> None:
        for row in self.query(Row):
            value = bool(row.index)
            style = ""
            if self.locked and value == self.statement.answer:
                style = "bold $success"
            elif self.locked and value == self.given:
                style = "$error"
            label = "t  True" if value else "f  False"
            verdict = ""
            if self.locked:
                right, chosen = value == self.statement.answer, value == self.given
                verdict = {(True, True): "  ✓ right, your answer", (True, False): "  ✓ right",
                           (False, True): "  ✗ your answer"}.get((right, chosen), "")
            row.update(Content.assemble((label, style), (verdict, style)))

    def action_answer(self, value: bool) -> None:
        if self.armed and not self.locked:
            self.given = value
            self.submit(value)

    def on_row_clicked(self, event: Row.Clicked) -> None:
        self.action_answer(bool(event.row.index))


GIVE_UP = "Nothing typed: press enter again to give up and see the answer, or type it."


class TypedView(AnswerView):
    """An input box; enter submits. An empty enter asks first; a second one gives up."""

    can_focus = False

    def __init__(self, prompt: Prompt, **kwargs: Any) -> None:
        super().__init__(prompt, **kwargs)
        self.giving_up = False
        self.sent: str | None = None  # the answer submitted, as graded

    def takes(self, prompt: Prompt) -> bool:
        return isinstance(prompt, TypedPrompt)

    def reset(self, prompt: Prompt) -> None:
        self.giving_up = False
        self.sent = None
        self.query_one(Input).clear()

    def compose(self) -> ComposeResult:
        yield OrderedInput(placeholder="Type your answer and press enter", id="typed-input", disabled=True, highlighter=VISIBLE)

    def focus(self, scroll_visible: bool = True) -> TypedView:
        box = self.query_one(Input)
        if not box.disabled:
            box.focus(scroll_visible)
        return self

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip() and not self.giving_up:
            self.giving_up = True
            self.tell(GIVE_UP)
            return
        self.sent = event.value
        self.submit(event.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.giving_up:
            self.giving_up = False
            self.tell("")

    def refresh_rows(self) -> None:
        box = self.query_one(Input)
        if self.locked and self.sent is not None:
            box.value = self.sent  # keys typed right after enter reached the box before it locked
        box.disabled = self.locked or not self.armed


class ClozeTypedView(AnswerView):
    """One input per gap of the cloze number; enter moves to the next gap, then submits."""

    can_focus = False

    def __init__(self, prompt: ClozeTypedPrompt, **kwargs: Any) -> None:
        super().__init__(prompt, **kwargs)
        self.cloze = prompt
        self.giving_up = False

    def compose(self) -> ComposeResult:
        boxes = [
            OrderedInput(placeholder=printable(f"Type gap {n}" + (f" ({hint})" if hint else "") + " and press enter"),
                         disabled=True, highlighter=VISIBLE)
            for n, hint in enumerate(self.cloze.hints, start=1)
        ]
        for box, following in pairwise(boxes):
            box.then = following  # enter moves on at once: keys typed after it go to the next gap
        yield from boxes

    def focus(self, scroll_visible: bool = True) -> ClozeTypedView:
        first = self.query(Input).first()
        if not first.disabled:
            first.focus(scroll_visible)
        return self

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        position = inputs.index(event.input)
        if position + 1 < len(inputs):
            return  # enter has already moved on to the next gap (OrderedInput.then)
        if not any(i.value.strip() for i in inputs) and not self.giving_up:
            self.giving_up = True
            self.tell(GIVE_UP)
        else:
            self.submit([i.value for i in inputs])

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.giving_up:
            self.giving_up = False
            self.tell("")

    def refresh_rows(self) -> None:
        for box in self.query(Input):
            box.disabled = self.locked or not self.armed


class OrderView(AnswerView):
    """Items shown shuffled; move the highlighted one with shift+up/down, then enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", show=False),
        Binding("down,j", "cursor(1)", show=False),
        Binding("shift+up,ctrl+up,K", "move(-1)", "Move up", id="answer.order_up"),
        Binding("shift+down,ctrl+down,J", "move(1)", "Move down", id="answer.order_down"),
        Binding("enter", "submit", "Submit", id="answer.submit"),
    ]

    def __init__(self, prompt: OrderPrompt, **kwargs: Any) -> None:
        super().__init__(prompt, **kwargs)
        self.order = prompt
        self.items = list(prompt.shuffled)
        self.cursor = 0
        self.confirming = False

    def compose(self) -> ComposeResult:
        yield Static(plain("Put these in order: up/down picks an item, shift+up/down moves it, enter submits."), classes="hint")
        for index in range(len(self.items)):
            yield Row(index)

    def refresh_rows(self) -> None:
        for row in self.query(Row):
            i = row.index
            text = self.items[i]
            style, verdict = "", ""
            if self.locked:
                right = self.order.correct[i] == text
                style = "bold $success" if right else "$error"
                verdict = "  ✓" if right else f"  ✗ ({self.order.correct.index(text) + 1})"
            elif i == self.cursor:
                style = "reverse" if self.has_focus else "underline"
            row.update(Content.assemble((f"{i + 1}. ", "bold"), plain(text, style), (verdict, style)))

    def action_cursor(self, step: int) -> None:
        self.cursor = max(0, min(len(self.items) - 1, self.cursor + step))
        self.refresh_rows()

    def action_move(self, step: int) -> None:
        if self.locked:
            return
        target = self.cursor + step
        if 0 <= target < len(self.items):
            self.items[self.cursor], self.items[target] = self.items[target], self.items[self.cursor]
            self.cursor = target
            self.confirming = False
            self.tell("")
            self.refresh_rows()

    def action_submit(self) -> None:
        if self.items == list(self.order.shuffled) and not self.confirming:
            self.confirming = True
            self.tell("Nothing moved yet: press enter again to submit this order as it is.")
            return
        self.submit(list(self.items))

    def on_row_clicked(self, event: Row.Clicked) -> None:
        if not self.armed:
            return
        self.focus()
        self.cursor = event.row.index
        self.refresh_rows()


class MatchView(AnswerView):
    """Left entries numbered, right entries lettered: a number then a letter pairs them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"pick_left({n - 1})", show=False) for n in range(1, 9)),
        *(Binding(letter, f"pick_right({i})", show=False) for i, letter in enumerate(LETTERS)),
        Binding("backspace", "unpair", "Unpair", id="answer.unpair"),
        Binding("enter", "submit", "Submit", id="answer.submit"),
    ]

    def __init__(self, prompt: MatchPrompt, **kwargs: Any) -> None:
        super().__init__(prompt, **kwargs)
        self.match = prompt
        self.left = 0
        self.paired: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(plain("Press a number, then the letter of its partner; enter submits."), classes="hint")
        for index in range(len(self.match.lefts)):
            yield Row(index, classes="left")
        yield Static(plain(""), classes="hint")
        for index in range(len(self.match.rights)):
            yield Row(100 + index, classes="right")

    def refresh_rows(self) -> None:
        for row in self.query(Row):
            if row.index < 100:
                i = row.index
                left = self.match.lefts[i]
                partner = self.paired.get(left)
                style, tail = "", ""
                if self.locked:
                    right = partner == self.match.pairs[left]
                    style = "bold $success" if right else "$error"
                    tail = "  ✓" if right else f"  ✗ → {self.match.pairs[left]}"
                elif i == self.left:
                    style = "reverse" if self.has_focus else "underline"
                letter = LETTERS[self.match.rights.index(partner)] if partner in self.match.rights else "?"
                row.update(
                    Content.assemble(
                        (f"{i + 1}. ", "bold"),
                        plain(left, style),
                        f"  → {letter}  ",
                        plain(partner or "", "italic"),
                        plain(tail, style),
                    )
                )
            else:
                i = row.index - 100
                right_text = self.match.rights[i]
                used = right_text in self.paired.values()
                row.update(Content.assemble((f"{LETTERS[i]}) ", "bold"), plain(right_text, "$text-muted" if used else "")))

    def action_pick_left(self, index: int) -> None:
        if not self.locked and index < len(self.match.lefts):
            self.left = index
            self.refresh_rows()

    def action_pick_right(self, index: int) -> None:
        if self.locked or index >= len(self.match.rights):
            return
        right = self.match.rights[index]
        self.paired = {k: v for k, v in self.paired.items() if v != right}
        self.paired[self.match.lefts[self.left]] = right
        self.tell("")
        unpaired = [i for i, left in enumerate(self.match.lefts) if left not in self.paired]
        if unpaired:
            self.left = unpaired[0]
        self.refresh_rows()

    def action_unpair(self) -> None:
        if not self.locked:
            self.paired.pop(self.match.lefts[self.left], None)
            self.refresh_rows()

    def action_submit(self) -> None:
        missing = len(self.match.lefts) - len(self.paired)
        if missing:
            self.tell(f"Pair every entry first: {missing} still without a partner (a number, then a letter).")
            return
        self.submit(dict(self.paired))

    def on_row_clicked(self, event: Row.Clicked) -> None:
        if not self.armed:
            return
        self.focus()
        if event.row.index < 100:
            self.action_pick_left(event.row.index)
        else:
            self.action_pick_right(event.row.index - 100)


# The answering widget of each prompt type.
VIEWS: dict[type[Prompt], type[AnswerView]] = {
    RevealPrompt: RevealView,
    ChoicePrompt: ChoiceView,
    TrueFalsePrompt: TrueFalseView,
    TypedPrompt: TypedView,
    ClozeTypedPrompt: ClozeTypedView,
    OrderPrompt: OrderView,
    MatchPrompt: MatchView,
}


def answer_view(prompt: Prompt) -> AnswerView:
    """The answering widget for a prompt."""
    return VIEWS[type(prompt)](prompt)
