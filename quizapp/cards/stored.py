"""A card as the database keeps it, for studying: its type, its fields, and what sessions and
screens ask of a card, without the deck format's pydantic models.

Cards are validated when a deck is imported; afterwards studying only asks them questions. Doing
that on the models cost the app 100-145 ms of importing pydantic and building model classes
between home and the first card (issue 15), so a stored card asks through quizapp.cards.prompts,
as the models do, and builds its model only when something needs one (`model`: a report's
look at a choice card's choices, an export).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from quizapp.cards.prompts import (
    Prompt,
    ask_basic,
    ask_choice,
    ask_cloze,
    ask_match,
    ask_order,
    ask_truefalse,
    ask_typed,
    basic_keys,
    cloze_keys,
)

if TYPE_CHECKING:
    from quizapp.cards.base import CardBase

# What the study screen calls each type ("Put in order"); the models' LABEL.
LABELS = {
    "basic": "Basic",
    "cloze": "Cloze",
    "choice": "Choice",
    "truefalse": "True or false",
    "typed": "Type the answer",
    "order": "Put in order",
    "match": "Match",
}


class Askable(Protocol):
    """A card that can be asked: a model or a stored card."""

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        """The prompt for one item; with `quiz`, a form the app can grade without self-rating."""
        ...


def excerpts(quote: str | list[str] | None) -> list[str]:
    """Every excerpt a card quotes, in the order written (empty without a quote)."""
    if quote is None:
        return []
    return [quote] if isinstance(quote, str) else list(quote)


def quoted(quotes: list[str]) -> str:
    """Excerpts as one text to show: “...” … “...”."""
    return " … ".join(f"“{quote}”" for quote in quotes)


@dataclass(frozen=True)
class StoredCard:
    """A stored card: `fields` are its type's own fields as stored (CardBase.content())."""

    type: str
    id: str
    fields: dict[str, Any]
    quote: str | list[str] | None = None
    explanation: str | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """What the study screen calls the card's type."""
        return LABELS[self.type]

    @property
    def quotes(self) -> list[str]:
        """Every excerpt the card quotes, in the order written (empty without a quote)."""
        return excerpts(self.quote)

    @property
    def first_quote(self) -> str | None:
        """The first excerpt, where the reader opens the source at this card."""
        quotes = self.quotes
        return quotes[0] if quotes else None

    def quoted(self) -> str:
        """Every excerpt as one text to show."""
        return quoted(self.quotes)

    def item_keys(self) -> list[str]:
        """The keys of the reviewable items the card makes, in study order."""
        if self.type == "basic":
            return basic_keys(reverse=bool(self.fields.get("reverse", False)))
        if self.type == "cloze":
            return cloze_keys(self.fields["text"])
        return ["main"]

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        """The prompt for one item, as the card's model would give it."""
        f = self.fields
        match self.type:
            case "basic":
                return ask_basic(f["front"], f["back"], item_key)
            case "cloze":
                return ask_cloze(f["text"], item_key, quiz=quiz)
            case "choice":
                return ask_choice(f["question"], f["choices"], f["answer"], shuffle=f.get("shuffle", True), rng=rng)
            case "truefalse":
                return ask_truefalse(f["statement"], f["answer"])
            case "typed":
                return ask_typed(f["question"], f["answer"], f.get("accept", []))
            case "order":
                return ask_order(f["question"], f["items"], rng)
            case "match":
                return ask_match(f["question"], f["pairs"], rng)
        raise ValueError(f"unknown card type {self.type!r}")

    @cached_property
    def model(self) -> CardBase:
        """The card's model, built from the stored fields without validating them again."""
        from quizapp.cards.registry import CARD_TYPES

        fields = {"id": self.id, "quote": self.quote, "explanation": self.explanation, "tags": self.tags,
                  "type": self.type, **self.fields}
        return CARD_TYPES[self.type].model_construct(**fields)
