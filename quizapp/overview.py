"""The deck list with today's counts, as the home screen and `quizapp decks` show it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import false, func, select

from quizapp import config
from quizapp.models import Card, Deck, Learner
from quizapp.queue import Counts, Done, deck_counts, done_today, total_counts
from quizapp.store import Store, now
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
    with store.read() as session:
        conn = session.connection()
        c = Card.__table__.c  # type: ignore[attr-defined]
        d = Deck.__table__.c  # type: ignore[attr-defined]
        sizes = dict(conn.execute(select(c.deck_id, func.count()).where(c.retired == false()).group_by(c.deck_id)).all())
        counts = deck_counts(conn, learner.id, settings, day, at)
        done = done_today(conn, learner.id, day)
        item_totals = _item_totals(conn)
        rows = [
            DeckRow(
                r.id, r.slug, r.title, r.description, int(sizes.get(r.id, 0)), item_totals.get(r.id, 0),
                counts.get(r.id, Counts()).new, counts.get(r.id, Counts()).learning, counts.get(r.id, Counts()).due,
            )
            for r in conn.execute(select(d.id, d.slug, d.title, d.description).order_by(d.title))
        ]
    total = total_counts((Counts(r.new, r.learning, r.due) for r in rows), settings, done)
    return Overview(rows, total, done)


def _item_totals(conn: object) -> dict[int, int]:
    from quizapp.models import Item

    i = Item.__table__.c  # type: ignore[attr-defined]
    return dict(conn.execute(select(i.deck_id, func.count()).where(i.retired == false()).group_by(i.deck_id)).all())  # type: ignore[attr-defined]


def deck_overview(store: Store, learner: Learner) -> list[DeckRow]:
    """Deck rows for `quizapp decks`."""
    return overview(store, learner).decks
