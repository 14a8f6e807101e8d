"""`quizapp decks remove` and `quizapp decks exam`: retiring or purging a deck, and its exam date."""

from __future__ import annotations

from datetime import datetime

import click

from quizapp.cli.context import Context
from quizapp.cli.output import echo, reports_errors


@click.command("remove")
@click.argument("deck")
@click.option("--purge", is_flag=True, help="Delete the deck and every learner's history of it (asks first).")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@click.pass_obj
@reports_errors
def remove_command(obj: Context, deck: str, purge: bool, yes: bool) -> None:
    """Retire a deck: it leaves every list and queue, its history is kept, and importing it again
    brings it back. With --purge, delete it and its history instead."""
    collection = obj.collection(bundled=False)
    history = collection.deck_history(deck)
    if not purge:
        collection.retire_deck(deck)
        echo(f"retired {deck} ({history.cards} cards; {history.reviews} reviews kept): import it again to bring it back")
        return
    what = (f"{deck} ({history.title}): {history.cards} cards and {history.reviews} review{'s' * (history.reviews != 1)} "
            f"by {history.learners} learner{'s' * (history.learners != 1)}")
    if not yes and not click.confirm(f"Delete {what}? This cannot be undone", default=False):
        raise click.Abort
    collection.purge_deck(deck)
    echo(f"deleted {what}")


@click.command("exam")
@click.argument("deck")
@click.argument("day", required=False, type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD")
@click.option("--clear", is_flag=True, help="Remove the exam date.")
@click.option("--mine", is_flag=True, help="Set your own exam date (--profile) instead of the class's.")
@click.pass_obj
@reports_errors
def exam_command(obj: Context, deck: str, day: datetime | None, clear: bool, mine: bool) -> None:
    """Set the exam date of a deck: for the whole class, or with --mine your own. Until then the
    queue brings forward what you would forget by that day."""
    if (day is None) == (not clear):
        raise click.UsageError("give a date (YYYY-MM-DD) or --clear")
    when = day.date() if day is not None else None
    if mine:
        obj.learning(bundled=False, create=True).set_exam(deck, when)
        whose = f"{obj.profile}'s"
    else:
        obj.collection(bundled=False).set_exam(deck, when)
        whose = "the class's"
    echo(f"{whose} exam date for {deck}: {when.isoformat() if when else 'none'}")
