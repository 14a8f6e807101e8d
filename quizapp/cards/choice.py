"""Choice cards: one right option, or a list of them for "select all that apply"."""

from __future__ import annotations

import difflib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import Discriminator, Tag

from quizapp.cards.base import MANY, ONE, CardBase, Prompt, Report, Sized, Text, Where, check_distinct, shuffled
from quizapp.cards.portable import Option, Portable
from quizapp.engine.answers import Grade, suggest

# One answer, or a list for "select all that apply". The discriminator picks the branch by the
# shape written, so a mistake is reported once, for the form the author meant.
ChoiceAnswer = Annotated[
    Annotated[Text, Tag(ONE)] | Annotated[list[Text], Tag(MANY)],
    Discriminator(lambda value: MANY if isinstance(value, list) else ONE),
]


@dataclass(frozen=True)
class ChoicePrompt(Prompt):
    """Options in the order shown; `correct` holds the indexes of the right ones. The response
    is a sequence of chosen indexes."""

    options: tuple[str, ...]
    correct: frozenset[int]
    multiple: bool

    def answer_text(self) -> str:
        return "; ".join(self.options[i] for i in sorted(self.correct))

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        chosen = frozenset(cast("Sequence[int]", response))
        correct = chosen == self.correct
        if correct:
            reason = "Right."
        elif self.multiple:
            hits = len(chosen & self.correct)
            wrong = len(chosen - self.correct)
            reason = f"Wrong: {hits} of {len(self.correct)} right answers chosen" + (
                f", {wrong} wrong one{'s' * (wrong != 1)}." if wrong else "."
            )
        else:
            reason = "Wrong."
        return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)

    def describe(self, response: object) -> str:
        return "; ".join(self.options[i] for i in sorted(cast("Sequence[int]", response))) or "(nothing chosen)"

    def given(self, response: object) -> object:
        return [self.options[i] for i in sorted(cast("Sequence[int]", response))]  # the texts: the order shown is shuffled


class ChoiceCard(CardBase):
    """Multiple choice; a list answer means "select all that apply"."""

    LABEL: ClassVar[str] = "Choice"
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
        options = shuffled(self.choices, rng) if self.shuffle else tuple(self.choices)
        correct = frozenset(i for i, option in enumerate(options) if option in self.answers)
        return ChoicePrompt(self.question, options, correct, self.multiple)

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
