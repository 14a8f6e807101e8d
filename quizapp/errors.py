"""One error family: every failure a user can cause carries a one-line, user-facing message."""

from __future__ import annotations


class QuizError(Exception):
    """Base of every error quizapp reports to the user instead of a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DeckError(QuizError):
    """Decks failed to lint, so nothing was imported."""


class StoreError(QuizError):
    """The database could not be opened, migrated or written."""


class SettingsError(QuizError):
    """A setting was given an invalid value."""


class NotFoundError(QuizError):
    """A deck, card, item or learner named by the user does not exist."""


class SignInError(QuizError):
    """A sign-in was refused (wrong name or password, too many tries) or a password was not accepted."""
