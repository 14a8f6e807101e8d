"""Small helpers shared by tests: writing decks, counting writes, dumping tables."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import event, text

from quizapp.engine.profile import Profile
from quizapp.learning import Learning
from quizapp.store.database import Store

REPO = Path(__file__).resolve().parent.parent
DECKS = REPO / "decks"
ARTICLE = DECKS / "collective-security.txt"
EXAMPLE = Path(__file__).resolve().parent / "fixtures" / "example.yaml"


def example_deck() -> dict[str, Any]:
    """The README's example deck as data; its source is the article (write_deck puts a copy of
    the article beside it, since a deck may only name a file in its own folder)."""
    data: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    assert data["source"] == ARTICLE.name
    return data


def write_deck(folder: Path, data: dict[str, Any], name: str | None = None) -> Path:
    """Write a deck as YAML into `folder` and return its path; a deck naming the article as its
    source gets a copy of it beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    if data.get("source") == ARTICLE.name and not (folder / ARTICLE.name).exists():
        shutil.copyfile(ARTICLE, folder / ARTICLE.name)
    path = folder / (name or f"{data['deck']}.yaml")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def fingerprint(db: Path) -> str:
    """A closed SQLite file's bytes as a hash (its write-ahead log folded in): a command that
    failed must leave the database byte for byte as it was."""
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the database was not closed"
    return hashlib.sha256(db.read_bytes()).hexdigest()


@contextmanager
def counting_writes(store: Store) -> Iterator[list[str]]:
    """Collect every INSERT, UPDATE or DELETE the store's engine runs inside the block."""
    seen: list[str] = []

    def listener(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)


TABLES = ("learner", "source", "deck", "card", "item", "item_state", "review", "review_hour")


def dump(store: Store, tables: tuple[str, ...] = TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the given tables, sorted, for before/after comparisons."""
    with store.read() as conn:
        return {t: sorted((tuple(r) for r in conn.execute(text(f"SELECT * FROM {t}"))), key=repr) for t in tables}


def profile(store: Store, name: str = "ada", **settings: Any) -> Profile:
    """The learner `name` (created on first use) as the engine sees them, with settings changed."""
    from quizapp.engine.settings import Settings
    from quizapp.learning import profile_of
    from quizapp.store import learners

    row = learners.learner(store, name)
    if settings:
        learners.save_settings(store, row.id, Settings(**{**row.settings, **settings}).as_dict())
        row = learners.learner(store, name)
    return profile_of(row)


def learning(store: Store, name: str = "ada", *, clock: Any = None, fuzz: bool | None = False, **settings: Any) -> Learning:
    """The engine's front door for a learner, with a test clock and no fuzz unless asked."""
    import time

    from quizapp.learning import Learning

    return Learning(store, profile(store, name, **settings), clock=clock or time.time, fuzz=fuzz)


def damage_table(db: Path, table: str = "item_state") -> None:
    """Overwrite the first page of a table (or index) of an SQLite file with garbage, as a failing
    disk would; the write-ahead log is folded in first, so the damage is in the file."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (page,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        (size,) = conn.execute("PRAGMA page_size").fetchone()
    finally:
        conn.close()
    with open(db, "r+b") as f:
        f.seek((page - 1) * size)
        f.write(b"\xa5" * size)


class FakeClock:
    """A clock the test moves by hand (seconds since the epoch)."""

    def __init__(self, start: float = 1_767_261_600.0) -> None:  # 2026-01-01 10:00 UTC
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
