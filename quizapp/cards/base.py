"""The deck format's card types as validated models, and what each card makes reviewable."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag

FORMAT_VERSION = 1
IDENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENT_MAX = 64
SIZE_MIN, SIZE_MAX = 2, 8


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
# One answer, or a list for "select all that apply". The discriminator picks the branch by the
# shape written, so a mistake is reported once, for the form the author meant.
ONE, MANY = "one", "many"
ChoiceAnswer = Annotated[
    Annotated[Text, Tag(ONE)] | Annotated[list[Text], Tag(MANY)],
    Discriminator(lambda value: MANY if isinstance(value, list) else ONE),
]


class CardBase(BaseModel):
    """Fields every card type has."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Ident
    quote: Text | None = None
    explanation: Text | None = None
    tags: list[Label] = []


class BasicCard(CardBase):
    """A front and a back; `reverse` adds a back-to-front item."""

    type: Literal["basic"] = "basic"
    front: Text
    back: Text
    reverse: bool = False


class ClozeCard(CardBase):
    """Text with Anki-style deletions: each distinct number is its own item."""

    type: Literal["cloze"]
    text: Text


class ChoiceCard(CardBase):
    """Multiple choice; a list answer means "select all that apply"."""

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


class TrueFalseCard(CardBase):
    """A statement that is either true or false."""

    type: Literal["truefalse"]
    statement: Text
    answer: bool


class TypedCard(CardBase):
    """A short answer the learner types; `accept` lists other accepted answers."""

    type: Literal["typed"]
    question: Text
    answer: Text
    accept: list[Text] = []


class OrderCard(CardBase):
    """Items written in their correct order; the learner puts them back in order."""

    type: Literal["order"]
    question: Text
    items: list[Text] = Sized


class MatchCard(CardBase):
    """Left entries to be paired with their right partners."""

    type: Literal["match"]
    question: Text
    pairs: dict[Text, Text] = Sized


Card = Union[BasicCard, ClozeCard, ChoiceCard, TrueFalseCard, TypedCard, OrderCard, MatchCard]
CARD_TYPES: dict[str, type[CardBase]] = {
    "basic": BasicCard,
    "cloze": ClozeCard,
    "choice": ChoiceCard,
    "truefalse": TrueFalseCard,
    "typed": TypedCard,
    "order": OrderCard,
    "match": MatchCard,
}


class DeckHeader(BaseModel):
    """The deck-level fields of a deck file; cards are validated one by one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    quizapp: int
    deck: Ident
    title: Text
    description: Text | None = None
    source: Text | None = None
    tags: list[Label] = []
    cards: list[object] = Field(min_length=1)


# {{c1::answer}} or {{c1::answer::hint}}; the answer and hint may not contain "}}" or "::".
CLOZE = re.compile(r"\{\{c(\d+)::((?:(?!::|\}\}).)+?)(?:::((?:(?!\}\}).)*?))?\}\}", re.DOTALL)


@dataclass(frozen=True)
class Deletion:
    """One cloze deletion: its number, the hidden answer, an optional hint and its span."""

    number: int
    answer: str
    hint: str | None
    start: int
    end: int


def cloze_deletions(text: str) -> list[Deletion]:
    """Every deletion in a cloze text, in the order written."""
    return [
        Deletion(int(m.group(1)), m.group(2), m.group(3) or None, m.start(), m.end())
        for m in CLOZE.finditer(text)
    ]


def cloze_render(text: str, number: int, *, reveal: bool) -> str:
    """The cloze text for item `number`: its deletions hidden (or shown), the others shown."""

    def replace(match: re.Match[str]) -> str:
        if int(match.group(1)) != number:
            return match.group(2)
        if reveal:
            return match.group(2)
        return f"[{match.group(3)}]" if match.group(3) else "[...]"

    return CLOZE.sub(replace, text)


def item_keys(card: CardBase) -> list[str]:
    """The keys of the reviewable items a card makes, in study order."""
    if isinstance(card, BasicCard):
        return ["fwd", "rev"] if card.reverse else ["fwd"]
    if isinstance(card, ClozeCard):
        return [f"c{n}" for n in sorted({d.number for d in cloze_deletions(card.text)})]
    return ["main"]


def content(card: CardBase) -> dict[str, object]:
    """The type-specific fields of a card, as stored in the database."""
    return card.model_dump(exclude={"id", "quote", "explanation", "tags", "type"})


def from_content(card_type: str, key: str, data: dict[str, object], *, quote: str | None = None,
                 explanation: str | None = None, tags: list[str] | None = None) -> CardBase:
    """Rebuild a card model from stored (already validated) content without re-validating."""
    model = CARD_TYPES[card_type]
    fields = {"id": key, "quote": quote, "explanation": explanation, "tags": tags or [], "type": card_type, **data}
    return model.model_construct(**fields)
