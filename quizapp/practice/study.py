"""A study session: today's queue, one item at a time, every answer committed before the next.

The session holds only the queue in memory; each answer (its review log row and the item's new
state, with any siblings buried) is written in one transaction before the next item is returned,
so a crash loses at most the answer being given. Answers can be undone one by one.
"""

from __future__ import annotations

import heapq
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, partial

from quizapp.cards import Prompt, prompt_for, prompt_seed
from quizapp.cards.item import ItemView
from quizapp.engine.answers import Grade
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import AGAIN, Memory, Scheduler
from quizapp.engine.settings import Settings
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.engine.studyday import DayClock, StudyDay
from quizapp.practice import exam
from quizapp.store import answers, catalog, counts, queue
from quizapp.store.answers import Answer, Undo
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow
from quizapp.store.queue import Queued, spread

Clock = Callable[[], float]


@dataclass(frozen=True)
class StudyItem:
    """An item ready to show: its card, prompt, current memory and what each rating would do."""

    view: ItemView
    prompt: Prompt
    kind: int  # NEW, LEARNING, REVIEW or RELEARNING
    memory: Memory
    flagged: bool
    preview: Callable[[], dict[int, int]] = field(default=dict, repr=False, compare=False)

    @cached_property
    def intervals(self) -> dict[int, int]:
        """Rating -> seconds until due again. Computed when the ratings are shown, not for every
        item loaded: FSRS run four times was a fifth of answer + next (issue 15)."""
        return self.preview()

    @property
    def item_id(self) -> int:
        """The item's id."""
        return self.view.item_id

    @property
    def auto_graded(self) -> bool:
        """True when the engine grades this prompt (everything but reveal prompts)."""
        return not self.prompt.self_graded


@dataclass(frozen=True)
class Outcome:
    """What an answer did."""

    rating: int
    memory: Memory
    leech: bool  # the item just became a leech and was suspended
    buried_siblings: int


@dataclass(frozen=True)
class Progress:
    """Where the session stands."""

    done: int
    remaining: int
    new: int
    learning: int
    due: int


@dataclass(frozen=True)
class Summary:
    """The end-of-session summary."""

    studied: int  # answers given (an item failed and seen again counts twice)
    correct: int
    seconds: float
    due_tomorrow: int
    later_today: int  # learning items that come back later today
    items: int = 0  # distinct items answered
    new_held: int = 0  # new items of these decks left for another day by the daily new limit

    @property
    def answers(self) -> int:
        """Answers given: the same as `studied`, named for what it counts."""
        return self.studied

    @property
    def accuracy(self) -> float | None:
        """Share of answers that were right (as quizapp.store.counts.right_answer counts them), None when nothing was studied."""
        return self.correct / self.studied if self.studied else None


@dataclass(frozen=True)
class Waiting:
    """Only learning items are left and none is due yet: they come back later (as in Anki, the
    learner may wait for them or stop, rather than see the same card again and again)."""

    count: int  # learning items still to come back today
    next_due: int  # when the first of them is due

    def seconds_left(self, now: int) -> int:
        """Seconds until the first comes back (never below 0)."""
        return max(0, self.next_due - now)


