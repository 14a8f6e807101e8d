"""The monkey test: a seeded random walk drives the real app with Pilot through every screen with
random keys, as a brand-new learner and as one with a long history, at 80x24, 120x40 and 200x60.
After every step the app must be alive (no exception, still running) and the database must hold
its invariants (see `check_database`).

The CI form walks a few hundred steps in all; `pytest -m monkey_long` walks many more (seeds and
steps from $QUIZAPP_MONKEY_SEEDS and $QUIZAPP_MONKEY_STEPS).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from quizapp.collection import Collection
from quizapp.engine.scheduling import AGAIN, EASY, GOOD, HARD, Memory, Scheduler
from quizapp.engine.settings import load
from quizapp.engine.states import NEW
from quizapp.learning import Learning, profile_of
from quizapp.practice.study import StudySession
from quizapp.store import learners
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.item_states import read_states
from quizapp.store.models import LEARNER_TABLE, REVIEW_TABLE
from quizapp.ui.app import QuizApp
from tests.helpers import FakeClock, example_deck, profile, write_deck

SIZES = [(80, 24), (120, 40), (200, 60)]
TYPING = [*"abcdefghijklmnopqrstuvwxyz0123456789", "space", "backspace"]
EVERYWHERE = ["question_mark", "escape", "enter", "tab", "shift+tab", "up", "down", "pagedown", "pageup", "space", "WAIT"]
ANSWERING = [*"12345678abcdefghtfyn", *"1234" * 3, "u", "o", "exclamation_mark", "minus", "asterisk", "backspace", "shift+up",
             "shift+down", "j", "k", "K", "J", *["enter", "space"] * 4, "escape"]
# Weighted so that a walk of 50 keys reaches most screens: each screen's own keys, and a way out.
BY_SCREEN: dict[str, list[str]] = {
    "HomeScreen": ["enter", "a", "t", "t", "b", "s", "s", "r", "comma", "up", "down", "ctrl+p", "e", "c", "c"],
    "StudyScreen": ANSWERING,
    "QuizScreen": [*ANSWERING, "y", "n"],
    "QuizSetupScreen": ["ctrl+s", "ctrl+s", "space", "tab", "1", "backspace", "down"],
    "QuizResultScreen": ["r", "enter", "down"],
    "BrowseScreen": ["slash", *"samung", "enter", "s", "exclamation_mark", "asterisk", "R", "y", "n", "o", "c", "down"],
    "ConfirmScreen": ["y", "n"],
    "ReaderScreen": ["j", "k", "n", "p", "enter", "m", "c", "down", "up"],
    "CitationsScreen": ["enter", "c", "down"],
    "StatsScreen": ["n", "enter", "down", "pagedown", "tab"],
    "SettingsScreen": ["tab", *"0123", "backspace", "ctrl+s", "enter", "down"],
    "KeysScreen": ["escape", "question_mark", "down"],
    "ExamDateScreen": [*"2026-12-15", "2", "0", "enter", "enter", "backspace", "escape"],
    "ClassScreen": ["tab", "r", "down", "up", "enter", "escape"],
    "CommandPalette": ["escape", *"stu"],  # never enter: the palette's first command may be Quit
}
# Keys that end the app on purpose, left out so "the app is alive" means something.
QUITTING = {"HomeScreen": {"q", "ctrl+q"}}


def simulate_history(store: Store, name: str, days: int, seed: int) -> None:
    """Study every day for `days` days with seeded ratings, ending yesterday: a learner with a
    long history whose every state is what its review log implies."""
    rng = random.Random(seed)
    clock = FakeClock(FakeClock().now - days * 86400)
    learner = profile(store, name)
    for _ in range(days):
        session = StudySession(store, learner, clock=clock, fuzz=False)
        for _answer in range(60):
            item = session.next(ahead=True)
            if item is None:
                break
            session.answer(item, rng.choice([AGAIN, HARD, GOOD, GOOD, GOOD, EASY]), rng.randrange(1000, 20000))
            clock.advance(rng.randrange(5, 90))
        clock.advance(86400 - clock.now % 86400 + 10 * 3600)


def check_database(store: Store, settings_at_start: dict[int, str], *, replay: bool = True) -> None:
    """Every answered item has its review rows and a state; every state is what its review log
    implies: replaying the log through the scheduler (from new, again after a reset to new) gives
    the stored state, for every learner whose settings have not changed since the walk began."""
    with store.read() as conn:
        learner_rows = conn.execute(select(LEARNER_TABLE.c.id, LEARNER_TABLE.c.settings)).all()
        log = conn.execute(
            select(REVIEW_TABLE.c.learner_id, REVIEW_TABLE.c.item_id, REVIEW_TABLE.c.reviewed_at, REVIEW_TABLE.c.rating,
                   REVIEW_TABLE.c.state).order_by(REVIEW_TABLE.c.id)
        ).all()
        states = {learner_id: read_states(conn, learner_id, sorted({r.item_id for r in log if r.learner_id == learner_id}))
                  for learner_id, _ in learner_rows}
    by_item: dict[tuple[int, int], list[tuple[int, int, int]]] = {}
    for row in log:
        by_item.setdefault((row.learner_id, row.item_id), []).append((row.reviewed_at, row.rating, row.state))
    for (learner_id, item_id), answers in by_item.items():
        state = states[learner_id].get(item_id)
        assert state is not None, f"learner {learner_id} answered item {item_id} but has no state for it"
        memory = state.memory
        assert memory.state == NEW or memory.last_review == max(at for at, _, _ in answers), (learner_id, item_id)
        assert memory.reps <= len(answers), (learner_id, item_id)
    for learner_id, settings_json in learner_rows:
        if not replay:
            break
        text = json.dumps(settings_json if not isinstance(settings_json, str) else json.loads(settings_json), sort_keys=True)
        if settings_at_start.setdefault(learner_id, text) != text:
            continue  # settings changed during the walk: a replay under today's settings proves nothing
        scheduler = Scheduler(load(json.loads(text)), fuzz=False)
        for (who, item_id), answers in by_item.items():
            if who != learner_id:
                continue
            replayed = Memory()
            for at, rating, before in answers:
                if before == NEW and replayed.state != NEW:
                    replayed = Memory()  # the item was reset to new in between (its history kept)
                assert replayed.state == before, (learner_id, item_id, "state before an answer differs from the log")
                replayed = scheduler.review(item_id, replayed, rating, at)
            stored = states[learner_id][item_id]
            assert stored is not None
            if stored.memory.state == NEW:
                continue  # reset after its last answer
            assert replace(stored.memory, stability=None, difficulty=None) == replace(replayed, stability=None,
                                                                                     difficulty=None), (learner_id, item_id)
            assert stored.memory.stability == pytest.approx(replayed.stability)


async def walk(app: QuizApp, store: Store, clock: FakeClock, size: tuple[int, int], steps: int, seed: int) -> list[str]:
    """Press `steps` random keys chosen for the screen on show; check after each one."""
    rng = random.Random(seed)
    pressed: list[str] = []
    settings_at_start: dict[int, str] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        for step in range(steps):
            screen = type(app.screen).__name__
            choices = BY_SCREEN.get(screen, []) if rng.random() < 0.75 else EVERYWHERE
            if screen == "SettingsScreen" or rng.random() < 0.1:
                choices = choices + TYPING
            key = rng.choice([k for k in choices or EVERYWHERE if k not in QUITTING.get(screen, set())])
            pressed.append(f"{screen}:{key}")
            if key == "WAIT":
                clock.advance(rng.choice([30, 61, 300, 601, 3600]))
                await pilot.pause(0.05)
            else:
                await pilot.press(key)
                await pilot.pause(0 if rng.random() < 0.8 else 0.05)  # now and then past the key guard
            await alive(pilot, pressed)
            check_database(store, settings_at_start, replay=step % 5 == 4)
        await app.workers.wait_for_complete()
        await alive(pilot, pressed)
        check_database(store, settings_at_start)
    return pressed


async def alive(pilot: Pilot[None], pressed: list[str]) -> None:
    app = pilot.app
    assert app._exception is None, f"crashed after {pressed[-12:]}: {app._exception!r}"
    assert app.is_running, f"the app stopped after {pressed[-12:]}"


def run_walk(store: Store, name: str, size: tuple[int, int], steps: int, seed: int) -> set[str]:
    """Walk as `name`; returns the screens the walk pressed keys on."""
    clock = FakeClock()
    learning = Learning(store, profile_of(learners.learner(store, name)), clock=clock, fuzz=False)
    app = QuizApp(learning, monotonic=time.monotonic, key_guard=0.02)
    pressed = asyncio.run(walk(app, store, clock, size, steps, seed))
    return {step.split(":", 1)[0] for step in pressed}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example deck (one card of every type) with a veteran of 40 days of study, built once."""
    folder = tmp_path_factory.mktemp("monkey")
    store = Store.open(str(folder / "template.db"))
    import_paths(store, [str(write_deck(folder / "decks", example_deck()))])
    simulate_history(store, "veteran", days=40, seed=3)
    store.close()
    return folder / "template.db"


