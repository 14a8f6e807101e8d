"""Every key of the screen the learner came from, with what it does."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from quizapp.ui.text import plain

# Keys handled by widgets inside screens (answering, ordering, matching), listed for the help.
WIDGET_KEYS: dict[str, list[tuple[str, str]]] = {
    "StudyScreen": [
        ("space / enter", "reveal the answer (basic and cloze cards)"),
        ("1 to 8", "choose an option; in select-all cards, toggle it"),
        ("up / down, space", "move through options and toggle"),
        ("t / f", "answer true or false"),
        ("shift+up / shift+down", "move the highlighted item (order cards); also ctrl+up/down or K / J"),
        ("1 to 8, then a to h", "pick a left entry, then its partner (match cards); backspace unpairs"),
        ("enter", "submit; after an answer, accept the preselected rating"),
        ("1 / 2 / 3 / 4", "after an answer: Again / Hard / Good / Easy"),
    ],
}


class KeysScreen(ModalScreen[None]):
    """A modal list of keys."""

    CSS_PATH = "keys.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "dismiss", "Close", id="keys.close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        yield Static(plain(f"Keys: {type(self.target).__name__.removesuffix('Screen').lower() or 'app'}"), id="keys-title")
        table: DataTable[Text] = DataTable(id="keys-table", cursor_type="row", show_header=False)
        table.add_columns("key", "action")
        rows: list[tuple[str, str]] = []
        # Keys this learner never has here (a student's Class key, a terminal's Sign out).
        hidden: set[str] = getattr(self.target, "unavailable_keys", lambda: set())()
        for binding in [*self.target.BINDINGS, *self.app.BINDINGS]:
            if isinstance(binding, Binding) and binding.description and binding.id not in hidden:
                rows.append(
                    (binding.key_display or binding.key.replace("question_mark", "?").replace("comma", ","), binding.description)
                )
        rows += WIDGET_KEYS.get(type(self.target).__name__, [])
        rows.append(("ctrl+p", "command palette: every action by name"))
        for key, action in rows:
            table.add_row(Text(key, style="bold"), Text(action))
        yield table
        yield Static(plain("Escape closes this list."), classes="muted")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
