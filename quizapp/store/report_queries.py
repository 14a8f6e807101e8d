"""The class report's reads: students' figures by deck and by item, summed in SQL, with the
answers they gave. Teachers are left out of every figure.

The filters are the report's: some decks, some learners, answers since an instant. Names are
bound as parameters; ids are our own integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.cards.item import ItemView
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.store.catalog import item_views
from quizapp.store.database import Store
from quizapp.store.sql import fetch

# An answer counts as right when the app graded it right, or, when the learner rated their own
# recall (or before answers were graded in the log), when it was rated Hard or better.
RIGHT = "(r.correct = true OR (r.correct IS NULL AND r.rating > 1))"
# An override: the app graded the answer wrong and the learner rated it Hard or better anyway.
OVERRIDE = "(r.correct = false AND r.rating > 1)"


@dataclass(frozen=True)
class Scope:
    """Which part of the class a report covers."""

    decks: Sequence[str] = ()  # deck ids (slugs); all when empty
    learners: Sequence[str] = ()  # names; all students when empty
    since: int | None = None  # answers and quizzes from this instant on; all when None


@dataclass(frozen=True)
class ClassRows:
    """What the class report is computed from (rows as the driver returns them)."""

    learners: list[tuple[Any, ...]]  # id, name, settings (JSON), last answer, last quiz
    decks: list[tuple[Any, ...]]  # id, slug
    states: list[tuple[Any, ...]]  # learner id, deck id, items, items seen, due now, overdue
    answers: list[tuple[Any, ...]]  # learner id, deck id, answers, right, review-state answers, of them recalled, ms, last
    memory: list[tuple[Any, ...]]  # learner id, deck id, item id, stability, last review (studied items)
    right_once: set[tuple[int, int]]  # (learner id, item id) answered right at least once
    items: list[tuple[Any, ...]]  # item id, learners, answers, wrong, overrides
    given: list[tuple[Any, ...]]  # item id, given (JSON), answers, overrides: wrong answers as given
    flags: dict[int, int]  # item id -> students who flagged it
    quizzes: list[tuple[Any, ...]]  # learner id, attempt id, finished at, details (JSON)
    keyed: dict[tuple[str, str, str], int]  # (deck slug, card key, item key) -> item id, as quizzes name items
    views: dict[int, ItemView]  # every active item of the decks


def _in(column: str, values: Sequence[Any], prefix: str, params: dict[str, Any]) -> str:
    """` AND column IN (:p0, :p1, ...)` with the values bound, or nothing when there are none."""
    if not values:
        return ""
    names = []
    for n, value in enumerate(values):
        params[f"{prefix}{n}"] = value
        names.append(f":{prefix}{n}")
    return f" AND {column} IN ({', '.join(names)})"


def class_rows(store: Store, scope: Scope, at: int) -> ClassRows:
    """Every aggregate of the class report, in one read transaction."""
    params: dict[str, Any] = {"now": at, "late": at - 86400, "since": scope.since if scope.since is not None else -(2**62)}
    with store.read() as conn:
        learners = fetch(conn, f"""
            SELECT l.id, l.name, l.settings,
                   (SELECT max(r.reviewed_at) FROM review AS r WHERE r.learner_id = l.id),
                   (SELECT max(q.finished_at) FROM quiz_attempt AS q WHERE q.learner_id = l.id)
            FROM learner AS l WHERE l.role = 'student'{_in("l.name", scope.learners, "n", params)} ORDER BY l.name""", params)
        decks = fetch(conn, f"SELECT id, slug FROM deck WHERE retired = false{_in('slug', scope.decks, 'd', params)} "
                            "ORDER BY slug", params)
        learner_ids = ",".join(str(int(r[0])) for r in learners) or "NULL"
        deck_ids = ",".join(str(int(r[0])) for r in decks) or "NULL"
        mine = f"learner_id IN ({learner_ids}) AND deck_id IN ({deck_ids})"
        states = fetch(conn, f"""
            SELECT learner_id, deck_id, count(*), sum(CASE WHEN state != {NEW} THEN 1 ELSE 0 END),
                   sum(CASE WHEN state IN ({LEARNING}, {REVIEW}, {RELEARNING}) AND due <= :now AND suspended = false
                            THEN 1 ELSE 0 END),
                   sum(CASE WHEN state IN ({LEARNING}, {REVIEW}, {RELEARNING}) AND due < :late AND suspended = false
                            THEN 1 ELSE 0 END)
            FROM item_state WHERE retired = false AND {mine} GROUP BY learner_id, deck_id""", params)
        answers = fetch(conn, f"""
            SELECT r.learner_id, i.deck_id, count(*), sum(CASE WHEN {RIGHT} THEN 1 ELSE 0 END),
                   sum(CASE WHEN r.state = {REVIEW} THEN 1 ELSE 0 END),
                   sum(CASE WHEN r.state = {REVIEW} AND r.rating > 1 THEN 1 ELSE 0 END),
                   sum(r.duration_ms), max(r.reviewed_at)
            FROM review AS r JOIN item AS i ON i.id = r.item_id
            WHERE r.learner_id IN ({learner_ids}) AND i.deck_id IN ({deck_ids}) AND r.reviewed_at >= :since
            GROUP BY r.learner_id, i.deck_id""", params)
        memory = fetch(conn, f"""SELECT learner_id, deck_id, item_id, stability, last_review FROM item_state
                                 WHERE retired = false AND state != {NEW} AND {mine}""", params)
        right_once = {(int(lid), int(iid)) for lid, iid in fetch(conn, f"""
            SELECT DISTINCT r.learner_id, r.item_id FROM review AS r
            WHERE r.learner_id IN ({learner_ids}) AND {RIGHT}""", params)}
        items = fetch(conn, f"""
            SELECT r.item_id, count(DISTINCT r.learner_id), count(*), sum(CASE WHEN {RIGHT} THEN 0 ELSE 1 END),
                   sum(CASE WHEN {OVERRIDE} THEN 1 ELSE 0 END)
            FROM review AS r JOIN item AS i ON i.id = r.item_id
            WHERE r.learner_id IN ({learner_ids}) AND i.deck_id IN ({deck_ids}) AND i.retired = false
              AND r.reviewed_at >= :since
            GROUP BY r.item_id""", params)
        given = fetch(conn, f"""
            SELECT r.item_id, r.given, count(*), sum(CASE WHEN {OVERRIDE} THEN 1 ELSE 0 END)
            FROM review AS r JOIN item AS i ON i.id = r.item_id
            WHERE r.learner_id IN ({learner_ids}) AND i.deck_id IN ({deck_ids}) AND r.correct = false
              AND r.given IS NOT NULL AND r.reviewed_at >= :since
            GROUP BY r.item_id, r.given""", params)
        flags = {int(item): int(n) for item, n in fetch(conn, f"""
            SELECT item_id, count(*) FROM item_state WHERE flagged = true AND retired = false AND {mine}
            GROUP BY item_id""", params)}
        quizzes = fetch(conn, f"""SELECT learner_id, id, finished_at, details FROM quiz_attempt
                                  WHERE learner_id IN ({learner_ids}) AND finished_at >= :since
                                  ORDER BY learner_id, finished_at, id""", params)
        keyed = _items_by_key(conn, deck_ids)
        views = item_views(conn, keyed.values())
    return ClassRows(learners, decks, states, answers, memory, right_once, items, given, flags, quizzes, keyed, views)


def _items_by_key(conn: Any, deck_ids: str) -> dict[tuple[str, str, str], int]:
    """Active items of the decks by (deck slug, card key, item key): quiz details name them so."""
    rows = fetch(conn, f"""SELECT d.slug, c.key, i.key, i.id FROM item AS i JOIN card AS c ON c.id = i.card_id
                           JOIN deck AS d ON d.id = c.deck_id WHERE d.id IN ({deck_ids}) AND i.retired = false""")
    return {(str(r[0]), str(r[1]), str(r[2])): int(r[3]) for r in rows}
