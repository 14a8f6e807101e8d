"""The card types' models by name, and a card's deck-format fields from its neutral form."""

from __future__ import annotations

from typing import Any

from quizapp.cards.base import CardBase
from quizapp.cards.basic import BasicCard
from quizapp.cards.choice import ChoiceCard
from quizapp.cards.cloze import ClozeCard
from quizapp.cards.match import MatchCard
from quizapp.cards.order import OrderCard
from quizapp.cards.portable import Portable, quote_value
from quizapp.cards.truefalse import TrueFalseCard
from quizapp.cards.typed import TypedCard

CARD_TYPES: dict[str, type[CardBase]] = {
    "basic": BasicCard,
    "cloze": ClozeCard,
    "choice": ChoiceCard,
    "truefalse": TrueFalseCard,
    "typed": TypedCard,
    "order": OrderCard,
    "match": MatchCard,
}


def deck_fields(card: Portable) -> dict[str, Any]:
    """A card in neutral form as a mapping of the deck format: common fields, then its type's."""
    fields: dict[str, Any] = {"id": card.id, "type": card.kind, **CARD_TYPES[card.kind].fields_from(card)}
    quote = quote_value(card.quotes)
    if quote is not None:
        fields["quote"] = quote
    if card.explanation is not None:
        fields["explanation"] = card.explanation
    if card.tags:
        fields["tags"] = list(card.tags)
    return fields
