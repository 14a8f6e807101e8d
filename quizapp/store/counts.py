"""What is left to study today and what was done today, for every deck of a learner: the counts
home shows, computed in SQL on the item_state table and the review log.

Kept apart from building today's queue (quizapp.store.queue): the home screen's first view
imports this before its first paint, and needs none of the queue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quizapp.engine.settings import Settings
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.engine.studyday import StudyDay
from quizapp.store.sql import fetch

Connection = Any  # a SQLAlchemy connection, or a plain sqlite3 one for the first paint (quickstart)


@dataclass(frozen=True)
class Counts:
    """What is left to study today."""

    new: int = 0
    learning: int = 0
    due: int = 0
    held: int = 0  # new items there are, beyond what is left of today's (shared) new limit

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
    wrong: int = 0  # answers that were not right (as the class report counts them)

    @property
    def accuracy(self) -> float | None:
        """Share of today's answers that were right; None before the first answer."""
        return (self.answers - self.wrong) / self.answers if self.answers else None


# The studied states as an SQL IN list: the study index is searched state by state.
STUDIED = f"{LEARNING}, {REVIEW}, {RELEARNING}"
AVAILABLE = " AND suspended = false AND buried_until <= :now AND retired = false"


# A right answer: graded right by the app or, for a card the learner rates themselves, rated Hard
# or better. An override (graded wrong, rated Good anyway) is the wrong answer it was. Statistics,
# Home, the session summary and the class report all count "accuracy" this way.
def right_answer(review: str = "") -> str:
    """SQL that is true for a right answer, on the review table (or its alias `review`)."""
    r = f"{review}." if review else ""
    return f"({r}correct = true OR ({r}correct IS NULL AND {r}rating > 1))"


def done_today(conn: Connection, learner_id: int, day: StudyDay) -> Done:
    """New items introduced, reviews answered, all answers and time spent today."""
    (row,) = fetch(
        conn,
        f"""SELECT coalesce(sum(CASE WHEN state = {NEW} THEN 1 ELSE 0 END), 0),
                              coalesce(sum(CASE WHEN state = {REVIEW} THEN 1 ELSE 0 END), 0),
                              count(*), coalesce(sum(duration_ms), 0),
                              coalesce(sum(CASE WHEN {right_answer()} THEN 0 ELSE 1 END), 0)
                       FROM review WHERE learner_id = :learner AND reviewed_at >= :start AND reviewed_at < :end""",
        {"learner": learner_id, "start": day.start, "end": day.end},
    )
    return Done(int(row[0]), int(row[1]), int(row[2]), int(row[3]) / 1000, int(row[4]))


def deck_counts(conn: Connection, learner_id: int, settings: Settings, day: StudyDay, now: int, done: Done
                ) -> dict[int, Counts]:
    """Counts for every deck with items, each capped by what is left of today's limits (`done`:
    what was studied today, as `done_today` reads it)."""
    params = {"learner": learner_id, "now": now, "end": day.end}
    # Grouped by `deck_id + 0`, not by the column: SQLite would otherwise read ix_state_cite, which
    # starts with the deck, to group without sorting, and visit every row of the learner (20-65 ms
    # at 100k items) instead of the study index's range of the wanted state (2-4 ms).
    new = dict(
        fetch(
            conn,
            f"SELECT deck_id + 0, count(*) FROM item_state WHERE learner_id = :learner AND state = {NEW}{AVAILABLE} "
            "GROUP BY 1",
            params,
        )
    )
    studied: dict[int, list[int]] = {}
    for deck_id, state, count in fetch(
        conn,
        f"""SELECT deck_id + 0, state, count(*) FROM item_state
            WHERE learner_id = :learner AND state IN ({STUDIED}) AND due < :end{AVAILABLE}
            GROUP BY 1, 2""",
        params,
    ):
        entry = studied.setdefault(deck_id, [0, 0])
        entry[0 if state != REVIEW else 1] += count
    new_left = max(0, settings.new_per_day - done.new)
    reviews_left = max(0, settings.reviews_per_day - done.reviews)
    counts = {}
    for deck_id in set(new) | set(studied):
        learning, due = studied.get(deck_id, (0, 0))
        shown = min(new_left, new.get(deck_id, 0))
        counts[deck_id] = Counts(shown, learning, min(reviews_left, due), new.get(deck_id, 0) - shown)
    return counts


def total_counts(counts: Iterable[Counts], settings: Settings, done: Done) -> Counts:
    """The counts of several decks together, capped by today's limits once more."""
    counts = list(counts)
    return Counts(
        new=min(max(0, settings.new_per_day - done.new), sum(c.new for c in counts)),
        learning=sum(c.learning for c in counts),
        due=min(max(0, settings.reviews_per_day - done.reviews), sum(c.due for c in counts)),
    )
