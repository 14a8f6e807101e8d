"""The web server: textual-serve, serving one quizapp process per browser tab.

Decisions: it binds 127.0.0.1 unless told otherwise (a class reaches it through a TLS reverse
proxy, see the README); the page loads nothing from third parties (textual-serve's page asks a
font server for its web font: that link is taken out); the page's title is "quizapp", never the
command; the command names only
the Python interpreter and the session module, and the database URL travels in the children's
environment; the server's own log never prints local variables (they would hold the URL).
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

from quizapp import locations

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
PAGE = "app_index.html"  # textual-serve's page template


def session_command() -> str:
    """The command the server runs for each browser tab."""
    return f"{shlex.quote(sys.executable)} -m quizapp.serve.session"


def serve(db: str | None, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, public_url: str | None = None) -> None:
    """Serve the app until interrupted (ctrl+c)."""
    from rich.logging import RichHandler
    from textual_serve.server import Server

    class QuizServer(Server):
        """textual-serve's server, logging without local variables."""

        def initialize_logging(self) -> None:
            logging.basicConfig(level="INFO", format="%(message)s", datefmt="[%X]",
                                handlers=[RichHandler(show_path=False, rich_tracebacks=True, tracebacks_show_locals=False)])

    if db is not None and db.strip():
        os.environ[locations.DB_ENV] = db  # for the session processes only: never part of a page
    else:
        os.environ.pop(locations.DB_ENV, None)
    with tempfile.TemporaryDirectory(prefix="quizapp-serve-") as templates:
        Path(templates, PAGE).write_text(page(), encoding="utf-8")
        server = QuizServer(session_command(), host=host, port=port, title="quizapp", public_url=public_url,
                            templates_path=templates)
        server.serve()


def page() -> str:
    """textual-serve's page without its web font from a third-party server: a class's browsers
    fetch nothing from anyone but the class server (the terminal falls back to a local monospace)."""
    import textual_serve

    html = Path(textual_serve.__file__).resolve().parent.joinpath("templates", PAGE).read_text(encoding="utf-8")
    return re.sub(r"<link\s[^>]*href=\"https?://[^\"]*\"[^>]*>", "", html)
