"""Cloze text: finding the deletions `{{c1::answer}}` or `{{c1::answer::hint}}` and showing the
text with one number's deletions hidden or revealed (no pydantic: studying needs only this)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# {{c1::answer}} or {{c1::answer::hint}}; the answer and hint may not contain "}}" or "::".
CLOZE = re.compile(r"\{\{c(\d+)::((?:(?!::|\}\}).)+?)(?:::((?:(?!\}\}).)*?))?\}\}", re.DOTALL)


@dataclass(frozen=True)
class Deletion:
    """One cloze deletion: its number, the hidden answer, an optional hint and its span."""

    number: int
    answer: str
    hint: str | None
    start: int
    end: int


def cloze_deletions(text: str) -> list[Deletion]:
    """Every deletion in a cloze text, in the order written."""
    return [Deletion(int(m.group(1)), m.group(2), m.group(3) or None, m.start(), m.end()) for m in CLOZE.finditer(text)]


def cloze_numbers(text: str) -> list[int]:
    """The distinct deletion numbers of a cloze text, in order: one item each."""
    return sorted({d.number for d in cloze_deletions(text)})


def cloze_render(text: str, number: int, *, reveal: bool) -> str:
    """The cloze text for item `number`: its deletions hidden (or shown), the others shown."""

    def replace(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        if reveal:
            return match.group(2)
        return f"[{match.group(3)}]" if match.group(3) else "[...]"

    return CLOZE.sub(replace, text)
