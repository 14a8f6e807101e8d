"""Test data builders that need the store."""

from __future__ import annotations

from sqlalchemy import select

from quizapp.engine.scheduling import GOOD, Memory
from quizapp.store.answers import Answer, record
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow, read_states
from quizapp.store.models import Item
from tests.helpers import profile


def record_some_answers(store: Store, learner_name: str, count: int, start: int = 1_700_000_000) -> list[int]:
    """Answer the first `count` items Good, a day apart; returns the item ids."""
    learner = profile(store, learner_name)
    assert learner.id is not None
    with store.read() as conn:
        items = conn.execute(select(Item.id, Item.deck_id).order_by(Item.id).limit(count)).all()  # type: ignore[arg-type]
    for n, (item_id, deck_id) in enumerate(items):
        at = start + n * 86400
        with store.write() as conn:
            before = read_states(conn, learner.id, [item_id])[item_id]
            after = StateRow(Memory(state=2, stability=2.5, difficulty=5.0, due=at + 2 * 86400, last_review=at, reps=1), deck_id=deck_id)
            record(conn, learner.id, Answer(item_id, GOOD, at, 2000, False), before, after)
    return [item_id for item_id, _ in items]
