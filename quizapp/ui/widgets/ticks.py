"""Checkboxes readable without colour: "[x]" when ticked, "[ ]" when not.

Textual draws every toggle with the same glyph and tells ticked from unticked by colour alone,
which a learner with a monochrome terminal, NO_COLOR or colour blindness cannot read.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton


class TickBox(Checkbox):
    """A checkbox drawn as "[x]" or "[ ]"."""

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[", style), ("x" if self.value else " ", style), ("]", style))


class TickList(SelectionList[str]):
    """A selection list whose boxes read "[x]" or "[ ]"."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER or segments[0].text != ToggleButton.BUTTON_LEFT:
            return strip
        option = self.get_option_at_index(self.scroll_offset.y + y)
        ticked = option.value in self.selected
        style = segments[1].style
        segments[:3] = [Segment("[", style), Segment("x" if ticked else " ", style), Segment("]", style)]
        return Strip(segments, strip.cell_length)
