"""The front door for the whole database: decks in, learners, the class report, and the door for
each learner (quizapp.learning)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.decks.deckfile import DeckFile
from quizapp.errors import NotFoundError
from quizapp.learning import Clock, Learning, profile_of
from quizapp.progress import report
from quizapp.store import backups, catalog, history, importer, learners
from quizapp.store.catalog import StoredDeck
from quizapp.store.database import Store
from quizapp.store.importer import DeckReport, Progress

if TYPE_CHECKING:  # the interchange modules load only when a deck goes in or out
    from quizapp.interchange.anki_history import HistoryReport
    from quizapp.interchange.anki_package import ItemSchedule
    from quizapp.interchange.converting import PreparedImport


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

    def import_bundled_if_empty(self, progress: Progress | None = None) -> list[DeckReport]:
        """Import the decks shipped with quizapp when the database holds no decks at all
        (`progress` hears what is happening, for the first paint of a first run)."""
        return importer.ensure_bundled(self.store, progress)

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

    # Decks in and out (quizapp.interchange) -------------------------------------------------

    def stored_deck(self, slug: str) -> StoredDeck:
        """A deck as stored: its header fields and active cards (NotFoundError if there is none)."""
        return catalog.load_deck(self.store, slug)

    def schedules(self, learner: str, slugs: Sequence[str]) -> dict[tuple[str, str, str], ItemSchedule]:
        """A learner's schedule and answers for every item of the decks, by (deck, card, item)."""
        from quizapp.interchange.anki_package import ItemSchedule

        found = learners.find(self.store, learner)
        if found is None:
            raise NotFoundError(f"no learner {learner!r}")
        return {
            (h.deck, h.card, h.item): ItemSchedule(h.state.memory.state, h.state.memory.due, h.state.memory.stability,
                                                   h.state.memory.difficulty, h.state.memory.last_review,
                                                   h.state.memory.reps, h.state.memory.lapses, h.state.suspended,
                                                   h.answers)
            for h in history.learner_history(self.store, found.id, slugs)
        }

    def import_anki(self, path: Path, *, learner: str | None, keep_in: Path, deck_id: str | None = None,
                    title: str | None = None) -> AnkiImport:
        """Import an Anki package as a deck (all or nothing); with a learner, its review log becomes
        theirs and their memory states are recomputed. The converted YAML deck is kept in `keep_in`."""
        from quizapp.interchange import converting
        from quizapp.interchange.anki_history import import_history

        profile = self.learning(learner).profile if learner is not None else None
        with converting.scratch_folder() as folder:
            prepared = converting.prepare_import(path, Path(folder), deck_id=deck_id, title=title)
            slug = prepared.built.data["deck"]
            result = AnkiImport(prepared)

            def then(conn: Any) -> None:
                if profile is not None:
                    result.history = import_history(conn, prepared.package, slug, prepared.origins, prepared.kinds,
                                                    profile, int(self.clock()))

            result.reports = importer.import_decks(self.store, [prepared.deck], then=then)
        result.saved = converting.keep_yaml(prepared.yaml_text, keep_in, slug)
        return result


@dataclass
class AnkiImport:
    """What `quizapp import FILE.apkg` did."""

    prepared: PreparedImport
    reports: list[DeckReport] = field(default_factory=list)
    history: HistoryReport | None = None
    saved: Path | None = None
