"""Today's queue for a learner, computed in SQL on the item_state table (today's counts are in
quizapp.store.counts).

Order of study: learning items that are due, then due reviews (the most overdue relative to
their stability first), then new items in deck order up to the daily limit, spread evenly
through the reviews. Suspended, buried and retired items never appear. The daily limits are
per learner, across all decks: "20 new a day" means 20, however many decks you study.

Every learner has a state row for every item (new ones with state NEW and their deck position
as `due`), and one covering index (ix_state_study: learner, retired, state, suspended, due, ...)
answers all of these queries; they are hand-written SQL because they run on every keypress.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizapp.engine.settings import Settings
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.engine.studyday import StudyDay
from quizapp.store.counts import AVAILABLE, STUDIED, Connection, done_today
from quizapp.store.sql import fetch

if TYPE_CHECKING:
    from quizapp.store.database import Store


@dataclass(frozen=True)
class Queued:
    """An item waiting in today's queue."""

    item_id: int
    card_id: int
    kind: int  # NEW, LEARNING, REVIEW or RELEARNING
    due: int


def _decks(deck_ids: Sequence[int] | None) -> str:
    """A deck filter; ids are our own integers, so they are inlined (no parameter limit)."""
    if deck_ids is None:
        return ""
    return f" AND deck_id IN ({','.join(str(int(d)) for d in deck_ids) or 'NULL'})"


# Each queued item's card, read in the same statement (a primary-key look-up per row returned).
_CARD = "(SELECT i.card_id FROM item AS i WHERE i.id = item_state.item_id)"


def _queued(conn: Connection, statement: str, params: dict[str, object], kind: int | None = None) -> list[Queued]:
    """Queued items from a statement selecting item_id, state, due and the card (_CARD)."""
    return [Queued(r[0], r[3], kind if kind is not None else r[1], r[2]) for r in fetch(conn, statement, params)]


def _card_ids(conn: Connection, item_ids: list[int]) -> dict[int, int]:
    ids = ",".join(str(int(i)) for i in item_ids)
    return dict(fetch(conn, f"SELECT id, card_id FROM item WHERE id IN ({ids})"))


def learning_due(conn: Connection, learner_id: int, deck_ids: Sequence[int] | None, until: int, now: int) -> list[Queued]:
    """Learning and relearning items due before `until`, soonest first."""
    return _queued(
        conn,
        f"""SELECT item_id, state, due, {_CARD} FROM item_state
            WHERE learner_id = :learner AND state IN ({LEARNING}, {RELEARNING}) AND due < :until{AVAILABLE}{_decks(deck_ids)}
            ORDER BY due, item_id""",
        {"learner": learner_id, "until": until, "now": now},
    )


def reviews_due(
    conn: Connection, learner_id: int, deck_ids: Sequence[int] | None, day: StudyDay, now: int, limit: int
) -> list[Queued]:
    """Review items due today, the most overdue relative to their stability first."""
    if limit <= 0:
        return []
    return _queued(
        conn,
        f"""SELECT item_id, state, due, {_CARD} FROM item_state
            WHERE learner_id = :learner AND state = {REVIEW} AND due < :end{AVAILABLE}{_decks(deck_ids)}
            ORDER BY (:now - due) * 1.0 / coalesce(stability, 1.0) DESC, item_id
            LIMIT :limit""",
        {"learner": learner_id, "end": day.end, "now": now, "limit": limit},
        REVIEW,
    )


def new_items(
    conn: Connection, learner_id: int, deck_ids: Sequence[int] | None, now: int, limit: int, skip_cards: Iterable[int] = ()
) -> list[Queued]:
    """New items in deck order, at most one item per card and none of the cards in `skip_cards`
    (those already queued today through a sibling).

    Positions restart at 0 in every deck, so ordering by position takes turns between decks.
    """
    if limit <= 0:
        return []
    skip = set(skip_cards)
    picked: list[Queued] = []
    page = limit * 2  # room for skipped siblings; read on when a page had too many of them
    offset = 0
    while True:
        candidates = _queued(
            conn,
            f"""SELECT item_id, state, due, {_CARD} FROM item_state
                WHERE learner_id = :learner AND state = {NEW}{AVAILABLE}{_decks(deck_ids)}
                ORDER BY due, deck_id, item_id LIMIT :limit OFFSET :offset""",
            {"learner": learner_id, "now": now, "limit": page, "offset": offset},
            NEW,
        )
        for queued in candidates:
            if queued.card_id not in skip:
                skip.add(queued.card_id)
                picked.append(queued)
                if len(picked) == limit:
                    return picked
        if len(candidates) < page:
            return picked
        offset += page


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


