"""The decks an export writes, in neutral form, whether they come from the database or from YAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizapp.cards.portable import Portable
from quizapp.decks.deckfile import read_deck
from quizapp.decks.header import FORMAT_VERSION
from quizapp.interchange.common import InterchangeError
from quizapp.store.catalog import StoredDeck


@dataclass(frozen=True)
class OutDeck:
    """One deck to write: its header fields and its cards in neutral form."""

    slug: str
    title: str
    description: str | None
    source: str | None  # the source file's name
    tags: tuple[str, ...]
    cards: tuple[Portable, ...]
    source_text: str | None = None  # the source itself, so a YAML export can lint where it lands

    def header(self) -> dict[str, Any]:
        """The deck-level fields of the deck format, in the order an author writes them."""
        header: dict[str, Any] = {"quizapp": FORMAT_VERSION, "deck": self.slug, "title": self.title}
        if self.description:
            header["description"] = self.description
        if self.source:
            header["source"] = self.source
        if self.tags:
            header["tags"] = list(self.tags)
        return header


def from_stored(deck: StoredDeck) -> OutDeck:
    """A deck as the database holds it (its active cards, in deck order)."""
    return OutDeck(deck.slug, deck.title, deck.description, deck.source, tuple(deck.tags),
                   tuple(card.portable() for card in deck.cards), deck.source_text)


def from_yaml(path: Path) -> OutDeck:
    """A deck file that lints without errors (the first error is reported otherwise)."""
    deck = read_deck(path)
    errors = [p for p in deck.problems if p.severity == "error"]
    if errors or deck.header is None:
        more = f" (and {len(errors) - 1} more; run quizapp lint)" if len(errors) > 1 else ""
        raise InterchangeError(f"{errors[0] if errors else path}{more}")
    header = deck.header
    return OutDeck(header.deck, header.title, header.description, header.source, tuple(header.tags),
                   tuple(card.portable() for card in deck.cards), deck.source.text if deck.source else None)


def is_deck_file(name: str) -> bool:
    """True when an export argument names a YAML deck file rather than a deck in the database."""
    return name.endswith((".yaml", ".yml")) or Path(name).is_file()
