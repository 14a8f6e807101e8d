"""The `quizapp` command. A bare `quizapp` opens the terminal UI; the other commands are headless
and never import Textual, so they start fast and work without a terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

import click

from quizapp import __version__, locations
from quizapp.errors import QuizError

if TYPE_CHECKING:
    from quizapp.collection import Collection
    from quizapp.learning import Learning

F = TypeVar("F", bound=Callable[..., Any])


class Context:
    """What every command shares: the database and learner chosen by options or environment."""

    def __init__(self, db: str | None, profile: str | None) -> None:
        self.db = db
        self.profile = profile or locations.default_profile()
        self._collection: Collection | None = None

    def close(self) -> None:
        """Close the database, so SQLite folds its write-ahead log back into the file."""
        if self._collection is not None:
            self._collection.close()
            self._collection = None

    def collection(self, *, bundled: bool = True) -> Collection:
        """The opened database; with `bundled`, the bundled decks are imported into an empty one."""
        if self._collection is None:
            from quizapp.opening import open_collection

            self._collection = open_collection(self.db, bundled=bundled)
        return self._collection

    def learning(self, *, bundled: bool = True) -> Learning:
        """The front door for the chosen learner (created on first use)."""
        return self.collection(bundled=bundled).learning(self.profile)


def reports_errors(func: F) -> F:
    """Print a QuizError as one line on stderr and exit non-zero, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuizError as exc:
            click.echo(f"quizapp: error: {exc.message}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar=locations.DB_ENV, metavar="PATH|URL",
              help="Database file or SQLAlchemy URL (postgresql+psycopg://...). Default: a file in the user data folder.")
@click.option("--profile", envvar=locations.PROFILE_ENV, metavar="NAME",
              help="The learner to study as; created on first use. Default: your user name.")
@click.version_option(__version__, prog_name="quizapp")
@click.pass_context
@reports_errors
def main(ctx: click.Context, db: str | None, profile: str | None) -> None:
    """Learn a text by heart: spaced-repetition decks grounded in their source, in the terminal.

    Run without a command to open the app.
    """
    ctx.obj = Context(db, profile)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from quizapp.entry import launch  # the only path that imports Textual

        code = launch(db, ctx.obj.profile)
        if code:
            sys.exit(code)


@main.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail on warnings too (a card without an explanation, ...).")
@click.option("--watch", is_flag=True, help="Lint again whenever a deck or its source text is saved (ctrl+c stops).")
@reports_errors
def lint_command(paths: tuple[str, ...], strict: bool, watch: bool) -> None:
    """Check deck files and folders; print every problem as path:line:col."""
    from quizapp.decks.lint import lint

    if watch:
        from quizapp.cli.watch import watch as watch_lint

        sys.exit(watch_lint(paths, strict=strict))
    result = lint(paths)
    if not result.decks:
        raise QuizError(f"no deck files (*.yaml, *.yml) found in {', '.join(paths)}")
    for problem in result.problems:
        click.echo(str(problem))
    click.echo(result.summary())
    sys.exit(0 if result.passed(strict=strict) else 1)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.pass_obj
@reports_errors
def import_command(obj: Context, paths: tuple[str, ...]) -> None:
    """Lint decks and import them all, or nothing if any has an error."""
    reports, decks = obj.collection(bundled=False).import_paths(list(paths))
    if not reports:
        problems = [p for deck in decks for p in deck.problems if p.severity == "error"]
        for problem in problems:
            click.echo(str(problem), err=True)
        raise QuizError(f"nothing imported: {len(problems)} error{'s' * (len(problems) != 1)} in the decks")
    for report in reports:
        click.echo(str(report))


@main.command("decks")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
@reports_errors
def decks_command(obj: Context, as_json: bool) -> None:
    """List decks with their card counts and today's new / learning / due counts."""
    learning = obj.learning()
    rows = learning.overview().decks
    if as_json:
        click.echo(json.dumps({"learner": learning.name, "decks": [row.as_dict() for row in rows]}, indent=2))
        return
    headers = ("deck", "title", "cards", "items", "new", "learning", "due")
    table = [(r.slug, r.title, str(r.cards), str(r.items), str(r.new), str(r.learning), str(r.due)) for r in rows]
    total = ("total", "", *(str(sum(int(t[i]) for t in table)) for i in range(2, 7)))
    click.echo(_table(headers, [*table, total]))
    click.echo(f"learner: {learning.name}")


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A plain text table: text columns left-aligned, number columns right-aligned."""
    widths = [max(len(str(row[i])) for row in (headers, *rows)) for i in range(len(headers))]
    numeric = [all(row[i].isdigit() or row[i] == "" for row in rows) for i in range(len(headers))]

    def line(row: tuple[str, ...]) -> str:
        cells = (cell.rjust(w) if num else cell.ljust(w) for cell, w, num in zip(row, widths, numeric, strict=True))
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows[:-1]), rule, line(rows[-1])])


@main.command("optimize")
@click.pass_obj
@reports_errors
def optimize_command(obj: Context) -> None:
    """Fit FSRS parameters to your own reviews; adopt them only if they predict better."""
    learning = obj.learning(bundled=False)
    result = learning.optimize()
    click.echo(f"learner: {learning.name}; reviews usable for fitting: {result.reviews}")
    if result.before is not None and result.after is not None:
        click.echo("held-out reviews (latest 20%):   log loss   RMSE(bins)")
        click.echo(f"  current parameters           {result.before.log_loss:9.4f}   {result.before.rmse_bins:9.4f}")
        click.echo(f"  fitted parameters            {result.after.log_loss:9.4f}   {result.after.rmse_bins:9.4f}")
    click.echo(result.message)
    if result.adopted and result.parameters is not None:
        click.echo(f"memory states recomputed for {result.items_updated} items")
        click.echo("parameters: " + ", ".join(f"{p:.4f}" for p in result.parameters))


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
@reports_errors
def stats_command(obj: Context, as_json: bool) -> None:
    """Your statistics: today, forecast, calendar, retention, states, mastery, hardest items, quizzes."""
    stats = obj.learning().statistics()
    if as_json:
        click.echo(json.dumps(stats.as_dict(), indent=2, default=str))
        return
    from quizapp.cli.stats_text import render

    click.echo(render(stats))


@main.command("coverage")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@reports_errors
def coverage_command(paths: tuple[str, ...], as_json: bool) -> None:
    """For each source text, the sentences no card quotes and the share covered."""
    from quizapp.decks.coverage import deck_coverage

    result = deck_coverage(paths)
    if as_json:
        click.echo(json.dumps(result.as_dict(), indent=2))
    else:
        click.echo(result.text())
    if result.errors:
        click.echo(f"note: {result.errors} lint error(s) in these decks; cards with errors are left out (run quizapp lint)",
                   err=True)


@main.command("report")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
@reports_errors
def report_command(obj: Context, as_csv: bool, as_json: bool) -> None:
    """Every learner by deck (seen, retention, mastery, time, quizzes) and the class's hardest cards."""
    from quizapp.progress import report

    result = obj.collection(bundled=False).class_report()
    click.echo(report.as_json(result) if as_json else report.as_csv(result) if as_csv else report.markdown(result), nl=not as_csv)


from quizapp.cli.new import new_command  # noqa: E402 - registered after main is defined

main.add_command(new_command)
