"""Backups: `quizapp backup`, `quizapp restore` and the app's automatic daily backups."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizapp.cli.main import main
from quizapp.errors import StoreError
from quizapp.opening import finish_opening, open_learning
from quizapp.store import backups, learners
from quizapp.store.database import Store
from quizapp.store.faults import DamagedError
from quizapp.store.importer import import_paths
from tests.builders import record_some_answers
from tests.helpers import FakeClock, damage_table, example_deck, write_deck

DAY = 86400


def answered(tmp_path: Path, answers: int = 3) -> Path:
    """An SQLite database with the example deck and some answers of ada."""
    db = tmp_path / "study.db"
    store = Store.open(str(db))
    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    record_some_answers(store, "ada", count=answers)
    store.close()
    return db


def reviews(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM review").fetchone()[0])
    finally:
        conn.close()


def test_backup_writes_a_whole_checked_copy(tmp_path: Path) -> None:
    db = answered(tmp_path)
    result = CliRunner().invoke(main, ["--db", str(db), "backup"])
    assert result.exit_code == 0, result.output
    (written,) = (tmp_path / "backups").glob("study-*.db")
    assert f"to {written}" in result.output
    assert reviews(written) == 3
    assert backups.check(written).reviews == 3
    assert not list((tmp_path / "backups").glob(".*partial"))
    again = CliRunner().invoke(main, ["--db", str(db), "backup", str(written)])
    assert again.exit_code == 1 and "already exists" in again.output  # never overwrites


def test_backup_while_another_connection_writes_is_consistent(tmp_path: Path) -> None:
    db = answered(tmp_path)
    store = Store.open(str(db))
    stop = threading.Event()

    def writer() -> None:
        n = 0
        while not stop.is_set():
            learners.learner(store, f"busy-{n}")
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        copies = [backups.backup(store, tmp_path / f"copy-{n}.db") for n in range(3)]
    finally:
        stop.set()
        thread.join()
        store.close()
    for copy in copies:
        info = backups.check(copy)  # whole: checks clean, every learner has every item's state row
        conn = sqlite3.connect(copy)
        try:
            missing = conn.execute("SELECT count(*) FROM learner AS l, item AS i WHERE NOT EXISTS "
                                   "(SELECT 1 FROM item_state s WHERE s.learner_id = l.id AND s.item_id = i.id)").fetchone()[0]
        finally:
            conn.close()
        assert missing == 0 and info.reviews == 3


def test_restore_brings_a_backup_back_and_keeps_what_was_there(tmp_path: Path) -> None:
    db = answered(tmp_path, answers=2)
    saved = tmp_path / "saved.db"
    assert CliRunner().invoke(main, ["--db", str(db), "backup", str(saved)]).exit_code == 0
    store = Store.open(str(db))
    record_some_answers(store, "bob", count=4)
    store.close()
    assert reviews(db) == 6
    result = CliRunner().invoke(main, ["--db", str(db), "restore", str(saved)])
    assert result.exit_code == 0, result.output
    assert "1 learner, 2 answers" in result.output
    assert reviews(db) == 2
    (kept,) = (tmp_path / "backups").glob("study-before-restore-*.db")
    assert f"kept at {kept}" in result.output
    assert reviews(kept) == 6


def test_restore_checks_the_backup_first(tmp_path: Path) -> None:
    db = answered(tmp_path)
    garbage = tmp_path / "garbage.db"
    garbage.write_text("not a database\n")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    damaged = tmp_path / "damaged.db"
    assert CliRunner().invoke(main, ["--db", str(db), "backup", str(damaged)]).exit_code == 0
    damage_table(damaged)
    for bad, why in ((garbage, "not a quizapp database"), (foreign, "not a quizapp database"), (damaged, "is damaged"),
                     (tmp_path / "missing.db", "is not a file")):
        result = CliRunner().invoke(main, ["--db", str(db), "restore", str(bad)])
        assert result.exit_code == 1
        assert why in result.output and len(result.output.strip().splitlines()) == 1, result.output
    assert reviews(db) == 3


def test_restore_over_a_damaged_database_moves_it_aside(tmp_path: Path) -> None:
    db = answered(tmp_path)
    saved = tmp_path / "saved.db"
    assert CliRunner().invoke(main, ["--db", str(db), "backup", str(saved)]).exit_code == 0
    damage_table(db)
    refused = CliRunner().invoke(main, ["--db", str(db), "import", str(tmp_path / "decks")])
    assert refused.exit_code == 1 and "is damaged" in refused.output
    result = CliRunner().invoke(main, ["--db", str(db), "restore", str(saved)])
    assert result.exit_code == 0, result.output
    (aside,) = tmp_path.glob("study.db.damaged-*[0-9]")
    assert f"moved aside to {aside}" in result.output
    assert reviews(db) == 3
    assert CliRunner().invoke(main, ["--db", str(db), "--profile", "ada", "decks"]).exit_code == 0


def test_backups_are_for_sqlite() -> None:
    result = CliRunner().invoke(main, ["--db", "postgresql+psycopg://u:hunter2@127.0.0.1:9/x", "restore", "x.db"])
    assert result.exit_code == 1 and "pg_restore" in result.output and "hunter2" not in result.output


def test_the_app_keeps_one_checked_backup_a_day_and_the_last_seven(tmp_path: Path) -> None:
    db = answered(tmp_path)
    clock = FakeClock()
    for _day in range(10):
        for _ in range(2):  # opened twice a day: one backup
            open_learning(str(db), "ada", clock=clock).close()
        clock.advance(DAY)
    kept = sorted(p.name for p in (tmp_path / "backups").glob("study-auto-*.db"))
    assert len(kept) == backups.KEEP_DAILY
    assert kept[-1] == "study-auto-2026-01-10.db" and kept[0] == "study-auto-2026-01-04.db"
    assert all(reviews(tmp_path / "backups" / name) == 3 for name in kept)


def test_the_app_refuses_a_damaged_database_and_keeps_the_good_backups(tmp_path: Path) -> None:
    db = answered(tmp_path)
    clock = FakeClock()
    open_learning(str(db), "ada", clock=clock).close()
    damage_table(db)
    clock.advance(DAY)
    with pytest.raises(DamagedError, match="quizapp restore"):
        open_learning(str(db), "ada", clock=clock)
    assert [p.name for p in (tmp_path / "backups").glob("study-auto-*.db")] == ["study-auto-2026-01-01.db"]


def test_a_check_left_for_later_holds_every_write_until_it_is_done(tmp_path: Path) -> None:
    # The app opens with check_later (the check of a large file would delay the first item):
    # an answer given meanwhile waits for the check, then is saved, and today's backup is kept.
    db = answered(tmp_path)
    learning = open_learning(str(db), "ada", clock=FakeClock(), check_later=True)
    assert not list((tmp_path / "backups").glob("study-auto-*.db"))
    saved = threading.Event()

    def answer() -> None:
        session = learning.study()
        item = session.next()
        assert item is not None
        session.answer(item, 3, 1000)
        saved.set()

    writer = threading.Thread(target=answer)
    writer.start()
    assert not saved.wait(0.5)  # held while the check has not run
    finish_opening(learning)
    writer.join(10)
    assert saved.is_set() and reviews(db) == 4
    assert [p.name for p in (tmp_path / "backups").glob("study-auto-*.db")] == ["study-auto-2026-01-01.db"]
    learning.close()


def test_a_damaged_database_found_by_the_later_check_refuses_the_waiting_write(tmp_path: Path) -> None:
    db = answered(tmp_path)
    damage_table(db)
    learning = open_learning(str(db), "ada", clock=FakeClock(), check_later=True)
    refused: list[BaseException] = []

    def write() -> None:
        try:
            learning.save_settings(learning.settings)
        except StoreError as exc:
            refused.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    with pytest.raises(DamagedError, match="quizapp restore"):
        finish_opening(learning)
    writer.join(10)
    assert len(refused) == 1 and isinstance(refused[0], DamagedError)
    assert not list((tmp_path / "backups").glob("study-auto-*.db"))
    learning.close()


def test_a_store_found_damaged_refuses_writes(tmp_path: Path) -> None:
    db = answered(tmp_path)
    damage_table(db)
    store = Store.open(str(db))
    try:
        with pytest.raises(DamagedError):
            store.check()
        with pytest.raises(StoreError, match="is damaged"):
            learners.learner(store, "new")
    finally:
        store.close()