@pytest.fixture
def walk_store(template: Path, tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the template for one walk."""
    target = tmp_path / "walk.db"
    shutil.copyfile(template, target)
    store = Store.open(str(target))
    yield store
    store.close()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("who", ["new", "veteran"])
def test_monkey(who: str, size: tuple[int, int], walk_store: Store) -> None:
    """50 random keys per learner and size: 300 steps in all, seeded."""
    run_walk(walk_store, "newbie" if who == "new" else "veteran", size, steps=50, seed=SIZES.index(size) * 2 + (who == "new"))


def test_monkey_as_a_teacher(walk_store: Store) -> None:
    """A teacher's walk (the Class screen, exam dates) at 120x40, beside the veteran student."""
    Collection(walk_store, clock=FakeClock(), fuzz=False).add_learner("teacher", "teacher", password=False)
    screens = run_walk(walk_store, "teacher", (120, 40), steps=60, seed=11)
    assert {"ClassScreen", "ExamDateScreen"} <= screens, screens  # the seed is chosen to reach both


@pytest.mark.monkey_long
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
@pytest.mark.parametrize("who", ["new", "veteran"])
def test_monkey_long(who: str, size: tuple[int, int], walk_store: Store) -> None:
    """Opt in with -m monkey_long: many seeds, many steps ($QUIZAPP_MONKEY_SEEDS, $QUIZAPP_MONKEY_STEPS)."""
    seeds = int(os.environ.get("QUIZAPP_MONKEY_SEEDS", "5"))
    steps = int(os.environ.get("QUIZAPP_MONKEY_STEPS", "400"))
    for seed in range(seeds):
        run_walk(walk_store, f"newbie{seed}" if who == "new" else "veteran", size, steps, 1000 + seed)
