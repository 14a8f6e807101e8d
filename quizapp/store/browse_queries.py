"""The browse screen's reads and writes: every item of a learner with its state, one in detail,
and resetting items to new."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizapp.cards.item import ItemView
from quizapp.engine.scheduling import Memory
from quizapp.store.answers import history
from quizapp.store.catalog import item_views
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow, read_states, write_state
from quizapp.store.sql import fetch


@dataclass(frozen=True)
class ItemStateSummary:
    """What the browse table lists of an item's state."""

    state: int
    due: int
    lapses: int
    reps: int
    suspended: bool
    flagged: bool
    leech: bool


def learner_items(store: Store, learner_id: int) -> list[tuple[ItemView, ItemStateSummary]]:
    """Every active item with the learner's state of it."""
    with store.read() as conn:
        rows = fetch(
            conn,
            """SELECT s.item_id, s.state, s.due, s.lapses, s.reps, s.suspended, s.flagged, s.leech
               FROM item_state AS s JOIN item AS i ON i.id = s.item_id
               WHERE s.learner_id = :learner AND i.retired = false""",
            {"learner": learner_id},
        )
        views = item_views(conn, [r[0] for r in rows])
    return [(views[r[0]], ItemStateSummary(int(r[1]), int(r[2]), int(r[3]), int(r[4]), bool(r[5]), bool(r[6]), bool(r[7])))
            for r in rows]


def item_detail(store: Store, learner_id: int, item_id: int) -> tuple[ItemView, StateRow | None, list[dict[str, int | bool]]]:
    """An item as shown, the learner's state of it and every answer they gave it."""
    with store.read() as conn:
        return (
            item_views(conn, [item_id])[item_id],
            read_states(conn, learner_id, [item_id])[item_id],
            history(conn, learner_id, item_id),
        )


def reset_items(store: Store, learner_id: int, item_ids: Sequence[int]) -> None:
    """Make items new again (their history is kept); they return in deck order."""
    ids = ",".join(str(int(i)) for i in item_ids) or "NULL"
    with store.write() as conn:
        positions = dict(fetch(conn, f"SELECT id, position FROM item WHERE id IN ({ids})"))
        for item_id, before in read_states(conn, learner_id, item_ids).items():
            if before is not None:
                write_state(
                    conn,
                    learner_id,
                    item_id,
                    before,
                    StateRow(Memory(due=positions[item_id]), before.deck_id, flagged=before.flagged),
                )
