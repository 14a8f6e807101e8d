"""The front door for the whole database: decks in, learners, the class report, and the door for
each learner (quizapp.learning)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from quizapp.decks.deckfile import DeckFile
from quizapp.learning import Clock, Learning, profile_of
from quizapp.progress import report
from quizapp.store import backups, importer, learners
from quizapp.store.database import Store
from quizapp.store.importer import DeckReport


class Collection:
    """An open database and what can be done with it as a whole."""

    def __init__(self, store: Store, *, clock: Clock = time.time, fuzz: bool | None = None) -> None:
        self.store = store
        self.clock = clock
        self.fuzz = fuzz

    def close(self) -> None:
        """Release the database (SQLite folds its write-ahead log back into the file)."""
        self.store.close()

    def learning(self, name: str) -> Learning:
        """The door for one learner, created on first use."""
        return Learning(self.store, profile_of(learners.learner(self.store, name)), clock=self.clock, fuzz=self.fuzz)

    def import_paths(self, paths: Sequence[str]) -> tuple[list[DeckReport], list[DeckFile]]:
        """Lint the decks under `paths` and import them all, or none if any has an error (then the
        reports are empty and the linted decks say why)."""
        return importer.import_paths(self.store, paths)

    def import_bundled_if_empty(self) -> list[DeckReport]:
        """Import the decks shipped with quizapp when the database holds no decks at all."""
        return importer.ensure_bundled(self.store)

    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy of an SQLite database at `target` (a file or folder; default: the
        backups folder beside the database); returns where it was written."""
        return backups.backup(self.store, target)

    def daily_backup(self) -> Path | None:
        """Once a day, check an SQLite database and keep a copy (see quizapp.store.backups);
        raises DamagedError for a damaged one, which then refuses every write."""
        return backups.daily(self.store, self.clock())

    def class_report(self) -> report.Report:
        """Every learner by deck, and the cards the class fails most."""
        return report.class_report(self.store, int(self.clock()))
