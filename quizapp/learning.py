"""The front door of the engine for one learner: everything the app and the command line do.

`Learning` is handed its store, the learner, a clock and whether intervals are fuzzed; every
session and figure it makes gets those, so tests fix time and randomness in one place. It returns
plain values and session objects; callers never see SQL, connections or table rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.cards import prompt_for
from quizapp.engine import settings as settings_rules
from quizapp.engine.passwords import check_new_password, hash_password
from quizapp.engine.profile import Profile
from quizapp.engine.settings import Settings
from quizapp.errors import SignInError
from quizapp.practice import exam
from quizapp.practice.study import StudySession
from quizapp.store import accounts, catalog, decks_admin, learners
from quizapp.store.database import Store
from quizapp.store.learners import LearnerRow
from quizapp.store.overview import DeckRow, Overview, overview

# Browse, the reader, statistics, quizzes, cramming, the optimizer and the class report are
# imported where they are used: the app opens this door on its way to the first study item, and
# importing them (their dataclasses above all, about 1 ms each to create on Python 3.11) cost
# 50-80 ms of that wait (issue 15). The screens' preload imports them once the learner can study.
if TYPE_CHECKING:
    from quizapp.engine.exam import Outlook
    from quizapp.practice.cram import CramMode, CramSession
    from quizapp.practice.quiz import Quiz
    from quizapp.progress.browse import BrowseRow, Detail, Filters, Page, SortKey
    from quizapp.progress.optimize import OptimizeResult
    from quizapp.progress.reader import CitingCard, Reading
    from quizapp.progress.report import Report
    from quizapp.progress.statistics import Stats
    from quizapp.store.importer import DeckReport  # SQLAlchemy Core and SQLModel's tables: only to import decks
    from quizapp.store.quickstart import QuickStart
    from quizapp.store.report_queries import Scope

Clock = Callable[[], float]

# The values this door hands out, importable from here by the app and the command line.
__all__ = ["BrowseRow", "CardFile", "CitingCard", "Clock", "DeckRow", "Detail", "Learning", "OptimizeResult", "Outlook",
           "Overview", "QuickStart", "Reading", "Reimport", "Report", "Scope", "Stats", "profile_of"]


_DEFERRED = {
    "BrowseRow": "quizapp.progress.browse", "CitingCard": "quizapp.progress.reader",
    "Detail": "quizapp.progress.browse", "OptimizeResult": "quizapp.progress.optimize",
    "Outlook": "quizapp.engine.exam", "QuickStart": "quizapp.store.quickstart", "Reading": "quizapp.progress.reader",
    "Report": "quizapp.progress.report", "Scope": "quizapp.store.report_queries", "Stats": "quizapp.progress.statistics",
}


def __getattr__(name: str) -> object:
    """The values of the deferred modules, importable from here all the same (PEP 562)."""
    if name in _DEFERRED:
        import importlib

        return getattr(importlib.import_module(_DEFERRED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class CardFile:
    """Where a card was written: its deck file on this machine, and the card's line in it."""

    path: Path
    line: int


@dataclass(frozen=True)
class Reimport:
    """What importing one deck file again did: its reports, or the errors that stopped it."""

    reports: list[DeckReport]
    errors: list[str] = field(default_factory=list)  # path:line:col: error: message, when nothing was imported

    def summary(self) -> str:
        """One line for the learner: what changed, or why nothing did."""
        if self.errors:
            count = len(self.errors)
            return f"Not imported: {count} error{'s' * (count != 1)} in the deck. The first: {self.errors[0]}"
        return "Imported again: " + "; ".join(str(report) for report in self.reports)


def profile_of(row: LearnerRow) -> Profile:
    """A stored learner as the engine sees them (settings parsed once, here)."""
    return Profile(row.id, row.name, settings_rules.load(row.settings), row.role)


