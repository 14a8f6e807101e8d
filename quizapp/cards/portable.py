"""A card described without its class: what every import and export format reads and writes.

Each card type turns itself into a `Portable` (`CardBase.portable`) and back into the fields of
its deck format (`CardBase.fields_from`), so the formats in quizapp.interchange never ask which
class a card is: they read `kind` and the fields that kind fills.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    """One choice of a choice card, and whether it is a right one."""

    text: str
    correct: bool


@dataclass(frozen=True)
class Segment:
    """A piece of a cloze text: plain text (number 0) or a deletion with its number and hint."""

    text: str
    number: int = 0
    hint: str | None = None


@dataclass(frozen=True)
class Portable:
    """A card in format-neutral form. `kind` is the card type's name; the fields a kind does not
    use stay empty. `front` and `back` are plain-text renderings of the question and of the right
    answer, for formats that only know a question and an answer (spreadsheets, paper, Anki)."""

    kind: str
    id: str
    front: str
    back: str
    question: str = ""  # the question, front, statement, or the cloze text with {{cN::...}} marks
    answers: tuple[str, ...] = ()  # accepted answers, the main one first (basic back, typed answer + accept)
    options: tuple[Option, ...] = ()  # choice
    multiple: bool = False  # choice: "select all that apply"
    shuffle: bool = True  # choice: options may be shown in any order
    truth: bool | None = None  # truefalse
    order: tuple[str, ...] = ()  # order: the items in their right order
    pairs: tuple[tuple[str, str], ...] = ()  # match
    segments: tuple[Segment, ...] = ()  # cloze, in reading order
    reverse: bool = False  # basic: also asked back to front
    explanation: str | None = None
    # Excerpts of the source the card is grounded in (today a card has at most one).
    quotes: tuple[str, ...] = ()
    tags: tuple[str, ...] = field(default=())

    @property
    def items(self) -> int:
        """How many reviewable items the card makes (a cloze number or a reverse side each)."""
        if self.kind == "cloze":
            return len({s.number for s in self.segments if s.number})
        return 2 if self.reverse else 1


def quote_value(quotes: tuple[str, ...]) -> str | list[str] | None:
    """The deck format's `quote` field for a card's excerpts: one excerpt, or the list of them."""
    if not quotes:
        return None
    return quotes[0] if len(quotes) == 1 else list(quotes)
