"""True/false cards: a statement to judge."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Literal

from quizapp.cards.base import CardBase, Text, Where
from quizapp.cards.portable import Portable
from quizapp.cards.prompts import Prompt, ask_truefalse
from quizapp.cards.stored import LABELS


class TrueFalseCard(CardBase):
    """A statement that is either true or false."""

    LABEL: ClassVar[str] = LABELS["truefalse"]
    type: Literal["truefalse"]
    statement: Text
    answer: bool

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return ask_truefalse(self.statement, self.answer)

    def portable(self) -> Portable:
        return self._portable(self.statement, "True" if self.answer else "False", question=self.statement, truth=self.answer)

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        return {"statement": card.question or card.front, "answer": bool(card.truth)}

    def shown(self) -> list[tuple[Where, str]]:
        return [(("statement",), self.statement)]
