"""`quizapp new`: write a deck skeleton for a source text, one stub card per sentence."""

from __future__ import annotations

import os
from pathlib import Path

import click

from quizapp.cli.output import echo, reports_errors
from quizapp.errors import QuizError


@click.command("new")
@click.argument("deck_id", metavar="DECK-ID")
@click.option("--source", "source", required=True, type=click.Path(dir_okay=False), metavar="TEXT",
              help="The source text the deck quotes (.txt, or .md for Markdown).")
@click.option("--title", help="The deck's title. Default: the source's first heading, or its file name.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), metavar="FILE.yaml",
              help="Where to write the deck. Default: DECK-ID.yaml beside the source.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@reports_errors
def new_command(deck_id: str, source: str, title: str | None, output: str | None, force: bool) -> None:
    """Write a deck skeleton: the header and one stub card per sentence of the source, each with
    its exact quote, so only the questions are left to write."""
    write_skeleton(deck_id, source, title, output, force)


def write_skeleton(deck_id: str, source: str, title: str | None, output: str | None, force: bool) -> None:
    """Check the arguments, read the source and write the skeleton; QuizError says what is wrong."""
    from quizapp.cards.base import check_ident
    from quizapp.decks.files import FileProblem, read_regular_file
    from quizapp.decks.skeleton import default_title, skeleton
    from quizapp.decks.sourcetext import document
    from quizapp.decks.yamltree import YamlProblem, decode

    try:
        check_ident(deck_id)
    except ValueError as exc:
        raise QuizError(str(exc)) from None
    source_path = Path(source)
    target = Path(output) if output else source_path.parent / f"{deck_id}.yaml"
    relative = Path(os.path.relpath(source_path.resolve(), target.resolve().parent))
    if relative.parts[:1] == ("..",):
        raise QuizError(f"the source must be in the deck file's folder or below it; write the deck beside it "
                        f"(-o {source_path.parent / (deck_id + '.yaml')})")
    if target.exists() and not force:
        raise QuizError(f"{target} exists; choose another file with -o, or overwrite it with --force")
    try:
        text = decode(read_regular_file(source_path, what="source file"))
    except FileProblem as exc:
        raise QuizError(f"{exc.message}: {source_path}") from None
    except YamlProblem as exc:
        raise QuizError(f"{source_path}:{exc.position.line}:{exc.position.col}: {exc.message}") from None
    parsed = document(source_path.name, text)
    if not parsed.sentences:
        raise QuizError(f"{source_path} has no sentences to quote")
    deck = skeleton(deck_id, title or default_title(parsed, source_path), relative.as_posix(), parsed)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(deck, encoding="utf-8")
    count = len(parsed.sentences)
    echo(f"wrote {target}: {count} stub card{'s' * (count != 1)}, one per sentence of {source_path.name}")
    echo(f"next: write the questions, then run quizapp lint --watch {target}")
