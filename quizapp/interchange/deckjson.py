"""The deck format as JSON Schema (generated from the models lint validates with), and decks
written out as JSON or YAML in that format."""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
import typing
from itertools import pairwise
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, Field

from quizapp.cards.base import IDENT, IDENT_MAX
from quizapp.cards.registry import CARD_TYPES
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
    describe(schema, DeckDocument)
    schema["properties"]["quizapp"] = {"const": FORMAT_VERSION, "description": "The deck format version."}
    for definition in schema["$defs"].values():
        tighten(definition.get("properties", {}))
    return {"$schema": SCHEMA_DIALECT, "$id": "quizapp-deck.schema.json", "title": "quizapp deck", **schema}


def describe(schema: dict[str, Any], document: type[BaseModel]) -> None:
    """Give every property without a description the docstring written under its field.

    The models do not ask pydantic for this (`use_attribute_docstrings`): it reads their source
    files when the classes are made, about 0.1 s of every start-up, for the schema alone."""
    models = _models(document)
    for name, prop in schema["properties"].items():
        _described(prop, _attribute_docs(document).get(name))
    for model_name, definition in schema.get("$defs", {}).items():
        model = models.get(model_name)
        if model is not None:
            docs = _attribute_docs(model)
            for name, prop in definition.get("properties", {}).items():
                _described(prop, docs.get(name))


def _described(prop: dict[str, Any], doc: str | None) -> None:
    if doc and "description" not in prop:
        prop["description"] = doc


def _models(root: type[BaseModel]) -> dict[str, type[BaseModel]]:
    """Every model reachable from `root`'s fields, by class name (as the schema's $defs name them)."""
    found: dict[str, type[BaseModel]] = {}

    def visit(annotation: object) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation.__name__ not in found:
                found[annotation.__name__] = annotation
                for field in annotation.model_fields.values():
                    visit(field.annotation)
                    for extra in field.metadata:
                        visit(extra)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(root)
    return found


def _attribute_docs(model: type) -> dict[str, str]:
    """The string written under each annotated field of a class and of the classes it inherits."""
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if not klass.__module__.startswith("quizapp."):
            continue
        try:
            body = ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0]
        except (OSError, TypeError, SyntaxError, IndexError):  # pragma: no cover - classes made at run time
            continue
        statements = getattr(body, "body", [])
        for field, after in pairwise(statements):
            if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name) and isinstance(after, ast.Expr)
                    and isinstance(after.value, ast.Constant) and isinstance(after.value.value, str)):
                docs[field.target.id] = inspect.cleandoc(after.value.value)
    return docs


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
