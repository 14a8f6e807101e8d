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
from quizapp.engine import settings as config
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.states import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.engine.studyday import DayClock, StudyDay
from quizapp.store.answers import BUCKETS, DAY, read_states
from quizapp.store.catalog import item_views
from quizapp.store.database import Store
from quizapp.store.models import Learner
from quizapp.store.queue import done_today
from quizapp.store.sql import fetch, json_column

FORECAST_DAYS = 30
CALENDAR_DAYS = 365
RETENTION_WEEKS = 12
HARDEST = 10


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
    """One quiz attempt, with its score on each deck it asked about."""

    day: date
    decks: list[str]
    correct: int
    questions: int
    by_deck: dict[str, tuple[int, int]] = field(default_factory=dict)  # deck -> (right, asked)

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


def statistics(store: Store, learner: Learner, at: int) -> Stats:
    """Compute every figure for `learner` at instant `at`."""
    assert learner.id is not None
    settings = config.load(learner.settings)
    clock = DayClock(settings.zone(), settings.day_starts_at)
    scheduler = Scheduler(settings, fuzz=False)
    today = clock.day_of(at)
    past = clock.days_back(at, CALENDAR_DAYS)
    future = [today]
    for _ in range(FORECAST_DAYS - 1):
        future.append(clock.day_of(future[-1].end))
    params = {"learner": learner.id, "now": at}
    with store.read() as conn:
        # The review log, summed by hour (review_hour): calendar and true retention.
        hours = fetch(conn, "SELECT hour, state, bucket, sum(reviews), sum(recalled) FROM review_hour "
                            "WHERE learner_id = :learner GROUP BY 1, 2, 3", params)
        done = done_today(conn, learner.id, today)
        ((items_today,),) = fetch(conn, "SELECT count(DISTINCT item_id) FROM review WHERE learner_id = :learner "
                                        "AND reviewed_at >= :start AND reviewed_at < :end", {**params, "start": today.start, "end": today.end})
        due_hours = fetch(conn, f"""SELECT due / 3600, count(*) FROM item_state WHERE learner_id = :learner AND state != {NEW}
                                   AND suspended = false AND retired = false AND due < :end GROUP BY 1""",
                          {**params, "end": future[-1].end})
        # One pass over the learner's items (ix_state_memory covers it): states and mastery by deck.
        horizon = scheduler.recall_horizon(settings.desired_retention) * DAY
        state_rows = fetch(conn, f"""SELECT deck_id, state, suspended, count(*),
                                            sum(CASE WHEN state != {NEW} AND last_review IS NOT NULL
                                                      AND (:now - last_review) <= stability * :horizon THEN 1 ELSE 0 END)
                                     FROM item_state WHERE learner_id = :learner AND retired = false GROUP BY 1, 2, 3""",
                           {**params, "horizon": horizon})
        deck_names = {r[0]: (r[1], r[2]) for r in fetch(conn, "SELECT id, slug, title FROM deck")}
        leech_ids = [r[0] for r in fetch(conn, f"SELECT item_id FROM item_state WHERE learner_id = :learner AND leech "
                                               f"AND retired = false ORDER BY lapses DESC, item_id LIMIT {HARDEST}", params)]
        lapse_ids = [r[0] for r in fetch(conn, f"SELECT item_id FROM item_state WHERE learner_id = :learner AND lapses > 0 "
                                               f"AND retired = false ORDER BY lapses DESC, item_id LIMIT {HARDEST}", params)]
        lowest_ids = [r[0] for r in fetch(conn, f"""SELECT item_id FROM item_state WHERE learner_id = :learner AND state != {NEW}
                                                  AND suspended = false AND retired = false AND stability > 0
                                                  ORDER BY (:now - last_review) * 1.0 / stability DESC, item_id LIMIT {HARDEST}""", params)]
        hard_ids = [*leech_ids, *lapse_ids, *lowest_ids]
        views = item_views(conn, hard_ids)
        states = read_states(conn, learner.id, hard_ids)
        quiz_rows = fetch(conn, "SELECT finished_at, decks, correct, questions, details FROM quiz_attempt WHERE learner_id = :learner "
                                "ORDER BY finished_at, id", params)

    calendar_hours: dict[int, int] = {}
    weeks = [[0, 0] for _ in range(RETENTION_WEEKS)]
    buckets = [[0, 0] for _ in BUCKETS]
    for hour, state, bucket, total, recalled_total in hours:
        count, recalled = int(total), int(recalled_total)  # PostgreSQL sums integers as numeric
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

    names = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}
    state_counts = dict.fromkeys([*names.values(), "suspended"], 0)
    by_deck: dict[int, list[int]] = {}
    for deck_id, state, suspended, count, mastered in state_rows:
        state_counts["suspended" if suspended else names.get(state, "new")] += count
        entry = by_deck.setdefault(deck_id, [0, 0])
        entry[0] += int(count)
        entry[1] += int(mastered or 0)
    deck_mastery = sorted(
        (DeckMastery(deck_names[d][0], deck_names[d][1], total, mastered) for d, (total, mastered) in by_deck.items()),
        key=lambda m: (m.title, m.slug),
    )

    def hard(item_id: int) -> HardItem:
        view = views[item_id]
        state = states.get(item_id)
        recall = scheduler.retrievability(state.memory, at) if state else None
        prompt = prompt_for(view.card, view.item_key, 0).question
        return HardItem(item_id, view.card.id, view.deck_title, prompt, state.memory.lapses if state else 0, recall, bool(state and state.leech))

    return Stats(
        learner=learner.name,
        today=Today(done.answers, int(items_today), done.seconds, done.accuracy, streak),
        forecast=[(d.day, n) for d, n in zip(future, forecast_counts)],
        calendar=[(d.day, n) for d, n in zip(past, calendar_counts)],
        retention_weeks=week_stats,
        retention_intervals=[Retention(label, *counts) for (label, _), counts in zip(BUCKETS, buckets)],
        desired_retention=settings.desired_retention,
        states=state_counts,
        decks=deck_mastery,
        leeches=[hard(i) for i in leech_ids],
        most_lapses=[hard(i) for i in lapse_ids],
        lowest_recall=[hard(i) for i in lowest_ids],
        quizzes=[QuizPoint(clock.day_of(int(f)).day, list(json_column(d)), c, q, _per_deck(details)) for f, d, c, q, details in quiz_rows],
    )


def _per_deck(details: object) -> dict[str, tuple[int, int]]:
    """(right, asked) per deck from a quiz attempt's per-question details."""
    tally: dict[str, list[int]] = {}
    for question in json_column(details):
        entry = tally.setdefault(question["deck"], [0, 0])  # type: ignore[index]
        entry[0] += bool(question["correct"])  # type: ignore[index]
        entry[1] += 1
    return {deck: (right, asked) for deck, (right, asked) in tally.items()}
