"""Decks in and out on the command line: convert, export, print, schema, and the .apkg branch of
import. Each reports what it wrote, what it left out (with where and why), and exits non-zero
when nothing usable came out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from quizapp import locations
from quizapp.cli.context import Context
from quizapp.cli.output import echo, reports_errors
from quizapp.errors import QuizError

if TYPE_CHECKING:
    from quizapp.interchange.common import Skipped
    from quizapp.interchange.outgoing import OutDeck

EXPORT_FORMATS = ("apkg", "tsv", "csv", "gift", "moodle-xml", "json", "yaml", "html")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def a_file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """An -o that names a file: "-" (standard output elsewhere) would make a file called "-"."""
    if value is not None and str(value) == "-":
        raise click.BadParameter("write to a file: standard output ('-') is not supported here", ctx, param)
    return value


def _left_out(skipped: list[tuple[str, str]] | list[Skipped], *, limit: int = 20) -> None:
    """Print what was left out, one line each (the first `limit`, then a count)."""
    for entry in skipped[:limit]:
        where, why = entry if isinstance(entry, tuple) else (entry.where, entry.why)
        echo(f"  skipped {where}: {why}")
    if len(skipped) > limit:
        echo(f"  ... and {len(skipped) - limit} more")


@click.command("convert")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), callback=a_file,
              help="The YAML deck to write. Default: DECK-ID.yaml here.")
@click.option("--source", type=click.Path(path_type=Path), help="The source text (lint then asks each card for a quote).")
@click.option("--deck", "deck_id", help="The deck id. Default: from the title.")
@click.option("--title", help="The deck title. Default: from the file.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@reports_errors
def convert_command(input_path: Path, output: Path | None, source: Path | None, deck_id: str | None, title: str | None,
                    force: bool) -> None:
    """Convert an Anki package, a Quizlet/spreadsheet TSV or CSV, or a Moodle GIFT file to a YAML deck."""
    from quizapp.interchange.converting import convert

    report = convert(input_path, output, source=source, deck_id=deck_id, title=title, force=force)
    echo(f"{report.output}: {_plural(report.cards, 'card')} converted from {input_path}")
    _left_out(report.skipped)
    for note in report.notes:
        echo(f"  note: {note}")
    if report.missing_quotes:
        echo(f"{_plural(report.missing_quotes, 'card')} still need{'s' * (report.missing_quotes == 1)} a quote "
                   f"from the source: add them, then check with: quizapp lint {report.output}")
    if report.lint_errors > 0:
        echo(f"{_plural(report.lint_errors, 'quote')} not found in the source: quizapp lint {report.output} lists them")


@click.command("export")
@click.argument("decks", nargs=-1, required=True)
@click.option("--to", "fmt", required=True, type=click.Choice(EXPORT_FORMATS), help="The format to write.")
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), callback=a_file,
              help="The file to write (a folder for several decks in tsv, csv, json or yaml).")
@click.option("--learner", help="Carry this learner's schedule and review log (apkg only).")
@click.pass_obj
@reports_errors
def export_command(obj: Context, decks: tuple[str, ...], fmt: str, output: Path, learner: str | None) -> None:
    """Write decks (ids in the database, or YAML deck files) as Anki, spreadsheet, Moodle, JSON, YAML or HTML."""
    from quizapp.interchange.exporting import export_decks

    if learner is not None and fmt != "apkg":
        raise QuizError("--learner carries a schedule, which only the apkg format holds")
    out_decks = _out_decks(obj, decks)
    schedules = None
    now = 0
    if learner is not None:
        collection = obj.collection(bundled=False)
        schedules = collection.schedules(learner, [deck.slug for deck in out_decks])
        now = int(collection.clock())
    if len(out_decks) > 1 and fmt in ("tsv", "csv", "json", "yaml"):
        if output.suffix and not output.is_dir():
            raise QuizError(f"{fmt} holds one deck per file: give -o a folder for {len(out_decks)} decks")
        output.mkdir(parents=True, exist_ok=True)
    written = export_decks(out_decks, fmt, output, dict(schedules or {}), now)
    for path in written.files:
        echo(f"wrote {path}")
    echo(f"{_plural(written.cards, 'card')} exported from {_plural(len(out_decks), 'deck')} as {fmt}"
               + (f" with {learner}'s schedule" if learner else ""))
    _left_out(written.skipped)
    for note in written.notes:
        echo(f"  note: {note}")
    if not written.cards:
        sys.exit(1)


def _out_decks(obj: Context, names: tuple[str, ...]) -> list[OutDeck]:
    from quizapp.interchange.outgoing import from_stored, from_yaml, is_deck_file

    found: list[OutDeck] = []
    for name in names:
        if is_deck_file(name):
            found.append(from_yaml(Path(name)))
        else:
            found.append(from_stored(obj.collection().stored_deck(name)))
    return found


@click.command("print")
@click.argument("decks", nargs=-1, required=True)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path), callback=a_file,
              help="The HTML file to write.")
@click.option("--questions", type=int, help="How many questions, drawn at random. Default: every card.")
@click.option("--copies", type=int, default=1, show_default=True, help="Copies, each in its own order, each with its key.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the draw and the shuffles.")
@click.pass_obj
@reports_errors
def print_command(obj: Context, decks: tuple[str, ...], output: Path, questions: int | None, copies: int, seed: int) -> None:
    """Write a printable quiz (HTML) with an answer key: answers, explanations and quotes."""
    from quizapp.interchange.exporting import print_decks

    written = print_decks(_out_decks(obj, decks), output, questions=questions, copies=copies, seed=seed)
    copies_text = f"{copies} cop{'ies' if copies != 1 else 'y'}"
    echo(f"wrote {output}: {copies_text} of {_plural(written.cards, 'question')}, each with its answer key")
    echo("print it from a browser, or: chromium --headless --print-to-pdf=quiz.pdf " + str(output))


@click.command("schema")
@reports_errors
def schema_command() -> None:
    """Print the JSON Schema of the deck format (for editors: see the README)."""
    from quizapp.interchange.deckjson import deck_schema

    echo(json.dumps(deck_schema(), indent=2))


def import_apkg(obj: Context, path: Path, *, with_history: bool, deck_id: str | None, title: str | None) -> None:
    """`quizapp import FILE.apkg`: the package as a deck, with the review log if asked."""
    collection = obj.collection(bundled=False)
    result = collection.import_anki(path, learner=obj.profile if with_history else None,
                                    keep_in=locations.data_dir() / "decks", deck_id=deck_id, title=title)
    for report in result.reports:
        echo(str(report))
    built = result.prepared.built
    echo(f"{_plural(len(built.cards), 'card')} from {path}; the deck is saved as {result.saved} "
               "(edit it and import it again to update)")
    _left_out(built.skipped)
    for note in built.notes:
        echo(f"  note: {note}")
    if result.history is not None:
        echo(f"{result.history} (learner {obj.profile})")
