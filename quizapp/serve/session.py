"""One served session: the app for one browser tab, started by the server as its own process.

It opens the database named in $QUIZAPP_DB (set by `quizapp serve` for its children) and starts
on the sign-in screen; the learner and their role come from the password, never from the browser.
"""

from __future__ import annotations

import os
import sys

from quizapp import locations
from quizapp.errors import QuizError
from quizapp.printable import printable


def main() -> int:
    """Run the served app until the browser tab goes away; returns the exit code."""
    from quizapp.opening import open_collection
    from quizapp.ui.app import QuizApp

    try:
        collection = open_collection(os.environ.get(locations.DB_ENV), bundled=False)
    except QuizError as exc:
        sys.stderr.write(printable(f"quizapp: error: {exc.message}") + "\n")
        return exc.exit_code
    app = QuizApp(collection=collection)
    try:
        app.run()
    finally:
        app.close_learning()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
