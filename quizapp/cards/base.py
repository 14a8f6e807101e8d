"""What every card type shares: the common fields, field validators, and the Prompt contract.

A card type is one module of this package (basic, cloze, choice, ...). Its card model validates
the deck format, says which reviewable items it makes and builds the prompt for each; its prompt
grades a response and says what the right answer was. The rest of quizapp asks the type.
"""

from __future__ import annotations

import random
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Protocol

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from quizapp.cards.portable import Portable
from quizapp.engine.answers import Grade
from quizapp.engine.textnorm import fold

IDENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENT_MAX = 64
SIZE_MIN, SIZE_MAX = 2, 8

Severity = Literal["error", "warning"]
Where = tuple[str | int, ...]  # a path into a card's fields, as lint reports it


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _ident(value: str) -> str:
    if len(value) > IDENT_MAX or not IDENT.match(value):
        raise ValueError(
            f"{value!r} is not a valid id: use lowercase letters, digits and single '-' between them"
            f" (at most {IDENT_MAX} characters)"
        )
    return value


def _tag(value: str) -> str:
    if not value or any(ch.isspace() for ch in value):
        raise ValueError(f"{value!r} is not a valid tag: tags are single words without spaces")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
Ident = Annotated[str, AfterValidator(_ident)]
Label = Annotated[str, AfterValidator(_tag)]
Sized = Field(min_length=SIZE_MIN, max_length=SIZE_MAX)


class Report(Protocol):
    """Where a card's own checks record a problem, at a path relative to the card."""

    def __call__(self, where: Where, message: str, /, *, severity: Severity = "error") -> None: ...


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


class CardBase(BaseModel, ABC):
    """Fields every card type has, and what each type must say about itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Ident
    type: str  # each type narrows this to its own Literal name (basic, cloze, ...)
    quote: Text | None = None
    explanation: Text | None = None
    tags: list[Label] = []

    # What the study screen calls this type ("Put in order").
    LABEL: ClassVar[str] = ""
    # The fields every card has; the rest is the type's own content.
    COMMON_FIELDS: ClassVar[frozenset[str]] = frozenset({"id", "type", "quote", "explanation", "tags"})

    def item_keys(self) -> list[str]:
        """The keys of the reviewable items this card makes, in study order."""
        return ["main"]

    @abstractmethod
    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        """The prompt for one item; with `quiz`, a form the app can grade without self-rating."""

    def check(self, report: Report) -> None:
        """Checks that need more than one field (the model validates each field on its own)."""

    def content(self) -> dict[str, object]:
        """The type-specific fields, as stored in the database."""
        return self.model_dump(exclude=set(self.COMMON_FIELDS))

    @abstractmethod
    def portable(self) -> Portable:
        """This card in format-neutral form, for the import and export formats."""

    @classmethod
    @abstractmethod
    def fields_from(cls, card: Portable) -> dict[str, Any]:
        """The type-specific fields of the deck format for a card in neutral form."""

    def _portable(self, front: str, back: str, **fields: Any) -> Portable:
        """A Portable with the fields every card has filled in."""
        return Portable(kind=self.type, id=self.id, front=front, back=back, explanation=self.explanation,
                        quotes=(self.quote,) if self.quote else (), tags=tuple(self.tags), **fields)


def shuffled(values: list[str], rng: random.Random) -> tuple[str, ...]:
    """A shuffle that differs from the written order whenever it can (never hand over the answer)."""
    if len(set(values)) < 2:
        return tuple(values)
    order = list(values)
    while order == values:
        rng.shuffle(order)
    return tuple(order)


def check_distinct(report: Report, where: Where, values: list[str], what: str) -> None:
    """Report every value that repeats an earlier one (compared as lint folds text)."""

    seen: set[str] = set()
    for i, value in enumerate(values):
        norm = fold(value).casefold()
        if norm in seen:
            report((*where, i), f"duplicate {what} {value!r}")
        seen.add(norm)
