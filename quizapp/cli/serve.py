"""`quizapp serve`: the app in a browser for a class (needs the `serve` extra)."""

from __future__ import annotations

import click

from quizapp.cli.context import Context
from quizapp.cli.output import echo, reports_errors
from quizapp.errors import QuizError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep 127.0.0.1 behind a TLS reverse proxy (see the README).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--public-url", metavar="URL",
              help="The address browsers use, when it differs (behind a proxy: https://quiz.example.org).")
@click.pass_obj
@reports_errors
def serve_command(obj: Context, host: str, port: int, public_url: str | None) -> None:
    """Serve the app to browsers: each tab signs in (learners need a password: quizapp learners add)."""
    try:
        import textual_serve  # noqa: F401 - only to say how to install it
    except ModuleNotFoundError:
        raise QuizError("quizapp serve needs the serve extra: pip install 'quizapp[serve]'") from None
    collection = obj.collection(bundled=False)  # fails here, with one line, if the database cannot be opened
    accounts = collection.accounts()
    obj.close()
    if not any(a.has_password for a in accounts):
        echo("note: no learner has a password yet, so nobody can sign in: quizapp learners add NAME", err=True)
    from quizapp.serve.server import serve

    echo(f"quizapp: serving on http://{host}:{port} (ctrl+c stops)", err=True)
    serve(obj.db, host, port, public_url)
