"""Card types: the deck format of each card, what it asks and how it is graded (no SQL, no Textual).

One module per type (basic, cloze, choice, truefalse, typed, order, match) holds its model, which
validates the deck format; what each type asks the learner is in `prompts`, plain data that a
stored card (`stored`) asks without the models and pydantic, so studying never imports them.
Adding a type means adding a module, registering it in `registry.CARD_TYPES`, and its prompt.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

from quizapp.cards.prompts import (
    ChoicePrompt,
    ClozeTypedPrompt,
    MatchPrompt,
    OrderPrompt,
    Prompt,
    RevealPrompt,
    TrueFalsePrompt,
    TypedPrompt,
)
from quizapp.cards.stored import Askable, StoredCard

__all__ = [
    "ChoicePrompt", "ClozeTypedPrompt", "MatchPrompt", "OrderPrompt", "Prompt", "RevealPrompt", "StoredCard",
    "TrueFalsePrompt", "TypedPrompt", "prompt_for", "prompt_seed",
]


def prompt_for(card: Askable, item_key: str, seed: int, *, quiz: bool = False) -> Prompt:
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
