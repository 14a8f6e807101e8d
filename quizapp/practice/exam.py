"""Exam dates at work: each deck's outlook for the Home screen, and the items today's queue
brings forward in an exam's run-up (the rules are quizapp.engine.exam's)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from quizapp.engine.exam import ItemMemory, Outlook, bring_forward, exam_instant, in_run_up, outlook
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.studyday import DayClock
from quizapp.store import decks_admin, queue
from quizapp.store.counts import Connection
from quizapp.store.database import Store
from quizapp.store.queue import Ahead, Queued
from quizapp.store.sql import fetch


def outlooks(store: Store, profile: Profile, now: int) -> list[Outlook]:
    """Every deck with an exam date (the learner's own, else the class's), by date."""
    settings = profile.settings
    clock = DayClock(settings.zone(), settings.day_starts_at)
    scheduler = Scheduler(settings, fuzz=False)
    result = []
    with store.driver_read() as conn:
        exams = decks_admin.exam_dates(conn, profile.id)
        rows = fetch(conn, "SELECT id, slug, title FROM deck WHERE retired = false")
        titles = {int(r[0]): (str(r[1]), str(r[2])) for r in rows}
        for deck_id, (day, own) in exams.items():
            if deck_id not in titles:
                continue
            items = [ItemMemory(*row) for row in queue.exam_items(conn, profile.id, deck_id)]
            slug, title = titles[deck_id]
            result.append(outlook(slug, title, day, own, items, scheduler, settings.desired_retention, clock, now))
    return sorted(result, key=lambda o: (o.day, o.title))


def ahead(store: Store, profile: Profile, deck_ids: Sequence[int] | None, scheduler: Scheduler, clock: DayClock,
          now: int) -> Ahead | None:
    """What today's queue brings forward for the exams in their run-up among these decks (None
    when no exam is near)."""
    with store.driver_read() as conn:
        exams = decks_admin.exam_dates(conn, profile.id)
    near: dict[int, date] = {d: day for d, (day, _own) in exams.items()
                             if (deck_ids is None or d in deck_ids) and in_run_up(day, clock, now)}
    if not near:
        return None
    target = profile.settings.desired_retention
    end = clock.day_of(now).end

    def brought_forward(conn: Connection, limit: int) -> list[Queued]:
        picked: list[int] = []
        for deck_id, day in sorted(near.items(), key=lambda kv: kv[1]):
            at = exam_instant(day, clock)
            candidates = queue.exam_candidates(conn, profile.id, deck_id, end, at, now)
            picked += bring_forward(candidates, scheduler, target, at, limit - len(picked))
        return queue.queued_reviews(conn, picked, now)

    return brought_forward
