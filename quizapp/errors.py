"""One error family: every failure a user can cause carries a one-line, user-facing message."""

from __future__ import annotations

from quizapp.redaction import redact


class QuizError(Exception):
    """Base of every error quizapp reports to the user instead of a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        message = redact(message)  # a database password never reaches the user, whatever the message quotes
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


def crash_report(error: BaseException) -> str:
    """Write the full traceback of an unexpected error to the error log (quizapp.crashlog: no local
    variables, which could hold a database URL and its password; every line redacted) and return
    the two lines to show instead: what happened, and where the report is."""
    import traceback

    from quizapp import crashlog

    frames = traceback.extract_tb(error.__traceback__)
    ours = [f for f in frames if "quizapp" in f.filename.replace("\\", "/").split("/")]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f" in {where.name} ({where.filename.rsplit('quizapp', 1)[-1].lstrip('/')}:{where.lineno})" if where else ""
    what = f"quizapp stopped after an unexpected error: {type(error).__name__}{place}."
    path = crashlog.record(error, "app")
    if path is None:
        return f"{what}\nThe full report could not be written. Answers given before it were saved."
    return f"{what}\nAnswers given before it were saved. The full report is in {path}"
