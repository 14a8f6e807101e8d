"""`quizapp convert` (a foreign file to a YAML deck) and `quizapp import FILE.apkg` (straight
into the database, with the review log if asked), both through a YAML deck that lints."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quizapp.decks.deckfile import DeckFile, read_deck
from quizapp.decks.header import DeckHeader
from quizapp.interchange import read_foreign, write_atomically
from quizapp.interchange.building import BuiltDeck, build_deck, dump_yaml
from quizapp.interchange.common import InterchangeError, Skipped


@dataclass
class ConversionReport:
    """What a conversion made, left out and still needs."""

    output: Path
    cards: int
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing_quotes: int = 0
    lint_errors: int = 0  # besides missing quotes: quotes that are not found in the source


def _source_field(source: Path, output: Path) -> str:
    """The deck's `source` field: the text's path relative to the deck's folder."""
    if not source.is_file():
        raise InterchangeError(f"{source}: source text not found")
    return os.path.relpath(source.resolve(), output.resolve().parent)


def built_from(path: Path, *, deck_id: str | None, title: str | None, source: str | None) -> BuiltDeck:
    """A foreign file as a YAML deck mapping; refuses a file with nothing usable in it."""
    built = build_deck(read_foreign(path), deck_id=deck_id, title=title, source=source)
    if not built.cards:
        reasons = "; ".join(str(s) for s in built.skipped[:3]) or "it holds no questions"
        raise InterchangeError(f"{path}: nothing usable to convert ({reasons})")
    return built


def convert(path: Path, output: Path | None, *, source: Path | None = None, deck_id: str | None = None,
            title: str | None = None, force: bool = False) -> ConversionReport:
    """Convert a foreign file to a YAML deck at `output` (default: <deck id>.yaml here)."""
    probe = output or Path("deck.yaml")
    built = built_from(path, deck_id=deck_id, title=title, source=_source_field(source, probe) if source else None)
    target = output or Path(f"{built.data['deck']}.yaml")
    if source is not None and output is None:
        built.data["source"] = _source_field(source, target)
    if target.exists() and not force:
        raise InterchangeError(f"{target}: already exists; choose another -o or add --force to replace it")
    write_atomically(target, lambda tmp: _write_text(tmp, dump_yaml(built.data)))
    linted = read_deck(target)
    errors = [p for p in linted.problems if p.severity == "error"]
    return ConversionReport(target, len(built.cards), built.skipped, built.notes, built.missing_quotes,
                            len(errors) - built.missing_quotes)


@dataclass
class PreparedImport:
    """A foreign file turned into a linted deck, ready for the database."""

    deck: DeckFile
    built: BuiltDeck
    yaml_text: str
    origins: dict[str, str]  # "note 123" -> card id
    kinds: dict[str, tuple[str, bool]]  # card id -> (type, reverse)
    package: Any = None  # the AnkiPackage, for its review log


def prepare_import(path: Path, folder: Path, *, deck_id: str | None = None, title: str | None = None) -> PreparedImport:
    """Read an Anki package into a YAML deck written in `folder` and lint it."""
    if path.suffix.lower() != ".apkg":
        raise InterchangeError(f"{path}: quizapp import reads YAML decks and Anki packages (.apkg); "
                               "convert other files with quizapp convert first")
    from quizapp.interchange.anki_package import read_apkg

    package = read_apkg(path)
    built = build_deck(package.conversion, deck_id=deck_id, title=title)
    if not built.cards:
        reasons = "; ".join(str(s) for s in built.skipped[:3]) or "it holds no notes"
        raise InterchangeError(f"{path}: nothing usable to import ({reasons})")
    text = dump_yaml(built.data)
    target = folder / f"{built.data['deck']}.yaml"
    target.write_text(text, encoding="utf-8")
    deck = linted_deck(built, text, target, display=f"{path} (as {target.name})")
    origins = dict(zip(built.origins, (card["id"] for card in built.cards), strict=True))
    kinds = {card["id"]: (card["type"], bool(card.get("reverse"))) for card in built.cards}
    return PreparedImport(deck, built, text, origins, kinds, package)


def linted_deck(built: BuiltDeck, text: str, path: Path, *, display: str) -> DeckFile:
    """The deck file `text` (built's YAML, written at `path`) as lint would read it, without
    parsing it again: build_deck has validated and checked every card it kept, ids are unique,
    and a converted deck names no source, so only the header is left to validate. Each card's
    line is where the dumper began it: a "- " at the start of a line after "cards:"."""
    header = DeckHeader.model_validate(built.data)
    start = text.index("\ncards:\n")
    first_line = text.count("\n", 0, start) + 3
    lines = [first_line + n for n, line in enumerate(text[start + 8 :].split("\n")) if line.startswith("- ")]
    if built.data.get("source") or len(lines) != len(built.models):  # pragma: no cover - a deck convert made
        return read_deck(path, display=display, warnings=False)
    return DeckFile(path=path, display=display, header=header, cards=list(built.models), card_count=len(built.models),
                    text=text, card_lines=lines, checked=list(enumerate(built.models)), warnings=False)


def scratch_folder() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for a converted deck on its way into the database."""
    return tempfile.TemporaryDirectory(prefix="quizapp-import-")


def keep_yaml(text: str, folder: Path, slug: str) -> Path:
    """Save the converted deck in `folder` (the data folder's decks/), the teacher's copy to edit
    and import again."""
    target = folder / f"{slug}.yaml"
    write_atomically(target, lambda tmp: _write_text(tmp, text))
    return target


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
