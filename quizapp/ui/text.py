"""Card text for display: always literal (never parsed as markup), with small formatting helpers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

if TYPE_CHECKING:
    from quizapp.engine.answers import DiffPart


def plain(text: str, style: str = "") -> Content:
    """Text shown exactly as written: `[bold]` or `[@click=app.quit]` stay as typed."""
    return Content.styled(text, style) if style else Content(text)


def diff(parts: tuple[DiffPart, ...]) -> Content:
    """A character diff, readable in colour and without: ⟨-extra⟩ was typed but is not in the
    answer (red, struck out), ⟨+missing⟩ is in the answer but was not typed (green)."""
    pieces: list[str | tuple[str, str]] = []
    for part in parts:
        if part.op == "equal":
            pieces.append(part.text)
        elif part.op == "given":
            pieces.append((f"⟨-{part.text}⟩", "strike $error"))
        else:
            pieces.append((f"⟨+{part.text}⟩", "bold $success"))
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
