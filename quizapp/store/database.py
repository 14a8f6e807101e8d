"""The one object that owns the database connections; a transaction per unit of work.

SQLite gets WAL, foreign keys, a busy timeout and `BEGIN IMMEDIATE` for writes, so a
read-then-write transaction never fails half-way with "database is locked". PostgreSQL works by
URL. The schema is migrated with Alembic whenever a database is opened at another revision.

Two kinds of transaction. `read()` and `write()` hand out a SQLAlchemy connection (the importer
builds Core statements with it; the engine is made, and SQLAlchemy imported, on first use).
`driver_read()` and `driver_write()` hand out what quizapp.store.sql.fetch runs on: for an SQLite
file the driver's own sqlite3 connection from a small pool, with BEGIN and COMMIT issued directly
(SQLAlchemy's connection, transaction and event machinery cost more than an answer's SQL, and
importing it cost more than the rest of opening the store), for a server the SQLAlchemy
connection. Studying, the home screen and the counts run on the driver path, so the app opens an
up-to-date SQLite file and shows the first study item without importing SQLAlchemy at all.
"""

from __future__ import annotations

import math
import os
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quizapp import locations
from quizapp.errors import QuizError, StoreError
from quizapp.redaction import redact_url, remember
from quizapp.store.checkpoints import Checkpointer
from quizapp.store.faults import DamagedError, ReadOnlyError, fault, reason, recovery
from quizapp.store.sql import SCHEMA_REVISION, fetch

BUSY_SECONDS = 30  # how long an SQLite connection waits for another process's lock

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine
    from sqlalchemy.engine import URL

# The execution option that makes a connection's transactions take SQLite's write lock at BEGIN.
WRITE_OPTION = "quizapp_write"


def local_path(db: str | None) -> Path | None:
    """The SQLite file named by --db / $QUIZAPP_DB as a path, or the default file (its folder
    created); None for a URL."""
    if db is None or not db.strip():
        path = locations.default_db_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the data folder {path.parent}: {exc.strerror}") from None
        return path
    if "://" in db:
        return None
    path = Path(db).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"cannot open database {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"cannot open database {path}: it is a folder")
    return path.resolve()


def resolve_url(db: str | None) -> URL:
    """A SQLAlchemy URL from --db / $QUIZAPP_DB: a URL, a file path, or None for the default file."""
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError

    path = local_path(db)
    if path is not None:
        return URL.create("sqlite", database=str(path))
    assert db is not None
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


