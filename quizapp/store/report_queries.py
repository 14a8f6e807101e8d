"""The class report's reads: students' figures by deck and by item, summed in SQL, with the
answers they gave. Teachers are left out of every figure.

The filters are the report's: some decks, some learners, answers since an instant. Names are
bound as parameters; ids are our own integers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.cards.item import ItemView
from quizapp.engine.states import NEW, REVIEW
from quizapp.store.catalog import item_views
from quizapp.store.counts import STUDIED, right_answer
from quizapp.store.database import Store
from quizapp.store.sql import fetch

# An answer counts as right when the app graded it right, or, when the learner rated their own
# recall (or before answers were graded in the log), when it was rated Hard or better.
RIGHT = right_answer("r")
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
    # learner id, deck id, items, seen, due now, overdue, mastered, answers, right, review-state answers, recalled, ms
    by_deck: list[tuple[Any, ...]]
    by_item: list[tuple[Any, ...]]  # item id, students who answered, answers, wrong, overrides, students who flagged it
    given: list[tuple[Any, ...]]  # item id, given (JSON), answers, overrides: wrong answers as given
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


def _summed(since: bool) -> str:
    """The review log summed by student and item, read once: right answers ever (for mastery),
    then answers, right ones, review-state answers, recalled ones, time and overrides (since the
    scope's instant, when it has one)."""
    def when(condition: str) -> str:
        both = f"r.reviewed_at >= :since AND {condition}" if since else condition
        return f"sum(CASE WHEN {both} THEN 1 ELSE 0 END)"

    return f"""SELECT r.learner_id, r.item_id, sum(CASE WHEN {RIGHT} THEN 1 ELSE 0 END) AS right_ever,
                      {when("true")} AS n, {when(RIGHT)} AS right_n, {when(f"r.state = {REVIEW}")} AS review_n,
                      {when(f"r.state = {REVIEW} AND r.rating > 1")} AS recalled,
                      sum({"CASE WHEN r.reviewed_at >= :since THEN r.duration_ms ELSE 0 END" if since else "r.duration_ms"})
                          AS ms,
                      {when(OVERRIDE)} AS overrides
               FROM review AS r WHERE r.learner_id IN ({{learners}}) GROUP BY r.learner_id, r.item_id"""


def class_rows(store: Store, scope: Scope, at: int, horizon: Callable[[Any], float]) -> ClassRows:
    """Every aggregate of the class report, in one read transaction. The review log is read once,
    summed by student and item, then added up by student and deck and by item in the database.

    `horizon` gives, from a learner's settings (JSON), how long recall stays at or above their
    desired retention in units of stability (Scheduler.recall_horizon), so mastery is counted
    in SQL: recall is at least the target while whole days elapsed <= stability x horizon.
    """
    params: dict[str, Any] = {"now": at, "late": at - 86400, "since": scope.since if scope.since is not None else 0}
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
        # Our own integers and floats, inlined: (learner id, horizon) for every student.
        # No students: one row of typed NULLs (PostgreSQL takes a bare NULL in VALUES for text).
        horizons = (", ".join(f"({int(r[0])}, {float(horizon(r[2]))!r})" for r in learners)
                    or "(CAST(NULL AS INTEGER), CAST(NULL AS REAL))")
        studied = f"s.state IN ({STUDIED})"
        if conn.dialect.name == "postgresql":
            # The log summed by student and item is a hash of (students x items) groups: with
            # PostgreSQL's default 4 MB it sorts instead, several times slower. For this read only.
            fetch(conn, "SET LOCAL work_mem = '64MB'")
        rows = fetch(conn, f"""
            WITH a AS ({_summed(scope.since is not None).format(learners=learner_ids)}),
            p AS (
                SELECT s.learner_id, s.item_id, s.deck_id, s.flagged,
                       CASE WHEN s.state != {NEW} THEN 1 ELSE 0 END AS seen,
                       CASE WHEN {studied} AND s.suspended = false AND s.due <= :now THEN 1 ELSE 0 END AS due_now,
                       CASE WHEN {studied} AND s.suspended = false AND s.due < :late THEN 1 ELSE 0 END AS overdue,
                       CASE WHEN a.right_ever > 0 AND s.stability > 0 AND s.last_review IS NOT NULL
                                 AND (:now - s.last_review) / 86400 <= s.stability * h.h THEN 1 ELSE 0 END AS mastered,
                       coalesce(a.n, 0) AS n, coalesce(a.right_n, 0) AS right_n, coalesce(a.review_n, 0) AS review_n,
                       coalesce(a.recalled, 0) AS recalled, coalesce(a.ms, 0) AS ms, coalesce(a.overrides, 0) AS overrides
                FROM item_state AS s
                JOIN (SELECT column1 AS learner_id, column2 AS h FROM (VALUES {horizons}) AS v) AS h
                  ON h.learner_id = s.learner_id
                LEFT JOIN a ON a.learner_id = s.learner_id AND a.item_id = s.item_id
                WHERE s.learner_id IN ({learner_ids}) AND s.deck_id IN ({deck_ids}) AND s.retired = false
            )
            SELECT 0, learner_id, deck_id, count(*), sum(seen), sum(due_now), sum(overdue), sum(mastered), sum(n),
                   sum(right_n), sum(review_n), sum(recalled), sum(ms)
            FROM p GROUP BY learner_id, deck_id
            UNION ALL
            SELECT 1, item_id, NULL, sum(CASE WHEN n > 0 THEN 1 ELSE 0 END), sum(n), sum(n - right_n), sum(overrides),
                   sum(CASE WHEN flagged THEN 1 ELSE 0 END), 0, 0, 0, 0, 0
            FROM p GROUP BY item_id""", params)
        by_deck = [tuple(int(v or 0) for v in r[1:]) for r in rows if r[0] == 0]
        by_item = [(int(r[1]), *(int(v or 0) for v in r[3:8])) for r in rows if r[0] == 1]
        given = fetch(conn, f"""
            SELECT r.item_id, r.given, count(*), sum(CASE WHEN {OVERRIDE} THEN 1 ELSE 0 END)
            FROM review AS r JOIN item AS i ON i.id = r.item_id
            WHERE r.learner_id IN ({learner_ids}) AND i.deck_id IN ({deck_ids}) AND i.retired = false AND r.correct = false
              AND r.given IS NOT NULL{" AND r.reviewed_at >= :since" if scope.since is not None else ""}
            GROUP BY r.item_id, r.given""", params)
        quizzes = fetch(conn, f"""SELECT learner_id, id, finished_at, details FROM quiz_attempt
                                  WHERE learner_id IN ({learner_ids}) AND finished_at >= :since
                                  ORDER BY learner_id, finished_at, id""", params)
        keyed = _items_by_key(conn, deck_ids)
        views = item_views(conn, keyed.values())
    return ClassRows(learners, decks, by_deck, by_item, given, quizzes, keyed, views)


def _items_by_key(conn: Any, deck_ids: str) -> dict[tuple[str, str, str], int]:
    """Active items of the decks by (deck slug, card key, item key): quiz details name them so."""
    rows = fetch(conn, f"""SELECT d.slug, c.key, i.key, i.id FROM item AS i JOIN card AS c ON c.id = i.card_id
                           JOIN deck AS d ON d.id = c.deck_id WHERE d.id IN ({deck_ids}) AND i.retired = false""")
    return {(str(r[0]), str(r[1]), str(r[2])): int(r[3]) for r in rows}
