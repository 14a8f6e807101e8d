"""`quizapp backup` and `quizapp restore`: a consistent copy of an SQLite database, and bringing
one back after checking it. The app also keeps daily backups by itself (quizapp.store.backups)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizapp.cli.output import echo, reports_errors

if TYPE_CHECKING:
    from quizapp.cli.context import Context


@click.command("backup")
@click.argument("path", required=False, type=click.Path())
@click.pass_obj
@reports_errors
def backup_command(obj: Context, path: str | None) -> None:
    """Copy the database to PATH (a new file, or a folder); by default into the `backups` folder
    beside it. The copy is consistent even while the app is answering."""
    collection = obj.collection(bundled=False)
    written = collection.backup(Path(path).expanduser() if path else None)
    echo(f"backed up {collection.store.where} to {written}")


@click.command("restore")
@click.argument("path", type=click.Path())
@click.pass_obj
@reports_errors
def restore_command(obj: Context, path: str) -> None:
    """Bring back the backup at PATH as the database, after checking it is a whole quizapp
    database. The database there before is kept (in the backups folder, or beside it when damaged).
    Close the app first: a session left open keeps studying what it had loaded."""
    from quizapp.opening import restore

    done = restore(obj.db, Path(path).expanduser())
    echo(f"restored {done.backup}")
    if done.kept is not None:
        what = "the damaged database was moved aside to" if done.damaged else "the database that was there is kept at"
        echo(f"{what} {done.kept}")
