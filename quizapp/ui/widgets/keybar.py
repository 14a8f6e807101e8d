"""A one-line key bar: Textual's Footer in a single Static.

The Footer rebuilds one widget per key whenever the active bindings change, which is several
times per answer while studying; that cost most of the time between a grade key and the next
item. This bar redraws one line of text instead. Keys can be clicked, as in the Footer.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.dom import NoScreen
from textual.keys import format_key
from textual.screen import Screen
from textual.widgets import Static

# Actions whose keys stay on a narrow bar: the list of every key, and the way back.
KEPT = frozenset({"keys", "home", "back", "finish", "cancel", "dismiss"})


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

    def render(self) -> RenderResult:
        if self._shown is None:
            # Drawn at the first render, once laid out: the screen's first frame can come before
            # this bar has handled its mount, and would show it empty (issue 15, launch).
            self.redraw()
        return super().render()

    def on_unmount(self) -> None:
        try:
            self.screen.bindings_updated_signal.unsubscribe(self)
        except NoScreen:
            pass

    def _changed(self, screen: Screen[object]) -> None:
        if not self._pending and screen is self.screen:
            self._pending = True
            self.call_after_refresh(self.redraw)

    def redraw(self) -> None:
        """Draw the keys active now (a screen that changes them calls this to show them in its next frame)."""
        self._pending = False
        if not self.is_attached or not self.is_mounted:
            return  # the screen went away before this redraw ran
        seen: set[str] = set()
        entries: list[tuple[str, str, str, str]] = []  # key shown, label, key name, action
        focused = self.screen.focused
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen or binding.key == self.app.COMMAND_PALETTE_BINDING:
                continue
            char = format_key(binding.key)
            if focused is not None and len(char) == 1 and focused.check_consume_key(binding.key, char):
                continue  # typed into the focused box ("-" in an answer), so not this key's action
            seen.add(binding.action)
            entries.append((f" {self.app.get_key_display(binding)} ", f"{binding.description} ", binding.key, binding.action))
        palette = " ^p palette " if self.app.ENABLE_COMMAND_PALETTE else ""
        room = self.size.width - len(palette)
        # One line, never wrapped: when the keys do not fit, the last ones give way, but never ?
        # (which lists them all) nor the way back.
        while sum(len(k) + len(label) for k, label, _, _ in entries) > room:
            droppable = [i for i, entry in enumerate(entries) if entry[3] not in KEPT]
            if not droppable:
                break
            del entries[droppable[-1]]
        parts: list[tuple[str, str]] = []
        spans: list[tuple[int, int, str]] = []
        position = 0
        for key, label, name, _action in entries:
            parts += [(key, "bold $footer-key-foreground"), (label, "")]
            spans.append((position, position + len(key) + len(label), name))
            position += len(key) + len(label)
        text = "".join(p for p, _ in parts)
        if (text, palette) == self._shown:
            return
        self._shown = (text, palette)
        self._spans = spans
        # Docked and one line high: new keys never change the layout, so only this line is repainted.
        self.update(Content.assemble(*parts, " " * max(0, room - len(text)), (palette, "$footer-key-foreground")), layout=False)

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key.split(",")[0])
                return
        if event.x >= self.size.width - 12:
            self.app.action_command_palette()

    def on_resize(self) -> None:
        self._shown = None
        self.redraw()
