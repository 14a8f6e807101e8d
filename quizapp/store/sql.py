"""Hand-written SQL on the hot paths, run on the driver's cursor.

The queue, the answers and the counts run such statements without SQLAlchemy's compiler and
result machinery, which cost more than SQLite's own work there. `fetch` takes a SQLAlchemy
connection (inside its transaction) or a plain DB-API connection (the home screen's first paint
reads SQLite before SQLAlchemy is even imported).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

# The newest schema revision; opening a database at another revision runs Alembic.
SCHEMA_REVISION = "0009_card_excerpts"

# Values bound per multi-row INSERT statement: well under SQLite's 32,766 and PostgreSQL's 65,535.
_ROWS_PER_INSERT = 1200
_ONE_ROW = re.compile(r"\([^()]*\)")


@lru_cache(maxsize=512)
def _pyformat(statement: str) -> str:
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", statement.replace("%", "%%"))


def driver_sql(conn: Any, statement: str) -> str:
    """A statement with `:name` parameters in the driver's own style (named for sqlite3,
    pyformat for psycopg)."""
    dialect = getattr(conn, "dialect", None)
    return _pyformat(statement) if dialect is not None and dialect.paramstyle == "pyformat" else statement


def fetch(conn: Any, statement: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Run a statement and return its rows (an empty list for statements without any)."""
    raw = conn.connection.dbapi_connection if hasattr(conn, "dialect") else conn
    cursor = raw.cursor()
    try:
        cursor.execute(driver_sql(conn, statement), params or {})
        return cursor.fetchall() if cursor.description else []
    finally:
        cursor.close()


def id_lists(ids: Iterable[int], size: int = 500) -> list[tuple[str, dict[str, int]]]:
    """Integers for `IN (...)`, at most `size` to a list (well under the drivers' limits on
    parameters): each list as bound parameters (`:id0, :id1, ...`) with their values. The
    statement's text then depends only on the list's length, and the driver's statement cache
    serves it again; a list written into the text is parsed and planned anew every time (an
    item's view, read for every item studied: 130 us so, 30 us bound, on the 100k collection)."""
    listed = [int(i) for i in ids]
    chunks = [listed[start : start + size] for start in range(0, len(listed), size)]
    return [(_placeholders(len(chunk)), dict(zip(_names(len(chunk)), chunk, strict=True))) for chunk in chunks]


@lru_cache(maxsize=64)
def _names(count: int) -> tuple[str, ...]:
    return tuple(f"id{n}" for n in range(count))


@lru_cache(maxsize=64)
def _placeholders(count: int) -> str:
    return ", ".join(f":{name}" for name in _names(count))


def json_column(value: Any) -> Any:
    """A JSON column's value: PostgreSQL's driver decodes it, SQLite's returns the text."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


@lru_cache(maxsize=64)
def _positional(statement: str, marker: str) -> str:
    return re.sub(r"(?<![:\w]):(\w+)", marker, statement.replace("%", "%%") if marker == "%s" else statement)


def execute_rows(conn: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
    """Run one statement for each row (the driver's executemany): each row a tuple of the values
    of the statement's `:name` parameters in the order they appear. Binding by position spares a dict per row and the
    driver's lookup per value (100,000 review rows: 0.45 s against 0.75 s on SQLite). A plain
    `INSERT ... VALUES (...)` takes many rows per statement, which spares SQLite its per-statement
    work (an AUTOINCREMENT table rewrites its counter after every statement): 0.22 s against
    0.36-0.47 s for those 100,000 rows."""
    if not rows:
        return
    dialect = getattr(conn, "dialect", None)
    marker = "%s" if dialect is not None and dialect.paramstyle == "pyformat" else "?"
    positional = _positional(statement, marker)
    head, values_keyword, values = positional.rpartition(" VALUES ")
    per = _ROWS_PER_INSERT // max(1, values.count(marker))
    if (len(rows) < 2 * per or not values_keyword or not head.lstrip().upper().startswith("INSERT")
            or _ONE_ROW.fullmatch(values) is None):  # an upsert, or a RETURNING, keeps one row per statement
        _executemany(conn, positional, rows)
        return
    full = len(rows) - len(rows) % per
    _executemany(conn, f"{head} VALUES {','.join([values] * per)}",
                 [tuple(chain.from_iterable(rows[start : start + per])) for start in range(0, full, per)])
    if full < len(rows):
        _executemany(conn, positional, rows[full:])


def _executemany(conn: Any, statement: str, rows: Sequence[Any]) -> None:
    raw = conn.connection.dbapi_connection if hasattr(conn, "dialect") else conn
    cursor = raw.cursor()
    try:
        cursor.executemany(statement, rows)
    finally:
        cursor.close()
