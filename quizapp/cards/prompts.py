"""What the learner is asked for one item of each card type, and how an answer to it is graded.

Plain data and no pydantic: studying a stored card needs only this module (and
quizapp.cards.stored), not the deck format's models, whose import is most of what opening the
store used to cost before the first card (issue 15). Each card type's model builds its prompts
with the same `ask_*` functions as a stored card does.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, cast

from quizapp.cards.clozetext import cloze_deletions, cloze_numbers, cloze_render
from quizapp.engine.answers import Grade, char_diff, grade_text, match_typed, suggest
from quizapp.engine.scheduling import AGAIN, GOOD


@dataclass(frozen=True)
class Prompt(ABC):
    """What the learner is asked for one item. Plain data, so every screen asks the same."""

    question: str

    # True when the learner rates their own recall (nothing to grade).
    self_graded: ClassVar[bool] = False

    @abstractmethod
    def answer_text(self) -> str:
        """The right answer as one line of text, for feedback and results."""

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        """Grade a response (its form depends on the prompt type) and suggest a rating."""
        raise TypeError(f"{type(self).__name__} is self-graded")

    def describe(self, response: object) -> str:
        """A response as text, for results lists and reports."""
        return str(response)

    def given(self, response: object) -> object:
        """A response as plain JSON data, as the review log keeps it for the class report."""
        return self.describe(response)


def shuffled(values: list[str], rng: random.Random) -> tuple[str, ...]:
    """A shuffle that differs from the written order whenever it can (never hand over the answer)."""
    if len(set(values)) < 2:
        return tuple(values)
    order = list(values)
    while order == values:
        rng.shuffle(order)
    return tuple(order)


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


@dataclass(frozen=True)
class ClozeTypedPrompt(Prompt):
    """A cloze (the masked text is the question) answered by typing each gap of the item's
    number. The response is the list of gap answers (or one text for a single gap)."""

    full: str
    gaps: tuple[str, ...]  # expected answers, one per gap, in reading order
    hints: tuple[str | None, ...]

    def answer_text(self) -> str:
        return "; ".join(self.gaps)

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        given = [response] if isinstance(response, str) else [str(g) for g in cast("Sequence[object]", response)]
        if len(self.gaps) == 1:
            return grade_text(given[0] if given else "", self.gaps, duration_ms, easy_seconds)
        matches = [match_typed(g, (a,)) for g, a in zip([*given, *[""] * len(self.gaps)], self.gaps, strict=False)]
        right = sum(m.correct for m in matches)
        correct = right == len(self.gaps)
        forgiven = any(m.case == "typo" for m in matches)
        reason = "All gaps right." if correct else f"{right} of {len(self.gaps)} gaps right."
        diff = char_diff(" | ".join(g.strip() for g in given), " | ".join(self.gaps))
        return Grade(correct, suggest(correct, duration_ms, easy_seconds, forgiven=forgiven), reason, "cloze", diff)

    def describe(self, response: object) -> str:
        return response if isinstance(response, str) else "; ".join(str(r) for r in cast("Sequence[object]", response))


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


@dataclass(frozen=True)
class TypedPrompt(Prompt):
    """A question answered by typing; `answers` are the expected answer then the alternatives."""

    answers: tuple[str, ...]

    @property
    def answer(self) -> str:
        """The main expected answer."""
        return self.answers[0]

    def answer_text(self) -> str:
        return self.answer

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        return grade_text(str(response), self.answers, duration_ms, easy_seconds)


@dataclass(frozen=True)
class OrderPrompt(Prompt):
    """Items shown shuffled; `correct` is the written (right) order. The response is the items
    in the order the learner put them."""

    shuffled: tuple[str, ...]
    correct: tuple[str, ...]

    def answer_text(self) -> str:
        return " -> ".join(self.correct)

    def grade(self, response: object, duration_ms: int, easy_seconds: float) -> Grade:
        given = list(cast("Sequence[str]", response))
        in_place = sum(a == b for a, b in zip(given, self.correct, strict=False))
        correct = given == list(self.correct)
        reason = "Right." if correct else f"Wrong: {in_place} of {len(self.correct)} in place."
        return Grade(correct, suggest(correct, duration_ms, easy_seconds), reason)

    def describe(self, response: object) -> str:
        return " -> ".join(cast("Sequence[str]", response))


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


def ask_basic(front: str, back: str, item_key: str) -> Prompt:
    """A basic card's item: front to back, or back to front for the "rev" item. In a quiz too:
    recalled, revealed and judged by the learner ("I knew it" / "I didn't"), since a back is often
    a sentence no one could type to the letter, and a reversed card would ask for the question."""
    if item_key == "rev":
        front, back = back, front
    return RevealPrompt(front, back)


def ask_cloze(text: str, item_key: str, *, quiz: bool) -> Prompt:
    """A cloze item ("c2": the deletions numbered 2 hidden); typed gap by gap in a quiz."""
    number = int(item_key.removeprefix("c"))
    gaps = [d for d in cloze_deletions(text) if d.number == number]
    masked = cloze_render(text, number, reveal=False)
    full = cloze_render(text, number, reveal=True)
    if quiz:
        return ClozeTypedPrompt(masked, full, tuple(d.answer for d in gaps), tuple(d.hint for d in gaps))
    return RevealPrompt(masked, full, tuple(d.answer for d in gaps))


def ask_choice(question: str, choices: list[str], answer: str | list[str], *, shuffle: bool, rng: random.Random) -> Prompt:
    """A choice card: its options shuffled (unless the author said not to); a list answer means
    "select all that apply"."""
    answers = answer if isinstance(answer, list) else [answer]
    options = shuffled(choices, rng) if shuffle else tuple(choices)
    correct = frozenset(i for i, option in enumerate(options) if option in answers)
    return ChoicePrompt(question, options, correct, isinstance(answer, list))


def ask_truefalse(statement: str, answer: bool) -> Prompt:
    """A true/false card's statement."""
    return TrueFalsePrompt(statement, answer)


def ask_typed(question: str, answer: str, accept: Sequence[str]) -> Prompt:
    """A typed card: the answer, then the other accepted ones."""
    return TypedPrompt(question, (answer, *accept))


def ask_order(question: str, items: list[str], rng: random.Random) -> Prompt:
    """An order card: its items shuffled, to be put back in the order written."""
    return OrderPrompt(question, shuffled(items, rng), tuple(items))


def ask_match(question: str, pairs: Mapping[str, str], rng: random.Random) -> Prompt:
    """A match card: the left entries as written, the right ones shuffled."""
    return MatchPrompt(question, tuple(pairs), shuffled(list(pairs.values()), rng), dict(pairs))


def basic_keys(*, reverse: bool) -> list[str]:
    """A basic card's items: front to back, and back to front with `reverse`."""
    return ["fwd", "rev"] if reverse else ["fwd"]


def cloze_keys(text: str) -> list[str]:
    """A cloze card's items: one per deletion number."""
    return [f"c{n}" for n in cloze_numbers(text)]
