"""The `quizapp` console script. A bare `quizapp` goes straight to the app, without loading the
command-line parser, because startup time is part of how the app feels; anything else is the
click command line (quizapp.cli)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.learning import Learning


def launch(db: str | None, profile: str) -> int:
    """Run the app until the learner quits; returns the exit code.

    The app paints at once and opens the store in the background: with the deck list when the
    first view can be read straight from SQLite, otherwise (a first run importing the bundled
    decks, a migration, PostgreSQL) with what the opening is doing. An error while opening ends
    the app with one line; an unexpected one with two (what, and where the full report is).
    """
    import gc

    # No garbage collection while the app starts: its imports (Textual, pydantic, the engine) make
    # hundreds of thousands of objects that live as long as the app, and each full collection of
    # them cost 30-50 ms, two or three times before the first study item (issue 15). Once the
    # store is open they are frozen out of every later collection, so none stalls a keystroke.
    gc.disable()
    from quizapp.opening import finish_opening, first_view, open_learning
    from quizapp.ui.app import QuizApp

    def finish(learning: Learning) -> None:
        gc.freeze()
        gc.enable()
        finish_opening(learning)  # the daily check and backup, once the learner can study (writes wait for them)

    quick = first_view(db, profile)
    app = QuizApp(quick=quick, opener=lambda: open_learning(db, profile, progress=app.report_opening, check_later=True),
                  finish=finish)
    try:
        app.run()
    finally:
        app.close_learning()
    return app.return_code or 0


def main() -> None:
    """Run quizapp with the process's arguments."""
    if sys.argv[1:]:
        from quizapp.cli.main import main as command_line

        command_line()
        return
    from quizapp import locations
    from quizapp.errors import QuizError
    from quizapp.printable import printable

    try:
        code = launch(os.environ.get(locations.DB_ENV), os.environ.get(locations.PROFILE_ENV) or locations.default_profile())
    except QuizError as exc:
        sys.stderr.write(printable(f"quizapp: error: {exc.message}") + "\n")
        code = exc.exit_code
    except Exception as exc:  # noqa: BLE001 - before or after the app runs: one line, details in the log
        from quizapp import crashlog

        log = crashlog.record(exc, "app")
        where = f"; the details are in {log}" if log is not None else ""
        sys.stderr.write(printable(f"quizapp: error: {crashlog.one_line(exc)}{where}") + "\n")
        code = 1
    sys.exit(code)
