"""Managing decks as a whole: retiring one (history kept, revived by importing it again),
purging one with its history, and exam dates (the class's per deck, a learner's own)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from quizapp.errors import NotFoundError
from quizapp.store.database import Store, now
from quizapp.store.sql import fetch, json_column


@dataclass(frozen=True)
class DeckHistory:
    """What a deck holds and what purging it deletes."""

    slug: str
    title: str
    cards: int
    learners: int  # learners who answered any of its items
    reviews: int
    retired: bool


def _deck(conn: Any, slug: str) -> tuple[int, str, bool]:
    rows = fetch(conn, "SELECT id, title, retired FROM deck WHERE slug = :slug", {"slug": slug})
    if not rows:
        raise NotFoundError(f"no deck {slug!r} (see: quizapp decks)")
    return int(rows[0][0]), str(rows[0][1]), bool(rows[0][2])


def history(store: Store, slug: str) -> DeckHistory:
    """A deck's size and history."""
    with store.driver_read() as conn:
        deck_id, title, retired = _deck(conn, slug)
        ((cards,),) = fetch(conn, "SELECT count(*) FROM card WHERE deck_id = :deck", {"deck": deck_id})
        ((learners, reviews),) = fetch(conn, "SELECT count(DISTINCT r.learner_id), count(*) FROM review AS r "
                                             "JOIN item AS i ON i.id = r.item_id WHERE i.deck_id = :deck", {"deck": deck_id})
    return DeckHistory(slug, title, int(cards), int(learners), int(reviews), retired)


def retire(store: Store, slug: str) -> None:
    """Retire every card and item of a deck and hide the deck; reviews and states are kept, and
    importing the deck again brings back the cards it still has."""
    with store.driver_write() as conn:
        deck_id, _title, _retired = _deck(conn, slug)
        stamp = now()
        fetch(conn, "UPDATE card SET retired = true, updated_at = :at WHERE deck_id = :deck AND retired = false",
              {"deck": deck_id, "at": stamp})
        fetch(conn, "UPDATE item SET retired = true WHERE deck_id = :deck", {"deck": deck_id})
        fetch(conn, "UPDATE item_state SET retired = true WHERE deck_id = :deck", {"deck": deck_id})
        fetch(conn, "UPDATE deck SET retired = true, cards = 0, items = 0, updated_at = :at WHERE id = :deck",
              {"deck": deck_id, "at": stamp})


def purge(store: Store, slug: str) -> None:
    """Delete a deck, its cards and items, every learner's states and reviews of them, its exam
    dates, the quiz attempts on it alone, and its source text when no other deck quotes it."""
    with store.driver_write() as conn:
        deck_id, _title, _retired = _deck(conn, slug)
        params = {"deck": deck_id}
        for statement in (
            "DELETE FROM review WHERE item_id IN (SELECT id FROM item WHERE deck_id = :deck)",
            "DELETE FROM review_hour WHERE deck_id = :deck",
            "DELETE FROM item_state WHERE deck_id = :deck",
            "DELETE FROM exam_date WHERE deck_id = :deck",
            "DELETE FROM item WHERE deck_id = :deck",
            "DELETE FROM card WHERE deck_id = :deck",
        ):
            fetch(conn, statement, params)
        # Quiz attempts name decks by id (slug) in JSON: those on this deck alone go with it;
        # attempts across several decks are kept (their other questions are history too).
        for attempt_id, decks in fetch(conn, "SELECT id, decks FROM quiz_attempt"):
            if list(json_column(decks) or []) == [slug]:
                fetch(conn, "DELETE FROM quiz_attempt WHERE id = :id", {"id": attempt_id})
        (source_id,) = fetch(conn, "SELECT source_id FROM deck WHERE id = :deck", params)[0]
        fetch(conn, "DELETE FROM deck WHERE id = :deck", params)
        if source_id is not None and not fetch(conn, "SELECT 1 FROM deck WHERE source_id = :s", {"s": source_id}):
            fetch(conn, "DELETE FROM source WHERE id = :s", {"s": source_id})


def set_exam(store: Store, slug: str, day: date | None) -> None:
    """Set or clear the class's exam date of a deck."""
    with store.driver_write() as conn:
        deck_id, _title, _retired = _deck(conn, slug)
        fetch(conn, "UPDATE deck SET exam_on = :day WHERE id = :deck", {"day": day.isoformat() if day else None, "deck": deck_id})


def set_own_exam(store: Store, learner_id: int, slug: str, day: date | None) -> None:
    """Set or clear a learner's own exam date of a deck (it overrides the class's)."""
    with store.driver_write() as conn:
        deck_id, _title, _retired = _deck(conn, slug)
        fetch(conn, "DELETE FROM exam_date WHERE learner_id = :learner AND deck_id = :deck",
              {"learner": learner_id, "deck": deck_id})
        if day is not None:
            fetch(conn, "INSERT INTO exam_date (learner_id, deck_id, exam_on) VALUES (:learner, :deck, :day)",
                  {"learner": learner_id, "deck": deck_id, "day": day.isoformat()})


def exam_dates(conn: Any, learner_id: int) -> dict[int, tuple[date, bool]]:
    """A learner's exam date per deck id, and whether it is their own (else the class's)."""
    rows = fetch(conn, """SELECT d.id, coalesce(e.exam_on, d.exam_on), e.exam_on IS NOT NULL FROM deck AS d
                          LEFT JOIN exam_date AS e ON e.deck_id = d.id AND e.learner_id = :learner
                          WHERE d.retired = false AND (d.exam_on IS NOT NULL OR e.exam_on IS NOT NULL)""",
                 {"learner": learner_id})
    return {int(deck_id): (date.fromisoformat(str(day)), bool(own)) for deck_id, day, own in rows}
