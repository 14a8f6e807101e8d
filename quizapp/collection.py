"""The front door for the whole database: decks in, learners, the class report, and the door for
each learner (quizapp.learning)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp.engine.passwords import check_new_password, hash_password, one_time_password, verify_password
from quizapp.engine.settings import Settings
from quizapp.errors import NotFoundError, SignInError
from quizapp.learning import Clock, Learning, profile_of
from quizapp.locations import bundled_decks_dir
from quizapp.store import accounts, backups, catalog, decks_admin, history, learners
from quizapp.store.accounts import Account, History
from quizapp.store.catalog import StoredDeck
from quizapp.store.database import Store
from quizapp.store.decks_admin import DeckHistory
from quizapp.store.overview import Overview, newcomer_overview
from quizapp.store.report_queries import Scope

if TYPE_CHECKING:  # the importer (SQLModel's tables, the deck linter) loads only to import decks
    from quizapp.decks.deckfile import DeckFile
    from quizapp.interchange.anki_history import HistoryReport
    from quizapp.interchange.anki_package import ItemSchedule
    from quizapp.interchange.converting import PreparedImport
    from quizapp.progress.report import Report  # imported when read: see quizapp.learning
    from quizapp.store.importer import DeckReport, Progress


class Collection:
    """An open database and what can be done with it as a whole."""

    def __init__(self, store: Store, *, clock: Clock = time.time, fuzz: bool | None = None) -> None:
        self.store = store
        self.clock = clock
        self.fuzz = fuzz

    def close(self) -> None:
        """Release the database (SQLite folds its write-ahead log back into the file)."""
        self.store.close()

    def learning(self, name: str, *, create: bool = True) -> Learning:
        """The door for one learner, created on first use unless `create` is False (then an
        unknown name is a NotFoundError: read-only commands never create a learner)."""
        if create:
            row = learners.learner(self.store, name)
        else:
            found = learners.find(self.store, name)
            if found is None:
                raise NotFoundError(f"no learner named {name.strip()!r} in this database (see: quizapp learners)")
            row = found
        return Learning(self.store, profile_of(row), clock=self.clock, fuzz=self.fuzz)

    def newcomer_overview(self, name: str) -> Overview:
        """The deck list as a learner not yet in the database would see it (nobody is created)."""
        return newcomer_overview(self.store, name, Settings())

    def deck_slugs(self) -> list[str]:
        """The ids of the decks in study (retired ones left out), in title order."""
        return [row.slug for row in newcomer_overview(self.store, "", Settings()).decks]

    def has_learner(self, name: str) -> bool:
        """True when a learner of that name exists."""
        return learners.find(self.store, name) is not None

    def import_paths(self, paths: Sequence[str]) -> tuple[list[DeckReport], list[DeckFile]]:
        """Lint the decks under `paths` and import them all, or none if any has an error (then the
        reports are empty and the linted decks say why)."""
        from quizapp.store import importer

        return importer.import_paths(self.store, paths)

    def import_bundled_if_empty(self, progress: Progress | None = None) -> list[DeckReport]:
        """Import the decks shipped with quizapp when the database holds no decks at all
        (`progress` hears what is happening, for the first paint of a first run)."""
        from quizapp.store import importer

        return importer.ensure_bundled(self.store, progress)

    def import_bundled(self) -> tuple[list[DeckReport], list[DeckFile]]:
        """Import (or update) the decks shipped with quizapp, on purpose."""
        from quizapp.store import importer

        return importer.import_paths(self.store, [str(bundled_decks_dir())])

    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy of an SQLite database at `target` (a file or folder; default: the
        backups folder beside the database); returns where it was written."""
        return backups.backup(self.store, target)

    def daily_backup(self) -> Path | None:
        """Once a day, check an SQLite database and keep a copy (see quizapp.store.backups);
        raises DamagedError for a damaged one, which then refuses every write."""
        return backups.daily(self.store, self.clock())

    def class_report(self, scope: Scope | None = None) -> Report:
        """Every student by deck, and how the class does on every card (teachers left out)."""
        from quizapp.progress.report import class_report

        return class_report(self.store, int(self.clock()), scope)

    # -- the class: accounts, sign-in, decks ---------------------------------------------------------

    def accounts(self) -> list[Account]:
        """Every learner with role, last activity and items seen."""
        return accounts.accounts(self.store)

    def add_learner(self, name: str, role: str = "student", *, password: bool = True) -> str | None:
        """Create a learner; returns the one-time password to hand them (None with `password`
        False: a profile for the terminal app, which needs none)."""
        secret = one_time_password() if password else None
        accounts.create(self.store, name, role, hash_password(secret) if secret else None, temporary=True)
        return secret

    def rename_learner(self, old: str, new: str) -> None:
        """Give a learner another name, keeping their history."""
        accounts.rename(self.store, old, new)

    def set_role(self, name: str, role: str) -> None:
        """Make a learner a student or a teacher."""
        accounts.set_role(self.store, name, role)

    def set_password(self, name: str, password: str | None = None) -> str:
        """Give a learner a password: the one chosen (kept), or a generated one-time password
        (returned, to be changed at the next sign-in)."""
        if password is None:
            secret = one_time_password()
            accounts.set_password(self.store, name, hash_password(secret), temporary=True)
            return secret
        problem = check_new_password(password, name)
        if problem:
            raise SignInError(problem)
        accounts.set_password(self.store, name, hash_password(password), temporary=False)
        return password

    def learner_history(self, name: str) -> History:
        """What removing a learner would delete."""
        return accounts.history(self.store, name)

    def remove_learner(self, name: str) -> None:
        """Delete a learner and all their history."""
        accounts.remove(self.store, name)

    def sign_in(self, name: str, password: str) -> Learning:
        """The door for a learner whose password is right. Wrong passwords are counted per
        learner in the database and, after a few, sign-in waits longer and longer."""
        at = int(self.clock())
        found = accounts.credentials(self.store, name)
        if found is None or found.password_hash is None:
            verify_password(password, None)  # as slow as a real check: names cannot be probed by timing
            raise SignInError("wrong name or password")
        if found.locked_until > at:
            raise SignInError(f"too many wrong passwords: try again in {found.locked_until - at} s")
        if not verify_password(password, found.password_hash):
            until = accounts.record_failure(self.store, found.learner_id, at)
            wait = f"; wait {until - at} s before trying again" if until > at else ""
            raise SignInError(f"wrong name or password{wait}")
        accounts.record_success(self.store, found.learner_id)
        learning = self.learning(found.name, create=False)
        learning.password_temporary = found.password_temporary
        learning.signed_in = True
        return learning

    def deck_history(self, slug: str) -> DeckHistory:
        """What purging a deck would delete."""
        return decks_admin.history(self.store, slug)

    def retire_deck(self, slug: str) -> None:
        """Take a deck out of study (history kept); importing it again brings it back."""
        decks_admin.retire(self.store, slug)

    def purge_deck(self, slug: str) -> None:
        """Delete a deck and every learner's history of it."""
        decks_admin.purge(self.store, slug)

    def set_exam(self, slug: str, day: date | None) -> None:
        """Set (or clear, with None) the class's exam date for a deck."""
        decks_admin.set_exam(self.store, slug, day)
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
        from quizapp.interchange.common import gc_paused

        new_learner = learner is not None and learners.find(self.store, learner) is None
        if learner is not None and new_learner:
            learners.check_new(self.store, learner)  # refused before the package is read
        with converting.scratch_folder() as folder, gc_paused():
            prepared = converting.prepare_import(path, Path(folder), deck_id=deck_id, title=title)
            slug = prepared.built.data["deck"]
            # The deck is recorded at the copy kept after the import (the one `e` opens and a
            # re-import reads), not at the scratch file it went through.
            prepared.deck.path = keep_in / f"{slug}.yaml"
            result = AnkiImport(prepared)

            def then(conn: Any) -> None:
                if learner is not None:
                    # A new learner is made in the import's own transaction: a failed import
                    # leaves no empty profile behind.
                    # A new learner's rows are written by the history (inserted, not made new
                    # and then rewritten); the items it leaves out get new rows after it.
                    profile = profile_of(learners.learner_in(conn, learner, with_states=not new_learner))
                    result.history = import_history(conn, prepared.package, slug, prepared.origins, prepared.kinds,
                                                    profile, int(self.clock()))
                    if new_learner:
                        learners.add_missing_states(conn, profile.id)

            from quizapp.store import importer

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
