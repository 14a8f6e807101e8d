"""The `quizapp` command. A bare `quizapp` opens the terminal UI; the other commands are headless
and never import Textual, so they start fast and work without a terminal."""

from __future__ import annotations

import json
import sys

import click

from quizapp import __version__
from quizapp.cli import decks_admin, interchange, learners, report, serve
from quizapp.cli.backups import backup_command, restore_command
from quizapp.cli.context import Context, share_options, shared_options
from quizapp.cli.new import new_command
from quizapp.cli.output import echo, reports_errors
from quizapp.errors import QuizError


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@shared_options()
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
        echo(str(problem))
    echo(result.summary())
    sys.exit(0 if result.passed(strict=strict) else 1)


@main.command("import")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--bundled", is_flag=True, help="Import (or update) the decks shipped with quizapp.")
@click.option("--with-history", is_flag=True, help="With an Anki package: its review log becomes the learner's (--profile).")
@click.option("--deck", "deck_id", help="With an Anki package: the deck id to import it as.")
@click.option("--title", help="With an Anki package: the deck title.")
@click.pass_obj
@reports_errors
def import_command(obj: Context, paths: tuple[str, ...], bundled: bool, with_history: bool, deck_id: str | None,
                   title: str | None) -> None:
    """Lint decks and import them all, or nothing if any has an error; --bundled adds the decks
    shipped with quizapp. An Anki package (.apkg) is imported on its own, as a deck (and its review
    log with --with-history)."""
    if not paths and not bundled:
        raise click.UsageError("give deck files or folders to import, or --bundled")
    if any(p.lower().endswith(".apkg") for p in paths):
        if len(paths) != 1 or bundled:
            raise QuizError("import an Anki package on its own: quizapp import FILE.apkg")
        from pathlib import Path

        from quizapp.cli.interchange import import_apkg

        import_apkg(obj, Path(paths[0]), with_history=with_history, deck_id=deck_id, title=title)
        return
    if with_history or deck_id or title:
        raise QuizError("--with-history, --deck and --title apply to Anki packages (.apkg)")
    collection = obj.collection(bundled=False, check=True)
    results = [collection.import_bundled()] if bundled else []
    if paths:
        results.append(collection.import_paths(list(paths)))
    for reports, decks in results:
        if not reports:
            problems = [p for deck in decks for p in deck.problems if p.severity == "error"]
            for problem in problems:
                echo(str(problem), err=True)
            raise QuizError(f"nothing imported: {len(problems)} error{'s' * (len(problems) != 1)} in the decks")
    for reports, _decks in results:
        for done in reports:
            echo(str(done))


@main.group("decks", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_context
@reports_errors
def decks_command(ctx: click.Context, as_json: bool) -> None:
    """List decks with their card counts and today's new / learning / due counts.

    `quizapp decks remove` and `quizapp decks exam` manage them.
    """
    if ctx.invoked_subcommand is not None:
        return
    obj: Context = ctx.obj
    collection = obj.collection()
    known = collection.has_learner(obj.profile)
    view = collection.learning(obj.profile, create=False).overview() if known else collection.newcomer_overview(obj.profile)
    rows = view.decks
    if as_json:
        echo(json.dumps({"learner": view.learner, "learner_exists": known, "decks": [row.as_dict() for row in rows],
                         "new_per_day": view.new_per_day, "new_left_today": view.new_left}, indent=2))
        return
    headers = ("deck", "title", "cards", "items", "new", "learning", "due")
    table = [(r.slug, r.title, str(r.cards), str(r.items), str(r.new), str(r.learning), str(r.due)) for r in rows]
    # The daily limits are shared by every deck: the total is capped by them, not the sum of the rows.
    total = ("total", "", str(sum(r.cards for r in rows)), str(sum(r.items for r in rows)), str(view.total.new),
             str(view.total.learning), str(view.total.due))
    echo(_table(headers, [*table, total]))
    echo(f"learner: {view.learner}" + ("" if known else " (has not studied in this database yet)"))
    echo(f"new today: {view.new_left} of {view.new_per_day} left, shared by all decks"
         + (f"; {view.new_held} more wait (change new_per_day in the app's settings)" if view.new_held else ""))


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
    learning = obj.learning(bundled=False)  # a learner without reviews has nothing to fit: never created
    result = learning.optimize()
    echo(f"learner: {learning.name}; reviews usable for fitting: {result.reviews}")
    if result.before is not None and result.after is not None:
        echo("held-out reviews (latest 20%):   log loss   RMSE(bins)")
        echo(f"  current parameters           {result.before.log_loss:9.4f}   {result.before.rmse_bins:9.4f}")
        echo(f"  fitted parameters            {result.after.log_loss:9.4f}   {result.after.rmse_bins:9.4f}")
    echo(result.message)
    if result.adopted and result.parameters is not None:
        echo(f"memory states recomputed for {result.items_updated} items")
        echo("parameters: " + ", ".join(f"{p:.4f}" for p in result.parameters))


@main.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@click.pass_obj
@reports_errors
def stats_command(obj: Context, as_json: bool) -> None:
    """Your statistics: today, forecast, calendar, retention, states, mastery, hardest items, quizzes."""
    stats = obj.learning().statistics()
    if as_json:
        echo(json.dumps(stats.as_dict(), indent=2, default=str))
        return
    from quizapp.cli.stats_text import render

    echo(render(stats))


@main.command("coverage")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@reports_errors
def coverage_command(paths: tuple[str, ...], as_json: bool) -> None:
    """For each source text, the sentences no card quotes and the share covered."""
    from quizapp.decks.coverage import deck_coverage

    result = deck_coverage(paths)
    if as_json:
        echo(json.dumps(result.as_dict(), indent=2))
    else:
        echo(result.text())
    if result.errors:
        echo(f"note: {result.errors} lint error(s) in these decks; cards with errors are left out (run quizapp lint)",
                   err=True)


# Commands in their own modules, one line each.
main.add_command(report.report_command)
main.add_command(learners.learners_command)
main.add_command(serve.serve_command)
decks_command.add_command(decks_admin.remove_command)
decks_command.add_command(decks_admin.exam_command)
# Decks in and out: convert, export, print and schema (quizapp.cli.interchange).
main.add_command(interchange.convert_command)
main.add_command(interchange.export_command)
main.add_command(interchange.print_command)
main.add_command(interchange.schema_command)
# Backups (quizapp.cli.backups).
main.add_command(backup_command)
main.add_command(restore_command)

# Authoring: a deck skeleton from a source text (quizapp.cli.new).
main.add_command(new_command)

# Every command, whatever module it comes from, takes --db and --profile after its name too.
share_options(main)
