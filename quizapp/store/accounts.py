"""Accounts: learners as a teacher manages them (role, password, rename, removal) and the
bookkeeping of sign-in (wrong passwords counted in the database, so every served session of a
class server sees the same count)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from quizapp.engine.passwords import wait_after
from quizapp.engine.states import NEW
from quizapp.errors import NotFoundError, StoreError
from quizapp.printable import profile_name_problem
from quizapp.store.database import Store, now
from quizapp.store.item_states import NEW_STATES_FOR_LEARNER
from quizapp.store.sql import fetch

ROLES = ("student", "teacher")


@dataclass(frozen=True)
class Account:
    """A learner as the class list shows them."""

    name: str
    role: str
    created_at: int
    last_active: int | None  # the latest answer or finished quiz
    items_seen: int
    reviews: int
    has_password: bool
    password_temporary: bool


@dataclass(frozen=True)
class Credentials:
    """What signing in checks."""

    learner_id: int
    name: str
    role: str
    password_hash: str | None
    password_temporary: bool
    failed_signins: int
    locked_until: int


@dataclass(frozen=True)
class History:
    """What removing a learner takes with them."""

    reviews: int
    items_seen: int
    quizzes: int


def valid_name(name: str) -> str:
    """A learner's name, stripped, or StoreError: the rule every new profile name follows
    (quizapp.printable.profile_name_problem)."""
    name = name.strip()
    problem = profile_name_problem(name)
    if problem is not None:
        raise StoreError(problem)
    return name


def valid_role(role: str) -> str:
    """A role, or StoreError."""
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}: use {' or '.join(ROLES)}")
    return role


def _id(conn: Any, name: str) -> int:
    rows = fetch(conn, "SELECT id FROM learner WHERE name = :name", {"name": name.strip()})
    if not rows:
        raise NotFoundError(f"no learner named {name.strip()!r}")
    return int(rows[0][0])


def accounts(store: Store) -> list[Account]:
    """Every learner with role, last activity and items seen, by name."""
    with store.driver_read() as conn:
        rows = fetch(conn, f"""
            SELECT l.name, l.role, l.created_at, l.password_hash IS NOT NULL, l.password_temporary,
                   (SELECT max(r.reviewed_at) FROM review AS r WHERE r.learner_id = l.id),
                   (SELECT max(q.finished_at) FROM quiz_attempt AS q WHERE q.learner_id = l.id),
                   (SELECT count(*) FROM item_state AS s WHERE s.learner_id = l.id AND s.state != {NEW} AND s.retired = false),
                   (SELECT count(*) FROM review AS r WHERE r.learner_id = l.id)
            FROM learner AS l ORDER BY l.name""")
    result = []
    for name, role, created, has_password, temporary, last_review, last_quiz, seen, reviews in rows:
        active = [int(t) for t in (last_review, last_quiz) if t is not None]
        result.append(Account(str(name), str(role), int(created), max(active) if active else None, int(seen), int(reviews),
                              bool(has_password), bool(temporary)))
    return result


def create(store: Store, name: str, role: str, password_hash: str | None, *, temporary: bool) -> None:
    """A new learner with every item new to them; StoreError when the name is taken."""
    name, role = valid_name(name), valid_role(role)
    with store.driver_write() as conn:
        if fetch(conn, "SELECT 1 FROM learner WHERE name = :name", {"name": name}):
            raise StoreError(f"a learner named {name!r} already exists")
        ((learner_id,),) = fetch(
            conn,
            "INSERT INTO learner (name, created_at, settings, role, password_hash, password_temporary, failed_signins, "
            "locked_until) VALUES (:name, :at, :settings, :role, :hash, :temporary, 0, 0) RETURNING id",
            {"name": name, "at": now(), "settings": json.dumps({}), "role": role, "hash": password_hash, "temporary": temporary},
        )
        fetch(conn, NEW_STATES_FOR_LEARNER, {"learner": learner_id})


def rename(store: Store, old: str, new: str) -> None:
    """Give a learner another name (history kept); StoreError when the new name is taken."""
    new = valid_name(new)
    with store.driver_write() as conn:
        learner_id = _id(conn, old)
        if fetch(conn, "SELECT 1 FROM learner WHERE name = :name AND id != :id", {"name": new, "id": learner_id}):
            raise StoreError(f"a learner named {new!r} already exists")
        fetch(conn, "UPDATE learner SET name = :name WHERE id = :id", {"name": new, "id": learner_id})


def set_role(store: Store, name: str, role: str) -> None:
    """Make a learner a student or a teacher."""
    role = valid_role(role)
    with store.driver_write() as conn:
        fetch(conn, "UPDATE learner SET role = :role WHERE id = :id", {"role": role, "id": _id(conn, name)})


def set_password(store: Store, name: str, password_hash: str | None, *, temporary: bool) -> None:
    """Store a learner's new password hash (None removes it) and clear the wrong-password count."""
    with store.driver_write() as conn:
        fetch(conn, "UPDATE learner SET password_hash = :hash, password_temporary = :temporary, failed_signins = 0, "
                    "locked_until = 0 WHERE id = :id",
              {"hash": password_hash, "temporary": temporary, "id": _id(conn, name)})


def history(store: Store, name: str) -> History:
    """How much history a learner has (what `remove` deletes)."""
    with store.driver_read() as conn:
        learner_id = _id(conn, name)
        ((reviews,),) = fetch(conn, "SELECT count(*) FROM review WHERE learner_id = :id", {"id": learner_id})
        ((seen,),) = fetch(conn, f"SELECT count(*) FROM item_state WHERE learner_id = :id AND state != {NEW}", {"id": learner_id})
        ((quizzes,),) = fetch(conn, "SELECT count(*) FROM quiz_attempt WHERE learner_id = :id", {"id": learner_id})
    return History(int(reviews), int(seen), int(quizzes))


def remove(store: Store, name: str) -> None:
    """Delete a learner and everything of theirs: reviews, states, quizzes, exam dates."""
    with store.driver_write() as conn:
        learner_id = _id(conn, name)
        for table in ("review_hour", "review", "item_state", "quiz_attempt", "exam_date", "learner"):
            column = "id" if table == "learner" else "learner_id"
            fetch(conn, f"DELETE FROM {table} WHERE {column} = :id", {"id": learner_id})


def credentials(store: Store, name: str) -> Credentials | None:
    """What signing in as `name` checks, or None for an unknown name."""
    with store.driver_read() as conn:
        rows = fetch(conn, "SELECT id, name, role, password_hash, password_temporary, failed_signins, locked_until "
                           "FROM learner WHERE name = :name", {"name": name.strip()})
    if not rows:
        return None
    r = rows[0]
    return Credentials(int(r[0]), str(r[1]), str(r[2]), r[3], bool(r[4]), int(r[5]), int(r[6]))


def record_success(store: Store, learner_id: int) -> None:
    """Clear the count of wrong passwords after a right one."""
    with store.driver_write() as conn:
        fetch(conn, "UPDATE learner SET failed_signins = 0, locked_until = 0 WHERE id = :id", {"id": learner_id})


def record_failure(store: Store, learner_id: int, at: int) -> int:
    """Count a wrong password and lock sign-in for the wait that count earns; returns the instant
    sign-in opens again."""
    with store.driver_write() as conn:
        ((count,),) = fetch(conn, "UPDATE learner SET failed_signins = failed_signins + 1 WHERE id = :id "
                                  "RETURNING failed_signins", {"id": learner_id})
        until = at + wait_after(int(count))
        fetch(conn, "UPDATE learner SET locked_until = :until WHERE id = :id", {"until": until, "id": learner_id})
    return until
