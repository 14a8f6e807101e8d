"""Finished quizzes: kept as attempts with their per-question details."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quizapp.store.database import Store
from quizapp.store.sql import fetch, json_column


@dataclass(frozen=True)
class Attempt:
    """One finished quiz as stored."""

    id: int
    started_at: int
    finished_at: int
    decks: list[str]
    questions: int  # questions answered (skipped ones are not answers); `details` has every question
    correct: int
    time_limit: int | None
    scheduled: bool
    details: list[dict[str, Any]]


def save_attempt(store: Store, learner_id: int, attempt: Attempt) -> int:
    """Keep a finished quiz; returns its id (the attempt's own id is ignored)."""
    with store.driver_write() as conn:
        ((attempt_id,),) = fetch(
            conn,
            "INSERT INTO quiz_attempt (learner_id, started_at, finished_at, decks, questions, correct, time_limit, scheduled, "
            "details) "
            "VALUES (:learner, :started, :finished, :decks, :questions, :correct, :limit, :scheduled, :details) RETURNING id",
            {
                "learner": learner_id,
                "started": attempt.started_at,
                "finished": attempt.finished_at,
                "decks": _json(attempt.decks),
                "questions": attempt.questions,
                "correct": attempt.correct,
                "limit": attempt.time_limit,
                "scheduled": attempt.scheduled,
                "details": _json(attempt.details),
            },
        )
    return int(attempt_id)


def attempts(store: Store, learner_id: int) -> list[Attempt]:
    """A learner's quiz attempts, oldest first."""
    with store.driver_read() as conn:
        rows = fetch(
            conn,
            "SELECT id, started_at, finished_at, decks, questions, correct, time_limit, scheduled, details "
            "FROM quiz_attempt WHERE learner_id = :learner ORDER BY finished_at, id",
            {"learner": learner_id},
        )
    return [
        Attempt(
            int(r[0]),
            int(r[1]),
            int(r[2]),
            list(json_column(r[3])),
            int(r[4]),
            int(r[5]),
            r[6],
            bool(r[7]),
            list(json_column(r[8])),
        )
        for r in rows
    ]


def _json(value: object) -> Any:
    """A value for a JSON column through the driver: text for SQLite, a JSON adapter for PostgreSQL."""
    import json

    return json.dumps(value)
