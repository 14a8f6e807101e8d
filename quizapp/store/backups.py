"""Backups of an SQLite database: a consistent copy, restoring one after checking it, and the
automatic daily backups the app keeps (as Anki does).

Copies use SQLite's online backup API, which reads one consistent snapshot while the app (or
anyone) keeps writing, so a backup never catches half an answer. A copy is written under a
temporary name and renamed when complete and checked, so a backup that exists is whole.

Automatic backups: when the app opens an SQLite database it can write, once per calendar day,
it checks the database (PRAGMA quick_check) and copies it to `backups/<name>-auto-<date>.db`
beside the database, keeping the newest KEEP_DAILY. A damaged database is not copied (it would
push out a good backup) and is refused instead, saying how to recover.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from quizapp.errors import StoreError
from quizapp.store.database import Store, writable
from quizapp.store.faults import DamagedError

_SQLITE_CORRUPT = 11
KEEP_DAILY = 7  # automatic daily backups kept (a week of days studied)
_REQUIRED = ("alembic_version", "learner", "deck", "item", "item_state", "review")


@dataclass(frozen=True)
class BackupInfo:
    """What a checked backup holds."""

    path: Path
    revision: str
    learners: int
    reviews: int
    newest_review: int | None  # epoch seconds of its last answer

    def __str__(self) -> str:
        newest = time.strftime("%Y-%m-%d %H:%M", time.localtime(self.newest_review)) if self.newest_review else "none"
        return (f"{self.path}: {self.learners} learner{'s' * (self.learners != 1)}, {self.reviews} answer"
                f"{'s' * (self.reviews != 1)}, the last on {newest}")


def folder(db_path: Path) -> Path:
    """Where the backups of a database go: a `backups` folder beside it."""
    return db_path.parent / "backups"


def _sqlite_path(store: Store) -> Path:
    if not store.is_sqlite or store.path is None:
        raise StoreError("backups are for an SQLite database; back up a PostgreSQL server with pg_dump")
    return store.path


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy an open database into a new file at `target`, whole or not at all."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with sqlite3.connect(partial) as copy:
            source.backup(copy)  # every page at once: one consistent snapshot of the source
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            ok = copy.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        copy.close()
        if not ok:
            raise DamagedError(f"the copy at {target} failed its check; nothing was kept")
        with open(partial, "rb") as written:
            os.fsync(written.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _reader(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def backup(store: Store, target: Path | None = None) -> Path:
    """Write a consistent copy of the store's SQLite database to `target` (a new file, or a folder
    to put it in; default: the backups folder, named by date and time); returns its path."""
    path = _sqlite_path(store)
    stamp = time.strftime("%Y-%m-%d-%H%M%S")
    if target is None:
        target = folder(path) / f"{path.stem}-{stamp}.db"
    elif target.is_dir():
        target = target / f"{path.stem}-{stamp}.db"
    if target.exists():
        raise StoreError(f"{target} already exists; name a new file")
    if not target.parent.is_dir():
        if target.parent == folder(path):
            target.parent.mkdir(parents=True, exist_ok=True)
        else:
            raise StoreError(f"cannot write {target}: folder {target.parent} does not exist")
    store.check()  # a damaged database is not copied over as if it were a backup
    # Read through the store's own connection, so its rules hold: a file in a read-only folder
    # (a class database on a read-only share) opens immutable, which a plain reader cannot.
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        _copy(source, target)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot write the backup {target}: {exc}") from None
    finally:
        raw.close()
    return target


def check(path: Path) -> BackupInfo:
    """Check that `path` is a whole quizapp database this version can open; what it holds."""
    from quizapp.store.migrate import KNOWN_REVISIONS  # Alembic loads only when needed

    if not path.is_file():
        raise StoreError(f"{path} is not a file")
    try:
        with _reader(path) as conn:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not set(_REQUIRED) <= tables:
                raise StoreError(f"{path} is not a quizapp database")
            problems = conn.execute("PRAGMA quick_check").fetchall()
            if problems != [("ok",)]:
                raise DamagedError(f"{path} is damaged ({str(problems[0][0]).splitlines()[0]}); choose another backup")
            (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone() or ("",)
            (learners,) = conn.execute("SELECT count(*) FROM learner").fetchone()
            reviews, newest = conn.execute("SELECT count(*), max(reviewed_at) FROM review").fetchone()
        conn.close()
    except sqlite3.DatabaseError as exc:
        if (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_CORRUPT:
            raise DamagedError(f"{path} is damaged ({exc}); choose another backup") from None
        raise StoreError(f"{path} is not a quizapp database ({exc})") from None
    if revision not in KNOWN_REVISIONS:
        raise StoreError(f"{path} has schema revision {revision or 'none'}, unknown to this quizapp")
    return BackupInfo(path, str(revision), int(learners), int(reviews), int(newest) if newest is not None else None)


@dataclass(frozen=True)
class Restored:
    """What a restore did."""

    backup: BackupInfo
    kept: Path | None  # where the database that was there before now is (None: there was none)
    damaged: bool  # True when that database was damaged (moved aside, not copied)


def _healthy(path: Path) -> bool:
    try:
        with _reader(path) as conn:
            ok = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        conn.close()
        return ok
    except sqlite3.DatabaseError:
        return False


def restore(db_path: Path, source: Path) -> Restored:
    """Bring back the backup at `source` as the database at `db_path`, after checking it.

    The database there before is kept: copied into the backups folder when healthy (then the
    backup is copied into it through SQLite, so a program that has it open sees the restored
    data, never a file swapped under it), or moved aside as `<name>.damaged-<time>` when damaged.
    """
    info = check(source)
    if db_path.exists() and db_path.resolve() == source.resolve():
        raise StoreError(f"{source} is the database itself; name a backup")
    if not writable(db_path):
        raise StoreError(f"cannot restore into {db_path}: it (or its folder) is read-only")
    stamp = time.strftime("%Y-%m-%d-%H%M%S")
    if not db_path.exists():
        with _reader(source) as backup_conn:
            _copy(backup_conn, db_path)
        backup_conn.close()
        return Restored(info, None, damaged=False)
    if not _healthy(db_path):
        aside = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = db_path.with_name(db_path.name + suffix)
            if part.exists():
                part.replace(aside.with_name(aside.name + suffix))
        with _reader(source) as backup_conn:
            _copy(backup_conn, db_path)
        backup_conn.close()
        return Restored(info, aside, damaged=True)
    kept = folder(db_path) / f"{db_path.stem}-before-restore-{stamp}.db"
    kept.parent.mkdir(parents=True, exist_ok=True)
    with _reader(db_path) as current:
        _copy(current, kept)
    current.close()
    try:
        with _reader(source) as backup_conn, sqlite3.connect(db_path, timeout=30) as live:
            live.execute("PRAGMA busy_timeout = 30000")
            backup_conn.backup(live)
        live.close()
        backup_conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot restore into {db_path} ({exc}); it is unchanged, and a copy is at {kept}") from None
    return Restored(info, kept, damaged=False)


_DAILY = re.compile(r"-auto-(\d{4}-\d{2}-\d{2})\.db$")


def daily(store: Store, now: float, keep: int = KEEP_DAILY) -> Path | None:
    """The automatic backup: once per calendar day, check the database and copy it to
    `backups/<name>-auto-<date>.db`, keeping the newest `keep`. Returns the new backup, or None
    when there was nothing to do (a server, a read-only file, today's backup already there).
    Raises DamagedError (and refuses writes from then on) for a damaged database."""
    if not store.is_sqlite or store.path is None or store.read_only:
        return None
    path = store.path
    day = time.strftime("%Y-%m-%d", time.localtime(now))
    target = folder(path) / f"{path.stem}-auto-{day}.db"
    if target.exists():
        return None
    store.check()
    target.parent.mkdir(parents=True, exist_ok=True)
    with _reader(path) as source:
        _copy(source, target)
    source.close()
    autos = sorted(p for p in target.parent.glob(f"{path.stem}-auto-*.db") if _DAILY.search(p.name))
    for old in autos[:-keep] if keep > 0 else autos:
        old.unlink(missing_ok=True)
    return target
