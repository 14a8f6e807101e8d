"""A learner as the engine sees them: who, and their settings, parsed once."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.engine.settings import Settings


@dataclass(frozen=True)
class Profile:
    """One learner: the database id, the name and the settings in force."""

    id: int
    name: str
    settings: Settings
    role: str = "student"  # or "teacher": a teacher reads the class report and is left out of it
