"""Foreign cards in, YAML deck out: each card checked as lint checks it, the rest reported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from quizapp.cards.base import CardBase, CheckName, Severity, Where
from quizapp.cards.portable import Portable
from quizapp.cards.registry import CARD_TYPES, deck_fields
from quizapp.decks.header import FORMAT_VERSION
from quizapp.interchange.common import Conversion, Ids, Skipped, gc_paused, slug
from quizapp.interchange.yaml_writer import dump_deck


@dataclass
class BuiltDeck:
    """A YAML deck made from a foreign file, and what did not make it in."""

    data: dict[str, Any]
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)  # where each written card came from, in order
    models: list[CardBase] = field(default_factory=list)  # each written card as lint validated it

    @property
    def cards(self) -> list[dict[str, Any]]:
        """The cards written, as deck-format mappings."""
        cards: list[dict[str, Any]] = self.data["cards"]
        return cards

    @property
    def missing_quotes(self) -> int:
        """Cards without a quote in a deck that names a source (lint asks for one each)."""
        return sum("quote" not in card for card in self.cards) if self.data.get("source") else 0


def card_problem(fields: dict[str, Any]) -> str | None:
    """Why a card mapping would fail lint on its own (None when it would pass)."""
    return checked_card(fields)[1]


def checked_card(fields: dict[str, Any]) -> tuple[CardBase | None, str | None]:
    """A card mapping validated as lint validates it: the card, or why it would fail lint."""
    model = CARD_TYPES[fields["type"]]
    try:
        card = model.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(step) for step in error["loc"] if step not in ("one", "many"))
        return None, f"{where}: {error['msg']}" if where else error["msg"]
    problems: list[str] = []

    def report(where: Where, message: str, /, *, severity: Severity = "error", check: CheckName | None = None,
               span: tuple[int, int] | None = None) -> None:
        if severity == "error":
            problems.append(message)

    card.check(report, warnings=False)
    return (None, problems[0]) if problems else (card, None)


def build_deck(conversion: Conversion, *, deck_id: str | None = None, title: str | None = None,
               source: str | None = None, description: str | None = None) -> BuiltDeck:
    """The YAML deck for a conversion: every card that lint would accept, with unique ids."""
    with gc_paused():
        return _build_deck(conversion, deck_id=deck_id, title=title, source=source, description=description)


def _build_deck(conversion: Conversion, *, deck_id: str | None, title: str | None, source: str | None,
                description: str | None) -> BuiltDeck:
    ids = Ids()
    cards: list[dict[str, Any]] = []
    built = BuiltDeck({}, list(conversion.skipped), list(conversion.notes))
    for where, card in conversion.cards:
        fields = deck_fields(card)
        fields["id"] = ids.take(card.id or card.front)  # "id" stays the first key
        model, problem = checked_card(fields)
        if model is None:
            built.skipped.append(Skipped(where, f"not a valid {card.kind} card: {problem}"))
            continue
        cards.append(fields)
        built.models.append(model)
        built.origins.append(where)
    name = title or conversion.title
    data: dict[str, Any] = {"quizapp": FORMAT_VERSION, "deck": slug(deck_id or name, "imported"), "title": name}
    if description:
        data["description"] = description
    if source:
        data["source"] = source
    data["cards"] = cards
    built.data = data
    return built


def dump_yaml(data: dict[str, Any]) -> str:
    """A deck mapping as YAML text (literal blocks for multi-line text)."""
    return dump_deck(data)


def portable_deck(header: dict[str, Any], cards: list[Portable]) -> dict[str, Any]:
    """A deck mapping from its header fields and cards in neutral form (for YAML and JSON out)."""
    return {**header, "cards": [deck_fields(card) for card in cards]}
