"""A text input that applies its editing keys in the order they were typed.

Textual's Input inserts a printable character as soon as its key arrives, but runs its own
bindings (backspace, delete, the arrows, enter) only when the key has bubbled back up to the app,
after the keys that arrived with it (Textual issue 6605). Typed fast, or on a loaded machine,
"1", backspace, "9" can then come out as "9" deleted and "1" kept. An answer typed that way would
be graded wrong, so every input here applies its own bindings where it inserts characters.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    """An Input whose editing keys take effect in the order they were typed."""

    async def _on_key(self, event: events.Key) -> None:
        bindings = [b for b in self._bindings.key_to_bindings.get(event.key, ()) if not b.priority]
        if bindings:
            event.stop()
            event.prevent_default()  # the app's binding check would run the action a second time
            await self.run_action(bindings[0].action)
            return
        await super()._on_key(event)
