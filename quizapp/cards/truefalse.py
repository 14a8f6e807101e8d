"""True/false cards: a statement to judge."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from quizapp.cards.base import CardBase, Prompt, Text, Where
from quizapp.cards.portable import Portable
from quizapp.engine.answers import Grade, suggest


@dataclass(frozen=True)
class TrueFalsePrompt(Prompt):
    """A statement (the question) to judge; the response is a bool."""

    answer: bool

    def answer_text(self) -> str:
        return "True" if self.answer else "False"

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        correct = bool(response) == self.answer
        reason = "Right." if correct else f"Wrong: the statement is {'true' if self.answer else 'false'}."
        return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)

    def describe(self, response: object) -> str:
        return "True" if response else "False"


class TrueFalseCard(CardBase):
    """A statement that is either true or false."""

    LABEL: ClassVar[str] = "True or false"
    type: Literal["truefalse"]
    statement: Text
    answer: bool

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return TrueFalsePrompt(self.statement, self.answer)

    def portable(self) -> Portable:
        return self._portable(self.statement, "True" if self.answer else "False", question=self.statement, truth=self.answer)

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        return {"statement": card.question or card.front, "answer": bool(card.truth)}

    def shown(self) -> list[tuple[Where, str]]:
        return [(("statement",), self.statement)]
