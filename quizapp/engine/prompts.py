"""What the learner is asked for one item: each card type's prompt, with seeded shuffling.

Prompts are plain data, so the study screen, the quiz and the tests all ask the same question.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from quizapp.cards.base import (
    BasicCard,
    CardBase,
    ChoiceCard,
    ClozeCard,
    MatchCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
    cloze_deletions,
    cloze_render,
)


@dataclass(frozen=True)
class RevealPrompt:
    """Self-graded: the front is shown, the back revealed (basic cards, cloze when not typed)."""

    front: str
    back: str
    # For a cloze item, the hidden answers (so it can also be answered by typing).
    answers: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChoicePrompt:
    """Options in the order shown; `correct` holds the indexes of the right ones."""

    question: str
    options: tuple[str, ...]
    correct: frozenset[int]
    multiple: bool


@dataclass(frozen=True)
class TrueFalsePrompt:
    """A statement to judge."""

    statement: str
    answer: bool


@dataclass(frozen=True)
class TypedPrompt:
    """A question answered by typing; `answers` are the expected answer then the alternatives."""

    question: str
    answers: tuple[str, ...]

    @property
    def answer(self) -> str:
        """The main expected answer."""
        return self.answers[0]


@dataclass(frozen=True)
class ClozeTypedPrompt:
    """A cloze answered by typing each gap of the item's number."""

    masked: str
    full: str
    gaps: tuple[str, ...]  # expected answers, one per gap, in reading order
    hints: tuple[str | None, ...]


@dataclass(frozen=True)
class OrderPrompt:
    """Items shown shuffled; `correct` is the written (right) order."""

    question: str
    shuffled: tuple[str, ...]
    correct: tuple[str, ...]


@dataclass(frozen=True)
class MatchPrompt:
    """Left entries in written order, right entries shuffled; `pairs` maps left to right."""

    question: str
    lefts: tuple[str, ...]
    rights: tuple[str, ...]
    pairs: dict[str, str]


Prompt = RevealPrompt | ChoicePrompt | TrueFalsePrompt | TypedPrompt | ClozeTypedPrompt | OrderPrompt | MatchPrompt


def _shuffled(values: list[str], rng: random.Random) -> tuple[str, ...]:
    """A shuffle that differs from the written order whenever it can (never hand over the answer)."""
    if len(set(values)) < 2:
        return tuple(values)
    order = list(values)
    while order == values:
        rng.shuffle(order)
    return tuple(order)


def make_prompt(card: CardBase, item_key: str, seed: int, *, typed: bool = False) -> Prompt:
    """The prompt for one item of a card.

    With `typed`, every form is auto-gradable: a basic card becomes a typed question and a cloze
    is answered by typing its gaps (used by quizzes).
    """
    rng = random.Random(seed)
    if isinstance(card, BasicCard):
        front, back = (card.back, card.front) if item_key == "rev" else (card.front, card.back)
        return TypedPrompt(front, (back,)) if typed else RevealPrompt(front, back)
    if isinstance(card, ClozeCard):
        number = int(item_key.removeprefix("c"))
        gaps = [d for d in cloze_deletions(card.text) if d.number == number]
        masked = cloze_render(card.text, number, reveal=False)
        full = cloze_render(card.text, number, reveal=True)
        if typed:
            return ClozeTypedPrompt(masked, full, tuple(d.answer for d in gaps), tuple(d.hint for d in gaps))
        return RevealPrompt(masked, full, tuple(d.answer for d in gaps))
    if isinstance(card, ChoiceCard):
        options = _shuffled(card.choices, rng) if card.shuffle else tuple(card.choices)
        correct = frozenset(i for i, option in enumerate(options) if option in card.answers)
        return ChoicePrompt(card.question, options, correct, card.multiple)
    if isinstance(card, TrueFalseCard):
        return TrueFalsePrompt(card.statement, card.answer)
    if isinstance(card, TypedCard):
        return TypedPrompt(card.question, (card.answer, *card.accept))
    if isinstance(card, OrderCard):
        return OrderPrompt(card.question, _shuffled(card.items, rng), tuple(card.items))
    if isinstance(card, MatchCard):
        rights = list(card.pairs.values())
        return MatchPrompt(card.question, tuple(card.pairs), _shuffled(rights, rng), dict(card.pairs))
    raise TypeError(f"unknown card type {type(card).__name__}")  # pragma: no cover


def correct_answer(prompt: Prompt) -> str:
    """The right answer as one line of text, for feedback and quiz results."""
    if isinstance(prompt, RevealPrompt):
        return prompt.back
    if isinstance(prompt, ChoicePrompt):
        return "; ".join(prompt.options[i] for i in sorted(prompt.correct))
    if isinstance(prompt, TrueFalsePrompt):
        return "True" if prompt.answer else "False"
    if isinstance(prompt, TypedPrompt):
        return prompt.answer
    if isinstance(prompt, ClozeTypedPrompt):
        return "; ".join(prompt.gaps)
    if isinstance(prompt, OrderPrompt):
        return " -> ".join(prompt.correct)
    return "; ".join(f"{left} = {right}" for left, right in prompt.pairs.items())


def question_text(prompt: Prompt) -> str:
    """The question part of a prompt as one text, for lists and results."""
    if isinstance(prompt, RevealPrompt):
        return prompt.front
    if isinstance(prompt, TrueFalsePrompt):
        return prompt.statement
    if isinstance(prompt, ClozeTypedPrompt):
        return prompt.masked
    return prompt.question
