"""The home screen's first view, read from SQLite with the standard library alone.

Opening the store imports SQLAlchemy and the table models, which takes longer than Textual itself
takes to paint. When the database is an existing SQLite file at the current schema with decks
and this learner, the app paints the deck list from this view at once and opens the store in the
background; anything else (a first run, a migration, PostgreSQL) takes the ordinary path.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from quizapp import locations
from quizapp.engine import settings as config
from quizapp.store.overview import Overview, overview_from
from quizapp.store.sql import SCHEMA_REVISION, fetch, json_column


@dataclass(frozen=True)
class QuickStart:
    """What the home screen needs before the store is open."""

    learner_id: int
    learner: str
    theme: str
    overview: Overview


def quick_start(db: str | None, profile: str, at: int) -> QuickStart | None:
    """The first view, or None when the ordinary path must open the store first."""
    path = locations.sqlite_file(db)
    if path is None or not path.is_file():  # another database, or a first run: the ordinary path
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    except sqlite3.Error:
        return None
    try:
        if fetch(conn, "SELECT version_num FROM alembic_version") != [(SCHEMA_REVISION,)]:
            return None
        if not fetch(conn, "SELECT 1 FROM deck LIMIT 1"):
            return None
        found = fetch(conn, "SELECT id, settings FROM learner WHERE name = :name", {"name": profile.strip()})
        if not found:
            return None
        learner_id, settings_json = found[0]
        settings = config.load(json_column(settings_json))
        return QuickStart(
            learner_id, profile.strip(), settings.theme, overview_from(conn, learner_id, profile.strip(), settings, at)
        )
    except (sqlite3.Error, ValueError):
        return None  # not a quizapp database, or damaged: the ordinary path says what is wrong
    finally:
        conn.close()
