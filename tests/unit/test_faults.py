"""Database faults: many processes opening one database, read-only and damaged files, a full disk,
a lost server, and passwords that never show."""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

import pytest

from quizapp.errors import QuizError
from quizapp.store import learners, migrate
from quizapp.store.database import Store, _make_engine, resolve_url
from quizapp.store.importer import import_paths
from tests.helpers import example_deck, write_deck


def _opener(db: str, name: str, deck: Path, go: Event, failures: Queue[str]) -> None:
    """A child process: wait for the common start, then open the database as every command does
    (the migration), import a deck (a read-then-write of its source and cards), add a learner."""
    go.wait()
    try:
        store = Store.open(db)
        import_paths(store, [str(deck)])
        learners.learner(store, name)
        store.close()
    except QuizError as exc:
        failures.put(exc.message)


def _open_at_once(db: str, processes: int, deck: Path) -> list[str]:
    """Fork `processes` children (quizapp already imported, so they start at once), release them
    together, and return the error messages they met."""
    fork = multiprocessing.get_context("fork")
    go, failures = fork.Event(), fork.Queue()
    children = [fork.Process(target=_opener, args=(db, f"learner{n}", deck, go, failures)) for n in range(processes)]
    for child in children:
        child.start()
    time.sleep(0.2)
    go.set()
    for child in children:
        child.join(timeout=120)
    messages = []
    while not failures.empty():
        messages.append(failures.get())
    return messages + [f"exit code {c.exitcode}" for c in children if c.exitcode != 0]


@pytest.mark.parametrize("old", [False, True], ids=["fresh", "old"])
def test_many_processes_open_one_database_at_once(db_url: str, old: bool, tmp_path: Path) -> None:
    """Four processes open a fresh database (or one at the first schema revision) at the same
    instant: each waits its turn for the migration, and all succeed."""
    if old:
        engine = _make_engine(resolve_url(db_url))
        migrate.upgrade(engine, "0001")
        engine.dispose()
    assert _open_at_once(db_url, 4, write_deck(tmp_path / "decks", example_deck())) == []
    store = Store.open(db_url)
    try:
        with store.read() as conn:
            learners = conn.exec_driver_sql("SELECT count(*) FROM learner").scalar()
            decks = conn.exec_driver_sql("SELECT count(*) FROM deck").scalar()
    finally:
        store.close()
    assert learners == 4
    assert decks and decks > 0
