"""The baseline for the startup benchmark: a Textual app with one Static."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class Minimal(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("minimal app ready")


if __name__ == "__main__":
    Minimal().run()
