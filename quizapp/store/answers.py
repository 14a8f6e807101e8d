"""Writing a learner's answers and item states: one transaction per change, undoable exactly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from quizapp.engine.scheduling import Memory
from quizapp.engine.states import NEW
from quizapp.store.database import Store
from quizapp.store.models import Review
from quizapp.store.sql import fetch

_MEMORY_FIELDS = tuple(Memory.__dataclass_fields__)


@dataclass(frozen=True)
class StateRow:
    """An item's full stored state for one learner (absent row: None)."""

    memory: Memory
    deck_id: int
    suspended: bool = False
    buried_until: int = 0
    flagged: bool = False
    leech: bool = False
    fails: int = 0

    def values(self) -> dict[str, object]:
        """Column values for the item_state table."""
        m = self.memory
        return {"state": m.state, "step": m.step, "stability": m.stability, "difficulty": m.difficulty, "due": m.due,
                "last_review": m.last_review, "reps": m.reps, "lapses": m.lapses, "deck_id": self.deck_id,
                "suspended": self.suspended, "buried_until": self.buried_until, "flagged": self.flagged, "leech": self.leech,
                "fails": self.fails}


@dataclass(frozen=True)
class Answer:
    """One answer to record: the rating and how it was given."""

    item_id: int
    rating: int
    at: int
    duration_ms: int
    auto_graded: bool


@dataclass
class Undo:
    """What it takes to reverse one change: the rows as they were, and the log row added."""

    learner_id: int
    before: dict[int, StateRow | None] = field(default_factory=dict)
    review_id: int | None = None


_STATE_COLUMNS = (*_MEMORY_FIELDS, "deck_id", "suspended", "buried_until", "flagged", "leech", "fails")


def read_states(conn: Connection, learner_id: int, item_ids: Iterable[int]) -> dict[int, StateRow | None]:
    """The stored state of each item for a learner (None where there is no row)."""
    ids = list(dict.fromkeys(int(i) for i in item_ids))
    found: dict[int, StateRow | None] = dict.fromkeys(ids)
    for start in range(0, len(ids), 500):
        chunk = ",".join(str(i) for i in ids[start : start + 500])  # our own integers, inlined
        rows = fetch(conn, f"SELECT item_id, {', '.join(_STATE_COLUMNS)} FROM item_state WHERE learner_id = :learner AND item_id IN ({chunk})",
                     {"learner": learner_id})
        for r in rows:
            found[r[0]] = StateRow(
                memory=Memory(*r[1:9]),
                deck_id=r[9],
                suspended=bool(r[10]),
                buried_until=int(r[11]),
                flagged=bool(r[12]),
                leech=bool(r[13]),
                fails=int(r[14]),
            )
    return found


_INSERT_STATE = (
    f"INSERT INTO item_state (learner_id, item_id, {', '.join(_STATE_COLUMNS)}, retired, weight) "
    f"VALUES (:learner_id, :item_id, {', '.join(':' + c for c in _STATE_COLUMNS)}, false, 1.0)"
)
_UPDATE_STATE = (
    f"UPDATE item_state SET {', '.join(f'{c} = :{c}' for c in _STATE_COLUMNS)} "
    "WHERE learner_id = :learner_id AND item_id = :item_id"
)


def write_state(conn: Connection, learner_id: int, item_id: int, before: StateRow | None, after: StateRow | None) -> None:
    """Replace an item's state row (`before` as read, `after` as wanted; None means no row)."""
    key = {"learner_id": learner_id, "item_id": item_id}
    if after is None:
        if before is not None:
            fetch(conn, "DELETE FROM item_state WHERE learner_id = :learner_id AND item_id = :item_id", key)
    else:
        fetch(conn, _INSERT_STATE if before is None else _UPDATE_STATE, {**key, **after.values()})


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


