"""A one-line title bar: Textual's Header drawn by one widget instead of four.

Header composes an icon, a title and a clock space, each a widget that is styled, mounted and
rendered on every screen; on the launch to the home screen that cost more than the line is worth
(issue 15). This bar draws the same line (the icon, the app's title and sub-title centred between
the icon and the clock's place) and opens the command palette from the icon, as Header does.
"""

from __future__ import annotations

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # Header's icon and clock space, so the title sits where it did
CLOCK_WIDTH = 10


class TitleBar(Widget):
    """The screen's title (or the app's) and sub-title, with the command palette's icon."""

    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._retitle, init=False)
            self.watch(node, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        line = app.format_title(title, sub_title)
        room = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        if line.cell_length > room:
            line = line.truncate(room, ellipsis=True)
        left = (room - line.cell_length) // 2
        icon = f" {ICON}".ljust(ICON_WIDTH)
        return Content.assemble(icon, " " * left, line, " " * (room - left - line.cell_length + CLOCK_WIDTH))

    def on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            self.app.action_command_palette()
