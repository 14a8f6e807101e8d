"""Writing a learner's answers and item states: one transaction per change, undoable exactly.

The review log is the truth; `review_hour` sums it by hour as answers are written, so statistics
over a million reviews read thousands of rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from quizapp.engine.scheduling import Memory
from quizapp.engine.states import LEARNING, NEW, RELEARNING
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow, read_states, write_state
from quizapp.store.sql import fetch


@dataclass(frozen=True)
class Answer:
    """One answer to record: the rating and how it was given."""

    item_id: int
    rating: int
    at: int
    duration_ms: int
    auto_graded: bool
    given: str | None = None  # the answer given, as JSON text (None when self-rated)
    correct: bool | None = None  # how the app graded it (None when self-rated)


@dataclass
class Undo:
    """What it takes to reverse one change: the rows as they were, and the log row added."""

    learner_id: int
    before: dict[int, StateRow | None] = field(default_factory=dict)
    review_id: int | None = None


# Intervals since the previous answer, as summed in review_hour: upper limits in seconds.
DAY = 86400
BUCKETS = (("1-2 d", 3 * DAY), ("3-7 d", 8 * DAY), ("8-30 d", 31 * DAY), ("31-90 d", 91 * DAY), ("91+ d", None))


def bucket(elapsed: int | None) -> int:
    """The interval bucket of an answer (-1 for a first answer)."""
    if elapsed is None:
        return -1
    return next((i for i, (_, limit) in enumerate(BUCKETS) if limit is not None and elapsed < limit), len(BUCKETS) - 1)


_SUMMARY_ADD = """
INSERT INTO review_hour (learner_id, deck_id, hour, state, bucket, reviews, recalled, duration_ms)
VALUES (:learner, :deck, :hour, :state, :bucket, :count, :recalled, :duration)
ON CONFLICT (learner_id, deck_id, hour, state, bucket) DO UPDATE
SET reviews = review_hour.reviews + excluded.reviews, recalled = review_hour.recalled + excluded.recalled,
    duration_ms = review_hour.duration_ms + excluded.duration_ms
"""


def record(conn: Any, learner_id: int, answer: Answer, before: StateRow | None, after: StateRow) -> int:
    """Append the review log row, add it to the hourly summary and store the new state; returns
    the log row's id."""
    state = before.memory.state if before is not None else NEW
    elapsed = answer.at - before.memory.last_review if before is not None and before.memory.last_review is not None else None
    duration = max(0, answer.duration_ms)
    ((review_id,),) = fetch(
        conn,
        "INSERT INTO review (learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state, elapsed, given, correct) "
        "VALUES (:learner, :item, :at, :rating, :duration, :auto, :state, :elapsed, :given, :correct) RETURNING id",
        {"learner": learner_id, "item": answer.item_id, "at": answer.at, "rating": answer.rating,
         "duration": duration, "auto": answer.auto_graded, "state": state, "elapsed": elapsed, "given": answer.given,
         "correct": answer.correct},
    )
    fetch(conn, _SUMMARY_ADD, {"learner": learner_id, "deck": after.deck_id, "hour": answer.at // 3600, "state": state,
                               "bucket": bucket(elapsed), "count": 1, "recalled": int(answer.rating > 1), "duration": duration})
    write_state(conn, learner_id, answer.item_id, before, after)
    return int(review_id)


