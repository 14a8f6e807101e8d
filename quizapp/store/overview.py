"""The deck list with today's counts, as the home screen and `quizapp decks` show it.

Light on purpose (no SQLAlchemy, no table models): the home screen computes its first view from
a plain SQLite connection before the rest of the app is loaded (see quizapp.quickstart).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from quizapp.engine.settings import Settings
from quizapp.engine.studyday import DayClock
from quizapp.store.counts import Counts, Done, deck_counts, done_today, total_counts
from quizapp.store.sql import fetch

if TYPE_CHECKING:
    from quizapp.engine.profile import Profile
    from quizapp.store.database import Store


@dataclass(frozen=True)
class DeckRow:
    """One deck with its sizes and what is left to study today."""

    deck_id: int
    slug: str
    title: str
    description: str | None
    cards: int
    items: int
    new: int
    learning: int
    due: int
    new_held: int = 0  # new items held back by today's new limit (shared by every deck)

    def as_dict(self) -> dict[str, object]:
        """The row as JSON-ready values (without the database id)."""
        data = asdict(self)
        del data["deck_id"]
        return data


@dataclass(frozen=True)
class Overview:
    """Every deck, the totals and today's progress, for one learner."""

    learner: str
    decks: list[DeckRow]
    total: Counts
    done: Done
    new_per_day: int = 0  # the learner's daily limit of new items, shared by every deck
    new_left: int = 0  # what is left of it today

    @property
    def new_held(self) -> int:
        """New items there are beyond what today's limit still lets in, over every deck."""
        return sum(row.new + row.new_held for row in self.decks) - self.total.new


def overview_from(conn: Any, learner_id: int, learner_name: str, settings: Settings, at: int) -> Overview:
    """Deck rows in title order with counts at instant `at`, read on any connection."""
    day = DayClock(settings.zone(), settings.day_starts_at).day_of(at)
    done = done_today(conn, learner_id, day)
    counts = deck_counts(conn, learner_id, settings, day, at, done)
    rows = []
    for deck_id, slug, title, description, cards, items in fetch(
        conn, "SELECT id, slug, title, description, cards, items FROM deck WHERE retired = false ORDER BY title, id"
    ):
        c = counts.get(deck_id, Counts())
        rows.append(DeckRow(deck_id, slug, title, description, cards, items, c.new, c.learning, c.due, c.held))
    total = total_counts((Counts(r.new, r.learning, r.due) for r in rows), settings, done)
    return Overview(learner_name, rows, total, done, settings.new_per_day, max(0, settings.new_per_day - done.new))


def overview(store: Store, profile: Profile, at: int) -> Overview:
    """The overview for a learner at instant `at`."""
    with store.driver_read() as conn:
        return overview_from(conn, profile.id, profile.name, profile.settings, at)


def newcomer_overview(store: Store, name: str, settings: Settings) -> Overview:
    """What a learner not yet in the database would see (every item new), without creating them."""
    with store.driver_read() as conn:
        decks = fetch(conn, "SELECT id, slug, title, description, cards, items FROM deck WHERE retired = false "
                            "ORDER BY title, id")
    limit = settings.new_per_day
    rows = [DeckRow(d, slug, title, desc, cards, items, min(limit, items), 0, 0, max(0, items - limit))
            for d, slug, title, desc, cards, items in decks]
    done = Done(0, 0, 0, 0.0)
    return Overview(name, rows, total_counts((Counts(r.new, 0, 0) for r in rows), settings, done), done, limit, limit)
