"""What every command shares: the database and learner chosen, and errors as one line."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from quizapp import locations
from quizapp.errors import QuizError

if TYPE_CHECKING:
    from quizapp.collection import Collection
    from quizapp.learning import Learning

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What every command shares: the database and learner chosen by options or environment."""

    def __init__(self, db: str | None, profile: str | None) -> None:
        self.db = db
        self.profile = profile or locations.default_profile()
        self._collection: Collection | None = None

    def close(self) -> None:
        """Close the database, so SQLite folds its write-ahead log back into the file."""
        if self._collection is not None:
            self._collection.close()
            self._collection = None

    def collection(self, *, bundled: bool = True) -> Collection:
        """The opened database; with `bundled`, the bundled decks are imported into an empty one."""
        if self._collection is None:
            from quizapp.opening import open_collection

            self._collection = open_collection(self.db, bundled=bundled)
        return self._collection

    def learning(self, *, bundled: bool = True, create: bool = False) -> Learning:
        """The front door for the chosen learner; read-only commands never create one, so
        without `create` an unknown name is an error."""
        return self.collection(bundled=bundled).learning(self.profile, create=create)


def reports_errors(func: F) -> F:
    """Print a QuizError as one line on stderr and exit non-zero, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuizError as exc:
            click.echo(f"quizapp: error: {exc.message}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]
