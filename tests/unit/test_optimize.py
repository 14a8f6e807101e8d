"""`quizapp optimize`: too few reviews keeps the defaults; enough reviews of a learner whose memory
differs from the defaults yields better parameters, adopted, with memory states recomputed."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import fsrs
from click.testing import CliRunner
from sqlalchemy import delete, insert, select

from quizapp.cli.main import main
from quizapp.engine import settings as config
from quizapp.engine.scheduling import AGAIN, GOOD, Memory, Scheduler
from quizapp.progress.optimize import MIN_REVIEWS, optimize
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.models import ITEM_STATE_TABLE, ITEM_TABLE, REVIEW_TABLE
from tests.helpers import profile, write_deck

DAY = 86400
# A learner who forgets faster than FSRS's defaults assume: smaller initial stabilities, weaker growth.
TRUE_PARAMETERS = (0.1, 0.3, 0.7, 2.5, *fsrs.Scheduler().parameters[4:8], 1.2, *fsrs.Scheduler().parameters[9:])


def simulate(store: Store, learner_id: int, cards: int, days: int, seed: int = 9) -> None:
    """Study every due item daily with default scheduling; recall follows TRUE_PARAMETERS."""
    truth = fsrs.Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
    scheduler = Scheduler(config.Settings(), fuzz=False)
    rng = random.Random(seed)
    with store.read() as s:
        items = [
            (r[0], r[1]) for r in s.execute(select(ITEM_TABLE.c.id, ITEM_TABLE.c.deck_id).order_by(ITEM_TABLE.c.id).limit(cards))
        ]
    start = 1_700_000_000
    rows, states = [], []
    for item_id, deck_id in items:
        memory, true_card, at = Memory(), fsrs.Card(card_id=item_id), start + rng.randrange(20) * DAY
        while at < start + days * DAY:
            rating = GOOD
            if memory.reps:
                chance = truth.get_card_retrievability(true_card, current_datetime=_utc(at))
                rating = GOOD if rng.random() < chance else AGAIN
            rows.append(
                {
                    "learner_id": learner_id,
                    "item_id": item_id,
                    "reviewed_at": at,
                    "rating": rating,
                    "duration_ms": 3000,
                    "auto_graded": False,
                    "state": memory.state,
                }
            )
            true_card, _ = truth.review_card(true_card, fsrs.Rating(rating), review_datetime=_utc(at))
            memory = scheduler.review(item_id, memory, rating, at)
            at = max(memory.due, at + 60)
        states.append({"learner_id": learner_id, "item_id": item_id, "deck_id": deck_id, **memory.__dict__})
    with store.write() as s:
        s.execute(insert(REVIEW_TABLE), rows)
        s.execute(delete(ITEM_STATE_TABLE).where(ITEM_STATE_TABLE.c.item_id.in_([st["item_id"] for st in states])))
        s.execute(insert(ITEM_STATE_TABLE), states)


def _utc(at: int) -> datetime:
    return datetime.fromtimestamp(at, tz=UTC)


def big_deck(tmp_path: Path, size: int) -> Path:
    cards = [{"id": f"c{n}", "front": f"q{n}", "back": f"a{n}", "explanation": "x"} for n in range(size)]
    return write_deck(tmp_path, {"quizapp": 1, "deck": "big", "title": "Big", "cards": cards})


def test_too_few_reviews_keeps_the_defaults(sqlite_store: Store, tmp_path: Path) -> None:
    import_paths(sqlite_store, [str(big_deck(tmp_path, 20))])
    ada = profile(sqlite_store, "ada")
    assert ada.id is not None
    simulate(sqlite_store, ada.id, cards=20, days=60)
    result = optimize(sqlite_store, ada)
    assert not result.adopted and result.reviews < MIN_REVIEWS
    assert "at least 1000" in result.message
    assert profile(sqlite_store, "ada").settings.parameters is None


def test_fitting_a_learner_who_differs_from_the_defaults(sqlite_store: Store, tmp_path: Path) -> None:
    import_paths(sqlite_store, [str(big_deck(tmp_path, 300))])
    ada = profile(sqlite_store, "ada")
    assert ada.id is not None
    simulate(sqlite_store, ada.id, cards=300, days=200)
    with sqlite_store.read() as s:
        stability_before = dict(s.execute(select(ITEM_STATE_TABLE.c.item_id, ITEM_STATE_TABLE.c.stability)).all())
    runner = CliRunner()
    db = str(sqlite_store.engine.url.database)
    result = runner.invoke(main, ["--db", db, "--profile", "ada", "optimize"])
    assert result.exit_code == 0, result.output
    assert "log loss" in result.output and "RMSE(bins)" in result.output
    assert "Adopted parameters fitted to your reviews." in result.output
    current = [line for line in result.output.splitlines() if line.strip().startswith(("current", "fitted"))]
    before_loss, after_loss = (float(line.split()[2]) for line in current)
    assert after_loss < before_loss
    parameters = profile(sqlite_store, "ada").settings.parameters
    assert parameters is not None and len(parameters) == 21
    assert parameters[2] < fsrs.Scheduler().parameters[2]  # the fit saw the learner's weaker memory
    with sqlite_store.read() as s:
        stability_after = dict(s.execute(select(ITEM_STATE_TABLE.c.item_id, ITEM_STATE_TABLE.c.stability)).all())
    assert stability_after.keys() == stability_before.keys()
    assert sum(stability_after[k] != stability_before[k] for k in stability_after) > 250
