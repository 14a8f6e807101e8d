"""Cram: practise a deck, a tag, leeches, today's failures or a given set of items, without
touching the schedule. Wrong answers come back at the end of the round until they are right."""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, and_, false, select

from quizapp.cards import prompt_for
from quizapp.engine import settings as config
from quizapp.engine.answers import Grade
from quizapp.engine.scheduling import AGAIN, Memory
from quizapp.engine.studyday import DayClock
from quizapp.errors import NotFoundError
from quizapp.practice.study import StudyItem
from quizapp.store.answers import read_states
from quizapp.store.catalog import item_views
from quizapp.store.database import Store
from quizapp.store.models import Item, ItemState, Learner, Review
from quizapp.store.queue import deck_ids

CramMode = Literal["all", "leeches", "failed-today"]


@dataclass(frozen=True)
class CramProgress:
    """Items right at least once, items still to get right, answers given."""

    mastered: int
    remaining: int
    answers: int


class CramSession:
    """A practice round over chosen items; nothing is written to the database."""

    def __init__(self, store: Store, learner: Learner, decks: Sequence[str] | None = None, *, tag: str | None = None,
                 mode: CramMode = "all", item_ids: Sequence[int] | None = None, seed: int = 0,
                 clock: object = time.time) -> None:
        assert learner.id is not None
        self.store = store
        self.learner_id = learner.id
        self.settings = config.load(learner.settings)
        self.clock = clock
        with store.read() as conn:
            ids = list(item_ids) if item_ids is not None else self._select(conn, decks, tag, mode)
            self._views = item_views(conn, ids)
            self._states = read_states(conn, self.learner_id, ids)
        order = [i for i in ids if i in self._views and not self._views[i].retired]
        if not order:
            raise NotFoundError("nothing to cram with that choice")
        random.Random(seed).shuffle(order)
        self._queue: deque[int] = deque(order)
        self._mastered: set[int] = set()
        self._answers = 0
        self._seed = seed

    def _select(self, conn: Connection, decks: Sequence[str] | None, tag: str | None, mode: CramMode) -> list[int]:
        i = Item.__table__.c  # type: ignore[attr-defined]
        s = ItemState.__table__.c  # type: ignore[attr-defined]
        r = Review.__table__.c  # type: ignore[attr-defined]
        query = select(i.id).where(i.deck_id.in_(deck_ids(conn, decks)), i.retired == false())
        if mode == "leeches":
            query = query.join(ItemState, and_(s.item_id == i.id, s.learner_id == self.learner_id)).where(s.leech.is_(True))
        elif mode == "failed-today":
            now = int(self.clock())  # type: ignore[operator]
            day = DayClock(self.settings.zone(), self.settings.day_starts_at).day_of(now)
            failed = select(r.item_id).where(r.learner_id == self.learner_id, r.reviewed_at >= day.start, r.rating == AGAIN)
            query = query.where(i.id.in_(failed))
        ids = [row[0] for row in conn.execute(query.order_by(i.id))]
        if tag is not None:
            views = item_views(conn, ids)
            ids = [item_id for item_id in ids if tag in views[item_id].tags]
        return ids

    def next(self) -> StudyItem | None:
        """The next item to practise, or None when every item has been answered right."""
        if not self._queue:
            return None
        item_id = self._queue[0]
        view = self._views[item_id]
        state = self._states.get(item_id)
        memory = state.memory if state is not None else Memory()
        prompt = prompt_for(view.card, view.item_key, self._seed + item_id + self._answers)
        return StudyItem(view, prompt, memory.state, memory, {}, state.flagged if state else False)

    def grade(self, item: StudyItem, response: object, duration_ms: int) -> Grade:
        """Grade an auto-gradable answer."""
        return item.prompt.grade(response, duration_ms, self.settings.easy_seconds)

    def answer(self, item: StudyItem, rating: int, duration_ms: int = 0, *, auto_graded: bool = False) -> None:
        """Count the answer: right ones leave the round, wrong ones come back at its end.

        Same signature as StudySession.answer; nothing is written."""
        self._answers += 1
        if self._queue and self._queue[0] == item.item_id:
            self._queue.popleft()
        if rating == AGAIN:
            self._queue.append(item.item_id)
        else:
            self._mastered.add(item.item_id)

    def progress(self) -> CramProgress:
        """Where the round stands."""
        return CramProgress(len(self._mastered), len(self._queue), self._answers)
