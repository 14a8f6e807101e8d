"""Quizzes (seeded, scored, kept, schedule untouched unless asked) and cram (never writes)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from quizapp.cards import (
    ChoicePrompt,
    ClozeTypedPrompt,
    MatchPrompt,
    OrderPrompt,
    Prompt,
    RevealPrompt,
    TrueFalsePrompt,
    TypedPrompt,
)
from quizapp.engine.scheduling import AGAIN, GOOD
from quizapp.errors import NotFoundError
from quizapp.practice.cram import CramSession
from quizapp.practice.quiz import Quiz
from quizapp.practice.study import StudySession
from quizapp.store.database import Store
from quizapp.store.models import ITEM_STATE_TABLE, REVIEW_TABLE
from quizapp.store.quizzes import attempts
from tests.helpers import FakeClock, dump, profile


def right_answer(prompt: Prompt) -> object:
    if isinstance(prompt, RevealPrompt):
        return True  # "I knew it"
    if isinstance(prompt, TypedPrompt):
        return prompt.answer
    if isinstance(prompt, ClozeTypedPrompt):
        return list(prompt.gaps)
    if isinstance(prompt, ChoicePrompt):
        return sorted(prompt.correct)
    if isinstance(prompt, TrueFalsePrompt):
        return prompt.answer
    if isinstance(prompt, OrderPrompt):
        return list(prompt.correct)
    assert isinstance(prompt, MatchPrompt)
    return dict(prompt.pairs)


def test_quiz_is_seeded_auto_graded_and_one_item_per_card(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    first = Quiz(example_store, ada, ["example-every-type"], 5, seed=11, clock=clock)
    again = Quiz(example_store, ada, ["example-every-type"], 5, seed=11, clock=clock)
    assert [q.view.item_id for q in first.questions] == [q.view.item_id for q in again.questions]
    assert [q.prompt for q in first.questions] == [q.prompt for q in again.questions]
    everything = Quiz(example_store, ada, None, 50, seed=3, clock=clock)
    assert len(everything.questions) == 8  # one item per card
    # A basic card is recalled, revealed and judged by the learner; everything else is graded.
    assert [q.view.card.type for q in everything.questions if q.prompt.self_graded] == ["basic"]
    assert isinstance(next(q for q in everything.questions if q.view.card.type == "cloze").prompt, ClozeTypedPrompt)


def test_quiz_scores_keeps_the_attempt_and_leaves_the_schedule_alone(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    before = dump(example_store, ("item_state", "review"))
    quiz = Quiz(example_store, ada, None, 8, seed=1, clock=clock)
    for n, question in enumerate(quiz.questions):
        response = (
            right_answer(question.prompt) if n % 2 == 0 else ("nonsense" if isinstance(question.prompt, TypedPrompt) else None)
        )
        if response is None:
            response = {
                RevealPrompt: False,
                ChoicePrompt: [],
                TrueFalsePrompt: not getattr(question.prompt, "answer", True),
                OrderPrompt: list(getattr(question.prompt, "correct", ()))[::-1],
                MatchPrompt: {},
                ClozeTypedPrompt: ["x"],
            }[type(question.prompt)]
        quiz.answer(question, response, 3000)
        clock.advance(10)
    result = quiz.finish()
    assert (result.correct, result.total) == (4, 8)
    assert result.seconds == 80
    assert all(not r.correct and r.expected for r in result.missed)
    assert dump(example_store, ("item_state", "review")) == before
    (attempt,) = attempts(example_store, ada.id)
    assert (attempt.questions, attempt.correct, attempt.scheduled) == (8, 4, False)
    assert attempt.details[0]["correct"] is True and attempt.details[1]["correct"] is False
    assert {"question", "given", "expected", "explanation"} <= set(attempt.details[1])
    retry = quiz.retry_missed(result)
    assert sorted(q.view.item_id for q in retry.questions) == sorted(r.question.view.item_id for r in result.missed)


def test_quiz_can_count_as_reviews(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    quiz = Quiz(example_store, ada, None, 3, seed=2, update_schedule=True, clock=clock)
    for question in quiz.questions:
        quiz.answer(question, right_answer(question.prompt), 60_000)
    quiz.finish()
    with example_store.read() as s:
        rows = s.execute(select(REVIEW_TABLE.c.rating, REVIEW_TABLE.c.auto_graded)).all()
    assert [tuple(r) for r in rows] == [(GOOD, True)] * 3


def test_quiz_time_limit(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    quiz = Quiz(example_store, ada, None, 4, seed=5, time_limit=60, clock=clock)
    first, second, *_ = quiz.questions
    assert quiz.answer(first, right_answer(first.prompt), 1000) is not None
    clock.advance(61)
    assert quiz.timed_out and quiz.time_left() == 0
    assert quiz.answer(second, right_answer(second.prompt), 1000) is None
    result = quiz.finish()
    assert result.timed_out and result.correct == 1 and result.seconds == 60
    assert [r.grade is None for r in result.results] == [False, True, True, True]
    # Unanswered questions are skipped, not wrong: the score is over the one answered.
    assert (result.answered, len(result.skipped), result.score, result.missed) == (1, 3, 1.0, [])


def test_a_quiz_ended_early_scores_only_what_was_answered(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    quiz = Quiz(example_store, ada, None, 8, seed=7, clock=clock)
    first, second, *_ = quiz.questions
    quiz.answer(first, right_answer(first.prompt), 1000)
    wrong = {RevealPrompt: False, TypedPrompt: "nonsense", ClozeTypedPrompt: ["x"], ChoicePrompt: [], TrueFalsePrompt: None,
             OrderPrompt: [], MatchPrompt: {}}[type(second.prompt)]
    if isinstance(second.prompt, TrueFalsePrompt):
        wrong = not second.prompt.answer
    quiz.answer(second, wrong, 1000)
    result = quiz.finish()  # escape on question 3
    assert (result.correct, result.answered, len(result.skipped), result.score) == (1, 2, 6, 0.5)
    assert [r.question.number for r in result.missed] == [2]
    assert len(result.to_retry) == 7
    (attempt,) = attempts(example_store, ada.id)
    assert (attempt.questions, attempt.correct) == (2, 1)  # the score's denominator is what was answered
    assert [q["answered"] for q in attempt.details] == [True, True] + [False] * 6
    from quizapp.progress.statistics import statistics

    (point,) = statistics(example_store, ada, int(clock())).quizzes
    assert (point.correct, point.questions, point.skipped, point.score) == (1, 2, 6, 0.5)


def test_quiz_history_reads_attempts_kept_before_skips_were_recorded(example_store: Store, clock: FakeClock) -> None:
    from quizapp.progress.statistics import statistics
    from quizapp.store.quizzes import Attempt, save_attempt

    ada = profile(example_store, "ada")
    old = [{"deck": "example-every-type", "correct": n < 3} for n in range(5)]  # no "answered" key
    now = int(clock())
    save_attempt(example_store, ada.id, Attempt(0, now - 60, now, ["example-every-type"], 5, 3, None, False, old))
    (point,) = statistics(example_store, ada, int(clock())).quizzes
    assert (point.correct, point.questions, point.skipped) == (3, 5, 0)


def test_a_basic_card_in_a_quiz_is_judged_by_the_learner(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    everything = Quiz(example_store, ada, None, 50, seed=3, clock=clock)
    basic = next(q for q in everything.questions if q.view.card.type == "basic")
    assert isinstance(basic.prompt, RevealPrompt)
    knew = everything.answer(basic, True, 1000)
    assert knew is not None and knew.correct and knew.reason == "You knew it."
    result = everything.finish()
    (entry,) = [r for r in result.results if r.question is basic]
    assert entry.given == "I knew it" and entry.as_dict()["self_graded"] is True


def test_suspended_items_are_never_asked(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    with example_store.read() as s:
        every = s.execute(select(ITEM_STATE_TABLE.c.item_id).where(ITEM_STATE_TABLE.c.learner_id == ada.id)).scalars().all()
    kept = sorted(every)[:2]
    with example_store.write() as s:
        s.execute(ITEM_STATE_TABLE.update().where(ITEM_STATE_TABLE.c.learner_id == ada.id,
                                                   ITEM_STATE_TABLE.c.item_id.notin_(kept)).values(suspended=True))
    for seed in range(5):
        asked = {q.view.item_id for q in Quiz(example_store, ada, None, 50, seed=seed, clock=clock).questions}
        assert asked <= set(kept) and asked
    profile(example_store, "bob")  # another learner's suspensions are theirs only
    assert len(Quiz(example_store, profile(example_store, "bob"), None, 50, seed=1, clock=clock).questions) == 8


def test_each_learner_sees_their_own_shuffle(example_store: Store, clock: FakeClock) -> None:
    from quizapp.cards import prompt_for, prompt_seed

    learners = [profile(example_store, f"learner{n}") for n in range(8)]
    seen: dict[int, tuple[str, ...]] = {}
    for learner in learners:
        session = StudySession(example_store, learner, clock=clock, fuzz=False)
        while (item := session.next()) is not None and not isinstance(item.prompt, ChoicePrompt):
            session.answer(item, GOOD, 1000)
        assert item is not None and isinstance(item.prompt, ChoicePrompt)
        # Reproducible for one learner, item and repetition...
        assert item.prompt == prompt_for(item.view.card, item.view.item_key, prompt_seed(learner.id, item.item_id, 0))
        seen[learner.id] = item.prompt.options
    # ...and not the same for the whole class.
    assert len(set(seen.values())) > 1


def test_a_quiz_with_one_seed_shuffles_choices_per_learner(example_store: Store, clock: FakeClock) -> None:
    """A class given the same quiz (one seed) does not see the same choice order."""
    orders: dict[int, set[tuple[str, ...]]] = {}  # item -> the choice orders the learners saw
    for n in range(8):
        learner = profile(example_store, f"learner{n}")
        quiz = Quiz(example_store, learner, None, 50, seed=11, clock=clock)
        again = Quiz(example_store, learner, None, 50, seed=11, clock=clock)
        assert [q.prompt for q in quiz.questions] == [q.prompt for q in again.questions]  # reproducible for one learner
        for q in quiz.questions:
            if isinstance(q.prompt, ChoicePrompt) and q.view.card.fields.get("shuffle", True):
                orders.setdefault(q.view.item_id, set()).add(q.prompt.options)
    assert orders and all(len(seen) > 1 for seen in orders.values())


def test_quiz_of_nothing(example_store: Store) -> None:
    with pytest.raises(NotFoundError):
        Quiz(example_store, profile(example_store, "ada"), ["no-such-deck"])


def test_cram_never_writes_and_repeats_what_was_wrong(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    before = dump(example_store)
    cram = CramSession(example_store, ada, None, seed=4, clock=clock)
    assert cram.progress().remaining == 10
    first = cram.next()
    assert first is not None
    cram.answer(first, AGAIN)
    shown = [first.item_id]
    while (item := cram.next()) is not None:
        shown.append(item.item_id)
        cram.answer(item, GOOD)
    assert shown.count(first.item_id) == 2 and shown[-1] == first.item_id
    assert cram.progress().mastered == 10 and cram.progress().answers == 11
    assert dump(example_store) == before


def test_cram_by_tag_leeches_and_failed_today(example_store: Store, clock: FakeClock) -> None:
    ada = profile(example_store, "ada")
    assert ada.id is not None
    assert CramSession(example_store, ada, tag="samsung").progress().remaining == 2  # the basic card, both ways
    assert CramSession(example_store, ada, tag="example").progress().remaining == 10  # the deck's tag is inherited
    with pytest.raises(NotFoundError):
        CramSession(example_store, ada, mode="leeches")
    session = StudySession(example_store, ada, clock=clock, fuzz=False)
    failed = session.next()
    assert failed is not None
    session.answer(failed, AGAIN, 1000)
    clock.advance(5)
    assert [CramSession(example_store, ada, mode="failed-today", clock=clock).next().item_id] == [failed.item_id]  # type: ignore[union-attr]
    with example_store.write() as s:
        s.execute(ITEM_STATE_TABLE.update().values(leech=True))
    with example_store.read() as s:
        with_state = s.execute(select(ITEM_STATE_TABLE.c.item_id)).scalars().all()
    assert failed.item_id in with_state
    assert CramSession(example_store, ada, mode="leeches").progress().remaining == len(with_state)
