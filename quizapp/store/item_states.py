"""The item_state table: a learner's scheduling state of every item, read and written as StateRow.

Every learner has a row for every item, new ones included (state NEW, due = the item's deck
position), so the queue finds new items through the same index as due ones, as Anki's card table
does. The columns are listed once here; every statement that writes a row is built from them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from quizapp.engine.scheduling import Memory
from quizapp.store.sql import fetch, id_lists

MEMORY_COLUMNS = tuple(Memory.__dataclass_fields__)  # state, step, stability, difficulty, due, last_review, reps, lapses
STATE_COLUMNS = (*MEMORY_COLUMNS, "deck_id", "suspended", "buried_until", "flagged", "leech", "fails")
# Copied from the item and its card by the importer, so the queue and the mastery map read one index.
COPIED_COLUMNS = ("retired", "cite_start", "cite_end", "weight")


@dataclass(frozen=True)
class StateRow:
    """An item's stored state for one learner (an absent row reads as None)."""

    memory: Memory
    deck_id: int
    suspended: bool = False
    buried_until: int = 0
    flagged: bool = False
    leech: bool = False
    fails: int = 0  # answers rated Again, for the class's hardest cards

    def values(self) -> dict[str, object]:
        """Column values for the item_state table."""
        m = self.memory
        return {"state": m.state, "step": m.step, "stability": m.stability, "difficulty": m.difficulty, "due": m.due,
                "last_review": m.last_review, "reps": m.reps, "lapses": m.lapses, "deck_id": self.deck_id,
                "suspended": self.suspended, "buried_until": self.buried_until, "flagged": self.flagged, "leech": self.leech,
                "fails": self.fails}


def _row(r: tuple[Any, ...]) -> StateRow:
    return StateRow(memory=Memory(*r[0:8]), deck_id=r[8], suspended=bool(r[9]), buried_until=int(r[10]), flagged=bool(r[11]),
                    leech=bool(r[12]), fails=int(r[13]))


def read_states(conn: Any, learner_id: int, item_ids: Iterable[int]) -> dict[int, StateRow | None]:
    """The stored state of each item for a learner (None where there is no row)."""
    ids = list(dict.fromkeys(int(i) for i in item_ids))
    found: dict[int, StateRow | None] = dict.fromkeys(ids)
    for chunk, bound in id_lists(ids):
        rows = fetch(
            conn,
            f"SELECT item_id, {', '.join(STATE_COLUMNS)} FROM item_state WHERE learner_id = :learner AND item_id IN ({chunk})",
            {**bound, "learner": learner_id},
        )
        for r in rows:
            found[r[0]] = _row(r[1:])
    return found


_INSERT_STATE = (
    f"INSERT INTO item_state (learner_id, item_id, {', '.join(STATE_COLUMNS)}, {', '.join(COPIED_COLUMNS)}) "
    f"VALUES (:learner_id, :item_id, {', '.join(':' + c for c in STATE_COLUMNS)}, false, NULL, NULL, 1.0)"
)
@functools.cache
def _update_state(columns: tuple[str, ...]) -> str:
    return (f"UPDATE item_state SET {', '.join(f'{c} = :{c}' for c in columns)} "
            "WHERE learner_id = :learner_id AND item_id = :item_id")


def write_state(conn: Any, learner_id: int, item_id: int, before: StateRow | None, after: StateRow | None) -> None:
    """Replace an item's state row (`before` as read in the same transaction, `after` as wanted;
    None means no row).

    An update sets only the columns that changed: SQLite then leaves alone every index none of
    whose columns changed (the lapse and leech lists' partial indexes on most answers)."""
    key = {"learner_id": learner_id, "item_id": item_id}
    if after is None:
        if before is not None:
            fetch(conn, "DELETE FROM item_state WHERE learner_id = :learner_id AND item_id = :item_id", key)
    elif before is None:
        fetch(conn, _INSERT_STATE, {**key, **after.values()})
    else:
        old, new = before.values(), after.values()
        changed = {c: v for c, v in new.items() if v != old[c] or type(v) is not type(old[c])}
        if changed:
            fetch(conn, _update_state(tuple(changed)), {**key, **changed})


# A new item's row: NEW, due at its deck position, nothing else known yet. `i` is the item, `c`
# its card; the weight makes each card count once in the mastery map.
_NEW_VALUES = {
    "state": "0",
    "step": "NULL",
    "stability": "NULL",
    "difficulty": "NULL",
    "due": "i.position",
    "last_review": "NULL",
    "reps": "0",
    "lapses": "0",
    "deck_id": "i.deck_id",
    "suspended": "false",
    "buried_until": "0",
    "flagged": "false",
    "leech": "false",
    "fails": "0",
    "retired": "i.retired",
    "cite_start": "c.quote_start",
    "cite_end": "c.quote_end",
    "weight": "coalesce(1.0 / NULLIF((SELECT count(*) FROM item AS j WHERE j.card_id = i.card_id AND j.retired = false), 0),"
              " 1.0)",
}
_ALL_COLUMNS = (*STATE_COLUMNS, *COPIED_COLUMNS)
assert set(_NEW_VALUES) == set(_ALL_COLUMNS), "every item_state column needs a value for new rows"
_NEW_ROWS = (
    f"INSERT INTO item_state (learner_id, item_id, {', '.join(_ALL_COLUMNS)}) "
    f"SELECT {{learner}}, i.id, {', '.join(_NEW_VALUES[c] for c in _ALL_COLUMNS)} "
    "FROM item AS i JOIN card AS c ON c.id = i.card_id {join} WHERE {where}"
)

NEW_STATES_FOR_LEARNER = _NEW_ROWS.format(learner=":learner", join="", where="true")
"""Every item as new, for a learner just created (parameter :learner)."""

NEW_STATES_MISSING_FOR_LEARNER = _NEW_ROWS.format(
    learner=":learner", join="",
    where="NOT EXISTS (SELECT 1 FROM item_state AS s WHERE s.learner_id = :learner AND s.item_id = i.id)",
)
"""Every item the learner has no row for, as new (parameter :learner): a learner created without
rows (so that an import can insert their states instead of updating new ones) gets the rest."""

NEW_STATES_FOR_DECK = _NEW_ROWS.format(
    learner="l.id",
    join="CROSS JOIN learner AS l",
    where="i.deck_id = :deck AND NOT EXISTS (SELECT 1 FROM item_state AS s WHERE s.learner_id = l.id AND s.item_id = i.id)",
)
"""Every learner's missing rows for a deck's items, after an import (parameter :deck)."""


def missing_rows(conn: Any, learner_id: int, item_ids: Iterable[int]) -> dict[int, tuple[Any, ...]]:
    """For each of the items the learner has no row for, the COPIED_COLUMNS values its row takes."""
    ids = list(dict.fromkeys(int(i) for i in item_ids))
    found: dict[int, tuple[Any, ...]] = {}
    copied = ", ".join(_NEW_VALUES[c] for c in COPIED_COLUMNS)
    for chunk, bound in id_lists(ids):
        for item_id, *values in fetch(
            conn,
            f"SELECT i.id, {copied} FROM item AS i JOIN card AS c ON c.id = i.card_id WHERE i.id IN ({chunk}) "
            "AND NOT EXISTS (SELECT 1 FROM item_state AS s WHERE s.learner_id = :learner AND s.item_id = i.id)",
            {**bound, "learner": learner_id},
        ):
            found[int(item_id)] = tuple(values)
    return found
