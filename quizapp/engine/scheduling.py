"""FSRS-6 scheduling through py-fsrs, with fuzz that is reproducible per item and repetition."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs
import fsrs.scheduler

from quizapp.engine.settings import Settings
from quizapp.engine.states import NEW

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4
RATINGS = (AGAIN, HARD, GOOD, EASY)
RATING_NAMES = {AGAIN: "Again", HARD: "Hard", GOOD: "Good", EASY: "Easy"}
_RATING = {rating: fsrs.Rating(rating) for rating in RATINGS}

# py-fsrs draws fuzz from the module-level random(); we swap in a seeded generator for the
# duration of one review, under a lock so concurrent reviews cannot see each other's seed.
_FUZZ_LOCK = threading.Lock()


@dataclass(frozen=True)
class Memory:
    """An item's scheduling state, independent of the database (instants in epoch seconds)."""

    state: int = NEW
    step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: int = 0
    last_review: int | None = None
    reps: int = 0
    lapses: int = 0


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


class _SeededScheduler(fsrs.Scheduler):
    """py-fsrs with its fuzz drawn from a generator seeded by item id and repetition."""

    seed: int = 0

    def _get_fuzzed_interval(self, *, interval: timedelta) -> timedelta:
        namespace = vars(fsrs.scheduler)  # py-fsrs calls its module-level random() for fuzz
        original = namespace["random"]
        namespace["random"] = random.Random(self.seed).random
        try:
            return super()._get_fuzzed_interval(interval=interval)
        finally:
            namespace["random"] = original


class Scheduler:
    """Computes the next state of an item for a rating; never touches the database."""

    def __init__(self, settings: Settings, *, fuzz: bool | None = None) -> None:
        kwargs = {"parameters": tuple(settings.parameters)} if settings.parameters else {}
        self._fsrs = _SeededScheduler(
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_deltas(),
            relearning_steps=settings.relearning_deltas(),
            maximum_interval=settings.maximum_interval,
            enable_fuzzing=settings.fuzz if fuzz is None else fuzz,
            **kwargs,
        )

    @property
    def parameters(self) -> tuple[float, ...]:
        """The FSRS parameters in use."""
        return tuple(self._fsrs.parameters)

    def review(self, item_id: int, memory: Memory, rating: int, at: int) -> Memory:
        """The state after answering `rating` at instant `at`."""
        (after,) = self._review(item_id, memory, (rating,), at)
        lapsed = memory.state == fsrs.State.Review and rating == AGAIN
        return Memory(
            state=int(after.state),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=max(_seconds(after.due), at + 1),
            last_review=at,
            reps=memory.reps + 1,
            lapses=memory.lapses + (1 if lapsed else 0),
        )

    def preview(self, item_id: int, memory: Memory, at: int) -> dict[int, int]:
        """For each rating, the wait in seconds until the item would be due again (as `review`
        would schedule it: one card and one seed serve the four)."""
        cards = self._review(item_id, memory, RATINGS, at)
        return {rating: max(_seconds(card.due), at + 1) - at for rating, card in zip(RATINGS, cards, strict=True)}

    def _review(self, item_id: int, memory: Memory, ratings: tuple[int, ...], at: int) -> list[fsrs.Card]:
        card, when = self._card(item_id, memory, at), _utc(at)
        with _FUZZ_LOCK:
            self._fsrs.seed = item_id * 1_000_003 + memory.reps
            return [self._fsrs.review_card(card, _RATING[rating], review_datetime=when)[0] for rating in ratings]

    def retrievability(self, memory: Memory, at: int) -> float | None:
        """The probability of recalling the item at `at`, or None for an unstudied item."""
        if memory.state == NEW or memory.stability is None or memory.last_review is None:
            return None
        return float(self._fsrs.get_card_retrievability(self._card(0, memory, at), current_datetime=_utc(at)))

    def curve(self) -> tuple[float, float]:
        """FSRS-6's forgetting curve R(t) = (1 + factor·t/S)^decay, as (factor, decay)."""
        decay = -self._fsrs.parameters[20]
        return 0.9 ** (1 / decay) - 1, decay

    def recall(self, stability: float | None, last_review: int | None, at: int) -> float:
        """Recall probability from stability and last review alone: py-fsrs's formula (whole days
        elapsed) without building a card, for statistics over many items. 0 when never studied."""
        if not stability or last_review is None:
            return 0.0
        factor, decay = self.curve()
        days = max(0, (at - last_review) // 86400)
        return float((1 + factor * days / stability) ** decay)

    def recall_horizon(self, retention: float) -> float:
        """How long, in units of stability, recall stays at or above `retention`.

        FSRS-6 forgets as R(t) = (1 + f·t/S)^-d, so R >= r while t <= S·(r^(-1/d) - 1)/f: the
        statistics use this to count well-known items in SQL without computing R per item.
        """
        factor, decay = self.curve()
        return float((retention ** (1 / decay) - 1) / factor)

    def _card(self, item_id: int, memory: Memory, at: int) -> fsrs.Card:
        if memory.state == NEW:
            # card_id given: without one py-fsrs sleeps a millisecond to make a unique id.
            return fsrs.Card(card_id=item_id, due=_utc(at))
        return fsrs.Card(
            card_id=item_id,
            state=fsrs.State(memory.state),
            step=memory.step,
            stability=memory.stability,
            difficulty=memory.difficulty,
            due=_utc(memory.due),
            last_review=_utc(memory.last_review) if memory.last_review is not None else None,
        )


def format_wait(seconds: int) -> str:
    """A wait as the rating buttons show it: 45s, 10m, 3h, 4d, 2.5mo, 1.2y."""
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")