class _Pool:
    """The driver's connections to one SQLite file, each set up once (the pragmas of
    `_sqlite_connect`) and reused: taken for one transaction, then put back, so its page cache
    stays warm. Any thread may take one; no two use one at once. A connection that failed is
    closed, not put back. Once commits pause, the write-ahead log is folded back into the file on
    a thread of its own (quizapp.store.checkpoints)."""

    KEEP = 4  # idle connections kept open (the app uses one or two at a time)

    def __init__(self, path: Path, *, read_only: bool) -> None:
        self.read_only = read_only
        self._connect = _read_only_connector(path) if read_only else (
            lambda: sqlite3.connect(path, check_same_thread=False, timeout=BUSY_SECONDS, isolation_level=None))
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._checkpointer = None if read_only else Checkpointer(path)

    def _new(self) -> sqlite3.Connection:
        conn = self._connect()
        try:
            _sqlite_connect(conn, None, read_only=self.read_only)
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def transaction(self, begin: str, *, commit: bool) -> Iterator[sqlite3.Connection]:
        """A connection inside a transaction opened by `begin`; committed at the end when `commit`,
        else rolled back. On any error the transaction is rolled back and the connection dropped."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._new()
        try:
            conn.execute(begin)
            yield conn
            conn.execute("COMMIT" if commit else "ROLLBACK")
            if commit and self._checkpointer is not None:
                self._checkpointer.wrote()
        except BaseException:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the original error says what went wrong; the connection is dropped anyway
            conn.close()
            raise
        with self._lock:
            if len(self._idle) < self.KEEP:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close every idle connection (the last one closed folds SQLite's write-ahead log back)."""
        if self._checkpointer is not None:
            self._checkpointer.close()
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class Store:
    """Owns the connections; hands out transactions and keeps learners.

    `where` names the database in messages (a path, or a URL without its password). A read-only
    store (a file, folder or mount this process cannot write) serves reads and refuses every write
    with ReadOnlyError before touching the file; a store found damaged refuses writes the same way.
    An SQLite file (`path`, unless an engine is given) is also served through the driver's own
    connections (`driver_read`, `driver_write`); the engine is made from `url` on first use.
    """

    def __init__(self, engine: Engine | None = None, *, where: str = "the database", path: Path | None = None,
                 read_only: bool = False, url: URL | None = None) -> None:
        self._engine = engine
        self._url = url
        self._engine_lock = threading.Lock()
        self.where = where
        self.path = path  # the SQLite file, None for a server
        self.read_only = read_only
        self.damaged: str | None = None  # why writes are refused, once damage was seen
        # Held while the daily integrity check runs behind the app (see hold_writes): a write
        # waits for its verdict, so no answer goes into a database about to be found damaged.
        self._write_gate = threading.Lock()
        self._pool = _Pool(path, read_only=read_only) if path is not None and engine is None else None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine (made on first use: SQLAlchemy loads only when needed)."""
        if self._engine is None:
            with self._engine_lock:
                if self._engine is None:
                    url = self._url
                    if url is None:
                        from sqlalchemy.engine import URL

                        url = URL.create("sqlite", database=str(self.path))
                    self._engine = _make_engine(url, read_only=self.read_only)
        return self._engine

    @property
    def is_sqlite(self) -> bool:
        """True for an SQLite file (backups, integrity checks and read-only files apply)."""
        return self._pool is not None or self.engine.dialect.name == "sqlite"

    @property
    def _errors(self) -> tuple[type[BaseException], ...]:
        """The drivers' exceptions (and SQLAlchemy's wrapper of them, once SQLAlchemy is loaded)."""
        errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
        wrappers = sys.modules.get("sqlalchemy.exc")
        if wrappers is not None:
            errors += (wrappers.DBAPIError,)
        if self._engine is not None:
            dbapi = getattr(self._engine.dialect, "loaded_dbapi", None)
            errors += (getattr(dbapi, "Error", sqlite3.Error),)
        return errors

    @classmethod
    def open(cls, db: str | None = None, *, read_only: bool | None = None, check: bool = False,
             fresh_by_script: bool = True) -> Store:
        """Open (creating if needed) and migrate the database named by --db or the default file.

        A new SQLite file is made from the shipped schema script (quizapp.store.schema_script)
        unless `fresh_by_script` is False (then Alembic builds it, as it migrates older files).

        An SQLite file this process cannot write opens read-only (unless `read_only` says
        otherwise); with `check`, an SQLite file is integrity-checked (PRAGMA quick_check, about
        0.5 s for 100,000 items) and a damaged one refused with DamagedError.
        """
        path = local_path(db)
        url = None
        if path is None:
            url = resolve_url(db)
            if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
                path = Path(str(url.database))
        where = str(path) if path is not None else redact_url(url.render_as_string(hide_password=True) if url else "")
        if path is not None and read_only is None:
            read_only = not writable(path)
        if read_only and path is not None and not path.exists():
            raise ReadOnlyError(f"cannot create database {path}: the folder {path.parent} is not writable")
        engine = None
        if path is None:
            assert url is not None
            engine = _server_engine(url, where, read_only=bool(read_only))
        store = cls(engine, where=where, path=path, read_only=bool(read_only), url=url)
        try:
            store.migrate(fresh_by_script=fresh_by_script)
            if check:
                store.check()
        except QuizError:
            store.close()
            raise
        except store._errors as exc:
            store.close()
            if isinstance(fault(exc, where, path, writing=False), DamagedError):
                why = reason(exc)
                damage = "if it is a quizapp database, it is damaged" if "not a database" in why else "it is damaged"
                raise DamagedError(f"cannot open database {where}: {why}; {damage}: {recovery(path)}") from None
            raise StoreError(f"cannot open database {where}: {reason(exc)}") from None
        return store

    def close(self) -> None:
        """Release every connection."""
        if self._pool is not None:
            self._pool.close()
        if self._engine is not None:
            self._engine.dispose()

    def _fault(self, exc: BaseException, *, writing: bool) -> StoreError:
        problem = fault(exc, self.where, self.path, writing=writing)
        if isinstance(problem, DamagedError):
            self.damaged = problem.message
        return problem

    def hold_writes(self) -> None:
        """Make every write wait until `release_writes` (the holder may not write meanwhile)."""
        self._write_gate.acquire()

    def release_writes(self) -> None:
        """Let writes held by `hold_writes` go on (a no-op when none are held)."""
        if self._write_gate.locked():
            self._write_gate.release()

    def _refuse_writes(self) -> None:
        with self._write_gate:  # a check in progress decides first (see hold_writes)
            pass
        if self.read_only:
            raise ReadOnlyError(f"{self.where} is read-only: nothing was saved (it needs write access to keep answers)")
        if self.damaged is not None:
            raise DamagedError(self.damaged)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A SQLAlchemy connection for reading; its transaction sees one consistent snapshot."""
        engine = self.engine
        try:
            with engine.connect() as conn:
                with conn.begin():
                    try:
                        yield conn
                    finally:
                        conn.rollback()
        except self._errors as exc:
            raise self._fault(exc, writing=False) from None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A SQLAlchemy connection whose transaction holds the write lock from its start and
        commits at the end.

        Raises ReadOnlyError (read-only store) or DamagedError (damage seen before) without
        touching the database, and a StoreError naming the fault when a write fails; then the
        transaction is rolled back and nothing was saved.
        """
        self._refuse_writes()
        from sqlalchemy.exc import IntegrityError

        writer = self.engine.execution_options(**{WRITE_OPTION: True})
        try:
            with writer.connect() as conn:
                with conn.begin():
                    yield conn
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            raise StoreError(f"the database refused a write: {reason(exc)}") from None
        except self._errors as exc:
            raise self._fault(exc, writing=True) from None

    @contextmanager
    def driver_read(self) -> Iterator[Any]:
        """A connection for quizapp.store.sql.fetch (the driver's own on SQLite), for reading; its
        transaction sees one consistent snapshot."""
        if self._pool is None:
            with self.read() as conn:
                yield conn
            return
        try:
            with self._pool.transaction("BEGIN", commit=False) as raw:
                yield raw
        except sqlite3.Error as exc:
            raise self._fault(exc, writing=False) from None

    @contextmanager
    def driver_write(self) -> Iterator[Any]:
        """A connection for quizapp.store.sql.fetch (the driver's own on SQLite) whose transaction
        holds the write lock from its start and commits at the end; faults as for `write`."""
        if self._pool is None:
            with self.write() as conn:
                yield conn
            return
        self._refuse_writes()
        try:
            with self._pool.transaction("BEGIN IMMEDIATE", commit=True) as raw:
                yield raw
        except sqlite3.IntegrityError as exc:
            raise StoreError(f"the database refused a write: {reason(exc)}") from None
        except sqlite3.Error as exc:
            raise self._fault(exc, writing=True) from None

    def check(self) -> None:
        """Integrity-check an SQLite file (PRAGMA quick_check); a damaged one raises DamagedError
        and refuses writes from then on. A no-op for a server, which checks its own pages."""
        if not self.is_sqlite:
            return
        with self.driver_read() as conn:
            rows = fetch(conn, "PRAGMA quick_check(5)")
        if rows != [("ok",)]:
            first = str(rows[0][0]).splitlines()[0] if rows else "no answer"
            self.damaged = f"{self.where} is damaged ({first}); nothing was written into it; {recovery(self.path)}"
            raise DamagedError(self.damaged)

    def migrate(self, *, fresh_by_script: bool = True) -> None:
        """Bring the schema to SCHEMA_REVISION with Alembic (a no-op when it is current: then an
        SQLite file is checked with the driver alone, and neither SQLAlchemy nor Alembic loads).

        The migration itself holds the write lock from its first read (quizapp.store.migrate), so
        processes opening one fresh or old database at once take turns instead of failing.
        """
        tables, revision = self._schema()
        if revision == SCHEMA_REVISION:
            return
        if fresh_by_script and not tables and self._pool is not None and not self.read_only and self._create_fresh():
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

    def _create_fresh(self) -> bool:
        """Make the schema of an empty SQLite file from the shipped script, holding the write lock;
        False when another process made tables meanwhile (then it migrates as usual)."""
        from quizapp.store import schema_script

        assert self._pool is not None
        with self._pool.transaction("BEGIN IMMEDIATE", commit=True) as raw:
            if fetch(raw, "SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1"):
                return False
            schema_script.create(raw)
        return True

    def _schema(self) -> tuple[set[str], str | None]:
        """The database's tables and its schema revision (None before the first migration)."""
        if self._pool is not None:
            with self._pool.transaction("BEGIN", commit=False) as raw:
                tables = {str(r[0]) for r in fetch(raw, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                        "AND name NOT LIKE 'sqlite_%'")}
                found = fetch(raw, "SELECT version_num FROM alembic_version") if "alembic_version" in tables else []
            return tables, (str(found[0][0]) if found else None)
        from sqlalchemy import inspect, text

        with self.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            conn.rollback()
        return tables, revision


def _server_engine(url: URL, where: str, *, read_only: bool) -> Engine:
    """The engine for a database server (or an SQLite URL without a file), with a clear error for
    a URL SQLAlchemy does not know or whose driver is not installed."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        return _make_engine(url, read_only=read_only)
    except (ArgumentError, NoSuchModuleError, ValueError, TypeError):
        raise StoreError(f"unsupported database URL {where!r}") from None
    except ModuleNotFoundError as exc:
        raise StoreError(
            f"the driver for {url.drivername} is not installed ({exc.name}); "
            "for PostgreSQL run: pip install 'quizapp[postgres]'"
        ) from None


def _make_engine(url: URL, *, read_only: bool = False) -> Engine:
    from sqlalchemy import create_engine, event

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
