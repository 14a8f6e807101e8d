"""The deck format as JSON Schema (generated from the models lint validates with), and decks
written out as JSON or YAML in that format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from pydantic import Field

from quizapp.cards import CARD_TYPES
from quizapp.cards.base import IDENT, IDENT_MAX
from quizapp.decks.header import FORMAT_VERSION, DeckHeader
from quizapp.interchange.building import dump_yaml, portable_deck
from quizapp.interchange.outgoing import OutDeck

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ANY_CARD = Union[tuple(CARD_TYPES.values())]  # type: ignore[valid-type]  # noqa: UP007 - built from the registry


class DeckDocument(DeckHeader):
    """A quizapp deck file: a header and its cards, each of one of the card types."""

    cards: list[_ANY_CARD] = Field(min_length=1)  # type: ignore[valid-type]


def deck_schema() -> dict[str, Any]:
    """The JSON Schema of a deck file, with the checks the models make in code (ids, tags, the
    format version) written out so that an editor can show them while typing."""
    schema = DeckDocument.model_json_schema()
    ident = {"type": "string", "pattern": IDENT.pattern, "maxLength": IDENT_MAX}
    label = {"type": "string", "pattern": r"^\S+$"}
    text = {"type": "string", "pattern": r"\S"}

    def tighten(properties: dict[str, Any]) -> None:
        for name, prop in properties.items():
            if name in ("id", "deck"):
                prop.update(ident)
            elif name == "tags":
                prop["items"] = label
            elif prop.get("type") == "string" and name != "type":
                prop.update(text)
            elif "anyOf" in prop:
                for branch in prop["anyOf"]:
                    if branch.get("type") == "string":
                        branch.update(text)

    tighten(schema["properties"])
    schema["properties"]["quizapp"] = {"const": FORMAT_VERSION, "description": "The deck format version."}
    for definition in schema["$defs"].values():
        tighten(definition.get("properties", {}))
    return {"$schema": SCHEMA_DIALECT, "$id": "quizapp-deck.schema.json", "title": "quizapp deck", **schema}


def deck_data(deck: OutDeck) -> dict[str, Any]:
    """A deck as the mapping its YAML file holds."""
    return portable_deck(deck.header(), list(deck.cards))


def write_json(deck: OutDeck, path: Path) -> int:
    """Write one deck as JSON in the deck format; returns the number of cards written."""
    path.write_text(json.dumps(deck_data(deck), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(deck.cards)


def write_yaml(deck: OutDeck, path: Path) -> int:
    """Write one deck as a YAML deck file; returns the number of cards written."""
    path.write_text(dump_yaml(deck_data(deck)), encoding="utf-8")
    return len(deck.cards)