class Learning:
    """One learner's study, quizzes, progress, settings and profiles."""

    def __init__(self, store: Store, profile: Profile, *, clock: Clock = time.time, fuzz: bool | None = None) -> None:
        self.store = store
        self.profile = profile
        self.clock = clock
        self.fuzz = fuzz
        self.password_temporary = False  # signed in with a one-time password: a new one must be chosen
        self.signed_in = False  # on a served app: this learner only, no other profile is listed or opened

    @property
    def name(self) -> str:
        """The learner's name."""
        return self.profile.name

    @property
    def is_teacher(self) -> bool:
        """True for a teacher: they read the class report (and are left out of it)."""
        return self.profile.role == "teacher"

    @property
    def settings(self) -> Settings:
        """The learner's settings."""
        return self.profile.settings

    @property
    def read_only(self) -> bool:
        """True when the database cannot be written: every change is refused with ReadOnlyError."""
        return self.store.read_only

    @property
    def where(self) -> str:
        """The database as messages name it (a path, or a URL without its password)."""
        return self.store.where

    def now(self) -> int:
        """The current instant, in whole seconds, from the injected clock."""
        return int(self.clock())

    # -- home and sessions ---------------------------------------------------------------------

    def overview(self) -> Overview:
        """Every deck with what is left to study today, and today's progress."""
        return overview(self.store, self.profile, self.now())

    def decks(self) -> list[tuple[str, str]]:
        """Every deck as (id, title), in title order."""
        return [(row.slug, row.title) for row in self.overview().decks]

    def study(self, decks: Sequence[str] | None = None) -> StudySession:
        """Today's queue of some decks (all when None)."""
        return StudySession(self.store, self.profile, decks, clock=self.clock, fuzz=self.fuzz)

    def quiz(self, decks: Sequence[str] | None, count: int, *, time_limit: int | None = None, update_schedule: bool = False,
             seed: int | None = None) -> Quiz:
        """A quiz of `count` questions drawn from the decks (seeded by the clock unless given)."""
        from quizapp.practice.quiz import Quiz

        return Quiz(self.store, self.profile, decks, count, seed=self.now() if seed is None else seed, time_limit=time_limit,
                    update_schedule=update_schedule, clock=self.clock, fuzz=self.fuzz)

    def cram(self, item_ids: Sequence[int] | None = None, *, mode: CramMode = "all", decks: Sequence[str] | None = None,
             tag: str | None = None) -> CramSession:
        """Practice without touching the schedule: given items, or a deck's, a tag's, the leeches or
        today's failures. Raises NotFoundError when there is nothing to practise."""
        from quizapp.practice.cram import CramSession

        return CramSession(self.store, self.profile, decks, tag=tag, mode=mode, item_ids=item_ids, clock=self.clock)

    # -- browse ----------------------------------------------------------------------------------

    def browse_rows(self) -> list[BrowseRow]:
        """Every active item with this learner's state."""
        from quizapp.progress import browse

        return browse.browse_rows(self.store, self.profile)

    def browse_page(self, filters: Filters, key: SortKey = "deck", reverse: bool = False,
                    after: tuple[object, ...] | None = None, limit: int | None = None) -> Page:
        """A page of the items that pass the filters, in sort order, after the page ending at `after`."""
        from quizapp.progress import browse

        return browse.page(self.store, self.profile, filters, key, reverse, after, limit)

    def browse_search(self, filters: Filters, key: SortKey, reverse: bool, limit: int, cap: int) -> tuple[Page, int]:
        """The first page of the items that pass the filters and how many pass (up to `cap`), read together."""
        from quizapp.progress import browse

        return browse.search(self.store, self.profile, filters, key, reverse, limit, cap)

    def browse_count(self, filters: Filters, cap: int) -> int:
        """How many items pass the filters (counting stops at `cap`)."""
        from quizapp.progress import browse

        return browse.count(self.store, self.profile, filters, cap)

    def browse_total(self) -> int:
        """How many active items the learner has."""
        from quizapp.progress import browse

        return browse.total(self.store, self.profile)

    def browse_ids(self, filters: Filters) -> list[int]:
        """Every item that passes the filters, in deck order."""
        from quizapp.progress import browse

        return browse.matching_ids(self.store, self.profile, filters)

    def browse_choices(self) -> tuple[list[tuple[str, str]], list[str]]:
        """The decks (title, slug) and tags browse filters by."""
        from quizapp.progress import browse

        return browse.choices(self.store)

    def detail(self, item_id: int) -> Detail:
        """One item in full: card, schedule, recall now and history."""
        from quizapp.progress import browse

        return browse.detail(self.store, self.profile, item_id, self.now())

    def set_flags(self, item_ids: Sequence[int], *, suspended: bool | None = None, flagged: bool | None = None) -> None:
        """Suspend or unsuspend, flag or unflag items."""
        from quizapp.progress import browse

        browse.set_flags(self.store, self.profile, item_ids, suspended=suspended, flagged=flagged)

    def reset(self, item_ids: Sequence[int]) -> None:
        """Make items new again, keeping their history."""
        from quizapp.progress import browse

        browse.reset(self.store, self.profile, item_ids)

    # -- editing a card's deck file --------------------------------------------------------------

    def card_file(self, item_id: int) -> CardFile | None:
        """The deck file and line of an item's card, when its deck was imported from a file that
        is on this machine (None otherwise: a deck imported elsewhere, or before files were kept)."""
        path, line = catalog.card_location(self.store, item_id)
        if path is None or line is None or not Path(path).is_file():
            return None
        return CardFile(Path(path), line)

    def reimport(self, path: Path) -> Reimport:
        """Lint one deck file and import it again (nothing is imported when it has an error)."""
        from quizapp.store import importer

        reports, decks = importer.import_paths(self.store, [str(path)])
        errors = [str(p) for deck in decks for p in deck.problems if p.severity == "error"]
        return Reimport(reports, [] if reports else errors)

    # -- the source reader ----------------------------------------------------------------------

    def reading(self, source_id: int | None = None, *, citations: bool = True) -> Reading:
        """A source text (the first when None) with how many cards cite each sentence."""
        from quizapp.progress import reader

        return reader.reading(self.store, self.profile.id, source_id, citations=citations)

    def citing_cards(self, text: Reading, sentences: list[int]) -> list[CitingCard]:
        """The active cards citing any of a source's `sentences`, with their items, in card order."""
        from quizapp.store import source_queries

        spans, cards = text.citing(sentences)
        return source_queries.quoting_cards(self.store, self.profile.id, text.deck_ids, spans, cards)

    def mastery(self, text: Reading) -> dict[int, float | None]:
        """Per paragraph of a source, this learner's mean current recall of the cards citing it."""
        from quizapp.progress import reader

        return reader.mastery(self.store, self.profile, text, self.now())

    def card_questions(self, item_ids: Sequence[int]) -> dict[int, str]:
        """The question each item asks, by item id."""
        views, _states = catalog.items_with_states(self.store, self.profile.id, item_ids)
        return {item_id: prompt_for(view.card, view.item_key, 0).question for item_id, view in views.items()}

    # -- progress and settings ---------------------------------------------------------------------

    def statistics(self) -> Stats:
        """Every figure of the statistics screen."""
        from quizapp.progress import statistics

        return statistics.statistics(self.store, self.profile, self.now())

    def optimize(self) -> OptimizeResult:
        """Fit FSRS parameters to this learner's reviews and adopt them if they predict better."""
        from quizapp.progress import optimize

        result = optimize.optimize(self.store, self.profile)
        if result.adopted:
            self.profile = profile_of(learners.learner(self.store, self.profile.name))
        return result

    def save_settings(self, settings: Settings) -> None:
        """Keep new settings (validated on construction) for this learner."""
        learners.save_settings(self.store, self.profile.id, settings.as_dict())
        self.profile = replace(self.profile, settings=settings)

    # -- the class -------------------------------------------------------------------------------

    def class_report(self, scope: Scope | None = None) -> Report:
        """The class report; only a teacher may read it (a student sees only their own figures)."""
        from quizapp.progress.report import class_report

        if not self.is_teacher:
            raise PermissionError("only a teacher reads the class report")
        return class_report(self.store, self.now(), scope)

    def change_password(self, password: str) -> None:
        """Choose a new password (after signing in with a one-time one, or at any time)."""
        problem = check_new_password(password, self.name)
        if problem:
            raise SignInError(problem)
        accounts.set_password(self.store, self.name, hash_password(password), temporary=False)
        self.password_temporary = False

    # -- exams -------------------------------------------------------------------------------------

    def exams(self) -> list[Outlook]:
        """Each deck with an exam date: predicted recall on the day, on track or how far behind."""
        return exam.outlooks(self.store, self.profile, self.now())

    def set_exam(self, deck: str, day: date | None) -> None:
        """Set (or clear, with None) this learner's own exam date for a deck."""
        decks_admin.set_own_exam(self.store, self.profile.id, deck, day)

    def profiles(self) -> list[str]:
        """Every learner's name (only one's own when signed in to a served app)."""
        if self.signed_in:
            return [self.name]
        return [row.name for row in learners.all_learners(self.store)]

    def switch(self, name: str) -> Learning:
        """The same door for another learner (created on first use); never when signed in."""
        if self.signed_in:
            raise PermissionError("a signed-in learner cannot study as another")
        return Learning(self.store, profile_of(learners.learner(self.store, name)), clock=self.clock, fuzz=self.fuzz)

    def close(self) -> None:
        """Release the database."""
        self.store.close()
