"""The `quizapp` console script. A bare `quizapp` goes straight to the app, without loading the
command-line parser, because startup time is part of how the app feels; anything else is the
click command line (quizapp.cli)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run quizapp with the process's arguments."""
    if sys.argv[1:]:
        from quizapp.cli.main import main as command_line

        command_line()
        return
    from quizapp import locations
    from quizapp.errors import QuizError
    from quizapp.ui.app import launch

    try:
        code = launch(os.environ.get(locations.DB_ENV), os.environ.get(locations.PROFILE_ENV) or locations.default_profile())
    except QuizError as exc:
        print(f"quizapp: error: {exc.message}", file=sys.stderr)
        code = exc.exit_code
    sys.exit(code)
