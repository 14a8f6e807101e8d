"""Sign-in: the first screen of a served app. A name and a password; a wrong one is answered
slowly (the account waits longer after each wrong password in a row, see quizapp.engine.passwords),
and nothing says whether the name exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from quizapp.errors import QuizError
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import plain
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.ordered_input import OrderedInput
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.learning import Learning
    from quizapp.ui.app import QuizApp

# Every refused sign-in in this session also waits this long before the form is usable again.
RETRY_PAUSE = 1.0


class SignInScreen(AppScreen):
    """Name and password."""

    CSS_PATH = "sign_in.tcss"

    app: QuizApp

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Center(), Vertical(id="sign-in"):
            yield Static(Content.styled("Sign in to study", "bold"), id="sign-in-title")
            yield Label(plain("Name"))
            yield OrderedInput(id="name", placeholder="your name", max_length=64, compact=True)
            yield Label(plain("Password"))
            yield OrderedInput(id="password", password=True, placeholder="your password", max_length=256, compact=True)
            yield Button(plain("Sign in"), id="submit", variant="primary", compact=True)
            yield Static(id="sign-in-error")
            yield Static(plain("Your teacher gives you a one-time password; you choose your own at the first sign-in."),
                         id="sign-in-help")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Sign in"
        self.query_one("#name", OrderedInput).then = self.query_one("#password", Input)  # enter moves on at once, even in a burst
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#submit")
    def action_sign_in(self) -> None:
        name = self.query_one("#name", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not name or not password:
            self._refused("Type your name and your password.", pause=False)
            return
        self._busy(True)
        self._check(name, password)

    @work(thread=True, exclusive=True, group="sign-in")
    def _check(self, name: str, password: str) -> None:
        """Check the password off the main thread (scrypt is slow on purpose)."""
        assert self.app.collection is not None
        try:
            learning = self.app.collection.sign_in(name, password)
        except QuizError as exc:
            self.app.call_from_thread(self._refused, exc.message)
            return
        self.app.call_from_thread(self._accepted, learning)

    def _accepted(self, learning: Learning) -> None:
        self.app.signed_in(learning)

    def _refused(self, message: str, *, pause: bool = True) -> None:
        self.query_one("#sign-in-error", Static).update(Content.styled(message[:1].upper() + message[1:] + ".", "$error"))
        password = self.query_one("#password", Input)
        password.value = ""
        if pause:
            self.set_timer(RETRY_PAUSE, lambda: self._busy(False))
        else:
            self._busy(False)

    def _busy(self, busy: bool) -> None:
        for widget in self.query("Input, Button"):
            widget.disabled = busy
        if not busy:
            name = self.query_one("#name", Input)
            (self.query_one("#password", Input) if name.value.strip() else name).focus()
