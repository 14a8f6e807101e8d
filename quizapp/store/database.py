"""The one object that owns the database engine; a session per unit of work.

SQLite gets WAL, foreign keys, a busy timeout and `BEGIN IMMEDIATE` for writes, so a
read-then-write transaction never fails half-way with "database is locked". PostgreSQL works by
URL. The schema is migrated with Alembic whenever a database is opened.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, NoSuchModuleError, OperationalError

from quizapp import locations
from quizapp.errors import StoreError
from quizapp.store.sql import SCHEMA_REVISION

_WRITE = "quizapp_write"


def resolve_url(db: str | None) -> URL:
    """A SQLAlchemy URL from --db / $QUIZAPP_DB: a URL, a file path, or None for the default file."""
    if db is None or not db.strip():
        path = locations.default_db_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder {path.parent}: {exc.strerror}") from None
        return URL.create("sqlite", database=str(path))
    if "://" in db:
        try:
            return make_url(db)
        except ArgumentError:
            raise StoreError(f"invalid database URL {_redact(db)!r}") from None
    path = Path(db).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a folder")
    return URL.create("sqlite", database=str(path.resolve()))


def _redact(url: str) -> str:
    return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", url)


def now() -> int:
    """The current instant in whole seconds since the epoch."""
    return int(time.time())


class Store:
    """Owns the engine; hands out sessions and keeps learners."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{_WRITE: True})

    @classmethod
    def open(cls, db: str | None = None) -> Store:
        """Open (creating if needed) and migrate the database named by --db or the default file."""
        url = resolve_url(db)
        where = _redact(url.render_as_string(hide_password=True)) if url.drivername != "sqlite" else url.database
        try:
            engine = _make_engine(url)
        except (ArgumentError, NoSuchModuleError):
            raise StoreError(f"unsupported database URL {where!r}") from None
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"the driver for {url.drivername} is not installed ({exc.name}); "
                "for PostgreSQL run: pip install 'quizapp[postgres]'"
            ) from None
        store = cls(engine)
        try:
            store.migrate()
        except OperationalError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {where}: {_reason(exc)}") from None
        except DatabaseError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {where}: {_reason(exc)}") from None
        return store

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading; its transaction sees one consistent snapshot."""
        with self.engine.connect() as conn:
            with conn.begin():
                try:
                    yield conn
                finally:
                    conn.rollback()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection whose transaction holds the write lock from its start and commits at the end."""
        with self._writer.connect() as conn:
            try:
                with conn.begin():
                    yield conn
            except IntegrityError as exc:
                raise StoreError(f"the database refused a write: {_reason(exc)}") from None

    def migrate(self) -> None:
        """Bring the schema to SCHEMA_REVISION with Alembic (a no-op when it is current)."""
        with self.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            conn.rollback()
        if revision == SCHEMA_REVISION:
            return
        if revision is None and tables - {"alembic_version"}:
            raise StoreError("the database holds tables that quizapp did not create; use another database")
        from quizapp.store.migrate import KNOWN_REVISIONS, upgrade  # Alembic loads only when needed

        if revision is not None and revision not in KNOWN_REVISIONS:
            raise StoreError(f"the database has schema revision {revision}, newer than this quizapp knows; upgrade quizapp")
        upgrade(self.engine)


def _make_engine(url: URL) -> Engine:
    if url.drivername.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args=_pg_connect_args(url))


def _pg_connect_args(url: URL) -> dict[str, Any]:
    return {"connect_timeout": 5} if url.drivername.startswith("postgresql") else {}


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: each committed answer is on disk before the next card shows, even after power loss.
    cursor.execute("PRAGMA synchronous = FULL")
    try:  # SQLite builds without the math functions get Python's pow (the mastery map uses it)
        cursor.execute("SELECT pow(2, 2)")
    except sqlite3.OperationalError:
        dbapi_conn.create_function("pow", 2, math.pow, deterministic=True)
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(_WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _reason(exc: DatabaseError) -> str:
    """The first line of the driver's message, without SQL or parameters."""
    message = str(exc.orig) if exc.orig is not None else str(exc)
    return message.strip().splitlines()[0] if message.strip() else type(exc.orig).__name__
