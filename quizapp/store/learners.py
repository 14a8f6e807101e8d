"""Learners (profiles): found by name, created on first use with every item new, and their
settings kept as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from quizapp.errors import QuizError
from quizapp.printable import profile_name_problem
from quizapp.store.database import Store, now
from quizapp.store.faults import ReadOnlyError
from quizapp.store.item_states import NEW_STATES_FOR_LEARNER, NEW_STATES_MISSING_FOR_LEARNER
from quizapp.store.sql import fetch, json_column


class ProfileNameError(QuizError):
    """A profile name that cannot be stored: empty, too long, or not printable text."""


@dataclass(frozen=True)
class LearnerRow:
    """A learner as stored."""

    id: int
    name: str
    created_at: int
    settings: dict[str, Any]
    role: str = "student"


def _row(r: tuple[Any, ...]) -> LearnerRow:
    return LearnerRow(int(r[0]), str(r[1]), int(r[2]), dict(json_column(r[3]) or {}), str(r[4]))


_SELECT = "SELECT id, name, created_at, settings, role FROM learner"


def find(store: Store, name: str) -> LearnerRow | None:
    """The learner called `name`, or None."""
    if not name.isascii() and any(0xD800 <= ord(c) <= 0xDFFF for c in name):
        return None  # bytes that were not UTF-8 (argv, the environment): no stored name holds them
    with store.driver_read() as conn:
        rows = fetch(conn, f"{_SELECT} WHERE name = :name", {"name": name.strip()})
    return _row(rows[0]) if rows else None


def learner(store: Store, name: str) -> LearnerRow:
    """The learner called `name`, created on first use with every item new to them (a new name
    must be printable text of a sane length: see quizapp.printable.profile_name_problem)."""
    name = name.strip()
    found = find(store, name) if name else None
    if found is not None:
        return found  # a name stored before names were checked still opens its profile
    check_new(store, name)
    with store.driver_write() as conn:
        return learner_in(conn, name)


def check_new(store: Store, name: str) -> None:
    """Refuse, before anything is written, a new learner that could not be created: a name that
    is not printable text of a sane length, or a read-only database."""
    problem = profile_name_problem(name.strip())
    if problem is not None:
        raise ProfileNameError(problem)
    if store.read_only:
        raise ReadOnlyError(f"{store.where} is read-only, so the new profile {name.strip()!r} cannot be created")


def learner_in(conn: Any, name: str, *, with_states: bool = True) -> LearnerRow:
    """The learner called `name`, created in `conn`'s transaction if there is none (so a failed
    import that would have brought them in leaves no empty profile behind). The name is checked
    first with check_new. A learner created `with_states=False` has no item rows yet: the caller
    writes the ones it knows, then calls add_missing_states in the same transaction."""
    name = name.strip()
    rows = fetch(conn, f"{_SELECT} WHERE name = :name", {"name": name})
    if rows:
        return _row(rows[0])  # there already, or created by another process meanwhile
    created = now()
    ((learner_id,),) = fetch(
        conn,
        "INSERT INTO learner (name, created_at, settings) VALUES (:name, :at, :settings) RETURNING id",
        {"name": name, "at": created, "settings": json.dumps({})},
    )
    if with_states:
        fetch(conn, NEW_STATES_FOR_LEARNER, {"learner": learner_id})
    return LearnerRow(int(learner_id), name, created, {})


def add_missing_states(conn: Any, learner_id: int) -> None:
    """A new row for every item the learner has none for (see learner_in)."""
    fetch(conn, NEW_STATES_MISSING_FOR_LEARNER, {"learner": learner_id})


def all_learners(store: Store) -> list[LearnerRow]:
    """Every learner, by name."""
    with store.driver_read() as conn:
        return [_row(r) for r in fetch(conn, f"{_SELECT} ORDER BY name")]


def save_settings(store: Store, learner_id: int, settings: dict[str, Any]) -> None:
    """Store a learner's settings (already validated by quizapp.engine.settings)."""
    with store.driver_write() as conn:
        fetch(
            conn, "UPDATE learner SET settings = :settings WHERE id = :id", {"settings": json.dumps(settings), "id": learner_id}
        )
