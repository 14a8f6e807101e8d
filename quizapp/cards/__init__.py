"""Card types: the deck format of each card, what it asks and how it is graded (no SQL, no Textual).

One module per type (basic, cloze, choice, truefalse, typed, order, match). Adding a type means
adding a module and registering it in CARD_TYPES below; the rest of quizapp asks the type.
"""

from __future__ import annotations

import random
from typing import Any

from quizapp.cards.base import CardBase, Prompt
from quizapp.cards.basic import BasicCard, RevealPrompt
from quizapp.cards.choice import ChoiceCard, ChoicePrompt
from quizapp.cards.cloze import ClozeCard, ClozeTypedPrompt
from quizapp.cards.match import MatchCard, MatchPrompt
from quizapp.cards.order import OrderCard, OrderPrompt
from quizapp.cards.truefalse import TrueFalseCard, TrueFalsePrompt
from quizapp.cards.typed import TypedCard, TypedPrompt

__all__ = [
    "CARD_TYPES", "BasicCard", "CardBase", "ChoiceCard", "ChoicePrompt", "ClozeCard", "ClozeTypedPrompt", "MatchCard",
    "MatchPrompt", "OrderCard", "OrderPrompt", "Prompt", "RevealPrompt", "TrueFalseCard", "TrueFalsePrompt", "TypedCard",
    "TypedPrompt", "from_content", "prompt_for",
]

CARD_TYPES: dict[str, type[CardBase]] = {
    "basic": BasicCard,
    "cloze": ClozeCard,
    "choice": ChoiceCard,
    "truefalse": TrueFalseCard,
    "typed": TypedCard,
    "order": OrderCard,
    "match": MatchCard,
}


def from_content(card_type: str, key: str, data: dict[str, object], *, quote: str | list[str] | None = None,
                 explanation: str | None = None, tags: list[str] | None = None) -> CardBase:
    """Rebuild a card model from stored (already validated) content without re-validating."""
    model = CARD_TYPES[card_type]
    fields: dict[str, Any] = {
        "id": key,
        "quote": quote,
        "explanation": explanation,
        "tags": tags or [],
        "type": card_type,
        **data,
    }
    return model.model_construct(**fields)


def prompt_for(card: CardBase, item_key: str, seed: int, *, quiz: bool = False) -> Prompt:
    """The prompt for one item of a card, shuffled reproducibly by `seed`."""
    return card.prompt(item_key, random.Random(seed), quiz=quiz)
