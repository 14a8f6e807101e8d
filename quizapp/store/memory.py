"""What `quizapp optimize` reads and writes: a learner's review log, and items' memory states."""

from __future__ import annotations

from collections.abc import Iterator

from quizapp.store.database import Store
from quizapp.store.sql import execute_rows, fetch


def review_log(store: Store, learner_id: int) -> Iterator[tuple[int, int, int]]:
    """Every answer of a learner as (item id, instant, rating), by item then time."""
    with store.driver_read() as conn:
        rows = fetch(conn, "SELECT item_id, reviewed_at, rating FROM review WHERE learner_id = :learner "
                           "ORDER BY item_id, reviewed_at, id", {"learner": learner_id})
    for item_id, at, rating in rows:
        yield int(item_id), int(at), int(rating)


def set_memory(store: Store, learner_id: int, memory: list[tuple[int, float, float]]) -> None:
    """Store (item id, stability, difficulty) for items of a learner, in one transaction."""
    with store.driver_write() as conn:
        execute_rows(
            conn, "UPDATE item_state SET stability = :s, difficulty = :d WHERE learner_id = :learner AND item_id = :item",
            [(stability, difficulty, learner_id, item_id) for item_id, stability, difficulty in memory],
        )
