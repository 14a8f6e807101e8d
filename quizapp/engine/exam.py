"""Studying for an exam date: what is predicted to be recalled on the day, whether the learner is
on track, and which items to bring forward so that they peak on the day. Pure rules (no SQL).

The exam instant is the end of the exam's study day: an item counts as recalled "on the day"
only if its predicted recall holds until the day is over. Predicted recall is FSRS's forgetting
curve from each item's memory state; an item never studied counts as 0.

- The prediction assumes the learner keeps to the schedule: an item due before the exam (and not
  already overdue) will be reviewed when due, which FSRS plans so that recall is then at the
  desired retention; so it counts at least that. An overdue item counts as what is left of it.
- On track: the predicted share reaches the desired retention.
- Behind: the reviews still needed (one per item that would be below the target on the day,
  plus two per item never studied, its first answer and its first review) spread over the days
  left give the reviews a day that would catch up.
- In the run-up (the last RUN_UP_DAYS study days before the exam) the queue brings forward the
  items whose predicted recall on the day is below the desired retention, lowest first, within
  the daily review limit: they are reviewed close to the exam instead of on the day itself.
  After the exam, nothing is brought forward: the ordinary schedule resumes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from quizapp.engine.scheduling import Scheduler
from quizapp.engine.states import NEW
from quizapp.engine.studyday import DayClock

RUN_UP_DAYS = 3
NEW_ITEM_REVIEWS = 2  # answers a never-studied item needs before it is remembered at all


@dataclass(frozen=True)
class ItemMemory:
    """What the prediction needs of one item's state."""

    state: int
    stability: float | None
    last_review: int | None
    due: int


@dataclass(frozen=True)
class Outlook:
    """How a learner stands for one deck's exam."""

    deck: str
    title: str
    day: date
    own: bool  # the learner's own date (else the class's)
    days_left: int  # study days before the exam day (0 on the day itself or after)
    items: int
    predicted: float  # predicted share of items recalled on the day
    target: float  # the learner's desired retention
    below: int  # studied items that would be below the target on the day
    new: int  # items never studied
    reviews_per_day: int  # reviews a day that would catch up (0 when nothing is needed)

    @property
    def over(self) -> bool:
        """True once the exam day has passed."""
        return self.days_left < 0

    @property
    def on_track(self) -> bool:
        """True when the predicted share reaches the desired retention."""
        return self.predicted >= self.target


def exam_instant(day: date, clock: DayClock) -> int:
    """The instant the prediction is made for: the end of the exam's study day."""
    return clock.start_of(day + timedelta(days=1))


def outlook(deck: str, title: str, day: date, own: bool, items: Iterable[ItemMemory], scheduler: Scheduler, target: float,
            clock: DayClock, now: int) -> Outlook:
    """The prediction for one deck's exam from its items' memory states at `now`."""
    today = clock.day_of(now)
    at = exam_instant(day, clock)
    total = below = new = 0
    predicted = 0.0
    for item in items:
        total += 1
        if item.state == NEW or item.last_review is None:
            new += 1
            continue
        recall = scheduler.recall(item.stability, item.last_review, at)
        if recall < target:
            below += 1
            if today.start <= item.due < at:
                recall = target  # reviewed when due, as scheduled
        predicted += recall
    days_left = (day - today.day).days
    share = predicted / total if total else 1.0
    needed = below + NEW_ITEM_REVIEWS * new
    per_day = math.ceil(needed / max(1, days_left)) if needed and share < target else 0
    return Outlook(deck, title, day, own, days_left, total, share, target, below, new, per_day)


def in_run_up(day: date, clock: DayClock, now: int) -> bool:
    """True during the last RUN_UP_DAYS study days before the exam day (not on it, nor after)."""
    left = (day - clock.day_of(now).day).days
    return 0 < left <= RUN_UP_DAYS


def bring_forward(candidates: Iterable[tuple[int, float | None, int | None]], scheduler: Scheduler, target: float, at: int,
                  limit: int) -> list[int]:
    """Of (item id, stability, last review), the items whose recall at `at` (the exam) would be
    below `target`, lowest first, at most `limit`."""
    scored = [(scheduler.recall(stability, last, at), item_id) for item_id, stability, last in candidates]
    return [item_id for recall, item_id in sorted(scored) if recall < target][: max(0, limit)]
