"""Order cards: items written in their right order, shown shuffled, put back in order."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Literal

from quizapp.cards.base import (
    CardBase,
    Report,
    Sized,
    Text,
    Where,
    check_distinct,
    partial_proof,
    shown_by,
    terms,
)
from quizapp.cards.portable import Portable
from quizapp.cards.prompts import Prompt, ask_order
from quizapp.cards.stored import LABELS


class OrderCard(CardBase):
    """Items written in their correct order; the learner puts them back in order."""

    LABEL: ClassVar[str] = LABELS["order"]
    type: Literal["order"]
    question: Text
    items: list[Text] = Sized

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return ask_order(self.question, self.items, rng)

    def check(self, report: Report, *, warnings: bool = True) -> None:
        check_distinct(report, ("items",), self.items, "item")
        if self.quotes and warnings:
            quoted = set(terms(" ".join(self.quotes)))  # once for every item
            for i, item in enumerate(self.items):
                if not shown_by(item, quoted):
                    report(("items", i), partial_proof(f"item {i + 1}", item), severity="warning", check="partial-proof")

    def shown(self) -> list[tuple[Where, str]]:
        return [(("question",), self.question), *((("items", i), item) for i, item in enumerate(self.items))]

    def portable(self) -> Portable:
        return self._portable(self.question, " -> ".join(self.items), question=self.question, order=tuple(self.items))

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        return {"question": card.question or card.front, "items": list(card.order)}
