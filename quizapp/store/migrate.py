"""Schema migrations with Alembic, applied when a database is opened."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from quizapp.errors import StoreError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def config() -> Config:
    """An Alembic configuration pointing at the migrations shipped in the package."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


KNOWN_REVISIONS = frozenset(rev.revision for rev in ScriptDirectory.from_config(config()).walk_revisions())


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate to `revision`, in one transaction that holds the write lock from its start.

    Several processes opening one fresh or old database at once therefore take turns: the first
    migrates, the others wait (within the busy timeout) and then find nothing left to do, since
    Alembic reads the schema revision only once the lock is held (SQLite's BEGIN IMMEDIATE; the
    write transactions' advisory lock on PostgreSQL, whose DDL is transactional too).

    On SQLite, foreign keys are switched off while tables are rebuilt (a batch migration with
    them on would cascade-delete child rows) and checked afterwards.
    """
    _run(engine, lambda cfg: command.upgrade(cfg, revision))


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate back to `revision` (tests use it to build an old database from today's rows)."""
    _run(engine, lambda cfg: command.downgrade(cfg, revision))


def _run(engine: Engine, step: Callable[[Config], None]) -> None:
    from quizapp.store.database import WRITE_OPTION

    cfg = config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")  # must run outside a transaction to take effect
        try:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                cfg.attributes["connection"] = conn
                step(cfg)
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreError(f"migration left {len(broken)} rows with broken references; nothing was changed")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")
