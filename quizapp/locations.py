"""Where quizapp keeps its data, overridable by environment variables (tests use them)."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

DB_ENV = "QUIZAPP_DB"
PROFILE_ENV = "QUIZAPP_PROFILE"
DATA_DIR_ENV = "QUIZAPP_DATA_DIR"
DB_FILENAME = "quizapp.db"


def data_dir() -> Path:
    """The folder for the default database: $QUIZAPP_DATA_DIR or the platform's user data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path  # imported here: only needed for the default location

    return user_data_path("quizapp", appauthor=False)


def default_db_path() -> Path:
    """The embedded SQLite database used when no --db or $QUIZAPP_DB is given."""
    return data_dir() / DB_FILENAME


def sqlite_file(db: str | None) -> Path | None:
    """The SQLite file a --db / $QUIZAPP_DB value names (the embedded one when None or blank),
    or None for another kind of database."""
    if db is None or not db.strip():
        return default_db_path()
    if db.startswith("sqlite:///"):
        return Path(db.removeprefix("sqlite:///"))
    if "://" in db:
        return None
    return Path(db).expanduser()


def default_profile() -> str:
    """The learner used when no --profile or $QUIZAPP_PROFILE is given: the OS user name."""
    try:
        return getpass.getuser() or "learner"
    except (KeyError, OSError):  # no user name in a bare container
        return "learner"


def bundled_decks_dir() -> Path:
    """The decks shipped with quizapp: inside the wheel, or the repository's decks/ folder."""
    package = Path(__file__).resolve().parent
    installed = package / "bundled_decks"
    return installed if installed.is_dir() else package.parent / "decks"
