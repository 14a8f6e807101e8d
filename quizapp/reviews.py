"""Writing a learner's answers and item states: one transaction per change, undoable exactly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from quizapp.models import NEW, Item, Review
from quizapp.scheduling import Memory
from quizapp.store import Store, fetch

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

    def values(self) -> dict[str, object]:
        """Column values for the item_state table."""
        m = self.memory
        return {"state": m.state, "step": m.step, "stability": m.stability, "difficulty": m.difficulty, "due": m.due,
                "last_review": m.last_review, "reps": m.reps, "lapses": m.lapses, "deck_id": self.deck_id,
                "suspended": self.suspended, "buried_until": self.buried_until, "flagged": self.flagged, "leech": self.leech}


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


_STATE_COLUMNS = (*_MEMORY_FIELDS, "deck_id", "suspended", "buried_until", "flagged", "leech")


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
            )
    return found


_INSERT_STATE = (
    f"INSERT INTO item_state (learner_id, item_id, {', '.join(_STATE_COLUMNS)}, retired) "
    f"VALUES (:learner_id, :item_id, {', '.join(':' + c for c in _STATE_COLUMNS)}, false)"
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


def record(conn: Connection, learner_id: int, answer: Answer, before: StateRow | None, after: StateRow) -> int:
    """Append the review log row and store the new state; returns the log row's id."""
    ((review_id,),) = fetch(
        conn,
        "INSERT INTO review (learner_id, item_id, reviewed_at, rating, duration_ms, auto_graded, state, elapsed) "
        "VALUES (:learner, :item, :at, :rating, :duration, :auto, :state, :elapsed) RETURNING id",
        {"learner": learner_id, "item": answer.item_id, "at": answer.at, "rating": answer.rating,
         "duration": max(0, answer.duration_ms), "auto": answer.auto_graded, "state": before.memory.state if before is not None else NEW,
         "elapsed": answer.at - before.memory.last_review if before is not None and before.memory.last_review is not None else None},
    )
    write_state(conn, learner_id, answer.item_id, before, after)
    return int(review_id)


def undo(store: Store, change: Undo) -> None:
    """Restore every row a change touched exactly as it was, and remove its log row."""
    with store.write() as conn:
        current = read_states(conn, change.learner_id, change.before)
        for item_id, before in change.before.items():
            write_state(conn, change.learner_id, item_id, current[item_id], before)
        if change.review_id is not None:
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
