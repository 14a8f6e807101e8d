"""Database faults as one clear line each: a read-only file, a full disk, a damaged file, a lock
held too long, a lost server connection.

The drivers raise their own exceptions, wrapped by SQLAlchemy or not (the hot paths use the
driver's cursor); `fault` turns any of them into a StoreError whose message says what happened,
that nothing was saved, and what to do. Messages never quote SQL, parameters or a password.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from quizapp.errors import StoreError


class ReadOnlyError(StoreError):
    """The database cannot be written: a read-only file, folder, mount or server."""


class DamagedError(StoreError):
    """The database file is damaged (a corrupt page, not a database); nothing is written into it."""


class DiskFullError(StoreError):
    """The disk (or the database's size limit) is full."""


class ConnectionLostError(StoreError):
    """The database server could not be reached, or went away."""


# SQLite's primary result codes (the low byte of the extended code).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 10, 11, 13, 14, 26


def recovery(path: Path | None) -> str:
    """How to get a damaged SQLite database back, for messages."""
    if path is None:
        return "restore it from a backup"
    backups = path.parent / "backups"
    return (f"restore a backup with `quizapp restore BACKUP` (automatic daily backups are in {backups}), "
            f"or salvage what is left with `sqlite3 {path} .recover | sqlite3 recovered.db`")


def _driver_error(exc: BaseException) -> BaseException:
    """The driver's own exception, SQLAlchemy's wrapper taken off (when SQLAlchemy is loaded at
    all: the SQLite hot paths run on the driver alone and never import it)."""
    wrappers = sys.modules.get("sqlalchemy.exc")
    if wrappers is not None and isinstance(exc, wrappers.DBAPIError) and exc.orig is not None:
        return exc.orig  # type: ignore[no-any-return]
    return exc


def reason(exc: BaseException) -> str:
    """The first line of the driver's message, without SQL or parameters."""
    orig = _driver_error(exc)
    message = str(orig).strip()
    return message.splitlines()[0] if message else type(orig).__name__


def fault(exc: BaseException, where: str, path: Path | None, *, writing: bool) -> StoreError:
    """The StoreError to show for a driver error met while reading or writing `where`."""
    orig = _driver_error(exc)
    why = reason(exc)
    unsaved = ": nothing was saved" if writing else ""
    if isinstance(orig, sqlite3.Error):
        code = (getattr(orig, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == _SQLITE_READONLY:
            return ReadOnlyError(f"{where} is read-only{unsaved} (it needs write access to keep answers)")
        if code == _SQLITE_FULL:
            return DiskFullError(f"the disk holding {where} is full{unsaved}; free some space and try again")
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
            return DamagedError(f"{where} is damaged ({why}){unsaved}; {recovery(path)}")
        if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
            return StoreError(f"{where} stayed locked by another program for 30 s{unsaved}; try again")
        if code in (_SQLITE_PERM, _SQLITE_IOERR, _SQLITE_CANTOPEN):
            return StoreError(f"cannot {'write' if writing else 'read'} {where} ({why}){unsaved}")
        return StoreError(f"the database refused the {'change' if writing else 'query'} ({why}){unsaved}")
    state = str(getattr(orig, "sqlstate", "") or "")
    if state == "25006":
        return ReadOnlyError(f"{where} is read-only{unsaved} (the server refuses changes)")
    if state.startswith("53"):
        return DiskFullError(f"the database server for {where} is out of space or memory ({why}){unsaved}; try again later")
    if state.startswith(("08", "57P")) or (not state and type(orig).__name__ == "OperationalError"):
        return ConnectionLostError(f"lost the connection to the database server ({why}){unsaved}; try again when it is back")
    if state.startswith("XX"):
        return DamagedError(f"the database server reports damage in {where} ({why}){unsaved}")
    return StoreError(f"the database refused the {'change' if writing else 'query'} ({why}){unsaved}")
