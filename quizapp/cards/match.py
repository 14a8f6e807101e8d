"""Match cards: left entries paired with their right partners."""

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
from quizapp.cards.prompts import Prompt, ask_match
from quizapp.cards.stored import LABELS


class MatchCard(CardBase):
    """Left entries to be paired with their right partners."""

    LABEL: ClassVar[str] = LABELS["match"]
    type: Literal["match"]
    question: Text
    pairs: dict[Text, Text] = Sized

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return ask_match(self.question, self.pairs, rng)

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
