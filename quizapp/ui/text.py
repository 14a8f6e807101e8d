"""Text for display: always literal (never parsed as markup), with control characters shown
visibly (quizapp.printable), and small formatting helpers.

Every string that comes from a deck, a source, the database or a user reaches a widget through
`plain` (Content) or `cell` (a table cell), never as a bare str, which Textual would read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.highlighter import Highlighter
from rich.text import Text
from textual.content import Content

from quizapp.printable import printable

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from quizapp.engine.answers import DiffPart


def plain(text: str, style: str = "") -> Content:
    """Text shown exactly as written: `[bold]` or `[@click=app.quit]` stay as typed, and an
    escape sequence shows as ␛[... instead of reaching the terminal."""
    safe = printable(text)
    return Content.styled(safe, style) if style else Content(safe)


def cell(text: str, style: str = "", justify: JustifyMethod | None = None) -> Text:
    """A table cell shown exactly as written, like `plain`."""
    return Text(printable(text), style=style, justify=justify)


class _Visible(Highlighter):
    """Shows text with its control characters made visible, one character for one (so an Input's
    cursor stays where it was): used as the highlighter of every Input, since pasted text, or a
    search filled in from a stored card key, can hold escape sequences."""

    def __call__(self, text: str | Text) -> Text:
        shown = text.copy() if isinstance(text, Text) else Text(text)
        shown.plain = printable(shown.plain)
        return shown

    def highlight(self, text: Text) -> None:
        """Nothing to colour: `__call__` does the work."""


VISIBLE = _Visible()  # the highlighter of every Input that shows typed, pasted or stored text


def diff(parts: tuple[DiffPart, ...]) -> Content:
    """A character diff, readable in colour and without: ⟨-extra⟩ was typed but is not in the
    answer (red, struck out), ⟨+missing⟩ is in the answer but was not typed (green)."""
    pieces: list[str | tuple[str, str]] = []
    for part in parts:
        text = printable(part.text)
        if part.op == "equal":
            pieces.append(text)
        elif part.op == "given":
            pieces.append((f"⟨-{text}⟩", "strike $error"))
        else:
            pieces.append((f"⟨+{text}⟩", "bold $success"))
    return Content.assemble(*pieces)


def minutes(seconds: float) -> str:
    """A duration as the learner reads it: 45 s, 12 min, 1 h 05 min."""
    if seconds < 60:
        return f"{round(seconds)} s"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    return f"{int(seconds // 3600)} h {round(seconds % 3600 / 60):02d} min"


def percent(share: float | None) -> str:
    """A share as a percentage, or a dash when there is nothing to measure."""
    return "–" if share is None else f"{share * 100:.0f}%"