def _unsummarize(conn: Any, review_id: int) -> None:
    """Take a review out of the hourly summary before its row is deleted."""
    rows = fetch(conn, "SELECT r.learner_id, i.deck_id, r.reviewed_at, r.state, r.elapsed, r.rating, r.duration_ms "
                       "FROM review AS r JOIN item AS i ON i.id = r.item_id WHERE r.id = :id", {"id": review_id})
    for learner_id, deck_id, at, state, elapsed, rating, duration in rows:
        fetch(
            conn,
            _SUMMARY_ADD,
            {
                "learner": learner_id,
                "deck": deck_id,
                "hour": at // 3600,
                "state": state,
                "bucket": bucket(elapsed),
                "count": -1,
                "recalled": -int(rating > 1),
                "duration": -duration,
            },
        )
        fetch(
            conn,
            "DELETE FROM review_hour WHERE reviews = 0 AND learner_id = :learner AND deck_id = :deck AND hour = :hour",
            {"learner": learner_id, "deck": deck_id, "hour": at // 3600},
        )


def rebuild_summary(conn: Any) -> None:
    """Recompute review_hour from the review log (after bulk loads that bypass `record`)."""
    cases = " ".join(f"WHEN r.elapsed < {limit} THEN {i}" for i, (_, limit) in enumerate(BUCKETS) if limit is not None)
    fetch(conn, "DELETE FROM review_hour")
    fetch(
        conn,
        f"""INSERT INTO review_hour (learner_id, deck_id, hour, state, bucket, reviews, recalled, duration_ms)
                    SELECT r.learner_id, i.deck_id, r.reviewed_at / 3600, r.state,
                           CASE WHEN r.elapsed IS NULL THEN -1 {cases} ELSE {len(BUCKETS) - 1} END,
                           count(*), sum(CASE WHEN r.rating > 1 THEN 1 ELSE 0 END), sum(r.duration_ms)
                    FROM review AS r JOIN item AS i ON i.id = r.item_id
                    GROUP BY 1, 2, 3, 4, 5""",
    )


def undo(store: Store, change: Undo) -> None:
    """Restore every row a change touched exactly as it was, and remove its log row."""
    with store.driver_write() as conn:
        current = read_states(conn, change.learner_id, change.before)
        for item_id, before in change.before.items():
            write_state(conn, change.learner_id, item_id, current[item_id], before)
        if change.review_id is not None:
            _unsummarize(conn, change.review_id)
            fetch(conn, "DELETE FROM review WHERE id = :id", {"id": change.review_id})


def history(conn: Any, learner_id: int, item_id: int) -> list[dict[str, int | bool]]:
    """Every answer a learner gave to an item, oldest first."""
    rows = fetch(
        conn,
        "SELECT id, reviewed_at, rating, duration_ms, auto_graded, state FROM review "
        "WHERE learner_id = :learner AND item_id = :item ORDER BY reviewed_at, id",
        {"learner": learner_id, "item": item_id},
    )
    keys = ("id", "reviewed_at", "rating", "duration_ms", "auto_graded", "state")
    return [
        dict(zip(keys, (int(v) if k != "auto_graded" else bool(v) for k, v in zip(keys, row, strict=True)), strict=True))
        for row in rows
    ]


def commit_answer(
    store: Store,
    learner_id: int,
    item_id: int,
    card_id: int,
    deck_id: int,
    answer: Answer,
    schedule: Callable[[StateRow, int], StateRow],
    bury_until: int,
) -> tuple[StateRow, Undo, list[int]]:
    """Record one answer in one transaction: the log row, the new state `schedule` computes from
    the stored one and the answer's instant, and the item's siblings buried until `bury_until`
    (learning siblings keep their steps). Returns the new state, what undoes it, and the sibling
    item ids.

    An answer is never logged before the item's last one: when another session of the learner
    answered it later meanwhile (a clock behind, or a slow commit), this one takes that instant,
    so no interval is negative and the log replays in the order it was written."""
    change = Undo(learner_id)
    with store.driver_write() as conn:
        siblings = [
            r[0]
            for r in fetch(
                conn,
                "SELECT id FROM item WHERE card_id = :card AND id != :item AND retired = false",
                {"card": card_id, "item": item_id},
            )
        ]
        states = read_states(conn, learner_id, [item_id, *siblings])
        change.before = dict(states)
        before = states[item_id]
        last = before.memory.last_review if before is not None else None
        if last is not None and answer.at < last:
            answer = replace(answer, at=last)
        after = schedule(before or StateRow(Memory(), deck_id), answer.at)
        change.review_id = record(conn, learner_id, answer, before, after)
        for sibling_id in siblings:
            sibling = states[sibling_id]
            if sibling is not None and sibling.memory.state in (LEARNING, RELEARNING):
                continue
            wanted = sibling or StateRow(Memory(), deck_id)
            write_state(conn, learner_id, sibling_id, sibling, replace(wanted, buried_until=bury_until))
    return after, change, siblings


def change_states(
    store: Store, learner_id: int, item_ids: list[int], change: Callable[[StateRow], StateRow]
) -> tuple[Undo, dict[int, StateRow]]:
    """Apply `change` to the stored state of each item (items without a row are left alone) in one
    transaction; returns what undoes it and the new states."""
    step = Undo(learner_id)
    after: dict[int, StateRow] = {}
    with store.driver_write() as conn:
        states = read_states(conn, learner_id, item_ids)
        step.before = dict(states)
        for item_id, before in states.items():
            if before is not None:
                after[item_id] = change(before)
                write_state(conn, learner_id, item_id, before, after[item_id])
    return step, after
