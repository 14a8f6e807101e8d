"""Lint deck files and folders: every problem in every file, and checks across files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quizapp.decks.deckfile import DeckFile, Problem, read_deck

DECK_SUFFIXES = (".yaml", ".yml")


def deck_paths(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Expand files and folders (recursively) into deck files, each with the name to print."""
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.suffix in DECK_SUFFIXES and p.is_file()):
                found.append((child, str(child)))
        else:
            found.append((path, str(given)))
    return found


@dataclass
class LintResult:
    """The decks read and every problem found, in file order."""

    decks: list[DeckFile]

    @property
    def problems(self) -> list[Problem]:
        """All problems, file by file, each file's in line order."""
        return [p for deck in self.decks for p in deck.problems]

    @property
    def errors(self) -> int:
        """How many errors were found."""
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        """How many warnings were found."""
        return sum(p.severity == "warning" for p in self.problems)

    def passed(self, *, strict: bool = False) -> bool:
        """True when there are no errors (and, with strict, no warnings)."""
        return self.errors == 0 and (not strict or self.warnings == 0)

    def summary(self) -> str:
        """One line: files and cards checked, errors and warnings found."""
        cards = sum(deck.card_count for deck in self.decks)
        files = len(self.decks)
        return (
            f"{files} file{'s' * (files != 1)}, {cards} card{'s' * (cards != 1)} checked: "
            f"{self.errors} error{'s' * (self.errors != 1)}, {self.warnings} warning{'s' * (self.warnings != 1)}"
        )


def lint(paths: Iterable[str | Path]) -> LintResult:
    """Read every deck under `paths` and check that deck ids are unique across them."""
    decks = [read_deck(path, display) for path, display in deck_paths(paths)]
    first_use: dict[str, DeckFile] = {}
    for deck in decks:
        if deck.header is None:
            continue
        other = first_use.get(deck.header.deck)
        if other is not None:
            line = other.position(("deck",)).line
            deck.report(("deck",), f"deck id {deck.header.deck!r} is already used by {other.display}:{line}")
            deck.problems.sort(key=lambda p: (p.line, p.col))
        else:
            first_use[deck.header.deck] = deck
    return LintResult(decks)
