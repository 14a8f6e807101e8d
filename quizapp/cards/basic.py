"""Basic cards: a front and a back, recalled and self-rated; `reverse` adds a back-to-front item."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import ClassVar, Literal

from quizapp.cards.base import TYPEABLE_WORDS, CardBase, Prompt, Report, Text, Where, untypeable
from quizapp.cards.typed import TypedPrompt


@dataclass(frozen=True)
class RevealPrompt(Prompt):
    """Self-graded: the question is shown, the back revealed (basic cards, cloze when not typed)."""

    back: str
    # For a cloze item, the hidden answers (so it can also be answered by typing).
    answers: tuple[str, ...] = ()

    self_graded: ClassVar[bool] = True

    def answer_text(self) -> str:
        return self.back


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
        front, back = (self.back, self.front) if item_key == "rev" else (self.front, self.back)
        return TypedPrompt(front, (back,)) if quiz else RevealPrompt(front, back)

    def check(self, report: Report, *, warnings: bool = True) -> None:
        if not warnings:
            return
        sides = [("back", self.back), *([("front", self.front)] if self.reverse else [])]
        for side, text in sides:
            size = untypeable(text)
            if size:
                report((side,), f"the {side} is too long to type ({size}): a quiz asks a basic card as a typed question"
                       f"{' (both ways, with reverse)' if side == 'front' else ''}; shorten it to the key words (at most "
                       f"{TYPEABLE_WORDS}), or make the card a choice or a cloze", severity="warning", check="untypeable")

    def answer_texts(self) -> list[str]:
        return [self.back, self.front] if self.reverse else [self.back]

    def shown(self) -> list[tuple[Where, str]]:
        return [(("front",), self.front), *([(("back",), self.back)] if self.reverse else [])]
