"""Choice cards: one right option, or a list of them for "select all that apply"."""

from __future__ import annotations

import difflib
import random
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Discriminator, Tag

from quizapp.cards.base import MANY, ONE, CardBase, Report, Sized, Text, Where, check_distinct
from quizapp.cards.portable import Option, Portable
from quizapp.cards.prompts import Prompt, ask_choice
from quizapp.cards.stored import LABELS

# One answer, or a list for "select all that apply". The discriminator picks the branch by the
# shape written, so a mistake is reported once, for the form the author meant.
ChoiceAnswer = Annotated[
    Annotated[Text, Tag(ONE)] | Annotated[list[Text], Tag(MANY)],
    Discriminator(lambda value: MANY if isinstance(value, list) else ONE),
]


class ChoiceCard(CardBase):
    """Multiple choice; a list answer means "select all that apply"."""

    LABEL: ClassVar[str] = LABELS["choice"]
    type: Literal["choice"]
    question: Text
    choices: list[Text] = Sized
    answer: ChoiceAnswer
    shuffle: bool = True

    @property
    def multiple(self) -> bool:
        """True for a "select all that apply" card."""
        return isinstance(self.answer, list)

    @property
    def answers(self) -> list[str]:
        """The correct choices, as a list in either form."""
        return self.answer if isinstance(self.answer, list) else [self.answer]

    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        return ask_choice(self.question, self.choices, self.answer, shuffle=self.shuffle, rng=rng)

    def check(self, report: Report, *, warnings: bool = True) -> None:
        check_distinct(report, ("choices",), self.choices, "choice")
        if self.multiple:
            check_distinct(report, ("answer",), self.answers, "answer")
        for i, answer in enumerate(self.answers):
            if answer not in self.choices:
                close = difflib.get_close_matches(answer, self.choices, n=1, cutoff=0.6)
                listed = ", ".join(map(repr, dict.fromkeys(self.choices)))
                hint = f" (did you mean {close[0]!r}?)" if close else f"; the choices are {listed}"
                report(("answer", i) if self.multiple else ("answer",), f"answer {answer!r} is not among the choices{hint}")
        if self.multiple and len(self.answers) == 1:
            only = self.answers[0]
            report(("answer",), f"the answer is a list of one ([{only}]), which makes this a \"select all that apply\" card "
                   f"with a single right choice; for a one-answer card write answer: {only}",
                   severity="warning", check="one-answer-list")

    def answer_texts(self) -> list[str]:
        return [] if self.multiple else [self.answer]  # type: ignore[list-item]

    def shown(self) -> list[tuple[Where, str]]:
        return [(("question",), self.question)]

    def portable(self) -> Portable:
        listing = "\n".join(f"{chr(ord('a') + i)}) {choice}" for i, choice in enumerate(self.choices))
        return self._portable(
            f"{self.question}\n{listing}",
            "; ".join(choice for choice in self.choices if choice in self.answers),  # in the order shown
            question=self.question,
            options=tuple(Option(choice, choice in self.answers) for choice in self.choices),
            multiple=self.multiple,
            shuffle=self.shuffle,
        )

    @classmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        right = [option.text for option in card.options if option.correct]
        fields: dict[str, Any] = {
            "question": card.question or card.front,
            "choices": [option.text for option in card.options],
            "answer": right if card.multiple else (right[0] if len(right) == 1 else right),
        }
        if not card.shuffle:
            fields["shuffle"] = False
        return fields
