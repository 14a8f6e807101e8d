"""A text input that applies its editing keys in the order they were typed.

Textual's Input inserts a printable character as soon as its key arrives, but runs its own
bindings (backspace, delete, the arrows, enter) only when the key has bubbled back up to the app,
after the keys that arrived with it (Textual issue 6605). Typed fast, or on a loaded machine,
"1", backspace, "9" can then come out as "9" deleted and "1" kept. An answer typed that way would
be graded wrong, so every input here applies its own bindings where it inserts characters.

The app routes every key of a burst to the input focused when the burst arrived. An input that
hands the focus on with enter (`then`: a cloze's next gap, browse's table) does so at once, and
passes the keys it holds after that on to the widget that now has the focus, so "a", enter, "b"
fill two gaps, and browse's "/ 424 enter s" searches, then sorts.
"""

from __future__ import annotations

from typing import Self

from textual import events
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input


class OrderedInput(Input):
    """An Input whose editing keys take effect in the order they were typed."""

    then: Widget | None = None  # where enter moves the focus, if anywhere
    _new_value = False  # inside Input's reaction to a new value

    def _watch_value(self, value: str) -> None:
        self._new_value = True
        try:
            super()._watch_value(value)
        finally:
            self._new_value = False

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        # Input makes its virtual width the text's length + 1 at every change, and a new virtual
        # size asks for a layout of the whole screen: one per character typed (7-15 ms in browse,
        # with every scrollbar drawn again). An input whose box does not depend on its text (no
        # auto width or height) scrolls within its virtual size without one; a repaint shows it.
        if layout and self._new_value and not self.styles.auto_dimensions:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    async def _on_key(self, event: events.Key) -> None:
        focused = self.screen.focused
        if focused is not self:
            # Routed here before enter moved the focus on: the key belongs to the focused widget.
            # An input takes it directly; anything else gets it through the app, which checks the
            # bindings of the widget, its screen and the app as for a key just typed.
            event.stop()
            event.prevent_default()
            key = events.Key(event.key, event.character)
            (focused if isinstance(focused, OrderedInput) else self.app).post_message(key)
            return
        bindings = [b for b in self._bindings.key_to_bindings.get(event.key, ()) if not b.priority]
        if bindings:
            event.stop()
            event.prevent_default()  # the app's binding check would run the action a second time
            if event.key == "enter" and self.then is not None and not self.then.disabled:
                self.screen.set_focus(self.then)
            await self.run_action(bindings[0].action)
            return
        await super()._on_key(event)