class _Queue:
    """Today's items in memory: the main line (reviews and new, in order, read from `pos` on) and
    the learning items, kept in a heap by due time. Removal is lazy: dropped items are skipped when
    reached. Every change is journaled, so undo rolls back to a mark at a cost of the changes since
    it, not of the queue's size (a copy of the queue per answer cost 1-2 ms with 9,000 learning
    items, at a million)."""

    def __init__(self, main: list[Queued], learning: list[Queued]) -> None:
        self.main = main
        self.pos = 0
        self.learning: dict[int, Queued] = {q.item_id: q for q in learning}
        self.heap: list[tuple[int, int]] = [(q.due, q.item_id) for q in learning]
        heapq.heapify(self.heap)
        self.gone: set[int] = set()
        # (item id, its learning entry before the change, whether the change added it to `gone`)
        self._journal: list[tuple[int, Queued | None, bool]] = []

    def mark(self) -> tuple[int, int]:
        """Where the queue stands now, for `rollback`."""
        return len(self._journal), self.pos

    def rollback(self, mark: tuple[int, int]) -> None:
        """Undo every change made since `mark`. Each learning entry put back gets a heap entry
        again (those of the undone entries go stale and are skipped), so every learning entry
        keeps one in the heap."""
        length, self.pos = mark
        while len(self._journal) > length:
            item_id, before, added = self._journal.pop()
            if added:
                self.gone.discard(item_id)
            if before is None:
                self.learning.pop(item_id, None)
            else:
                self.learning[item_id] = before
                heapq.heappush(self.heap, (before.due, item_id))

    def soonest_learning(self) -> Queued | None:
        while self.heap:
            due, item_id = self.heap[0]
            queued = self.learning.get(item_id)
            if queued is not None and queued.due == due:
                return queued
            heapq.heappop(self.heap)  # stale: answered again or dropped
        return None

    def head(self) -> Queued | None:
        while self.pos < len(self.main) and self.main[self.pos].item_id in self.gone:
            self.pos += 1
        return self.main[self.pos] if self.pos < len(self.main) else None

    def pick(self, now: int, *, ahead: bool = False) -> Queued | None:
        """Learning due now, else the main line, else (only when asked: `ahead`) the learning item
        due soonest. Without `ahead`, learning items not yet due wait: see StudySession.waiting."""
        soonest = self.soonest_learning()
        if soonest is not None and soonest.due <= now:
            return soonest
        head = self.head()
        if head is not None:
            return head
        if ahead and soonest is not None:
            return soonest
        return None

    def drop(self, item_id: int) -> None:
        self._journal.append((item_id, self.learning.pop(item_id, None), item_id not in self.gone))
        self.gone.add(item_id)

    def add_learning(self, queued: Queued) -> None:
        self._journal.append((queued.item_id, self.learning.get(queued.item_id), False))
        self.learning[queued.item_id] = queued
        heapq.heappush(self.heap, (queued.due, queued.item_id))

    def waiting(self) -> tuple[int, int, int]:
        """Remaining (new, learning, due) counts."""
        kinds = [q.kind for q in self.main[self.pos :] if q.item_id not in self.gone]
        return kinds.count(NEW), len(self.learning), kinds.count(REVIEW)


@dataclass
class _Snapshot:
    """Session bookkeeping before an answer, restored by undo."""

    mark: tuple[int, int]  # where the queue stood (see _Queue.mark)
    current: Queued | None
    studied: int
    correct: int
    seconds: float
    items: frozenset[int]


@dataclass
class _Step:
    change: Undo
    snapshot: _Snapshot


@dataclass
class _Tally:
    studied: int = 0
    correct: int = 0
    seconds: float = 0.0
    items: set[int] = field(default_factory=set)  # distinct items answered
    history: list[_Step] = field(default_factory=list)


def given_json(prompt: Prompt, response: object) -> str:
    """The answer given as the review log keeps it: JSON text, non-ASCII kept readable."""
    return json.dumps(prompt.given(response), ensure_ascii=False)


def schedule_answer(scheduler: Scheduler, settings: Settings, item_id: int, rating: int) -> Callable[[StateRow, int], StateRow]:
    """The rule for an item's new state after an answer at an instant: FSRS's next memory state, a
    failure counted on Again, and the item tagged leech and suspended when it lapses too often."""

    def schedule(before: StateRow, at: int) -> StateRow:
        memory = scheduler.review(item_id, before.memory, rating, at)
        after = replace(before, memory=memory, fails=before.fails + (rating == AGAIN))
        if memory.lapses >= settings.leech_threshold and memory.lapses > before.memory.lapses:
            after = replace(after, leech=True, suspended=True)
        return after

    return schedule


def commit_answer(
    store: Store, scheduler: Scheduler, settings: Settings, learner_id: int, view: ItemView, answer: Answer, day: StudyDay
) -> tuple[Outcome, Undo, list[int]]:
    """Schedule and record one answer in one transaction (see store.answers.commit_answer): the
    log row, the new state, a leech suspended, and the item's siblings buried until tomorrow."""
    after, change, siblings = answers.commit_answer(
        store,
        learner_id,
        view.item_id,
        view.card_id,
        view.deck_id,
        answer,
        schedule_answer(scheduler, settings, view.item_id, answer.rating),
        day.end,
    )
    before = change.before[view.item_id]
    lapses_before = before.memory.lapses if before is not None else 0
    leech = after.memory.lapses >= settings.leech_threshold and after.memory.lapses > lapses_before
    kept_steps = {s for s in siblings if (row := change.before[s]) is not None and row.memory.state in (LEARNING, RELEARNING)}
    buried = len(siblings) - len(kept_steps)
    return Outcome(answer.rating, after.memory, leech, buried), change, siblings


