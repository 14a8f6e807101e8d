"""Shared fixtures: every test gets its own data folder, and storage tests run on SQLite and,
when CI provides a server ($QUIZAPP_TEST_POSTGRES), on PostgreSQL too."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.store.database import Store
from tests.helpers import FakeClock

POSTGRES = os.environ.get("QUIZAPP_TEST_POSTGRES")


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private data folder, no inherited database or profile, a fixed time zone."""
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
