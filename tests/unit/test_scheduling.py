"""Scheduling properties: due after the review, intervals ordered by rating, reproducible fuzz."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.engine.scheduling import AGAIN, EASY, GOOD, HARD, RATINGS, Memory, Scheduler, format_wait
from quizapp.engine.settings import Settings
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW

T0 = 1_750_000_000


@st.composite
def memories(draw: st.DrawFn) -> tuple[Memory, int]:
    """A reachable memory state: replay random ratings from new at random gaps."""
    scheduler = Scheduler(Settings(), fuzz=False)
    memory = Memory()
    at = T0
    for rating in draw(st.lists(st.sampled_from(RATINGS), max_size=12)):
        memory = scheduler.review(1, memory, rating, at)
        at = max(at + 1, memory.due + draw(st.integers(-3600, 30 * 86400)))
    return memory, at


@settings(max_examples=200, deadline=None)
@given(memories(), st.sampled_from(RATINGS), st.booleans())
def test_next_due_is_after_the_review(state: tuple[Memory, int], rating: int, fuzz: bool) -> None:
    memory, at = state
    after = Scheduler(Settings(), fuzz=fuzz).review(42, memory, rating, at)
    assert after.due > at
    assert after.last_review == at
    assert after.reps == memory.reps + 1
    assert after.state in (LEARNING, REVIEW, RELEARNING)


@settings(max_examples=200, deadline=None)
@given(memories(), st.floats(0.70, 0.99))
def test_intervals_are_ordered_by_rating(state: tuple[Memory, int], retention: float) -> None:
    memory, at = state
    waits = Scheduler(Settings(desired_retention=retention), fuzz=False).preview(7, memory, at)
    assert waits[AGAIN] <= waits[HARD] <= waits[GOOD] <= waits[EASY]


@settings(max_examples=100, deadline=None)
@given(memories(), st.sampled_from(RATINGS), st.integers(1, 10**6))
def test_fuzz_is_reproducible_per_item_and_repetition(state: tuple[Memory, int], rating: int, item_id: int) -> None:
    memory, at = state
    first = Scheduler(Settings(), fuzz=True).review(item_id, memory, rating, at)
    again = Scheduler(Settings(), fuzz=True).review(item_id, memory, rating, at)
    assert first == again


@settings(max_examples=100, deadline=None)
@given(memories(), st.integers(1, 10**6), st.booleans())
def test_the_preview_shows_what_each_rating_schedules(state: tuple[Memory, int], item_id: int, fuzz: bool) -> None:
    # The four previews share one card and one seed: none may see another's changes.
    memory, at = state
    scheduler = Scheduler(Settings(), fuzz=fuzz)
    waits = scheduler.preview(item_id, memory, at)
    assert waits == {rating: scheduler.review(item_id, memory, rating, at).due - at for rating in RATINGS}


def test_fuzz_spreads_items_learned_together() -> None:
    scheduler = Scheduler(Settings(), fuzz=True)
    memory = Memory(state=REVIEW, stability=40.0, difficulty=5.0, due=T0, last_review=T0 - 40 * 86400, reps=5)
    dues = {scheduler.review(item_id, memory, GOOD, T0).due for item_id in range(1, 40)}
    assert len(dues) > 3


def test_new_item_follows_the_learning_steps() -> None:
    scheduler = Scheduler(Settings(learning_steps=["1m", "10m"]), fuzz=False)
    waits = scheduler.preview(1, Memory(), T0)
    assert waits[AGAIN] == 60 and waits[GOOD] == 600
    assert Memory().state == NEW


def test_retrievability() -> None:
    scheduler = Scheduler(Settings(), fuzz=False)
    assert scheduler.retrievability(Memory(), T0) is None
    memory = Memory(state=REVIEW, stability=10.0, difficulty=5.0, due=T0, last_review=T0, reps=3)
    now = scheduler.retrievability(memory, T0)
    later = scheduler.retrievability(memory, T0 + 10 * 86400)
    assert now is not None and later is not None
    assert now > later
    assert abs(later - 0.9) < 0.01  # FSRS: after `stability` days, recall is 90%


def test_format_wait() -> None:
    assert [format_wait(s) for s in (30, 60, 600, 3600 * 5, 86400 * 3, 86400 * 45, 86400 * 400)] == [
        "30s", "1m", "10m", "5h", "3d", "1.5mo", "1.1y",
    ]
