"""What every card model shares: the common fields, field validators and lint's shared checks.

A card type is one module of this package (basic, cloze, choice, ...). Its card model validates
the deck format and says which reviewable items it makes; the prompt for each comes from
quizapp.cards.prompts, which grades a response and says what the right answer was.
"""

from __future__ import annotations

import random
import re
from abc import ABC, abstractmethod
from typing import Annotated, Any, ClassVar, Literal, Protocol, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag

from quizapp.cards.portable import Portable
from quizapp.cards.prompts import Prompt
from quizapp.cards.stored import excerpts
from quizapp.cards.stored import quoted as quoted_text
from quizapp.engine.textnorm import fold

IDENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
IDENT_MAX = 64
SIZE_MIN, SIZE_MAX = 2, 8
QUOTES_MAX = 8  # excerpts one card may quote

# The warnings lint gives, each silenced per card (or per deck) by its name in `lint.ignore`. Errors
# cannot be silenced. README's deck-format section describes each.
CheckName = Literal[
    "explanation", "todo", "no-source", "quote-repeats", "one-answer-list", "untypeable", "partial-proof", "giveaway",
    "duplicate", "longest-answer", "true-false-balance",
]
CHECKS: tuple[str, ...] = get_args(CheckName)

Severity = Literal["error", "warning"]
Where = tuple[str | int, ...]  # a path into a card's fields, as lint reports it


def _has_todo(value: object) -> bool:
    if isinstance(value, str):
        return "TODO" in value
    if isinstance(value, list):
        return any(_has_todo(v) for v in value)
    if isinstance(value, dict):
        return any(_has_todo(k) or _has_todo(v) for k, v in value.items())
    return False


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def check_ident(value: str) -> str:
    """A deck or card id, checked (ValueError says what a valid id looks like)."""
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
Ident = Annotated[str, AfterValidator(check_ident)]
Label = Annotated[str, AfterValidator(_tag)]
Sized = Field(min_length=SIZE_MIN, max_length=SIZE_MAX)

# One excerpt, or a list of them when the card's facts stand in several places of the source. The
# discriminator picks the branch by the shape written, so a mistake is reported once.
ONE, MANY = "one", "many"
Quote = Annotated[
    Annotated[Text, Tag(ONE)] | Annotated[list[Text], Tag(MANY), Field(min_length=1, max_length=QUOTES_MAX)],
    Discriminator(lambda value: MANY if isinstance(value, list) else ONE),
]


