"""Basic cards: a front and a back, recalled and self-rated; `reverse` adds a back-to-front item."""

from __future__ import annotations

import random
from typing import Any, ClassVar, Literal

from quizapp.cards.base import TYPEABLE_WORDS, CardBase, Report, Text, Where, untypeable
from quizapp.cards.portable import Portable
from quizapp.cards.prompts import Prompt, ask_basic, basic_keys
from quizapp.cards.stored import LABELS


class BasicCard(CardBase):
    """A front and a back; `reverse` adds a back-to-front item."""

    LABEL: ClassVar[str] = LABELS["basic"]
    type: Literal["basic"] = "basic"
    front: Text
    back: Text
    reverse: bool = False

    def item_keys(self) -> list[str]:
        return basic_keys(reverse=self.reverse)

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return ask_basic(self.front, self.back, item_key)

    def portable(self) -> Portable:
        return self._portable(self.front, self.back, question=self.front, answers=(self.back,), reverse=self.reverse)

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        fields: dict[str, Any] = {"front": card.question or card.front, "back": card.answers[0] if card.answers else card.back}
        if card.reverse:
            fields["reverse"] = True
        return fields

    def check(self, report: Report, *, warnings: bool = True) -> None:
        if not warnings:
            return
        sides = [("back", self.back), *([("front", self.front)] if self.reverse else [])]
        for side, text in sides:
            size = untypeable(text)
            if size:
                both = " (both ways, with reverse)" if side == "front" else ""
                report((side,), f"the {side} is too long to recall word for word ({size}): a learner rates their own recall "
                       f"of it{both}, in study and in quizzes; shorten it to the key words (at most {TYPEABLE_WORDS}), "
                       "or make the card a choice or a cloze", severity="warning", check="untypeable")

    def answer_texts(self) -> list[str]:
        return [self.back, self.front] if self.reverse else [self.back]

    def shown(self) -> list[tuple[Where, str]]:
        return [(("front",), self.front), *([(("back",), self.back)] if self.reverse else [])]
