"""A simulated learner whose true memory follows FSRS's default model studies a 150-card deck
daily for a year; their recall on due reviews must land within 3 points of the desired retention."""

from __future__ import annotations

import random
from pathlib import Path

from quizapp.engine.scheduling import AGAIN, GOOD
from quizapp.engine.states import REVIEW
from quizapp.practice.study import StudySession
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from tests.helpers import FakeClock, profile, write_deck

DAY = 86400


def test_recall_on_due_reviews_matches_desired_retention(tmp_path: Path) -> None:
    deck = {"quizapp": 1, "deck": "sim", "title": "Simulation",
            "cards": [{"id": f"c{n}", "front": f"question {n}", "back": f"answer {n}", "explanation": "x"} for n in range(150)]}
    store = Store.open(str(tmp_path / "sim.db"))
    import_paths(store, [str(write_deck(tmp_path, deck))])
    learner = profile(store, "sim")
    clock = FakeClock()
    rng = random.Random(2024)
    recalled = due_reviews = 0
    for _day in range(365):
        session = StudySession(store, learner, clock=clock, fuzz=True)
        while (item := session.next()) is not None:
            rating = GOOD
            if item.kind == REVIEW:
                # The learner's true memory is FSRS's default model: recall with probability R.
                chance = session.scheduler.retrievability(item.memory, int(clock()))
                assert chance is not None
                due_reviews += 1
                if rng.random() < chance:
                    recalled += 1
                else:
                    rating = AGAIN
            session.answer(item, rating, 5000)
            clock.advance(20)
        clock.now += DAY - (clock.now % DAY) + 10 * 3600  # tomorrow, 10:00
    store.close()
    assert due_reviews > 1000
    assert abs(recalled / due_reviews - 0.90) <= 0.03, (recalled, due_reviews)
