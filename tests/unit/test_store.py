"""Opening databases: pragmas, clear errors, concurrent writers, learners, migrations."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from quizapp.cli.main import main
from quizapp.errors import StoreError
from quizapp.store import learners, migrate, schema_script, search_index
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


def filled_at(revision: str, db_url: str, tmp_path: Path) -> dict[str, list[str]]:
    """Fill a database at head (a deck, five answers), copy its rows (the columns `revision` has)
    into the database `db_url` built at `revision`; returns each table's columns at `revision`."""
    from sqlalchemy import Column, MetaData, Table, inspect
    from sqlmodel import SQLModel

    filled = Store.open(str(tmp_path / "filled.db"))
    import_paths(filled, [str(write_deck(tmp_path, example_deck()))])
    record_some_answers(filled, "ada", count=5)
    rows = dump(filled, TABLES)
    with filled.read() as conn:
        names = {t: [c["name"] for c in inspect(conn).get_columns(t)] for t in TABLES}
    filled.close()

    store = Store.__new__(Store)
    from quizapp.store.database import _make_engine, resolve_url

    Store.__init__(store, _make_engine(resolve_url(db_url)))
    migrate.upgrade(store.engine, revision)
    with store.engine.begin() as conn:
        old = {t: [c["name"] for c in inspect(conn).get_columns(t)] for t in TABLES}
        for name in TABLES:  # in dependency order; the model's column types convert SQLite's values
            model = SQLModel.metadata.tables[name]
            old_table = Table(name, MetaData(), *(Column(c.name, c.type) for c in model.columns if c.name in old[name]))
            values = [{c: _typed(model.c[c].type, row[names[name].index(c)]) for c in old[name]} for row in rows[name]]
            if values:
                conn.execute(old_table.insert(), values)
    store.close()
    return old


def test_migration_from_the_first_revision_keeps_every_row(db_url: str, tmp_path: Path) -> None:
    # A database at the first revision, filled, then migrated to head by Store.open: every row kept.
    old = filled_at("0001", db_url, tmp_path)
    from quizapp.store.database import _make_engine, resolve_url

    engine = _make_engine(resolve_url(db_url))
    with engine.connect() as conn:
        before = {t: sorted((tuple(r) for r in conn.execute(text(f"SELECT {', '.join(old[t])} FROM {t}"))), key=repr)
                  for t in TABLES}
    engine.dispose()
    assert all(before[t] for t in ("learner", "card", "item", "item_state", "review"))

    migrated = Store.open(db_url)
    with migrated.read() as session:
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_REVISION
        after = {t: sorted((tuple(r) for r in session.execute(text(f"SELECT {', '.join(old[t])} FROM {t}"))), key=repr)
                 for t in TABLES}
        roles = session.execute(text("SELECT DISTINCT role FROM learner")).scalars().all()
    migrated.close()
    for table in TABLES:
        assert after[table] == before[table], table
    assert roles == ["student"]  # existing learners become students


def _typed(kind: object, value: object) -> object:
    """A value read from SQLite as the column's type wants it on any backend."""
    from sqlalchemy import JSON, Boolean

    if value is not None and isinstance(kind, Boolean):
        return bool(value)
    if isinstance(value, str) and isinstance(kind, JSON):
        return json.loads(value)
    return value


def test_migrations_build_exactly_the_models(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    store = Store.open(db_url)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": search_index.not_ours})
        assert compare_metadata(context, SQLModel.metadata) == []
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


def test_the_hardening_migration_keeps_reviews_and_never_reuses_their_ids(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    filled_at("0002", db, tmp_path)
    raw = sqlite3.connect(db)
    before = sorted(raw.execute("SELECT * FROM review").fetchall())
    raw.close()

    migrated = Store.open(db)
    try:
        with migrated.read() as conn:
            columns = [c[1] for c in conn.exec_driver_sql("PRAGMA table_info(review)").fetchall()]
            kept = sorted(tuple(r) for r in conn.exec_driver_sql(f"SELECT {', '.join(columns[:len(before[0])])} FROM review"))
        assert kept == before
        with migrated.write() as conn:
            assert "AUTOINCREMENT" in str(conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'review'").scalar())
            top = int(conn.exec_driver_sql("SELECT max(id) FROM review").scalar() or 0)
            conn.exec_driver_sql(f"DELETE FROM review WHERE id = {top}")
        record_some_answers(migrated, "bob", count=1)
        with migrated.read() as conn:
            assert conn.exec_driver_sql("SELECT max(id) FROM review").scalar() == top + 1
    finally:
        migrated.close()


def test_the_browse_migration_writes_every_items_browse_text(db_url: str, tmp_path: Path) -> None:
    # Items imported before 0006 get their prompt, answer and search text from their card.
    from quizapp.progress.browse import browse_rows

    filled_at("0005_authoring", db_url, tmp_path)
    migrated = Store.open(db_url)
    with migrated.read() as conn:
        texts = conn.execute(text("SELECT prompt, answer, search FROM item WHERE retired = false")).all()
    rows = browse_rows(migrated, profile(migrated, "ada"))
    migrated.close()
    assert texts and all(prompt and answer and search for prompt, answer, search in texts)
    assert {r.prompt for r in rows} == {t[0] for t in texts}
    assert any(r.prompt.startswith("Samsung's new R&D facility") for r in rows)


def schema_of(script: str) -> list[list[str]]:
    """A schema script's statements, each as its sorted lines (Alembic's table rebuilds list the
    foreign keys in no fixed order)."""
    return sorted(sorted(line.strip().rstrip(",").strip() for line in statement.splitlines())
                  for statement in script.split(";\n") if statement.strip())


def test_a_new_file_is_made_from_the_schema_the_migrations_build(tmp_path: Path) -> None:
    # A new SQLite file is made from the shipped script (a first launch without Alembic); it must
    # be exactly what the migrations build. After a new migration: python -m quizapp.store.schema_script
    migrated, scripted = tmp_path / "migrated.db", tmp_path / "scripted.db"
    Store.open(str(migrated), fresh_by_script=False).close()
    store = Store.open(str(scripted))
    with sqlite3.connect(migrated) as a, sqlite3.connect(scripted) as b:
        assert schema_of(schema_script.dump(a)) == schema_of(schema_script.SCRIPT.read_text(encoding="utf-8")), (
            "quizapp/store/schema.sql is stale: run python -m quizapp.store.schema_script")
        assert schema_of(schema_script.dump(b)) == schema_of(schema_script.dump(a))
        assert b.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_REVISION,)]
    # and it works as a migrated one does: decks in, a learner, answers
    import_paths(store, [str(write_deck(tmp_path, example_deck()))])
    record_some_answers(store, "ada", 3)
    assert dump(store)["review"]
    store.close()