class StudySession:
    """Today's queue for some decks (all when `decks` is None), answered one item at a time."""

    UNDO_DEPTH = 50

    def __init__(
        self,
        store: Store,
        profile: Profile,
        decks: Sequence[str] | None = None,
        *,
        clock: Clock = time.time,
        fuzz: bool | None = None,
    ) -> None:
        self.store = store
        self.profile = profile
        self.learner_id = profile.id
        self.settings: Settings = profile.settings
        self.scheduler = Scheduler(self.settings, fuzz=fuzz)
        self.day_clock = DayClock(self.settings.zone(), self.settings.day_starts_at)
        self.clock = clock
        self._tally = _Tally()
        self._current: Queued | None = None
        self._graded: tuple[int, str, bool] | None = None  # item id, answer given (JSON), graded right
        self.deck_ids = queue.deck_ids(store, decks)
        self._build()

    # -- the queue ---------------------------------------------------------------------------

    def _now(self) -> int:
        return int(self.clock())

    def _day(self) -> StudyDay:
        return self.day_clock.day_of(self._now())

    def _build(self) -> None:
        now = self._now()
        ahead = exam.ahead(self.store, self.profile, self.deck_ids, self.scheduler, self.day_clock, now)
        today = queue.todays_queue(self.store, self.learner_id, self.deck_ids, self.settings, self.day_clock.day_of(now), now,
                                   ahead)
        self._queue = _Queue(spread(today.reviews, today.new), today.learning)

    def next(self, *, ahead: bool = False) -> StudyItem | None:
        """The item to study now, or None when nothing is due now: the session is over, or only
        learning items not yet due are left (see `waiting`). With `ahead`, the learning item due
        soonest is shown early instead of waiting for it."""
        while True:
            queued = self._queue.pick(self._now(), ahead=ahead)
            self._current = queued
            if queued is None:
                return None
            item = self._load(queued)
            if item is not None:
                return item
            self._drop(queued.item_id)  # suspended, buried or retired since the queue was built

    def _load(self, queued: Queued) -> StudyItem | None:
        now = self._now()
        view, state = catalog.item_with_state(self.store, self.learner_id, queued.item_id)
        if view is None or view.retired or (state is not None and (state.suspended or state.buried_until > now)):
            return None
        memory = state.memory if state is not None else Memory()
        prompt = prompt_for(view.card, view.item_key, prompt_seed(self.learner_id, queued.item_id, memory.reps))
        return StudyItem(view, prompt, memory.state, memory, state.flagged if state else False,
                         partial(self.scheduler.preview, queued.item_id, memory, now))

    def _drop(self, item_id: int) -> None:
        self._queue.drop(item_id)

    def _snapshot(self) -> _Snapshot:
        tally = self._tally
        return _Snapshot(self._queue.mark(), self._current, tally.studied, tally.correct, tally.seconds, frozenset(tally.items))

    # -- answering -----------------------------------------------------------------------------

    def grade(self, item: StudyItem, response: object, duration_ms: int) -> Grade:
        """Grade an auto-gradable answer with the learner's Easy threshold; the answer given and
        the grade are kept with the rating that follows (the class report reads them)."""
        grade = item.prompt.grade(response, duration_ms, self.settings.easy_seconds)
        self._graded = (item.item_id, given_json(item.prompt, response), grade.correct)
        return grade

    def answer(self, item: StudyItem, rating: int, duration_ms: int, *, auto_graded: bool = False) -> Outcome:
        """Record the answer and schedule the item; committed before this returns."""
        now = self._now()
        day = self.day_clock.day_of(now)
        snapshot = self._snapshot()
        graded, self._graded = self._graded, None
        mine = graded is not None and graded[0] == item.item_id and auto_graded
        given, correct = (graded[1], graded[2]) if graded is not None and mine else (None, None)
        outcome, change, siblings = commit_answer(
            self.store,
            self.scheduler,
            self.settings,
            self.learner_id,
            item.view,
            Answer(item.item_id, rating, now, duration_ms, auto_graded, given, correct),
            day,
        )
        # The answer is committed; now the session's own bookkeeping.
        self._tally.history.append(_Step(change, snapshot))
        del self._tally.history[: -self.UNDO_DEPTH]
        self._tally.studied += 1
        self._tally.items.add(item.item_id)
        self._tally.correct += correct if correct is not None else rating != AGAIN  # an override is wrong
        self._tally.seconds += duration_ms / 1000
        self._drop(item.item_id)
        for sibling_id in siblings:
            self._drop(sibling_id)
        memory = outcome.memory
        if memory.state in (LEARNING, RELEARNING) and memory.due < day.end and not outcome.leech:
            self._queue.add_learning(Queued(item.item_id, item.view.card_id, memory.state, memory.due))
        return outcome

    def can_undo(self) -> bool:
        """True when there is an answer (or action) of this session to undo."""
        return bool(self._tally.history)

    def undo(self) -> StudyItem | None:
        """Undo the last answer or action: the database and the queue as they were before it."""
        if not self._tally.history:
            return None
        step = self._tally.history[-1]
        answers.undo(self.store, step.change)  # a refused undo (read-only, disk full) stays undoable
        self._tally.history.pop()
        snap = step.snapshot
        self._queue.rollback(snap.mark)
        self._current = snap.current
        self._tally.studied, self._tally.correct, self._tally.seconds = snap.studied, snap.correct, snap.seconds
        self._tally.items = set(snap.items)
        return self.next(ahead=True)  # the undone item comes back even when it was a learning one not yet due

    # -- actions on the current item -------------------------------------------------------------

    def _act(self, item: StudyItem, change: Callable[[StateRow], StateRow]) -> StateRow:
        snapshot = self._snapshot()
        step, after = answers.change_states(self.store, self.learner_id, [item.item_id], change)
        self._tally.history.append(_Step(step, snapshot))
        return after[item.item_id]

    def suspend(self, item: StudyItem) -> None:
        """Suspend the item (it leaves every queue until unsuspended) and move on."""
        self._act(item, lambda row: replace(row, suspended=True))
        self._drop(item.item_id)

    def bury(self, item: StudyItem) -> None:
        """Hide the item until tomorrow and move on."""
        end = self._day().end
        self._act(item, lambda row: replace(row, buried_until=end))
        self._drop(item.item_id)

    def toggle_flag(self, item: StudyItem) -> bool:
        """Flag or unflag the item; returns the new flag."""
        return self._act(item, lambda row: replace(row, flagged=not row.flagged)).flagged

    # -- where we stand ----------------------------------------------------------------------------

    def progress(self) -> Progress:
        """Done and remaining counts, remaining split by kind."""
        new, learning, due = self._queue.waiting()
        return Progress(self._tally.studied, new + learning + due, new, learning, due)

    def waiting(self) -> Waiting | None:
        """When nothing is due now but learning items come back later today: how many, and when
        the first does. None while something is due, or once nothing is left today."""
        if self._queue.pick(self._now()) is not None:
            return None
        soonest = self._queue.soonest_learning()
        if soonest is None:
            return None
        return Waiting(len(self._queue.learning), soonest.due)

    def summary(self) -> Summary:
        """Items and answers, accuracy, time, what comes due tomorrow and what comes back today."""
        day = self._day()
        tomorrow = self.day_clock.day_of(day.end)
        due_tomorrow = queue.due_between(self.store, self.learner_id, self.deck_ids, tomorrow.start, tomorrow.end)
        later = sum(1 for q in self._queue.learning.values() if q.due < day.end)
        tally = self._tally
        now = self._now()
        with self.store.driver_read() as conn:
            left = self.settings.new_per_day - counts.done_today(conn, self.learner_id, day).new
        held = queue.new_waiting(self.store, self.learner_id, self.deck_ids, now) if left <= 0 else 0
        return Summary(tally.studied, tally.correct, tally.seconds, due_tomorrow, later, len(tally.items), held)
