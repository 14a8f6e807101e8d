"""Quizzes: N questions drawn at random (seeded) from chosen decks, scored and kept.

A quiz does not touch the schedule unless asked to (`update_schedule`); then each answer also
counts as a review with the suggested rating. A cloze is answered by typing its gaps; a basic card
is recalled, revealed and judged by the learner ("I knew it" / "I didn't"), and counts in the
score as judged (its result is marked self-graded). Suspended items are never asked.

A quiz ended early (or cut by its time limit) leaves its remaining questions unanswered: they are
skipped, not wrong. The score is over the questions answered; the result says how many were
skipped. The stored attempt keeps `questions` = questions answered (the score's denominator) and
`correct`, and every question in `details`, each with "answered" (False when skipped) and
"self_graded"; readers count a question as an answer unless its "answered" is False, so attempts
kept before this rule (which counted skipped questions as wrong) still read.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quizapp.cards import Prompt, prompt_for, prompt_seed
from quizapp.cards.item import ItemView
from quizapp.engine.answers import Grade
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.studyday import DayClock
from quizapp.errors import NotFoundError
from quizapp.practice.study import Clock, commit_answer, given_json
from quizapp.store import catalog, quizzes, selections
from quizapp.store.answers import Answer
from quizapp.store.database import Store
from quizapp.store.queue import deck_ids

DEFAULT_COUNT = 10


@dataclass(frozen=True)
class Question:
    """One question of a quiz."""

    number: int  # 1-based
    view: ItemView
    prompt: Prompt


@dataclass(frozen=True)
class QuestionResult:
    """How one question went."""

    question: Question
    given: str  # the answer as the learner gave it, as text ("" when unanswered)
    grade: Grade | None  # None when time ran out first
    duration_ms: int

    @property
    def correct(self) -> bool:
        """True for a right answer."""
        return self.grade is not None and self.grade.correct

    @property
    def answered(self) -> bool:
        """False for a question skipped (the quiz ended, or time ran out, before it was answered)."""
        return self.grade is not None

    @property
    def expected(self) -> str:
        """The right answer as text."""
        return self.question.prompt.answer_text()

    def as_dict(self) -> dict[str, object]:
        """The result as stored with the attempt."""
        view = self.question.view
        return {
            "deck": view.deck_slug, "card": view.card.id, "item": view.item_key, "type": view.card.type,
            "question": self.question.prompt.question, "given": self.given, "expected": self.expected,
            "correct": self.correct, "answered": self.answered, "self_graded": self.question.prompt.self_graded,
            "explanation": view.card.explanation, "duration_ms": self.duration_ms,
        }


@dataclass(frozen=True)
class QuizResult:
    """A finished quiz."""

    attempt_id: int
    results: list[QuestionResult]
    seconds: float
    timed_out: bool

    @property
    def correct(self) -> int:
        """How many questions were answered right."""
        return sum(r.correct for r in self.results)

    @property
    def total(self) -> int:
        """How many questions the quiz had."""
        return len(self.results)

    @property
    def answered(self) -> int:
        """How many questions were answered: the score is over these."""
        return sum(r.answered for r in self.results)

    @property
    def skipped(self) -> list[QuestionResult]:
        """Questions left unanswered when the quiz ended: not answers, so not wrong."""
        return [r for r in self.results if not r.answered]

    @property
    def score(self) -> float | None:
        """The share right of the questions answered; None when none was."""
        return self.correct / self.answered if self.answered else None

    @property
    def missed(self) -> list[QuestionResult]:
        """Questions answered wrong."""
        return [r for r in self.results if r.answered and not r.correct]

    @property
    def to_retry(self) -> list[QuestionResult]:
        """Questions answered wrong or skipped: what "retry" asks again."""
        return [r for r in self.results if not r.correct]


class Quiz:
    """A quiz in progress. Answer each question once, then `finish()` to score and keep it."""

    def __init__(self, store: Store, profile: Profile, decks: Sequence[str] | None = None, count: int = DEFAULT_COUNT, *,
                 seed: int | None = None, time_limit: int | None = None, update_schedule: bool = False,
                 item_ids: Sequence[int] | None = None, clock: Clock = time.time, fuzz: bool | None = None) -> None:
        self.store = store
        self.profile = profile
        self.settings = profile.settings
        self.clock = clock
        self.fuzz = fuzz
        self.time_limit = time_limit
        self.update_schedule = update_schedule
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        self.decks = list(decks) if decks is not None else None
        chosen = list(item_ids) if item_ids is not None else self._draw(count)
        views, _states = catalog.items_with_states(store, profile.id, chosen)
        slugs = sorted({views[i].deck_slug for i in chosen if i in views})
        if not chosen:
            raise NotFoundError("no cards to quiz on in the chosen decks")
        self.deck_slugs = self.decks if self.decks is not None else slugs
        self.questions = [
            Question(n, views[item_id], prompt_for(views[item_id].card, views[item_id].item_key,
                                                   prompt_seed(profile.id, item_id, self.seed), quiz=True))
            for n, item_id in enumerate(chosen, start=1)
            if item_id in views
        ]
        self.results: dict[int, QuestionResult] = {}
        self.started_at = self._now()

    def _now(self) -> float:
        return float(self.clock())

    def _draw(self, count: int) -> list[int]:
        """Random active items of the decks that this learner has not suspended, at most one per card
        (drawn per learner: two learners starting a quiz in the same second get different ones)."""
        rows = selections.deck_items(self.store, deck_ids(self.store, self.decks), available_to=self.profile.id)
        rng = random.Random(prompt_seed(self.profile.id, 0, self.seed))
        rng.shuffle(rows)
        seen: set[int] = set()
        picked: list[int] = []
        for item_id, card_id in rows:
            if card_id not in seen:
                seen.add(card_id)
                picked.append(item_id)
            if len(picked) == count:
                break
        return picked

    def time_left(self) -> float | None:
        """Seconds left under the time limit (never below 0), or None without a limit."""
        if self.time_limit is None:
            return None
        return max(0.0, self.started_at + self.time_limit - self._now())

    @property
    def timed_out(self) -> bool:
        """True once the time limit has passed."""
        left = self.time_left()
        return left is not None and left <= 0

    def answer(self, question: Question, response: object, duration_ms: int) -> Grade | None:
        """Grade an answer (None if the time is up: it no longer counts). For a self-graded question
        the response is the learner's verdict: True for "I knew it"."""
        if self.timed_out:
            return None
        result = question.prompt.grade(response, duration_ms, self.settings.easy_seconds)
        self.results[question.number] = QuestionResult(question, question.prompt.describe(response), result, duration_ms)
        if self.update_schedule:
            self._review(question, result, duration_ms, given_json(question.prompt, response))
        return result

    def _review(self, question: Question, result: Grade, duration_ms: int, given: str) -> None:
        now = int(self._now())
        day = DayClock(self.settings.zone(), self.settings.day_starts_at).day_of(now)
        commit_answer(self.store, Scheduler(self.settings, fuzz=self.fuzz), self.settings, self.profile.id, question.view,
                      Answer(question.view.item_id, result.rating, now, duration_ms, True, given, result.correct), day)

    def score(self) -> QuizResult:
        """The quiz's score so far, without keeping it (attempt id 0)."""
        finished = self._now()
        results = [self.results.get(q.number) or QuestionResult(q, "", None, 0) for q in self.questions]
        limit_end = self.started_at + self.time_limit if self.time_limit is not None else None
        seconds = (min(finished, limit_end) if limit_end is not None else finished) - self.started_at
        return QuizResult(0, results, seconds, self.timed_out)

    def finish(self) -> QuizResult:
        """Score the quiz and keep it as an attempt of this learner."""
        finished = self._now()
        result = self.score()
        attempt_id = quizzes.save_attempt(self.store, self.profile.id, quizzes.Attempt(
            0, int(self.started_at), int(finished), list(self.deck_slugs), sum(r.answered for r in result.results),
            sum(r.correct for r in result.results), self.time_limit, self.update_schedule, [r.as_dict() for r in result.results],
        ))
        return replace(result, attempt_id=attempt_id)

    def retry_missed(self, result: QuizResult) -> Quiz:
        """A new quiz of the questions this one missed or skipped, in a new order."""
        missed = [r.question.view.item_id for r in result.to_retry]
        if not missed:
            raise NotFoundError("no missed questions to retry")
        random.Random(self.seed + 1).shuffle(missed)
        return Quiz(self.store, self.profile, self.decks, len(missed), seed=self.seed + 1, time_limit=self.time_limit,
                    update_schedule=self.update_schedule, item_ids=missed, clock=self.clock, fuzz=self.fuzz)
