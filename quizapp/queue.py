"""Today's counts and today's queue for a learner, computed in SQL.

Order of study: learning items that are due, then due reviews (the most overdue relative to
their stability first), then new items in deck order up to the daily limit, spread evenly
through the reviews. Suspended, buried and retired items never appear. The daily limits are
per learner, across all decks: "20 new a day" means 20, however many decks you study.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, false, func, literal, or_, select, true

from quizapp.config import Settings
from quizapp.models import LEARNING, NEW, RELEARNING, REVIEW, Deck, Item, ItemState, Review
from quizapp.studyday import StudyDay

# Learning items due within this many seconds are shown rather than leaving the learner idle.
LEARN_AHEAD = 20 * 60


@dataclass(frozen=True)
class Counts:
    """What is left to study today."""

    new: int = 0
    learning: int = 0
    due: int = 0

    @property
    def total(self) -> int:
        """All items left today."""
        return self.new + self.learning + self.due


@dataclass(frozen=True)
class Done:
    """What the learner has already studied today, for the daily limits."""

    new: int
    reviews: int
    answers: int
    seconds: float


def done_today(conn: Connection, learner_id: int, day: StudyDay) -> Done:
    """New items introduced, reviews answered, all answers and time spent today."""
    r = Review.__table__.c  # type: ignore[attr-defined]
    row = conn.execute(
        select(
            func.coalesce(func.sum(case((r.state == NEW, 1), else_=0)), 0),
            func.coalesce(func.sum(case((r.state == REVIEW, 1), else_=0)), 0),
            func.count(),
            func.coalesce(func.sum(r.duration_ms), 0),
        ).where(r.learner_id == learner_id, r.reviewed_at >= day.start, r.reviewed_at < day.end)
    ).one()
    return Done(int(row[0]), int(row[1]), int(row[2]), int(row[3]) / 1000)


def deck_counts(conn: Connection, learner_id: int, settings: Settings, day: StudyDay, now: int) -> dict[int, Counts]:
    """Counts for every deck, each capped by what is left of today's limits."""
    i = Item.__table__.c  # type: ignore[attr-defined]
    s = ItemState.__table__.c  # type: ignore[attr-defined]
    active = dict(conn.execute(select(i.deck_id, func.count()).where(i.retired == false()).group_by(i.deck_id)).all())
    available = and_(s.suspended == false(), s.buried_until <= now)
    retired = select(i.id).where(i.retired == true())
    rows = conn.execute(
        select(
            s.deck_id,
            func.sum(case((or_(s.state != NEW, s.suspended, s.buried_until > now), 1), else_=0)),
            func.sum(case((and_(s.state.in_((LEARNING, RELEARNING)), s.due < day.end, available), 1), else_=0)),
            func.sum(case((and_(s.state == REVIEW, s.due < day.end, available), 1), else_=0)),
        )
        .where(s.learner_id == learner_id, s.item_id.not_in(retired))
        .group_by(s.deck_id)
    ).all()
    started = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}
    done = done_today(conn, learner_id, day)
    new_left = max(0, settings.new_per_day - done.new)
    reviews_left = max(0, settings.reviews_per_day - done.reviews)
    counts = {}
    for deck_id, total in active.items():
        not_new, learning, due = started.get(deck_id, (0, 0, 0))
        counts[deck_id] = Counts(min(new_left, total - not_new), learning, min(reviews_left, due))
    return counts


def total_counts(counts: Iterable[Counts], settings: Settings, done: Done) -> Counts:
    """The counts of several decks together, capped by today's limits once more."""
    counts = list(counts)
    return Counts(
        new=min(max(0, settings.new_per_day - done.new), sum(c.new for c in counts)),
        learning=sum(c.learning for c in counts),
        due=min(max(0, settings.reviews_per_day - done.reviews), sum(c.due for c in counts)),
    )


@dataclass(frozen=True)
class Queued:
    """An item waiting in today's queue."""

    item_id: int
    card_id: int
    kind: int  # NEW, LEARNING, REVIEW or RELEARNING
    due: int


def learning_due(conn: Connection, learner_id: int, deck_ids: Sequence[int] | None, until: int, now: int) -> list[Queued]:
    """Learning and relearning items due before `until`, soonest first."""
    s = ItemState.__table__.c  # type: ignore[attr-defined]
    i = Item.__table__.c  # type: ignore[attr-defined]
    query = (
        select(s.item_id, i.card_id, s.state, s.due)
        .join(Item, i.id == s.item_id)
        .where(
            s.learner_id == learner_id,
            s.state.in_((LEARNING, RELEARNING)),
            s.due < until,
            s.suspended == false(),
            s.buried_until <= now,
            i.retired == false(),
        )
        .order_by(s.due, s.item_id)
    )
    if deck_ids is not None:
        query = query.where(s.deck_id.in_(deck_ids))
    return [Queued(r[0], r[1], r[2], r[3]) for r in conn.execute(query)]


