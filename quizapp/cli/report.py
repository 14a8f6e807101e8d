"""`quizapp report`: the class report as Markdown, CSV (one table per file) or JSON."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from quizapp.cli.context import Context
from quizapp.cli.output import echo, reports_errors
from quizapp.errors import QuizError


def since_instant(day: date) -> int:
    """The start of a day in the local time zone, as an instant."""
    return int(datetime(day.year, day.month, day.day).astimezone().timestamp())


@click.command("report")
@click.option("--deck", "decks", multiple=True, metavar="DECK", help="Only this deck (repeat for several).")
@click.option("--learner", "learners", multiple=True, metavar="NAME", help="Only this student (repeat for several).")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Only answers and quizzes from this day on (mastery and due counts are always as of now).")
@click.option("--csv", "as_csv", is_flag=True, help="Print one table as CSV (see --table), or write each to --output.")
@click.option("--table", type=click.Choice(["learners", "cards"]), default=None,
              help="The table --csv prints: students by deck (default) or cards.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="With --csv: write learners.csv and cards.csv into this folder.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, every ratio exact.")
@click.pass_obj
@reports_errors
def report_command(obj: Context, decks: tuple[str, ...], learners: tuple[str, ...], since: datetime | None, as_csv: bool,
                   table: str | None, output: Path | None, as_json: bool) -> None:
    """The class report: each student by deck (accuracy, true retention, mastery, due and overdue,
    quiz scores) and each card (wrong answers given, wrong choices, overrides, flags). Teachers are
    left out."""
    from quizapp.progress import report
    from quizapp.store.report_queries import Scope

    if as_csv and as_json:
        raise click.UsageError("--csv and --json exclude each other: choose one format")
    if (table or output) and not as_csv:
        raise click.UsageError("--table and --output go with --csv")
    if table and output:
        raise click.UsageError("--table prints one table; --output writes them all: choose one")
    collection = obj.collection(bundled=False)
    known = set(collection.deck_slugs())
    unknown = [d for d in decks if d not in known]
    if unknown:
        raise QuizError(f"no deck {unknown[0]!r} (see: quizapp decks)")
    names = {a.name for a in collection.accounts()}
    missing = [n for n in learners if n.strip() not in names]
    if missing:
        raise QuizError(f"no learner named {missing[0]!r} (see: quizapp learners)")
    scope = Scope(decks, tuple(n.strip() for n in learners), since_instant(since.date()) if since else None)
    result = collection.class_report(scope)
    if as_json:
        echo(report.as_json(result))
    elif as_csv and output is not None:
        try:
            output.mkdir(parents=True, exist_ok=True)
            for name in report.TABLES:
                (output / f"{name}.csv").write_text(report.as_csv(result, name), encoding="utf-8")
        except OSError as exc:
            raise QuizError(f"cannot write the CSV files into {output}: {exc.strerror}") from None
        echo(f"wrote {', '.join(str(output / f'{name}.csv') for name in report.TABLES)}")
    elif as_csv:
        echo(report.as_csv(result, table or "learners"), nl=False)
    else:
        echo(report.markdown(result), nl=False)
