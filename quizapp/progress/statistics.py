"""A learner's statistics: today, the due forecast, the review calendar, true retention, items by
state, per-deck mastery, the hardest items and quiz history.

Every figure is aggregated in SQL (hour buckets are mapped to study days here, so days follow the
learner's local day start across DST changes); nothing loops over the review log in Python.
True retention is the share of reviews of items in the review state that were recalled (rated
Hard or better). An item is mastered when its current recall probability is at least the desired
retention.
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from quizapp.cards import prompt_for
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.states import REVIEW, STATE_NAMES
from quizapp.engine.studyday import DayClock, StudyDay
from quizapp.store.answers import BUCKETS, DAY
from quizapp.store.database import Store
from quizapp.store.sql import json_column
from quizapp.store.stats_queries import statistics_rows

FORECAST_DAYS = 30
CALENDAR_DAYS = 365
RETENTION_WEEKS = 12



@dataclass(frozen=True)
class Today:
    """What the learner did today."""

    answers: int
    items: int
    seconds: float
    accuracy: float | None
    streak: int  # consecutive study days with an answer, ending today (or yesterday)


@dataclass(frozen=True)
class Retention:
    """Due reviews and how many were recalled, for a week or an interval bucket."""

    label: str
    reviews: int
    recalled: int

    @property
    def rate(self) -> float | None:
        """The share recalled, None without reviews."""
        return self.recalled / self.reviews if self.reviews else None


@dataclass(frozen=True)
class DeckMastery:
    """How much of a deck is known."""

    slug: str
    title: str
    items: int
    mastered: int

    @property
    def share(self) -> float:
        """The share of the deck's items mastered."""
        return self.mastered / self.items if self.items else 0.0


@dataclass(frozen=True)
class HardItem:
    """An item among the hardest."""

    item_id: int
    card_key: str
    deck: str
    prompt: str
    lapses: int
    recall: float | None
    leech: bool


@dataclass(frozen=True)
class QuizPoint:
    """One quiz attempt, with its score on each deck it asked about. Skipped questions (the quiz
    ended or timed out first) are not answers: `questions` counts the questions answered."""

    day: date
    decks: list[str]
    correct: int
    questions: int  # answered
    by_deck: dict[str, tuple[int, int]] = field(default_factory=dict)  # deck -> (right, answered)
    skipped: int = 0

    @property
    def score(self) -> float | None:
        """The share right of the questions answered, None if none was."""
        return self.correct / self.questions if self.questions else None

    def deck_score(self, deck: str) -> float | None:
        """The share right on one deck's questions, None if none was asked."""
        right, asked = self.by_deck.get(deck, (0, 0))
        return right / asked if asked else None


