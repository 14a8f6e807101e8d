"""Which items a quiz or a cram round draws from."""

from __future__ import annotations

from collections.abc import Sequence

from quizapp.engine.scheduling import AGAIN
from quizapp.store.database import Store
from quizapp.store.sql import fetch


def _in(ids: Sequence[int]) -> str:
    return ",".join(str(int(i)) for i in ids) or "NULL"  # our own integers, inlined


def deck_items(store: Store, deck_ids: Sequence[int], *, available_to: int | None = None) -> list[tuple[int, int]]:
    """(item id, card id) of every active item of the decks, by item id; with `available_to`, only
    the items that learner has not suspended."""
    with store.driver_read() as conn:
        if available_to is None:
            rows = fetch(conn, f"SELECT id, card_id FROM item WHERE deck_id IN ({_in(deck_ids)}) AND retired = false ORDER BY id")
        else:
            rows = fetch(conn, f"""SELECT i.id, i.card_id FROM item AS i
                                  JOIN item_state AS s ON s.item_id = i.id AND s.learner_id = :learner
                                  WHERE i.deck_id IN ({_in(deck_ids)}) AND i.retired = false AND s.suspended = false
                                  ORDER BY i.id""", {"learner": available_to})
    return [(int(r[0]), int(r[1])) for r in rows]


def leech_items(store: Store, learner_id: int, deck_ids: Sequence[int]) -> list[int]:
    """Active items of the decks that are a learner's leeches, by item id."""
    with store.driver_read() as conn:
        rows = fetch(conn, f"""SELECT i.id FROM item AS i JOIN item_state AS s ON s.item_id = i.id AND s.learner_id = :learner
                              WHERE i.deck_id IN ({_in(deck_ids)}) AND i.retired = false AND s.leech ORDER BY i.id""",
                     {"learner": learner_id})
    return [int(r[0]) for r in rows]


def failed_items(store: Store, learner_id: int, deck_ids: Sequence[int], since: int) -> list[int]:
    """Active items of the decks that a learner rated Again at or after `since`, by item id."""
    with store.driver_read() as conn:
        rows = fetch(conn, f"""SELECT i.id FROM item AS i WHERE i.deck_id IN ({_in(deck_ids)}) AND i.retired = false
                              AND i.id IN (SELECT item_id FROM review WHERE learner_id = :learner AND reviewed_at >= :since
                                           AND rating = {AGAIN}) ORDER BY i.id""",
                     {"learner": learner_id, "since": since})
    return [int(r[0]) for r in rows]
