"""Shared fixtures: every test gets its own data folder, and storage tests run on SQLite and,
when CI provides a server ($QUIZAPP_TEST_POSTGRES), on PostgreSQL too."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.store.database import Store
from tests.helpers import REPO, FakeClock

POSTGRES = os.environ.get("QUIZAPP_TEST_POSTGRES")
_BEFORE = pytest.StashKey["set[str] | None"]()


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private data folder and working directory, no inherited database or profile, a fixed
    time zone. Anything a test writes by a relative path lands in its own temporary folder."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    monkeypatch.delenv("QUIZAPP_PROFILE", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: an SQLite file, or a new PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    if not POSTGRES:
        pytest.skip("no PostgreSQL server: set QUIZAPP_TEST_POSTGRES (CI does)")
    from sqlalchemy import create_engine, text

    name = f"quizapp_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An opened, migrated store on a fresh database."""
    opened = Store.open(db_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    """A store on an SQLite file only, for tests that need neither backend in particular."""
    opened = Store.open(str(tmp_path / "solo.db"))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def clock() -> FakeClock:
    """A hand-moved clock starting 2026-01-01 10:00 UTC (the study day starts at 04:00)."""
    return FakeClock()


@pytest.fixture
def example_store(store: Store, tmp_path: Path) -> Store:
    """A store holding the README's example deck (8 cards, 10 items)."""
    from quizapp.store.importer import import_paths
    from tests.helpers import example_deck, write_deck

    import_paths(store, [str(write_deck(tmp_path / "decks", example_deck()))])
    return store


@pytest.fixture
def bundled_store(sqlite_store: Store) -> Store:
    """An SQLite store holding the bundled decks."""
    from quizapp.store.importer import ensure_bundled

    ensure_bundled(sqlite_store)
    return sqlite_store


# Caches that tools are expected to write into the tree.
_CACHES = (".venv/", ".mypy_cache/", ".ruff_cache/", ".pytest_cache/", ".hypothesis/", ".import_linter_cache/", "build/", "dist/")


def _untracked() -> set[str] | None:
    """Files git does not track in the repository, ignored ones included, apart from tool caches
    (None outside a git checkout)."""
    try:
        out = subprocess.run(["git", "status", "--porcelain", "--ignored", "--untracked-files=all"], cwd=REPO,
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    paths = {line[3:] for line in out.stdout.splitlines() if line[:2] in ("??", "!!")}
    return {p for p in paths if not p.startswith(_CACHES) and "__pycache__/" not in p and ".egg-info/" not in p}


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BEFORE] = _untracked()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when the tests left new files in the working tree (a database, WAL files)."""
    if hasattr(session.config, "workerinput"):
        return  # each xdist worker's session; the controller checks once
    before = session.config.stash.get(_BEFORE, None)
    after = _untracked()
    if before is None or after is None:
        return
    left = sorted(after - before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"the tests left files in the working tree: {', '.join(left)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