@dataclass
class Stats:
    """All figures of the statistics screen and `quizapp stats`."""

    learner: str
    today: Today
    forecast: list[tuple[date, int]]
    calendar: list[tuple[date, int]]
    retention_weeks: list[Retention]
    retention_intervals: list[Retention]
    desired_retention: float
    states: dict[str, int]
    decks: list[DeckMastery]
    leeches: list[HardItem] = field(default_factory=list)
    most_lapses: list[HardItem] = field(default_factory=list)
    lowest_recall: list[HardItem] = field(default_factory=list)
    quizzes: list[QuizPoint] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Every figure as JSON-ready values."""
        data = asdict(self)
        data["forecast"] = [{"day": d.isoformat(), "due": n} for d, n in self.forecast]
        data["calendar"] = [{"day": d.isoformat(), "reviews": n} for d, n in self.calendar]
        for key in ("retention_weeks", "retention_intervals"):
            data[key] = [{**asdict(r), "rate": r.rate} for r in getattr(self, key)]
        data["decks"] = [{**asdict(d), "share": d.share} for d in self.decks]
        data["quizzes"] = [{**asdict(q), "day": q.day.isoformat()} for q in self.quizzes]
        return data


def _bucket_days(days: list[StudyDay], hours: list[tuple[int, int]], *, clamp_before: bool = False) -> list[int]:
    """Sum hour-bucket counts into study days (hours before the first day go to it when clamped)."""
    starts = [d.start for d in days]
    totals = [0] * len(days)
    for hour, count in hours:
        index = bisect.bisect_right(starts, hour * 3600) - 1
        if index < 0:
            if not clamp_before:
                continue
            index = 0
        if index < len(days) and hour * 3600 < days[-1].end:
            totals[index] += count
    return totals


def statistics(store: Store, profile: Profile, at: int) -> Stats:
    """Compute every figure for a learner at instant `at`."""
    settings = profile.settings
    clock = DayClock(settings.zone(), settings.day_starts_at)
    scheduler = Scheduler(settings, fuzz=False)
    today = clock.day_of(at)
    past = clock.days_back(at, CALENDAR_DAYS)
    future = [today]
    for _ in range(FORECAST_DAYS - 1):
        future.append(clock.day_of(future[-1].end))
    horizon = scheduler.recall_horizon(settings.desired_retention) * DAY
    rows = statistics_rows(store, profile.id, at, today, future[-1].end, horizon)
    # "Low recall" lists only weak items: recall now below the desired retention (never one at 100%).
    hours, done, items_today, due_hours, state_rows = rows.hours, rows.done, rows.items_today, rows.due_hours, rows.states
    deck_names, views, states = rows.decks, rows.views, rows.item_states
    leech_ids, lapse_ids, lowest_ids, quiz_rows = rows.leeches, rows.most_lapses, rows.lowest_recall, rows.quizzes

    calendar_hours: dict[int, int] = {}
    weeks = [[0, 0] for _ in range(RETENTION_WEEKS)]
    buckets = [[0, 0] for _ in BUCKETS]
    for hour, state, bucket, total, recalled_total in hours:
        count, recalled = total, recalled_total
        calendar_hours[hour] = calendar_hours.get(hour, 0) + count
        if state != REVIEW:
            continue
        buckets[max(bucket, 0)][0] += count
        buckets[max(bucket, 0)][1] += recalled
        week = (today.end - 1 - hour * 3600) // (7 * DAY)
        if 0 <= week < RETENTION_WEEKS:
            weeks[week][0] += count
            weeks[week][1] += recalled
    calendar_counts = _bucket_days(past, list(calendar_hours.items()))
    streak = 0
    for count in reversed(calendar_counts[:-1] if calendar_counts[-1] == 0 else calendar_counts):
        if not count:
            break
        streak += 1
    forecast_counts = _bucket_days(future, due_hours, clamp_before=True)  # overdue counts as due today

    week_stats = [
        Retention((today.day - timedelta(days=7 * w + 6)).isoformat(), *weeks[w]) for w in range(RETENTION_WEEKS - 1, -1, -1)
    ]

    state_counts = dict.fromkeys([*STATE_NAMES.values(), "suspended"], 0)
    for state, suspended, count in state_rows:
        state_counts["suspended" if suspended else STATE_NAMES.get(state, "new")] += count
    deck_mastery = sorted(
        (DeckMastery(deck_names[d][0], deck_names[d][1], total, mastered) for d, total, mastered in rows.mastery),
        key=lambda m: (m.title, m.slug),
    )

    def hard(item_id: int) -> HardItem:
        view = views[item_id]
        state = states.get(item_id)
        recall = scheduler.retrievability(state.memory, at) if state else None
        prompt = prompt_for(view.card, view.item_key, 0).question
        lapses = state.memory.lapses if state else 0
        return HardItem(item_id, view.card.id, view.deck_title, prompt, lapses, recall, bool(state and state.leech))

    return Stats(
        learner=profile.name,
        today=Today(done.answers, int(items_today), done.seconds, done.accuracy, streak),
        forecast=[(d.day, n) for d, n in zip(future, forecast_counts, strict=True)],
        calendar=[(d.day, n) for d, n in zip(past, calendar_counts, strict=True)],
        retention_weeks=week_stats,
        retention_intervals=[Retention(label, *counts) for (label, _), counts in zip(BUCKETS, buckets, strict=True)],
        desired_retention=settings.desired_retention,
        states=state_counts,
        decks=deck_mastery,
        leeches=[hard(i) for i in leech_ids],
        most_lapses=[hard(i) for i in lapse_ids],
        lowest_recall=[hard(i) for i in lowest_ids],
        quizzes=[_quiz_point(clock.day_of(int(f)).day, d, c, q, details) for f, d, c, q, details in quiz_rows],
    )


def answered(question: dict[str, object]) -> bool:
    """Whether a stored quiz question was answered (attempts kept before skipping was recorded
    have no "answered" key: every question of theirs counts)."""
    return question.get("answered", True) is not False


def _quiz_point(day: date, decks: object, correct: int, questions: int, details: object) -> QuizPoint:
    """A stored attempt as a point of the quiz history, its skipped questions left out of the score."""
    asked = list(json_column(details) or [])
    if not asked:  # no details: the stored counts are all there is
        return QuizPoint(day, list(json_column(decks)), correct, questions)
    tally: dict[str, list[int]] = {}
    for question in asked:
        if not answered(question):
            continue
        entry = tally.setdefault(str(question["deck"]), [0, 0])
        entry[0] += bool(question["correct"])
        entry[1] += 1
    answers = sum(n for _, n in tally.values())
    right = sum(r for r, _ in tally.values())
    return QuizPoint(day, list(json_column(decks)), right, answers, {d: (r, n) for d, (r, n) in tally.items()},
                     len(asked) - answers)
