"""The one object that owns the database engine; a session per unit of work.

SQLite gets WAL, foreign keys, a busy timeout and `BEGIN IMMEDIATE` for writes, so a
read-then-write transaction never fails half-way with "database is locked". PostgreSQL works by
URL. The schema is migrated with Alembic whenever a database is opened.
"""

from __future__ import annotations

import math
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, NoSuchModuleError

from quizapp import locations
from quizapp.errors import QuizError, StoreError
from quizapp.redaction import redact_url, remember
from quizapp.store.faults import DamagedError, ReadOnlyError, fault, reason, recovery
from quizapp.store.sql import SCHEMA_REVISION, fetch

BUSY_SECONDS = 30  # how long an SQLite connection waits for another process's lock

# The execution option that makes a connection's transactions take SQLite's write lock at BEGIN.
WRITE_OPTION = "quizapp_write"


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
        authority = db.split("://", 1)[1].split("?", 1)[0]
        user_info = authority.rsplit("@", 1)[0] if "@" in authority else ""
        remember(user_info.split(":", 1)[1] if ":" in user_info else None)  # before any message can quote it
        if authority.count("@") > 1:  # an "@" in a password reads as the host's start
            raise StoreError(f"invalid database URL {redact_url(db)!r}: write an @ in the password as %40")
        try:
            url = make_url(db)
            _ = url.port  # a port that is not a number fails here, not deep inside the driver
        except (ArgumentError, ValueError, TypeError):
            raise StoreError(f"invalid database URL {redact_url(db)!r}") from None
        _remember_secrets(url)
        return url
    path = Path(db).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a folder")
    return URL.create("sqlite", database=str(path.resolve()))


def _remember_secrets(url: URL) -> None:
    """Every password a URL carries, so no message or log can show it (quizapp.redaction)."""
    remember(url.password if isinstance(url.password, str) else None)
    for key, value in url.query.items():
        if key.lower() in ("password", "passwd", "pwd", "pass"):
            for one in (value,) if isinstance(value, str) else value:
                remember(one)


