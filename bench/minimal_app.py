"""The peer of the start-up benchmarks: a Textual app with one Static, which shows a second text
when Enter is pressed (so "launch, Enter at once, first item shown" has a like-for-like peer).

Run: python bench/minimal_app.py
"""

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

READY = "minimal app ready"
ITEM = "minimal app item shown"


class Minimal(App[None]):
    """One Static; Enter replaces its text."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "item", "Item", id="minimal.item")]

    def compose(self) -> ComposeResult:
        yield Static(READY, id="text")

    def action_item(self) -> None:
        self.query_one("#text", Static).update(ITEM)


if __name__ == "__main__":
    Minimal().run()
