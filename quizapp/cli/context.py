"""What every command shares: the database and learner chosen by options (before or after the
command name)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from quizapp import locations

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

    def collection(self, *, bundled: bool = True, check: bool = False) -> Collection:
        """The opened database; with `bundled`, the bundled decks are imported into an empty one;
        with `check`, a damaged SQLite file is refused before anything is written into it."""
        if self._collection is None:
            from quizapp.opening import open_collection

            self._collection = open_collection(self.db, bundled=bundled, check=check)
        return self._collection

    def learning(self, *, bundled: bool = True, create: bool = False) -> Learning:
        """The front door for the chosen learner; read-only commands never create one, so
        without `create` an unknown name is an error."""
        return self.collection(bundled=bundled).learning(self.profile, create=create)


# --db and --profile, once: on the group (read from the environment too) and on every command, so
# they work before or after the command name and every command's --help lists them.
SHARED_OPTIONS = (
    ("--db", locations.DB_ENV, "PATH|URL",
     "Database file or SQLAlchemy URL (postgresql+psycopg://...); or $QUIZAPP_DB. Default: a file in the user data folder."),
    ("--profile", locations.PROFILE_ENV, "NAME",
     "The learner to study as, created on first use; or $QUIZAPP_PROFILE. Default: your user name."),
)


def _after_command(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """An option given after the command name overrides the one before it (or the environment)."""
    if value is not None and param.name is not None:
        obj = ctx.find_object(Context)
        if obj is not None:
            setattr(obj, param.name, value)


def shared_options() -> Callable[[F], F]:
    """Add --db and --profile to the top-level group, as values read from the environment too."""

    def decorate(func: F) -> F:
        for flag, env, metavar, text in reversed(SHARED_OPTIONS):
            func = click.option(flag, envvar=env, metavar=metavar, help=text)(func)
        return func

    return decorate


def share_options(group: click.Group) -> None:
    """Give every command under `group` (subgroups and their commands too) --db and --profile as
    overrides of the group's, so they work after the command name as well as before it."""
    for command in group.commands.values():
        names = {param.name for param in command.params}
        for flag, _env, metavar, text in SHARED_OPTIONS:
            if flag.lstrip("-") not in names:
                option = click.Option([flag], metavar=metavar, help=text, expose_value=False, callback=_after_command)
                command.params.append(option)
        if isinstance(command, click.Group):
            share_options(command)
