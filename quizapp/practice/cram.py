"""Cram: practise a deck, a tag, leeches, today's failures or a given set of items, without
touching the schedule. Wrong answers come back at the end of the round until they are right."""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from quizapp.cards import prompt_for, prompt_seed
from quizapp.engine.answers import Grade
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import AGAIN, Memory
from quizapp.engine.studyday import DayClock
from quizapp.errors import NotFoundError
from quizapp.practice.study import Clock, StudyItem
from quizapp.store import catalog, selections
from quizapp.store.database import Store
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

    def __init__(self, store: Store, profile: Profile, decks: Sequence[str] | None = None, *, tag: str | None = None,
                 mode: CramMode = "all", item_ids: Sequence[int] | None = None, seed: int = 0,
                 clock: Clock = time.time) -> None:
        self.store = store
        self.learner_id = profile.id
        self.settings = profile.settings
        self.clock = clock
        ids = list(item_ids) if item_ids is not None else self._select(decks, tag, mode)
        self._views, self._states = catalog.items_with_states(store, self.learner_id, ids)
        order = [i for i in ids if i in self._views and not self._views[i].retired]
        if not order:
            raise NotFoundError("nothing to cram with that choice")
        random.Random(seed).shuffle(order)
        self._queue: deque[int] = deque(order)
        self._mastered: set[int] = set()
        self._answers = 0
        self._seed = seed

    def _select(self, decks: Sequence[str] | None, tag: str | None, mode: CramMode) -> list[int]:
        decks_ids = deck_ids(self.store, decks)
        if mode == "leeches":
            ids = selections.leech_items(self.store, self.learner_id, decks_ids)
        elif mode == "failed-today":
            day = DayClock(self.settings.zone(), self.settings.day_starts_at).day_of(int(self.clock()))
            ids = selections.failed_items(self.store, self.learner_id, decks_ids, day.start)
        else:
            ids = [item_id for item_id, _card in selections.deck_items(self.store, decks_ids)]
        if tag is not None:
            views, _ = catalog.items_with_states(self.store, self.learner_id, ids)
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
        prompt = prompt_for(view.card, view.item_key, prompt_seed(self.learner_id, item_id, self._seed + self._answers))
        return StudyItem(view, prompt, memory.state, memory, state.flagged if state else False)

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