@dataclass(frozen=True)
class TodaysQueue:
    """What today's study session starts with."""

    reviews: list[Queued]
    learning: list[Queued]
    new: list[Queued]


Ahead = Callable[[Connection, int], list[Queued]]
"""Items to bring forward (an exam's run-up): given a connection and how many reviews today's
limit still allows, the review items to add after the due ones."""


def todays_queue(
    store: Store, learner_id: int, deck_ids: Sequence[int] | None, settings: Settings, day: StudyDay, now: int,
    ahead: Ahead | None = None,
) -> TodaysQueue:
    """Due reviews and learning items, and new items within what is left of today's limits (at
    most one per card, and none whose sibling is already queued); with `ahead`, the items it
    brings forward fill what is left of the review limit after the due ones."""
    with store.driver_read() as conn:
        done = done_today(conn, learner_id, day)
        reviews = reviews_due(conn, learner_id, deck_ids, day, now, settings.reviews_per_day - done.reviews)
        if ahead is not None:
            reviews += ahead(conn, settings.reviews_per_day - done.reviews - len(reviews))
        learning = learning_due(conn, learner_id, deck_ids, day.end, now)
        busy_cards = {q.card_id for q in (*reviews, *learning)}
        new = new_items(conn, learner_id, deck_ids, now, settings.new_per_day - done.new, busy_cards)
    return TodaysQueue(reviews, learning, new)


def new_waiting(store: Store, learner_id: int, deck_ids: Sequence[int] | None, now: int) -> int:
    """How many new items of the decks are available (not suspended, buried or retired), whatever
    today's limit."""
    with store.driver_read() as conn:
        ((count,),) = fetch(
            conn,
            f"SELECT count(*) FROM item_state WHERE learner_id = :learner AND state = {NEW}{AVAILABLE}{_decks(deck_ids)}",
            {"learner": learner_id, "now": now},
        )
    return int(count)


def exam_candidates(conn: Connection, learner_id: int, deck_id: int, after: int, before: int, now: int
                    ) -> list[tuple[int, float | None, int | None]]:
    """Available review items of a deck due in [after, before): (item id, stability, last review)."""
    return [(int(r[0]), r[1], r[2]) for r in fetch(
        conn,
        f"""SELECT item_id, stability, last_review FROM item_state
            WHERE learner_id = :learner AND state = {REVIEW} AND deck_id = :deck
              AND due >= :after AND due < :before{AVAILABLE}""",
        {"learner": learner_id, "deck": deck_id, "after": after, "before": before, "now": now},
    )]


def exam_items(conn: Connection, learner_id: int, deck_id: int) -> list[tuple[int, float | None, int | None, int]]:
    """Every active, unsuspended item of a deck: (state, stability, last review, due)."""
    return [(int(r[0]), r[1], r[2], int(r[3])) for r in fetch(
        conn,
        """SELECT state, stability, last_review, due FROM item_state
           WHERE learner_id = :learner AND deck_id = :deck AND retired = false AND suspended = false""",
        {"learner": learner_id, "deck": deck_id},
    )]


def queued_reviews(conn: Connection, item_ids: Sequence[int], due: int) -> list[Queued]:
    """Review items as queued, in the order given (items brought forward)."""
    if not item_ids:
        return []
    cards = _card_ids(conn, list(item_ids))
    return [Queued(i, cards[i], REVIEW, due) for i in item_ids if i in cards]


def due_between(store: Store, learner_id: int, deck_ids: Sequence[int] | None, start: int, end: int) -> int:
    """How many studied, available items fall due in [start, end)."""
    with store.driver_read() as conn:
        return _due_between(conn, learner_id, deck_ids, start, end)


def _due_between(conn: Connection, learner_id: int, deck_ids: Sequence[int] | None, start: int, end: int) -> int:
    ((count,),) = fetch(
        conn,
        f"""SELECT count(*) FROM item_state
            WHERE learner_id = :learner AND state IN ({STUDIED})
              AND due >= :start AND due < :end AND suspended = false AND retired = false{_decks(deck_ids)}""",
        {"learner": learner_id, "start": start, "end": end},
    )
    return int(count)


def deck_ids(store: Store, slugs: Sequence[str] | None = None) -> list[int]:
    """Ids of the decks named by slug (all decks when None), in title order."""
    with store.driver_read() as conn:
        rows = fetch(conn, "SELECT id, slug FROM deck ORDER BY title, id")
    return [r[0] for r in rows if slugs is None or r[1] in slugs]
