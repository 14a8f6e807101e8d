"""A one-line key bar: Textual's Footer in a single Static.

The Footer rebuilds one widget per key whenever the active bindings change, which is several
times per answer while studying; that cost most of the time between a grade key and the next
item. This bar redraws one line of text instead. Keys can be clicked, as in the Footer.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Static


class KeyBar(Static):
    """The active keys of the screen, with their descriptions."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._spans: list[tuple[int, int, str]] = []  # start, end, key
        self._shown: tuple[str, str] | None = None
        self._pending = False

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self._redraw()

    def on_unmount(self) -> None:
        try:
            self.screen.bindings_updated_signal.unsubscribe(self)
        except NoScreen:
            pass

    def _changed(self, screen: Screen[object]) -> None:
        if not self._pending and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self._redraw)

    def _redraw(self) -> None:
        self._pending = False
        if not self.is_attached or not self.is_mounted:
            return  # the screen went away before this redraw ran
        seen: set[str] = set()
        parts: list[tuple[str, str]] = []
        spans: list[tuple[int, int, str]] = []
        position = 0
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen or binding.key == self.app.COMMAND_PALETTE_BINDING:
                continue
            seen.add(binding.action)
            key = f" {self.app.get_key_display(binding)} "
            label = f"{binding.description} "
            parts += [(key, "bold $footer-key-foreground"), (label, "")]
            spans.append((position, position + len(key) + len(label), binding.key))
            position += len(key) + len(label)
        palette = " ^p palette " if self.app.ENABLE_COMMAND_PALETTE else ""
        text = "".join(p for p, _ in parts)
        if (text, palette) == self._shown:
            return
        self._shown = (text, palette)
        self._spans = spans
        room = max(0, self.size.width - len(text) - len(palette))
        self.update(Content.assemble(*parts, " " * room, (palette, "$footer-key-foreground")))

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return
        if event.x >= self.size.width - 12:
            self.app.action_command_palette()

    def on_resize(self) -> None:
        self._shown = None
        self._redraw()
