"""The deck-level fields of a deck file (cards are validated one by one, by their types)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from quizapp.cards.base import Ident, Label, LintOptions, Text

FORMAT_VERSION = 1


class DeckHeader(BaseModel):
    """The deck-level fields of a deck file; cards are validated one by one."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    quizapp: int
    deck: Ident
    title: Text
    description: Text | None = None
    source: Text | None = None
    tags: list[Label] = []
    exam: date | None = None  # the class's exam date (YYYY-MM-DD); `quizapp decks exam` sets it too
    cards: list[object] = Field(min_length=1)
    lint: LintOptions | None = None
    """Lint warnings silenced for every card of the deck: `lint: {ignore: [true-false-balance]}`."""
