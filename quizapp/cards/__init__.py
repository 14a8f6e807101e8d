"""Card types: the deck format of each card, what it asks and how it is graded (no SQL, no Textual).

One module per type (basic, cloze, choice, truefalse, typed, order, match). Adding a type means
adding a module and registering it in CARD_TYPES below; the rest of quizapp asks the type.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from quizapp.cards.base import CardBase, Prompt
from quizapp.cards.basic import BasicCard, RevealPrompt
from quizapp.cards.choice import ChoiceCard, ChoicePrompt
from quizapp.cards.cloze import ClozeCard, ClozeTypedPrompt
from quizapp.cards.match import MatchCard, MatchPrompt
from quizapp.cards.order import OrderCard, OrderPrompt
from quizapp.cards.portable import Portable, quote_value
from quizapp.cards.truefalse import TrueFalseCard, TrueFalsePrompt
from quizapp.cards.typed import TypedCard, TypedPrompt

__all__ = [
    "CARD_TYPES", "BasicCard", "CardBase", "ChoiceCard", "ChoicePrompt", "ClozeCard", "ClozeTypedPrompt", "MatchCard",
    "MatchPrompt", "OrderCard", "OrderPrompt", "Prompt", "RevealPrompt", "TrueFalseCard", "TrueFalsePrompt", "TypedCard",
    "TypedPrompt", "deck_fields", "from_content", "prompt_for", "prompt_seed",
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
    return card.prompt(item_key, SeededOnUse(seed), quiz=quiz)


class SeededOnUse(random.Random):
    """`random.Random(seed)`, seeded at its first draw: most prompts (basic, typed, cloze) never
    draw, and seeding is most of what making a generator costs (an import of 10,000 cards made
    one per item for the browse text). Every draw goes through random() or getrandbits()."""

    def __init__(self, seed: int) -> None:  # no super().__init__(): that seeds
        self._pending: int | None = seed
        self.gauss_next = None

    def _seeded(self) -> None:
        if self._pending is not None:
            self.seed(self._pending)

    def seed(self, a: Any = None, version: int = 2) -> None:
        """Seed now (a seed given later wins over the one pending)."""
        self._pending = None
        super().seed(a, version)

    def getstate(self) -> tuple[Any, ...]:
        """The state random.Random(seed) would have."""
        self._seeded()
        return super().getstate()

    def setstate(self, state: tuple[Any, ...]) -> None:
        """Restore a state (the pending seed is dropped)."""
        self._pending = None
        super().setstate(state)

    def random(self) -> float:
        """A float in [0, 1), as random.Random(seed) would draw it."""
        self._seeded()
        return super().random()

    def getrandbits(self, k: int, /) -> int:
        """k random bits, as random.Random(seed) would draw them."""
        self._seeded()
        return super().getrandbits(k)


def prompt_seed(learner_id: int, item_id: int, turn: int = 0) -> int:
    """The shuffle seed of one learner's item at one turn (a repetition, a quiz): reproducible for
    that learner, item and turn, and different from one learner to the next, so "it's 3" does not
    travel round a classroom. A stable hash, not Python's (which changes from run to run for text)."""
    digest = hashlib.blake2b(f"{learner_id}:{item_id}:{turn}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


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
