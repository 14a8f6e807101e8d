"""Everything the command line prints goes through here, so no stored or foreign text reaches the
terminal with control characters in it (quizapp.printable); `click.echo` is banned elsewhere by
ruff (TID251)."""

from __future__ import annotations

import click

from quizapp.printable import printable


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line (or, with nl=False, text as is) on stdout or stderr, control characters shown
    visibly."""
    click.echo(printable(message), err=err, nl=nl)  # noqa: TID251 - the one sanctioned call
