"""Everything the command line prints goes through here, so no stored or foreign text reaches the
terminal with control characters in it (quizapp.printable; `click.echo` is banned elsewhere by
ruff, TID251), and every failure is one line (reports_errors)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from quizapp.errors import QuizError
from quizapp.printable import printable

F = TypeVar("F", bound=Callable[..., Any])


def echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print a line (or, with nl=False, text as is) on stdout or stderr, control characters shown
    visibly."""
    click.echo(printable(message), err=err, nl=nl)  # noqa: TID251 - the one sanctioned call


def reports_errors(func: F) -> F:
    """Print a QuizError as one line on stderr and exit non-zero, never a traceback; any other
    failure is one redacted line too, with its traceback (never local variables, which can hold a
    database password) written to the error log."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuizError as exc:
            echo(f"quizapp: error: {exc.message}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise  # click's own ways to stop: usage errors, --help, ^C
        except BrokenPipeError:
            # The reader of a pipe stopped early (`quizapp ... | head`): nothing is wrong. Point
            # stdout at nothing so the interpreter's last flush cannot fail again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except ModuleNotFoundError as exc:  # run without its libraries (a bare checkout, a broken venv)
            echo(f"quizapp: error: a library quizapp needs is not installed ({exc.name}): "
                 "install quizapp with its dependencies: pip install .", err=True)
            sys.exit(1)
        except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, details in the log
            from quizapp import crashlog

            log = crashlog.record(exc, func.__name__)
            where = f"; the details are in {log}" if log is not None else ""
            echo(f"quizapp: error: {crashlog.one_line(exc)}{where}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
