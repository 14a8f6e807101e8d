"""Choosing a password: forced after signing in with a one-time password, or asked for from the
command palette. The new password is typed twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from quizapp.engine.passwords import MIN_LENGTH
from quizapp.errors import QuizError
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import plain
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.ordered_input import OrderedInput
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp


class PasswordScreen(AppScreen):
    """A new password, typed twice."""

    CSS_PATH = "password.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Back", id="password.cancel"),
    ]

    app: QuizApp

    def __init__(self, *, first: bool) -> None:
        super().__init__()
        self.first = first  # after a one-time password: there is no going back without a new one

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Center(), Vertical(id="password-box"):
            title = "Choose your own password" if self.first else "Change your password"
            yield Static(Content.styled(title, "bold"), id="password-title")
            if self.first:
                yield Static(plain("You signed in with a one-time password. Choose the password you will use from now on."),
                             classes="explain")
            yield Label(plain(f"New password (at least {MIN_LENGTH} characters)"))
            yield OrderedInput(id="new", password=True, max_length=256, compact=True)
            yield Label(plain("The same again"))
            yield OrderedInput(id="again", password=True, max_length=256, compact=True)
            yield Button(plain("Save"), id="save", variant="primary", compact=True)
            yield Static(id="password-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Password"
        self.query_one("#new", OrderedInput).then = self.query_one("#again", Input)  # enter moves on at once, even in a burst
        self.query_one("#new", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action == "cancel" and self.first)

    @on(Input.Submitted, "#again")
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        new, again = self.query_one("#new", Input).value, self.query_one("#again", Input).value
        error = self.query_one("#password-error", Static)
        if new != again:
            error.update(Content.styled("The two passwords differ: type them again.", "$error"))
            return
        try:
            self.app.learning.change_password(new)
        except QuizError as exc:
            error.update(Content.styled(exc.message[:1].upper() + exc.message[1:] + ".", "$error"))
            return
        self.notify("Password saved.", timeout=3)
        if self.first:
            from quizapp.ui.screens.home import HomeScreen

            self.app.switch_screen(HomeScreen())
        else:
            self.app.pop_screen()

    def action_cancel(self) -> None:
        if not self.first:
            self.app.pop_screen()
