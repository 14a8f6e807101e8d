"""Typed cards: a short answer the learner types, with other accepted answers."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Literal

from quizapp.cards.base import TYPEABLE_WORDS, CardBase, Report, Text, Where, untypeable
from quizapp.cards.portable import Portable
from quizapp.cards.prompts import Prompt, ask_typed
from quizapp.cards.stored import LABELS


class TypedCard(CardBase):
    """A short answer the learner types; `accept` lists other accepted answers."""

    LABEL: ClassVar[str] = LABELS["typed"]
    type: Literal["typed"]
    question: Text
    answer: Text
    accept: list[Text] = []  # noqa: RUF012 - pydantic copies field defaults

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return ask_typed(self.question, self.answer, self.accept)

    def check(self, report: Report, *, warnings: bool = True) -> None:
        if not warnings:
            return
        size = untypeable(self.answer)
        if size and all(untypeable(other) for other in self.accept):  # a short accepted form is enough
            report(("answer",), f"the answer is too long to type ({size}); shorten it to the key words (at most "
                   f"{TYPEABLE_WORDS}), or make the card a choice or a cloze", severity="warning", check="untypeable")
        elif len(self.answer.split()) >= PHRASE_WORDS and not self.accept:
            report(("answer",), f"the answer is a phrase of {len(self.answer.split())} words and nothing else is accepted; "
                   "list other fair ways to write it under accept (a shorter form, an abbreviation)",
                   severity="warning", check="untypeable")

    def answer_texts(self) -> list[str]:
        return [self.answer]

    def shown(self) -> list[tuple[Where, str]]:
        return [(("question",), self.question)]


    def portable(self) -> Portable:
        return self._portable(self.question, self.answer, question=self.question, answers=(self.answer, *self.accept))

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        answers = card.answers or (card.back,)
        fields: dict[str, Any] = {"question": card.question or card.front, "answer": answers[0]}
        if len(answers) > 1:
            fields["accept"] = list(answers[1:])
        return fields


PHRASE_WORDS = 3  # a typed answer of this many words needs accepted alternatives
