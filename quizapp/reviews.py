"""Writing a learner's answers and item states: one transaction per change, undoable exactly."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, delete, insert, select, update

from quizapp.models import NEW, Item, ItemState, Review
from quizapp.scheduling import Memory
from quizapp.store import Store

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
        return {**asdict(self.memory), "deck_id": self.deck_id, "suspended": self.suspended,
                "buried_until": self.buried_until, "flagged": self.flagged, "leech": self.leech}


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


def read_states(conn: Connection, learner_id: int, item_ids: Iterable[int]) -> dict[int, StateRow | None]:
    """The stored state of each item for a learner (None where the item is new and untouched)."""
    ids = list(dict.fromkeys(item_ids))
    s = ItemState.__table__.c  # type: ignore[attr-defined]
    found: dict[int, StateRow | None] = dict.fromkeys(ids)
    for start in range(0, len(ids), 900):
        rows = conn.execute(select(ItemState.__table__).where(s.learner_id == learner_id, s.item_id.in_(ids[start : start + 900])))
        for r in rows:
            found[r.item_id] = StateRow(
                memory=Memory(**{name: getattr(r, name) for name in _MEMORY_FIELDS}),
                deck_id=r.deck_id,
                suspended=bool(r.suspended),
                buried_until=int(r.buried_until),
                flagged=bool(r.flagged),
                leech=bool(r.leech),
            )
    return found


def item_decks(conn: Connection, item_ids: Iterable[int]) -> dict[int, int]:
    """The deck of each item."""
    i = Item.__table__.c  # type: ignore[attr-defined]
    ids = list(item_ids)
    return dict(conn.execute(select(i.id, i.deck_id).where(i.id.in_(ids))).all()) if ids else {}


def write_state(conn: Connection, learner_id: int, item_id: int, before: StateRow | None, after: StateRow | None) -> None:
    """Replace an item's state row (`before` as read, `after` as wanted; None means no row)."""
    s = ItemState.__table__.c  # type: ignore[attr-defined]
    if after is None:
        if before is not None:
            conn.execute(delete(ItemState).where(s.learner_id == learner_id, s.item_id == item_id))
    elif before is None:
        conn.execute(insert(ItemState).values(learner_id=learner_id, item_id=item_id, **after.values()))
    else:
        conn.execute(update(ItemState).where(s.learner_id == learner_id, s.item_id == item_id).values(**after.values()))


def record(conn: Connection, learner_id: int, answer: Answer, before: StateRow | None, after: StateRow) -> int:
    """Append the review log row and store the new state; returns the log row's id."""
    state_before = before.memory.state if before is not None else NEW
    review_id = conn.execute(
        insert(Review)
        .values(
            learner_id=learner_id,
            item_id=answer.item_id,
            reviewed_at=answer.at,
            rating=answer.rating,
            duration_ms=max(0, answer.duration_ms),
            auto_graded=answer.auto_graded,
            state=state_before,
        )
        .returning(Review.id)  # type: ignore[arg-type]
    ).scalar_one()
    write_state(conn, learner_id, answer.item_id, before, after)
    return int(review_id)


def undo(store: Store, change: Undo) -> None:
    """Restore every row a change touched exactly as it was, and remove its log row."""
    with store.write() as session:
        conn = session.connection()
        current = read_states(conn, change.learner_id, change.before)
        for item_id, before in change.before.items():
            write_state(conn, change.learner_id, item_id, current[item_id], before)
        if change.review_id is not None:
            conn.execute(delete(Review).where(Review.id == change.review_id))  # type: ignore[arg-type]


def history(conn: Connection, learner_id: int, item_id: int) -> list[dict[str, int | bool]]:
    """Every answer a learner gave to an item, oldest first."""
    r = Review.__table__.c  # type: ignore[attr-defined]
    rows = conn.execute(
        select(r.id, r.reviewed_at, r.rating, r.duration_ms, r.auto_graded, r.state)
        .where(r.learner_id == learner_id, r.item_id == item_id)
        .order_by(r.reviewed_at, r.id)
    )
    return [dict(row._mapping) for row in rows]
