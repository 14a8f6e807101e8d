"""The deck list with today's counts, as the home screen and `quizapp decks` show it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from quizapp import config
from quizapp.models import Learner
from quizapp.queue import Counts, Done, deck_counts, done_today, total_counts
from quizapp.store import Store, fetch, now
from quizapp.studyday import DayClock


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

    def as_dict(self) -> dict[str, object]:
        """The row as JSON-ready values (without the database id)."""
        data = asdict(self)
        del data["deck_id"]
        return data


@dataclass(frozen=True)
class Overview:
    """Every deck, the totals and today's progress."""

    decks: list[DeckRow]
    total: Counts
    done: Done


def overview(store: Store, learner: Learner, at: int | None = None) -> Overview:
    """Deck rows in title order with counts for `learner` at instant `at` (default: now)."""
    at = now() if at is None else at
    settings = config.load(learner.settings)
    day = DayClock(settings.zone(), settings.day_starts_at).day_of(at)
    assert learner.id is not None
    with store.read() as conn:
        counts = deck_counts(conn, learner.id, settings, day, at)
        done = done_today(conn, learner.id, day)
        decks = fetch(conn, "SELECT id, slug, title, description, cards, items FROM deck ORDER BY title, id")
    rows = []
    for deck_id, slug, title, description, cards, items in decks:
        c = counts.get(deck_id, Counts())
        rows.append(DeckRow(deck_id, slug, title, description, cards, items, c.new, c.learning, c.due))
    total = total_counts((Counts(r.new, r.learning, r.due) for r in rows), settings, done)
    return Overview(rows, total, done)


def deck_overview(store: Store, learner: Learner) -> list[DeckRow]:
    """Deck rows for `quizapp decks`."""
    return overview(store, learner).decks
