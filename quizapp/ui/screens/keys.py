"""Every key of the screen the learner came from, with what it does, as people write keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from quizapp.ui.text import plain

# Keys handled inside answer widgets (answering, ordering, matching), for the screens that show them.
ANSWER_KEYS: list[tuple[str, str]] = [
    ("space / enter", "reveal the answer (basic and cloze cards)"),
    ("1 to 8", "choose an option; in select-all cards, tick or untick it"),
    ("up / down, space", "move through the options; space ticks (select-all)"),
    ("enter", "submit the answer (a choice, the ticks, the order, the pairs)"),
    ("t / f", "answer true or false"),
    ("enter on an empty answer", "asks first; enter again gives up and shows the answer"),
    ("shift+up / shift+down", "move the highlighted item (order cards); also ctrl+up / ctrl+down or K / J"),
    ("1 to 8, then a to h", "pair a left entry with its partner (match cards)"),
    ("backspace", "unpair the highlighted left entry (match cards)"),
]
WIDGET_KEYS: dict[str, list[tuple[str, str]]] = {
    "StudyScreen": [*ANSWER_KEYS, ("1 / 2 / 3 / 4", "after answering: Again / Hard / Good / Easy")],
    "QuizScreen": ANSWER_KEYS,
    "HomeScreen": [("up / down", "move through the decks")],
    "BrowseScreen": [("tab / shift+tab", "move between the search, the filters and the cards"),
                     ("enter in the search", "go to the matching cards")],
}
_NAMES = {"escape": "escape", "enter": "enter", "space": "space", "backspace": "backspace", "tab": "tab",
          "pageup": "PageUp", "pagedown": "PageDown", "home": "Home", "end": "End", "up": "up", "down": "down",
          "left": "left", "right": "right", "delete": "delete"}


def human_key(key: str) -> str:
    """A Textual key name as people write it: "exclamation_mark" -> "!", "ctrl+s" -> "ctrl+s"."""
    *modifiers, base = key.split("+")
    return "+".join([*modifiers, _NAMES.get(base) or format_key(base)])


def screen_keys(screen: Screen[object], app_bindings: list[BindingType], hidden: set[str] | None = None) -> list[tuple[str, str]]:
    """Every key of a screen: its bindings (one line per meaning; a key with several meanings
    lists the ones that apply now, or all of them with when each applies), those of its own
    widgets, the keys answer widgets handle, and the app's; bindings whose id is in `hidden` (keys
    this learner never has here) are left out."""
    bindings: list[Binding] = [b for b in screen.BINDINGS if isinstance(b, Binding) and b.id not in (hidden or set())]
    for widget in screen.walk_children():
        if type(widget).__module__.startswith("quizapp."):
            bindings += [b for b in type(widget).BINDINGS if isinstance(b, Binding) and b not in bindings]
    enabled: dict[str, bool] = {}
    for binding in bindings:
        action, _, rest = binding.action.partition("(")
        enabled[binding.action] = screen.check_action(action, ()) is not False if not rest else True
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for binding in bindings:
        if not binding.description:
            continue
        keys = binding.key.split(",")
        rivals = [b for b in bindings if b is not binding and set(b.key.split(",")) & set(keys)]
        if not enabled[binding.action] and any(enabled[b.action] for b in rivals):
            continue  # another meaning of this key applies here
        row = (" / ".join(human_key(k) for k in keys), binding.tooltip or binding.description)
        if row not in seen:
            seen.add(row)
            rows.append(row)
    rows += WIDGET_KEYS.get(type(screen).__name__, [])
    rows += [(human_key(b.key), b.description) for b in app_bindings if isinstance(b, Binding) and b.description]
    rows.append(("ctrl+p", "command palette: every action by name"))
    return rows


class KeysScreen(ModalScreen[None]):
    """A modal list of keys."""

    CSS_PATH = "keys.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "dismiss", "Close", id="keys.close")]

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.target = screen

    def compose(self) -> ComposeResult:
        name = type(self.target).__name__.removesuffix("Screen").lower() or "app"
        # Keys this learner never has here (a student's Class key, a terminal's Sign out).
        hidden: set[str] = getattr(self.target, "unavailable_keys", lambda: set())()
        rows = screen_keys(self.target, self.app.BINDINGS, hidden)
        width = min(26, max(len(key) for key, _ in rows))
        yield Static(plain(f"Keys: {name}"), id="keys-title")
        with VerticalScroll(id="keys-table"):
            # Plain lines that wrap, so no description is ever cut off.
            for key, action in rows:
                yield Static(Content.assemble((key.ljust(width), "bold"), "  ", plain(action)), classes="key-row")
        yield Static(plain("Escape or ? closes this list."), classes="muted")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