def record(conn: Connection, learner_id: int, answer: Answer, before: StateRow | None, after: StateRow) -> int:
    """Append the review log row, add it to the hourly summary and store the new state; returns
    the log row's id."""
    state = before.memory.state if before is not None else NEW
    elapsed = answer.at - before.memory.last_review if before is not None and before.memory.last_review is not None else None
    duration = max(0, answer.duration_ms)
    ((review_id,),) = fetch(
        conn,
        "INSERT INTO review (learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state, elapsed) "
        "VALUES (:learner, :item, :at, :rating, :duration, :auto, :state, :elapsed) RETURNING id",
        {"learner": learner_id, "item": answer.item_id, "at": answer.at, "rating": answer.rating,
         "duration": duration, "auto": answer.auto_graded, "state": state, "elapsed": elapsed},
    )
    fetch(conn, _SUMMARY_ADD, {"learner": learner_id, "deck": after.deck_id, "hour": answer.at // 3600, "state": state,
                               "bucket": bucket(elapsed), "count": 1, "recalled": int(answer.rating > 1), "duration": duration})
    write_state(conn, learner_id, answer.item_id, before, after)
    return int(review_id)


def _unsummarize(conn: Connection, review_id: int) -> None:
    """Take a review out of the hourly summary before its row is deleted."""
    rows = fetch(conn, "SELECT r.learner_id, i.deck_id, r.reviewed_at, r.state, r.elapsed, r.rating, r.duration_ms "
                       "FROM review AS r JOIN item AS i ON i.id = r.item_id WHERE r.id = :id", {"id": review_id})
    for learner_id, deck_id, at, state, elapsed, rating, duration in rows:
        fetch(conn, _SUMMARY_ADD, {"learner": learner_id, "deck": deck_id, "hour": at // 3600, "state": state, "bucket": bucket(elapsed),
                                   "count": -1, "recalled": -int(rating > 1), "duration": -duration})
        fetch(conn, "DELETE FROM review_hour WHERE reviews = 0 AND learner_id = :learner AND deck_id = :deck AND hour = :hour",
              {"learner": learner_id, "deck": deck_id, "hour": at // 3600})


def rebuild_summary(conn: Connection) -> None:
    """Recompute review_hour from the review log (after bulk loads that bypass `record`)."""
    cases = " ".join(f"WHEN r.elapsed < {limit} THEN {i}" for i, (_, limit) in enumerate(BUCKETS) if limit is not None)
    fetch(conn, "DELETE FROM review_hour")
    fetch(conn, f"""INSERT INTO review_hour (learner_id, deck_id, hour, state, bucket, reviews, recalled, duration_ms)
                    SELECT r.learner_id, i.deck_id, r.reviewed_at / 3600, r.state,
                           CASE WHEN r.elapsed IS NULL THEN -1 {cases} ELSE {len(BUCKETS) - 1} END,
                           count(*), sum(CASE WHEN r.rating > 1 THEN 1 ELSE 0 END), sum(r.duration_ms)
                    FROM review AS r JOIN item AS i ON i.id = r.item_id
                    GROUP BY 1, 2, 3, 4, 5""")


def undo(store: Store, change: Undo) -> None:
    """Restore every row a change touched exactly as it was, and remove its log row."""
    with store.write() as conn:
        current = read_states(conn, change.learner_id, change.before)
        for item_id, before in change.before.items():
            write_state(conn, change.learner_id, item_id, current[item_id], before)
        if change.review_id is not None:
            _unsummarize(conn, change.review_id)
            fetch(conn, "DELETE FROM review WHERE id = :id", {"id": change.review_id})


def history(conn: Connection, learner_id: int, item_id: int) -> list[dict[str, int | bool]]:
    """Every answer a learner gave to an item, oldest first."""
    r = Review.__table__.c  # type: ignore[attr-defined]
    rows = conn.execute(
        select(r.id, r.reviewed_at, r.rating, r.duration_ms, r.auto_graded, r.state)
        .where(r.learner_id == learner_id, r.item_id == item_id)
        .order_by(r.reviewed_at, r.id)
    )
    return [dict(row._mapping) for row in rows]
