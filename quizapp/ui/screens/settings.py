"""Settings: the learner's scheduling settings (validated, each explained), the theme, and the
profile to study as."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from quizapp.engine import settings as config
from quizapp.errors import QuizError
from quizapp.ui.screens.base import AppScreen
from quizapp.ui.text import VISIBLE, plain
from quizapp.ui.widgets.keybar import KeyBar
from quizapp.ui.widgets.ordered_input import OrderedInput
from quizapp.ui.widgets.ticks import TickBox
from quizapp.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from quizapp.ui.app import QuizApp

# The fields edited as text, with how they are shown and read back.
TEXT_FIELDS = ("desired_retention", "learning_steps", "relearning_steps", "maximum_interval", "new_per_day",
               "reviews_per_day", "day_starts_at", "timezone", "leech_threshold", "easy_seconds")
LABELS = {
    "desired_retention": "Desired retention", "learning_steps": "Learning steps", "relearning_steps": "Relearning steps",
    "maximum_interval": "Maximum interval (days)", "new_per_day": "New items per day", "reviews_per_day": "Reviews per day",
    "day_starts_at": "Study day starts at (hour)", "timezone": "Time zone", "leech_threshold": "Leech after lapses",
    "easy_seconds": "Easy if right within (s)", "fuzz": "Fuzz intervals", "theme": "Theme",
}


def shown(name: str, value: Any) -> str:
    """A setting's value as it is typed in its box."""
    if isinstance(value, list):
        return " ".join(value)
    return "" if value is None else str(value)


def parsed(name: str, text: str) -> Any:
    """A box's text as the setting's value (validation happens in config)."""
    if name in ("learning_steps", "relearning_steps"):
        return text.replace(",", " ").split()
    if name == "timezone":
        return text.strip() or None
    return text.strip()


class SettingsScreen(AppScreen):
    """Edit settings; ctrl+s saves, escape leaves without saving."""

    CSS_PATH = "settings.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="settings.save", priority=True),
        Binding("escape", "cancel", "Back without saving", id="settings.cancel"),
    ]

    app: QuizApp

    def __init__(self) -> None:
        super().__init__()
        self.original: config.Settings | None = None

    def compose(self) -> ComposeResult:
        settings = self.app.settings
        self.original = settings
        yield TitleBar()
        with VerticalScroll(id="form"):
            yield Static(plain(f"Settings of {self.app.learning.name}", "bold"), classes="section")
            for name in TEXT_FIELDS:
                with Vertical(classes="field"):
                    with Horizontal(classes="field-row"):
                        yield Label(plain(LABELS[name]), classes="field-label")
                        yield OrderedInput(shown(name, getattr(settings, name)), id=f"field-{name}", compact=True,
                                           highlighter=VISIBLE)
                    yield Static(plain(config.explain(name)), classes="explain")
                    yield Static(id=f"error-{name}", classes="error")
            with Vertical(classes="field"):
                yield TickBox(plain(LABELS["fuzz"]), settings.fuzz, id="field-fuzz", compact=True)
                yield Static(plain(config.explain("fuzz")), classes="explain")
            with Vertical(classes="field"):
                with Horizontal(classes="field-row"):
                    yield Label(plain(LABELS["theme"]), classes="field-label")
                    yield Select(
                        [(t, t) for t in sorted(self.app.available_themes)],
                        value=settings.theme if settings.theme in self.app.available_themes else "textual-dark",
                        allow_blank=False,
                        id="field-theme",
                        compact=True,
                    )
                yield Static(plain("Shown at once; kept when you save."), classes="explain")
            with Horizontal(classes="buttons"):
                yield Button(plain("Save (ctrl+s)"), id="save", variant="primary", compact=True)
                yield Button(plain("Back (esc)"), id="cancel", compact=True)
            if not self.app.served:  # signed in to a served app: no other learner is listed or opened
                yield from self._profiles()
        yield KeyBar()

    def _profiles(self) -> ComposeResult:
        yield Static(Content.styled("Profile", "bold"), classes="section")
        with Horizontal(classes="field-row"):
            yield Label(plain("Study as"), classes="field-label")
            yield Select(
                [(plain(name), name) for name in self.app.learning.profiles()],
                value=self.app.learning.name,
                allow_blank=False,
                id="profile",
                compact=True,
            )
        with Horizontal(classes="field-row"):
            yield Label(plain("New profile"), classes="field-label")
            yield OrderedInput(placeholder="a name, then enter", id="new-profile", compact=True, highlighter=VISIBLE)
        yield Static(
            plain("Each profile has its own schedule, history and settings; --profile NAME picks one when starting."),
            classes="explain",
        )

    def on_mount(self) -> None:
        self.sub_title = "Settings"
        self.query_one(f"#field-{TEXT_FIELDS[0]}", Input).focus()

    def collect(self) -> config.Settings | None:
        """The settings as typed, or None (with the errors shown) when a value is invalid."""
        assert self.original is not None
        settings = self.original
        ok = True
        for name in TEXT_FIELDS:
            error = self.query_one(f"#error-{name}", Static)
            try:
                settings = config.update(settings, name, parsed(name, self.query_one(f"#field-{name}", Input).value))
                error.update("")
            except QuizError as exc:
                error.update(Content.styled(exc.message.split(": ", 1)[-1], "$error"))
                ok = False
        settings = config.update(settings, "fuzz", self.query_one("#field-fuzz", TickBox).value)
        settings = config.update(settings, "theme", self.query_one("#field-theme", Select).value)
        return settings if ok else None

    @on(Input.Changed)
    def _validate(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("field-"):
            self.collect()

    @on(Select.Changed, "#field-theme")
    def _preview_theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        settings = self.collect()
        if settings is None:
            self.notify("Some values are not valid; see the messages in red.", severity="error", timeout=4)
            return
        if not self.app.save_settings(settings):
            return
        self.original = settings
        self.notify("Settings saved.", timeout=2)
        self.app.pop_screen()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.original is not None:
            self.app.theme = self.original.theme if self.original.theme in self.app.available_themes else "textual-dark"
        self.app.pop_screen()

    @on(Select.Changed, "#profile")
    def _switch(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.app.learning.name:
            self.switch_to(event.value)

    @on(Input.Submitted, "#new-profile")
    def _create(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.switch_to(name)

    def switch_to(self, name: str) -> None:
        try:
            self.app.switch_learner(name)
        except QuizError as exc:
            self.notify(exc.message, severity="error", timeout=4)
            return
        self.notify(f"Now studying as {self.app.learning.name}.", timeout=3)
        self.app.pop_screen()