def reviews_due(conn: Connection, learner_id: int, deck_ids: Sequence[int] | None, day: StudyDay, now: int, limit: int) -> list[Queued]:
    """Review items due today, the most overdue relative to their stability first."""
    if limit <= 0:
        return []
    s = ItemState.__table__.c  # type: ignore[attr-defined]
    i = Item.__table__.c  # type: ignore[attr-defined]
    overdue = (literal(now) - s.due) * literal(1.0) / func.coalesce(s.stability, 1.0)
    query = (
        select(s.item_id, i.card_id, s.due)
        .join(Item, i.id == s.item_id)
        .where(
            s.learner_id == learner_id,
            s.state == REVIEW,
            s.due < day.end,
            s.suspended == false(),
            s.buried_until <= now,
            i.retired == false(),
        )
        .order_by(overdue.desc(), s.item_id)
        .limit(limit)
    )
    if deck_ids is not None:
        query = query.where(s.deck_id.in_(deck_ids))
    return [Queued(r[0], r[1], REVIEW, r[2]) for r in conn.execute(query)]


def new_items(conn: Connection, learner_id: int, deck_ids: Sequence[int], now: int, limit: int,
              skip_cards: Iterable[int] = ()) -> list[Queued]:
    """New items in deck order, taking turns between decks, at most one item per card and none of
    the cards in `skip_cards` (those already queued today through a sibling)."""
    if limit <= 0:
        return []
    i = Item.__table__.c  # type: ignore[attr-defined]
    s = ItemState.__table__.c  # type: ignore[attr-defined]
    skip = set(skip_cards)
    per_deck: list[list[Queued]] = []
    for deck_id in deck_ids:
        query = (
            select(i.id, i.card_id)
            .outerjoin(ItemState, and_(s.item_id == i.id, s.learner_id == learner_id))
            .where(
                i.deck_id == deck_id,
                i.retired == false(),
                or_(s.item_id.is_(None), and_(s.state == NEW, s.suspended == false(), s.buried_until <= now)),
            )
            .order_by(i.position)
            .limit(limit * 2 + len(skip))  # room for siblings skipped below
        )
        seen_cards = set(skip)
        picked: list[Queued] = []
        for item_id, card_id in conn.execute(query):
            if card_id in seen_cards:
                continue
            seen_cards.add(card_id)
            picked.append(Queued(item_id, card_id, NEW, now))
            if len(picked) == limit:
                break
        per_deck.append(picked)
    merged: list[Queued] = []
    for round_ in range(limit):
        for picked in per_deck:
            if round_ < len(picked):
                merged.append(picked[round_])
    return merged[:limit]


def spread(reviews: list[Queued], new: list[Queued]) -> list[Queued]:
    """Reviews with new items spread evenly among them."""
    if not new or not reviews:
        return [*reviews, *new]
    result: list[Queued] = []
    gap = (len(reviews) + len(new)) / len(new)
    new_iter = iter(new)
    next_new = gap / 2
    review_iter = iter(reviews)
    for position in range(len(reviews) + len(new)):
        if position >= next_new:
            item = next(new_iter, None)
            if item is not None:
                result.append(item)
                next_new += gap
                continue
        item = next(review_iter, None)
        if item is None:
            item = next(new_iter)
        result.append(item)
    return result


def deck_ids(conn: Connection, slugs: Sequence[str] | None = None) -> list[int]:
    """Ids of the decks named by slug (all decks when None), in title order."""
    d = Deck.__table__.c  # type: ignore[attr-defined]
    query = select(d.id).order_by(d.title)
    if slugs is not None:
        query = query.where(d.slug.in_(slugs))
    return [r[0] for r in conn.execute(query)]


def due_between(conn: Connection, learner_id: int, deck_ids: Sequence[int] | None, start: int, end: int) -> int:
    """How many studied, unsuspended items fall due in [start, end)."""
    s = ItemState.__table__.c  # type: ignore[attr-defined]
    query = select(func.count()).where(
        s.learner_id == learner_id, s.state != NEW, s.due >= start, s.due < end, s.suspended == false()
    )
    if deck_ids is not None:
        query = query.where(s.deck_id.in_(deck_ids))
    return int(conn.execute(query).scalar_one())
