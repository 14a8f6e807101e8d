"""`quizapp learners`: the class list, and adding, renaming, re-passwording and removing learners.

Accounts are made by the teacher: `learners add NAME` prints a one-time password, once; the
student signs in with it on the served app and must choose their own password there.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from quizapp.cli.context import Context
from quizapp.cli.output import echo, reports_errors
from quizapp.printable import printable


def _date(at: int | None) -> str:
    return "never" if at is None else datetime.fromtimestamp(at, UTC).astimezone().strftime("%Y-%m-%d %H:%M")


@click.group("learners", invoke_without_command=True)
@click.pass_context
@reports_errors
def learners_command(ctx: click.Context) -> None:
    """List learners (name, role, last active, items seen); the subcommands manage them."""
    if ctx.invoked_subcommand is not None:
        return
    obj: Context = ctx.obj

    rows = obj.collection(bundled=False).accounts()
    if not rows:
        echo("No learners yet: quizapp learners add NAME")
        return
    headers = ("name", "role", "password", "last active", "items seen", "reviews")
    password = {(True, True): "one-time", (True, False): "set"}
    table = [(printable(a.name), a.role, password.get((a.has_password, a.password_temporary), "none"), _date(a.last_active),
              str(a.items_seen), str(a.reviews)) for a in rows]
    widths = [max(len(row[i]) for row in (headers, *table)) for i in range(len(headers))]
    for row in (headers, tuple("-" * w for w in widths), *table):
        cells = (cell.rjust(w) if i >= 4 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
        echo("  ".join(cells).rstrip())


@learners_command.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["student", "teacher"]), default="student", show_default=True)
@click.option("--no-password", is_flag=True, help="A profile for the terminal app only (it cannot sign in to `quizapp serve`).")
@click.pass_obj
@reports_errors
def add_command(obj: Context, name: str, role: str, no_password: bool) -> None:
    """Create a learner and print their one-time password (shown only this once)."""
    secret = obj.collection(bundled=False).add_learner(name, role, password=not no_password)
    echo(f"added {role} {name.strip()!r}")
    if secret:
        echo(f"one-time password: {secret}")
        echo("(shown only now; they choose their own password at their first sign-in)")


@learners_command.command("rename")
@click.argument("old")
@click.argument("new")
@click.pass_obj
@reports_errors
def rename_command(obj: Context, old: str, new: str) -> None:
    """Give a learner another name; their history stays with them."""
    obj.collection(bundled=False).rename_learner(old, new)
    echo(f"renamed {old.strip()!r} to {new.strip()!r}")


@learners_command.command("role")
@click.argument("name")
@click.argument("role", type=click.Choice(["student", "teacher"]))
@click.pass_obj
@reports_errors
def role_command(obj: Context, name: str, role: str) -> None:
    """Make a learner a student or a teacher (teachers see the class and are left out of it)."""
    obj.collection(bundled=False).set_role(name, role)
    echo(f"{name.strip()!r} is now a {role}")


@learners_command.command("set-password")
@click.argument("name")
@click.option("--stdin", "from_stdin", is_flag=True,
              help="Read the password to set from standard input (never from the command line, where others can see it).")
@click.pass_obj
@reports_errors
def set_password_command(obj: Context, name: str, from_stdin: bool) -> None:
    """Reset a learner's password: a new one-time password (printed once), or one read from stdin."""
    chosen = sys.stdin.readline().rstrip("\r\n") if from_stdin else None
    secret = obj.collection(bundled=False).set_password(name, chosen)
    if chosen is None:
        echo(f"one-time password for {name.strip()!r}: {secret}")
        echo("(shown only now; they choose their own password at their next sign-in)")
    else:
        echo(f"password set for {name.strip()!r}")


@learners_command.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@click.pass_obj
@reports_errors
def remove_command(obj: Context, name: str, yes: bool) -> None:
    """Delete a learner with all their history (asks first)."""
    collection = obj.collection(bundled=False)
    history = collection.learner_history(name)
    what = (f"{name.strip()!r} and all their history: {history.reviews} review{'s' * (history.reviews != 1)}, "
            f"{history.items_seen} item{'s' * (history.items_seen != 1)} studied, "
            f"{history.quizzes} quiz attempt{'s' * (history.quizzes != 1)}")
    if not yes and not click.confirm(f"Remove {what}? This cannot be undone", default=False):
        raise click.Abort
    collection.remove_learner(name)
    echo(f"removed {what}")
