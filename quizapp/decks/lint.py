"""Lint deck files and folders: every problem in every file, and checks across files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quizapp.decks.deckfile import DeckFile, Problem, read_deck
from quizapp.decks.files import find_decks
from quizapp.decks.quality import duplicates


def deck_paths(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Expand files and folders (recursively) into deck files, each with the name to print."""
    return find_decks(list(paths)).decks


@dataclass
class LintResult:
    """The decks read and every problem found, in file order."""

    decks: list[DeckFile]

    @property
    def problems(self) -> list[Problem]:
        """All problems, file by file, each file's in line order; a problem in a source text that
        several decks share is given once."""
        return list(dict.fromkeys(p for deck in self.decks for p in deck.problems))

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


def lint(paths: Iterable[str | Path], *, warnings: bool = True) -> LintResult:
    """Read every deck under `paths`, check that deck ids are unique across them, and look for
    cards that repeat each other across the decks. With `warnings` false only errors are looked
    for: an import, which needs nothing else, is spared the quality checks."""
    found = find_decks(list(paths))
    decks = [read_deck(path, display, warnings=warnings) for path, display in found.decks]
    for shown, message in found.problems:
        decks.append(DeckFile(path=Path(shown), display=shown, problems=[Problem(shown, 1, 1, "error", message)]))
    first_use: dict[str, DeckFile] = {}
    for deck in decks:
        if deck.header is None:
            continue
        other = first_use.get(deck.header.deck)
        if other is not None:
            line = other.position(("deck",)).line
            deck.report(("deck",), f"deck id {deck.header.deck!r} is already used by {other.display}:{line}")
        else:
            first_use[deck.header.deck] = deck
    if warnings:
        duplicates(decks)
    for deck in decks:
        deck.problems.sort(key=lambda p: (p.path != deck.display, p.line, p.col))
    return LintResult(decks)
