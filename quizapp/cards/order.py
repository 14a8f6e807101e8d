"""Order cards: items written in their right order, shown shuffled, put back in order."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, cast

from quizapp.cards.base import (
    CardBase,
    Prompt,
    Report,
    Sized,
    Text,
    Where,
    check_distinct,
    partial_proof,
    shown_by,
    shuffled,
    terms,
)
from quizapp.cards.portable import Portable
from quizapp.engine.answers import Grade, suggest


@dataclass(frozen=True)
class OrderPrompt(Prompt):
    """Items shown shuffled; `correct` is the written (right) order. The response is the items
    in the order the learner put them."""

    shuffled: tuple[str, ...]
    correct: tuple[str, ...]

    def answer_text(self) -> str:
        return " -> ".join(self.correct)

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        given = list(cast("Sequence[str]", response))
        in_place = sum(a == b for a, b in zip(given, self.correct, strict=False))
        correct = given == list(self.correct)
        reason = "Right." if correct else f"Wrong: {in_place} of {len(self.correct)} in place."
        return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)

    def describe(self, response: object) -> str:
        return " -> ".join(cast("Sequence[str]", response))


class OrderCard(CardBase):
    """Items written in their correct order; the learner puts them back in order."""

    LABEL: ClassVar[str] = "Put in order"
    type: Literal["order"]
    question: Text
    items: list[Text] = Sized

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return OrderPrompt(self.question, shuffled(self.items, rng), tuple(self.items))

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
