"""Opening databases: pragmas, clear errors, concurrent writers, learners, migrations."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from quizapp.cli.main import main
from quizapp.errors import StoreError
from quizapp.store import learners, migrate
from quizapp.store.database import Store
from quizapp.store.importer import import_paths
from quizapp.store.sql import SCHEMA_REVISION
from tests.builders import record_some_answers
from tests.helpers import TABLES, dump, example_deck, profile, write_deck


def test_sqlite_connections_are_configured(sqlite_store: Store) -> None:
    with sqlite_store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_default_database_lives_in_the_data_folder(tmp_path: Path) -> None:
    store = Store.open(None)
    store.close()
    assert (tmp_path / "data" / "quizapp.db").is_file()


@pytest.mark.parametrize(
    ("db", "message"),
    [
        ("/no/such/folder/x.db", "folder /no/such/folder does not exist"),
        ("notadb", "file is not a database"),
        ("postgresql+psycopg://someone:hunter2@127.0.0.1:9/nowhere", "someone:***@127.0.0.1:9"),
        ("nosuchdriver://x", "unsupported database URL"),
        ("", None),
    ],
)
def test_a_database_that_cannot_be_opened_gives_one_clear_line(db: str, message: str | None, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notadb").write_text("this is not SQLite\n")
    result = CliRunner().invoke(main, ["--db", db, "decks"])
    if message is None:  # empty means the default database
        assert result.exit_code == 0
        return
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert (len(lines) == 1 and lines[0].startswith("quizapp: error: cannot open database")) or "unsupported" in lines[0]
    assert message in lines[0]
    assert "hunter2" not in result.output and "Traceback" not in result.output
    assert (tmp_path / "notadb").read_text() == "this is not SQLite\n"


def test_a_foreign_sqlite_database_is_left_alone(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreError, match="tables that quizapp did not create"):
        Store.open(str(path))


def test_learners_are_created_on_first_use(store: Store) -> None:
    first = profile(store, "ada")
    again = profile(store, "ada")
    assert first.id == again.id
    assert [learner.name for learner in learners.all_learners(store)] == ["ada"]


def test_concurrent_read_then_write_transactions_do_not_fail(tmp_path: Path) -> None:
    db = str(tmp_path / "busy.db")
    Store.open(db).close()
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        store = Store.open(db)
        try:
            for i in range(20):
                profile(store, f"learner-{n}-{i}")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
            errors.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = Store.open(db)
    assert len(learners.all_learners(store)) == 80
    store.close()


def test_migration_from_the_first_revision_keeps_every_row(db_url: str, tmp_path: Path) -> None:
    # Fill a database, take it back to the first revision, then let Store.open migrate it to head.
    store = Store.__new__(Store)
    from quizapp.store.database import _make_engine, resolve_url

    Store.__init__(store, _make_engine(resolve_url(db_url)))
    migrate.upgrade(store.engine)
    import_paths(store, [str(write_deck(tmp_path, example_deck()))])
    record_some_answers(store, "ada", count=5)
    migrate.downgrade(store.engine, "0001")
    before = dump(store, TABLES)
    assert all(before[t] for t in ("learner", "card", "item", "item_state", "review"))
    store.close()

    migrated = Store.open(db_url)
    with migrated.read() as session:
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
    after = dump(migrated, TABLES)
    migrated.close()
    for table in TABLES:
        # Later revisions add columns at the end of a row; the first revision's columns are kept.
        width = len(before[table][0]) if before[table] else 0
        assert sorted((row[:width] for row in after[table]), key=repr) == before[table], table


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    store = Store.open(db_url)
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    store.close()


def test_every_learner_has_a_state_row_for_every_item(store: Store, tmp_path: Path) -> None:
    """New items have rows too (state 0), for learners created before and after an import."""
    early = profile(store, "early")
    import_paths(store, [str(write_deck(tmp_path, example_deck()))])
    late = profile(store, "late")
    with store.read() as conn:
        items = conn.execute(text("SELECT count(*) FROM item")).scalar()
        for learner in (early, late):
            new = text("SELECT count(*) FROM item_state WHERE learner_id = :l AND state = 0")
            rows = conn.execute(new, {"l": learner.id}).scalar()
            assert rows == items == 10