class LintOptions(BaseModel):
    """How lint treats a card, or (in the deck header) every card of the deck."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    ignore: list[CheckName] = []
    """Warnings not to give, by name (for example `longest-answer`); say why in a comment beside it."""


class Report(Protocol):
    """Where a card's own checks record a problem, at a path relative to the card. A warning
    names its `check`, by which an author may silence it; `span` points into a text field."""

    def __call__(self, where: Where, message: str, /, *, severity: Severity = "error", check: CheckName | None = None,
                 span: tuple[int, int] | None = None) -> None: ...


class CardBase(BaseModel, ABC):
    """Fields every card type has, and what each type must say about itself."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Ident
    type: str  # each type narrows this to its own Literal name (basic, cloze, ...)
    quote: Quote | None = None
    """The excerpt of the source the card tests, verbatim; a list of excerpts when its facts
    stand in several places (each is checked against the source and shown)."""
    explanation: Text | None = None
    tags: list[Label] = []
    lint: LintOptions | None = None
    """Lint warnings silenced for this card: `lint: {ignore: [longest-answer]}`."""

    # What the study screen calls this type ("Put in order").
    LABEL: ClassVar[str] = ""
    # The fields every card has; the rest is the type's own content.
    COMMON_FIELDS: ClassVar[frozenset[str]] = frozenset({"id", "type", "quote", "explanation", "tags", "lint"})

    @property
    def quotes(self) -> list[str]:
        """Every excerpt the card quotes, in the order written (empty without a quote)."""
        return excerpts(self.quote)

    @property
    def first_quote(self) -> str | None:
        """The first excerpt, where the reader opens the source at this card."""
        return self.quotes[0] if self.quotes else None

    def quoted(self) -> str:
        """Every excerpt as one text to show: “...” … “...”."""
        return quoted_text(self.quotes)

    def stub_fields(self) -> list[str]:
        """The fields still holding TODO: a stub written by `quizapp new` and not finished yet."""
        if "TODO" not in self.model_dump_json():  # the common case, found fast
            return []
        fields = [*self.content().items(), ("quote", self.quote), ("explanation", self.explanation)]
        return [name for name, value in fields if _has_todo(value)]

    def item_keys(self) -> list[str]:
        """The keys of the reviewable items this card makes, in study order."""
        return ["main"]

    @abstractmethod
    def prompt(self, item_key: str, rng: random.Random, *, quiz: bool = False) -> Prompt:
        """The prompt for one item; with `quiz`, a form the app can grade without self-rating."""

    def ignores(self, check: str) -> bool:
        """True when the card silences a lint warning."""
        return self.lint is not None and check in self.lint.ignore

    def check(self, report: Report, *, warnings: bool = True) -> None:
        """Checks that need more than one field (the model validates each field on its own), and,
        with `warnings`, this type's own quality warnings."""

    def answer_texts(self) -> list[str]:
        """What the learner has to produce, each as one text (for the giveaway and duplicate
        checks across cards); empty for types whose answer is a judgement or an arrangement."""
        return []

    def shown(self) -> list[tuple[Where, str]]:
        """What the learner sees before answering (apart from options to choose from), each text
        with the field it is written in."""
        return []

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
                        quotes=tuple(self.quotes), tags=tuple(self.tags), **fields)


# A typed answer longer than this cannot fairly be asked word for word.
TYPEABLE_WORDS, TYPEABLE_CHARS = 4, 32


def untypeable(text: str) -> str | None:
    """Why `text` cannot fairly be typed as an answer in a quiz, or None when it can."""
    words = len(text.split())
    if words > TYPEABLE_WORDS or len(text) > TYPEABLE_CHARS:
        return f"{words} words, {len(text)} characters"
    return None


_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    "a an the of in on at to for from by with and or but nor not no as is are was were be been being has have had do does "
    "did its it their his her they he she we you i our your this that these those what which who whom whose than then "
    "into over after before about each other also own such very can could would should will may might must so".split()
)


def words(text: str) -> list[str]:
    """The words of a text, folded and lowercased: "South Korea's" -> south, korea, s."""
    return _WORD.findall(fold(text).casefold())


def terms(text: str | list[str]) -> list[str]:
    """The content words of a text (or of its words), cut to a 5-letter stem, so "elected" and
    "election" meet; numbers stay whole."""
    found = words(text) if isinstance(text, str) else text
    return [w if w.isdigit() else w[:5] for w in found if w not in _STOPWORDS and (len(w) > 1 or w.isdigit())]


def shown_by(text: str, quotes: list[str] | set[str]) -> bool:
    """True when the quotes (or the set of their terms) plausibly state `text`: every number in
    it, and at least half of its other content words, appear in them."""
    wanted = terms(text)
    if not wanted:
        return True
    have = quotes if isinstance(quotes, set) else set(terms(" ".join(quotes)))
    numbers = [w for w in wanted if w.isdigit()]
    if any(n not in have for n in numbers):
        return False
    return sum(w in have for w in wanted) * 2 >= len(wanted)


def partial_proof(what: str, text: str) -> str:
    """The warning for a part of an order or match card that its quote does not show."""
    return (f"the quote does not show {what} ({text!r}): quote every fact the card asks for "
            "(quote may be a list of excerpts)")


def check_distinct(report: Report, where: Where, values: list[str], what: str) -> None:
    """Report every value that repeats an earlier one (compared as lint folds text)."""

    seen: set[str] = set()
    for i, value in enumerate(values):
        norm = fold(value).casefold()
        if norm in seen:
            report((*where, i), f"duplicate {what} {value!r}")
        seen.add(norm)