def writable(path: Path) -> bool:
    """Whether an SQLite database at `path` can be written: the file (when it exists) and its folder,
    where SQLite creates the write-ahead log beside it."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def now() -> int:
    """The current instant in whole seconds since the epoch."""
    return int(time.time())


class Store:
    """Owns the engine; hands out sessions and keeps learners.

    `where` names the database in messages (a path, or a URL without its password). A read-only
    store (a file, folder or mount this process cannot write) serves reads and refuses every write
    with ReadOnlyError before touching the file; a store found damaged refuses writes the same way.
    """

    def __init__(self, engine: Engine, *, where: str = "the database", path: Path | None = None,
                 read_only: bool = False) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        self.where = where
        self.path = path  # the SQLite file, None for a server
        self.read_only = read_only
        self.damaged: str | None = None  # why writes are refused, once damage was seen
        dbapi = getattr(engine.dialect, "loaded_dbapi", None)
        driver_error = getattr(dbapi, "Error", sqlite3.Error)
        self._errors: tuple[type[BaseException], ...] = (DBAPIError, sqlite3.Error, driver_error)

    @property
    def is_sqlite(self) -> bool:
        """True for an SQLite file (backups, integrity checks and read-only files apply)."""
        return self.engine.dialect.name == "sqlite"

    @classmethod
    def open(cls, db: str | None = None, *, read_only: bool | None = None, check: bool = False) -> Store:
        """Open (creating if needed) and migrate the database named by --db or the default file.

        An SQLite file this process cannot write opens read-only (unless `read_only` says
        otherwise); with `check`, an SQLite file is integrity-checked (PRAGMA quick_check, about
        0.5 s for 100,000 items) and a damaged one refused with DamagedError.
        """
        url = resolve_url(db)
        path = Path(url.database) if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:") else None
        where = str(path) if path is not None else redact_url(url.render_as_string(hide_password=True))
        if path is not None and read_only is None:
            read_only = not writable(path)
        if read_only and path is not None and not path.exists():
            raise ReadOnlyError(f"cannot create database {path}: the folder {path.parent} is not writable")
        try:
            engine = _make_engine(url, read_only=bool(read_only))
        except (ArgumentError, NoSuchModuleError, ValueError, TypeError):
            raise StoreError(f"unsupported database URL {where!r}") from None
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"the driver for {url.drivername} is not installed ({exc.name}); "
                "for PostgreSQL run: pip install 'quizapp[postgres]'"
            ) from None
        store = cls(engine, where=where, path=path, read_only=bool(read_only))
        try:
            store.migrate()
            if check:
                store.check()
        except QuizError:
            engine.dispose()
            raise
        except store._errors as exc:
            engine.dispose()
            if isinstance(fault(exc, where, path, writing=False), DamagedError):
                why = reason(exc)
                damage = "if it is a quizapp database, it is damaged" if "not a database" in why else "it is damaged"
                raise DamagedError(f"cannot open database {where}: {why}; {damage}: {recovery(path)}") from None
            raise StoreError(f"cannot open database {where}: {reason(exc)}") from None
        return store

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def _fault(self, exc: BaseException, *, writing: bool) -> StoreError:
        problem = fault(exc, self.where, self.path, writing=writing)
        if isinstance(problem, DamagedError):
            self.damaged = problem.message
        return problem

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading; its transaction sees one consistent snapshot."""
        try:
            with self.engine.connect() as conn:
                with conn.begin():
                    try:
                        yield conn
                    finally:
                        conn.rollback()
        except self._errors as exc:
            raise self._fault(exc, writing=False) from None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A connection whose transaction holds the write lock from its start and commits at the end.

        Raises ReadOnlyError (read-only store) or DamagedError (damage seen before) without
        touching the database, and a StoreError naming the fault when a write fails; then the
        transaction is rolled back and nothing was saved.
        """
        if self.read_only:
            raise ReadOnlyError(f"{self.where} is read-only: nothing was saved (it needs write access to keep answers)")
        if self.damaged is not None:
            raise DamagedError(self.damaged)
        try:
            with self._writer.connect() as conn:
                with conn.begin():
                    yield conn
        except IntegrityError as exc:
            raise StoreError(f"the database refused a write: {reason(exc)}") from None
        except self._errors as exc:
            raise self._fault(exc, writing=True) from None

    def check(self) -> None:
        """Integrity-check an SQLite file (PRAGMA quick_check); a damaged one raises DamagedError
        and refuses writes from then on. A no-op for a server, which checks its own pages."""
        if not self.is_sqlite:
            return
        with self.read() as conn:
            rows = fetch(conn, "PRAGMA quick_check(5)")
        if rows != [("ok",)]:
            first = str(rows[0][0]).splitlines()[0] if rows else "no answer"
            self.damaged = f"{self.where} is damaged ({first}); nothing was written into it; {recovery(self.path)}"
            raise DamagedError(self.damaged)

    def migrate(self) -> None:
        """Bring the schema to SCHEMA_REVISION with Alembic (a no-op when it is current).

        The migration itself holds the write lock from its first read (quizapp.store.migrate), so
        processes opening one fresh or old database at once take turns instead of failing.
        """
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
        if self.read_only:
            what = "is empty" if revision is None else "was made by an older quizapp"
            raise ReadOnlyError(f"{self.where} is read-only and {what}; open it once with write access to set it up")
        upgrade(self.engine)


def _make_engine(url: URL, *, read_only: bool = False) -> Engine:
    if url.drivername.startswith("sqlite"):
        if read_only and url.database:
            engine = create_engine("sqlite://", creator=_read_only_connector(Path(url.database)))
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_SECONDS})
        event.listen(engine, "connect", _sqlite_connect_read_only if read_only else _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_pre_ping=True, connect_args=_pg_connect_args(url))
    if url.drivername.startswith("postgresql"):
        event.listen(engine, "begin", _pg_begin)
    return engine


def _pg_connect_args(url: URL) -> dict[str, Any]:
    return {"connect_timeout": 5} if url.drivername.startswith("postgresql") else {}


def _read_only_connector(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections that only read. When the folder cannot hold the shared-memory file SQLite's
    write-ahead log needs, and none is there, the file is opened immutable: nobody can be
    writing it then, since nobody can create that file either."""
    shm = path.with_name(path.name + "-shm")
    immutable = not os.access(path.parent, os.W_OK) and not shm.exists()
    uri = f"{path.as_uri()}?mode=ro{'&immutable=1' if immutable else ''}"
    return lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_SECONDS)


def _sqlite_connect(dbapi_conn: sqlite3.Connection, record: Any, *, read_only: bool = False) -> None:
    dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _sqlite_begin)
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        _use_wal(cursor)
    # FULL: each committed answer is on disk before the next card shows, even after power loss.
    cursor.execute("PRAGMA synchronous = FULL")
    try:  # SQLite builds without the math functions get Python's pow (the mastery map uses it)
        cursor.execute("SELECT pow(2, 2)")
    except sqlite3.OperationalError:
        dbapi_conn.create_function("pow", 2, math.pow, deterministic=True)
    cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to write-ahead logging, waiting (up to the busy timeout) while another
    process does the same. On a fresh file the switch writes its first page, and SQLite does not
    call its busy handler for that write (the pragma already holds a read lock), so a second
    process opening the file at that instant would get "database is locked" at once."""
    deadline = time.monotonic() + BUSY_SECONDS
    pause = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _sqlite_connect_read_only(dbapi_conn: sqlite3.Connection, record: Any) -> None:
    _sqlite_connect(dbapi_conn, record, read_only=True)


# Any fixed number: the key of the advisory lock that quizapp's write transactions take on PostgreSQL.
PG_WRITE_LOCK = 7_311_946_001


def _pg_begin(conn: Any) -> None:
    """Write transactions on PostgreSQL take one advisory lock first, so they run one at a time as
    on SQLite: a read-then-write (an answer, a new learner, an import) never interleaves with
    another and never loses an update. They are short, so even a class waits milliseconds."""
    if conn.get_execution_options().get(WRITE_OPTION, False):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK})")


def _sqlite_begin(conn: Any) -> None:
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
