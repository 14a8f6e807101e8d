"""The ratings under a card (Again, Hard, Good, Easy, each with the wait it would give) drawn as one
line of text, like the key bar.

Four buttons were shown and hidden: each grade and each reveal laid the study screen out again,
6-10 ms of the frame that shows the next card (issue 15, grade to next). This line keeps its
place in the layout and is blank while a card waits for its answer, so showing or clearing the
ratings repaints one line. Click a rating, or move along them with left/right and press enter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.app import RenderResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

GAP = 3  # cells between two ratings
LEAST = 14  # a rating's least width, as the buttons had
RATING = "on $surface"
SELECTED = "bold reverse"


class RatingBar(Widget, can_focus=True):
    """One line of ratings; the selected one is shown reversed, and enter chooses it."""

    DEFAULT_CSS = """
    RatingBar {
        height: 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous rating", show=False, id="ratings.left"),
        Binding("right", "move(1)", "Next rating", show=False, id="ratings.right"),
        Binding("enter", "choose", "Rate", show=False, id="ratings.choose"),
    ]

    class Chosen(Message):
        """A rating was clicked, or chosen with enter."""

        def __init__(self, bar: RatingBar, rating: int) -> None:
            super().__init__()
            self.bar = bar
            self.rating = rating

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.choices: list[tuple[int, str]] = []  # rating, label
        self.selected = 0  # the rating enter chooses
        self._spans: list[tuple[int, int, int]] = []  # start, end, rating

    def show(self, choices: Sequence[tuple[int, str]], selected: int) -> None:
        """Show these ratings, `selected` reversed."""
        self.choices = list(choices)
        self.selected = selected
        self.refresh()

    def clear(self) -> None:
        """Blank the line (its place in the layout stays)."""
        self.choices = []
        self.refresh()

    def render(self) -> RenderResult:
        cells = [label.center(max(LEAST, len(label) + 2)) for _, label in self.choices]
        width = sum(map(len, cells)) + GAP * max(0, len(cells) - 1)
        position = max(0, (self.size.width - width) // 2)
        parts: list[tuple[str, str] | str] = [" " * position]
        self._spans = []
        for n, ((rating, _), cell) in enumerate(zip(self.choices, cells, strict=True)):
            if n:
                parts.append(" " * GAP)
                position += GAP
            parts.append((cell, SELECTED if rating == self.selected else RATING))
            self._spans.append((position, position + len(cell), rating))
            position += len(cell)
        return Content.assemble(*parts)

    def rating_at(self, x: int) -> int | None:
        """The rating drawn at cell `x`, if any."""
        return next((rating for start, end, rating in self._spans if start <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        rating = self.rating_at(event.x)
        if rating is not None:
            event.stop()
            self.selected = rating
            self.refresh()
            self.post_message(self.Chosen(self, rating))

    def action_move(self, step: int) -> None:
        ratings = [rating for rating, _ in self.choices]
        if self.selected in ratings:
            self.selected = ratings[(ratings.index(self.selected) + step) % len(ratings)]
            self.refresh()

    def action_choose(self) -> None:
        if any(rating == self.selected for rating, _ in self.choices):
            self.post_message(self.Chosen(self, self.selected))
