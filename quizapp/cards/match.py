"""Match cards: left entries paired with their right partners."""

from __future__ import annotations

import random
from collections.abc import Mapping
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
class MatchPrompt(Prompt):
    """Left entries in written order, right entries shuffled; `pairs` maps left to right. The
    response maps each paired left entry to the right entry chosen for it."""

    lefts: tuple[str, ...]
    rights: tuple[str, ...]
    pairs: dict[str, str]

    def answer_text(self) -> str:
        return "; ".join(f"{left} = {right}" for left, right in self.pairs.items())

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        given = dict(cast("Mapping[str, str]", response))
        right = sum(given.get(left) == partner for left, partner in self.pairs.items())
        correct = right == len(self.pairs)
        reason = "Right." if correct else f"Wrong: {right} of {len(self.pairs)} pairs right."
        return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)

    def describe(self, response: object) -> str:
        return "; ".join(f"{left} = {right}" for left, right in dict(cast("Mapping[str, str]", response)).items())


class MatchCard(CardBase):
    """Left entries to be paired with their right partners."""

    LABEL: ClassVar[str] = "Match"
    type: Literal["match"]
    question: Text
    pairs: dict[Text, Text] = Sized

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return MatchPrompt(self.question, tuple(self.pairs), shuffled(list(self.pairs.values()), rng), dict(self.pairs))

    def check(self, report: Report, *, warnings: bool = True) -> None:
        check_distinct(report, ("pairs",), list(self.pairs.values()), "right-hand entry")
        if self.quotes and warnings:
            quoted = set(terms(" ".join(self.quotes)))  # once for every item
            for i, (left, right) in enumerate(self.pairs.items()):
                if not shown_by(left, quoted) and not shown_by(right, quoted):
                    report(("pairs", i), partial_proof(f"pair {i + 1}", f"{left}: {right}"), severity="warning",
                           check="partial-proof")

    def shown(self) -> list[tuple[Where, str]]:
        pairs = [(("pairs", i), text) for i, (left, right) in enumerate(self.pairs.items()) for text in (left, right)]
        return [(("question",), self.question), *pairs]

    def portable(self) -> Portable:
        back = "; ".join(f"{left} = {right}" for left, right in self.pairs.items())
        return self._portable(self.question, back, question=self.question, pairs=tuple(self.pairs.items()))

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        return {"question": card.question or card.front, "pairs": dict(card.pairs)}
