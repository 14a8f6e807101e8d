"""Basic cards: a front and a back, recalled and self-rated; `reverse` adds a back-to-front item."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from quizapp.cards.base import TYPEABLE_WORDS, CardBase, Prompt, Report, Text, Where, untypeable
from quizapp.cards.portable import Portable
from quizapp.engine.answers import Grade
from quizapp.engine.scheduling import AGAIN, GOOD


@dataclass(frozen=True)
class RevealPrompt(Prompt):
    """Self-graded: the question is shown, the back revealed (basic cards, cloze when not typed).

    While studying the learner rates their own recall. In a quiz the learner says whether they
    knew it once the back is shown: that verdict (True or False) is the response `grade` takes.
    """

    back: str
    # For a cloze item, the hidden answers (so it can also be answered by typing).
    answers: tuple[str, ...] = ()

    self_graded: ClassVar[bool] = True

    def answer_text(self) -> str:
        return self.back

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        knew = bool(response)
        return Grade(knew, GOOD if knew else AGAIN, "You knew it." if knew else "You did not know it.", "self")

    def describe(self, response: object) -> str:
        return "I knew it" if response else "I didn't know it"


class BasicCard(CardBase):
    """A front and a back; `reverse` adds a back-to-front item."""

    LABEL: ClassVar[str] = "Basic"
    type: Literal["basic"] = "basic"
    front: Text
    back: Text
    reverse: bool = False

    def item_keys(self) -> list[str]:
        return ["fwd", "rev"] if self.reverse else ["fwd"]

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        # In a quiz too: recalled, revealed and judged by the learner ("I knew it" / "I didn't"). A
        # back is often a sentence no one could type to the letter, and a reversed card would ask
        # for the question back.
        front, back = (self.back, self.front) if item_key == "rev" else (self.front, self.back)
        return RevealPrompt(front, back)

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
