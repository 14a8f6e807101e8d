"""The class report's reads: every learner's figures by deck, summed in SQL, and the cards the
class fails most."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.engine.states import NEW, REVIEW
from quizapp.store.database import Store
from quizapp.store.sql import fetch

HARDEST_CARDS = 20


@dataclass(frozen=True)
class ClassRows:
    """What the class report is computed from (rows as the driver returns them)."""

    learners: list[tuple[Any, ...]]  # id, name, settings (JSON)
    decks: list[tuple[Any, ...]]  # id, slug
    states: list[tuple[Any, ...]]  # learner id, deck id, items, items seen
    reviews: list[tuple[Any, ...]]  # learner id, deck id, answers, duration ms, review-state answers, of them recalled
    memory: list[tuple[Any, ...]]  # learner id, deck id, stability, last review (studied items)
    quizzes: list[tuple[Any, ...]]  # learner id, details (JSON)
    hardest: list[tuple[Any, ...]]  # deck slug, card key, learners, reviews, failures


def class_rows(store: Store) -> ClassRows:
    """Every aggregate of the class report, in one read transaction."""
    with store.read() as conn:
        learners = fetch(conn, "SELECT id, name, settings FROM learner ORDER BY name")
        decks = fetch(conn, "SELECT id, slug FROM deck ORDER BY slug")
        states = fetch(conn, f"""SELECT learner_id, deck_id, count(*), sum(CASE WHEN state != {NEW} THEN 1 ELSE 0 END)
                                 FROM item_state WHERE retired = false GROUP BY learner_id, deck_id""")
        reviews = fetch(conn, f"""SELECT learner_id, deck_id, sum(reviews), sum(duration_ms),
                                         sum(CASE WHEN state = {REVIEW} THEN reviews ELSE 0 END),
                                         sum(CASE WHEN state = {REVIEW} THEN recalled ELSE 0 END)
                                  FROM review_hour GROUP BY learner_id, deck_id""")
        memory = fetch(conn, f"""SELECT learner_id, deck_id, stability, last_review FROM item_state
                                 WHERE retired = false AND state != {NEW}""")
        quizzes = fetch(conn, "SELECT learner_id, details FROM quiz_attempt")
        cards = fetch(conn, f"""SELECT d.slug, c.key, count(DISTINCT s.learner_id), sum(s.reps), sum(s.fails)
                                FROM item_state AS s JOIN item AS i ON i.id = s.item_id JOIN card AS c ON c.id = i.card_id
                                JOIN deck AS d ON d.id = c.deck_id
                                WHERE s.fails > 0
                                GROUP BY d.slug, c.key
                                ORDER BY 5 DESC, 4 DESC, 1, 2 LIMIT {HARDEST_CARDS}""")
    return ClassRows(learners, decks, states, reviews, memory, quizzes, cards)
