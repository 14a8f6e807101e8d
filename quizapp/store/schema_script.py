"""A fresh SQLite database made in one step from the schema the migrations build.

Creating a new database through every Alembic migration costs most of a first launch (loading
Alembic and SQLAlchemy, then five migrations), though the result is always the same. So the schema
of a freshly migrated database is shipped as `schema.sql` and a new SQLite file is made from it
with the driver alone, then stamped with SCHEMA_REVISION. A test migrates a fresh database with
Alembic and checks the script is exactly what it built (regenerate it with `python -m
quizapp.store.schema_script` after adding a migration); existing databases still migrate with
Alembic.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from quizapp.store import search_index
from quizapp.store.sql import SCHEMA_REVISION

SCRIPT = Path(__file__).resolve().parent / "schema.sql"


def dump(conn: sqlite3.Connection) -> str:
    """The schema of an SQLite database as a script: its tables, indexes and triggers in the order
    they were made (SQLite's own tables, automatic indexes and the search index's shadow tables
    left out: they come with the tables)."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    return "".join(f"{sql};\n" for name, sql in rows if name not in search_index.SHADOWS)


def statements() -> list[str]:
    """The shipped script's statements."""
    return [s.strip() for s in SCRIPT.read_text(encoding="utf-8").split(";\n") if s.strip()]


def create(conn: sqlite3.Connection) -> None:
    """Make the schema in an empty database and stamp it, inside the caller's transaction. The
    search index is made only where this SQLite can (quizapp.store.search_index)."""
    for statement in statements():
        if search_index.TABLE not in statement:  # made below, where it can be
            conn.execute(statement)
    search_index.create(conn, fill=False)
    conn.execute("INSERT INTO alembic_version (version_num) VALUES (?)", (SCHEMA_REVISION,))


def _regenerate() -> None:
    import tempfile

    from quizapp.store.database import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fresh.db"
        store = Store.open(str(path), fresh_by_script=False)
        store.close()
        with sqlite3.connect(path) as conn:
            SCRIPT.write_text(dump(conn), encoding="utf-8")
    print(f"wrote {SCRIPT}")  # noqa: T201 - a developer's command


if __name__ == "__main__":
    _regenerate()
