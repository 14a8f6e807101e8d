"""The study session's in-memory queue: undo rolls it back through a journal instead of keeping a
copy per answer. A model that copies the whole queue at each mark (what the session did before)
must agree with it on every pick, count and learning entry, whatever the sequence of changes."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.engine.states import LEARNING, NEW, REVIEW
from quizapp.practice.study import _Queue
from quizapp.store.queue import Queued

IDS = st.integers(min_value=1, max_value=12)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("drop"), IDS),
        st.tuples(st.just("learn"), IDS, st.integers(min_value=0, max_value=50)),
        st.tuples(st.just("pick"), st.integers(min_value=0, max_value=60)),
        st.tuples(st.just("mark")),
        st.tuples(st.just("undo")),
    ),
    max_size=60,
)


def _queue() -> _Queue:
    main = [Queued(i, i, NEW if i % 2 else REVIEW, 0) for i in range(1, 8)]
    learning = [Queued(i, i, LEARNING, 5 * i) for i in range(8, 11)]
    return _Queue(main, learning)


def _seen(queue: _Queue, now: int) -> tuple[object, ...]:
    """What the session can observe of a queue."""
    picked = queue.pick(now)
    ahead = queue.pick(now, ahead=True)
    return picked, ahead, queue.waiting(), dict(queue.learning), queue.soonest_learning()


@settings(max_examples=300, deadline=None)
@given(STEPS)
def test_rollback_agrees_with_a_copy_taken_at_each_mark(steps: list[tuple[object, ...]]) -> None:
    journaled, model = _queue(), _queue()
    marks: list[tuple[tuple[int, int], _Queue]] = []
    for step in steps:
        match step:
            case ("drop", item_id):
                journaled.drop(item_id)  # type: ignore[arg-type]
                model.drop(item_id)  # type: ignore[arg-type]
            case ("learn", item_id, due):
                queued = Queued(item_id, item_id, LEARNING, due)  # type: ignore[arg-type]
                journaled.add_learning(queued)
                model.add_learning(queued)
            case ("pick", now):
                assert _seen(journaled, now) == _seen(model, now)  # type: ignore[arg-type]
            case ("mark",):
                marks.append((journaled.mark(), copy.deepcopy(model)))
            case ("undo",) if marks:
                mark, before = marks.pop()
                journaled.rollback(mark)
                model = before
        for now in (0, 25, 60):
            assert _seen(journaled, now) == _seen(model, now)


def test_a_mark_costs_nothing_however_long_the_queue() -> None:
    learning = [Queued(i, i, LEARNING, i) for i in range(1, 10_001)]
    queue = _Queue([], learning)
    queue.drop(1)
    mark = queue.mark()
    assert mark == (1, 0)  # a position in the journal, not a copy of 10,000 entries
    queue.drop(2)
    queue.add_learning(Queued(3, 3, LEARNING, 99))
    queue.rollback(mark)
    assert queue.pick(0, ahead=True) == Queued(2, 2, LEARNING, 2)
    assert len(queue.learning) == 9_999
