"""`quizapp export` and `quizapp print`: decks in neutral form written in a chosen format."""

from __future__ import annotations

from pathlib import Path

from quizapp.interchange import ONE_DECK_FORMATS, Written, write_atomically
from quizapp.interchange.common import InterchangeError
from quizapp.interchange.outgoing import OutDeck


def export_decks(decks: list[OutDeck], fmt: str, out: Path, schedules: dict[tuple[str, str, str], object] | None = None,
                 now: int = 0) -> Written:
    """Write `decks` to `out` in format `fmt` (see EXPORT_FORMATS). Formats that hold one deck
    per file write several decks into `out` as a folder, a file per deck."""
    written = Written()
    if fmt in ONE_DECK_FORMATS:
        targets = [(deck, out) for deck in decks] if len(decks) == 1 and not out.is_dir() else [
            (deck, out / f"{deck.slug}{ONE_DECK_FORMATS[fmt]}") for deck in decks
        ]
        for deck, target in targets:
            written.cards += _write_one(deck, fmt, target)
            written.files.append(target)
            if fmt == "yaml" and deck.source and deck.source_text is not None:
                source = target.parent / deck.source
                if not source.exists() and source.parent == target.parent:
                    source.write_text(deck.source_text, encoding="utf-8")
                    written.notes.append(f"source text written beside it: {source}")
        return written
    if fmt == "apkg":
        from quizapp.interchange.anki_package import ItemSchedule, write_apkg

        plans = {key: value for key, value in (schedules or {}).items() if isinstance(value, ItemSchedule)}
        write_atomically(out, lambda path: setattr(written, "cards", write_apkg(decks, path, plans or None, now)))
    elif fmt == "gift":
        from quizapp.interchange.gift import write_gift

        def gift(path: Path) -> None:
            written.cards, written.skipped = write_gift(decks, path)

        write_atomically(out, gift)
    elif fmt == "moodle-xml":
        from quizapp.interchange.moodle_xml import write_moodle_xml

        def moodle(path: Path) -> None:
            written.cards, written.skipped = write_moodle_xml(decks, path)

        write_atomically(out, moodle)
    elif fmt == "html":
        return print_decks(decks, out, questions=None, copies=1, seed=1)
    else:
        raise InterchangeError(f"unknown format {fmt!r}")
    for deck in decks:
        reversed_cards = sum(card.reverse for card in deck.cards)
        if reversed_cards and fmt in ("gift", "moodle-xml"):
            written.notes.append(f"{deck.slug}: {reversed_cards} reverse side{'s' * (reversed_cards != 1)} not carried "
                                 "(a question asks front to back)")
    written.files.append(out)
    return written


def _write_one(deck: OutDeck, fmt: str, target: Path) -> int:
    count = 0

    def write(path: Path) -> None:
        nonlocal count
        if fmt in ("tsv", "csv"):
            from quizapp.interchange.spreadsheet import write_rows

            count = write_rows(deck, path, delimiter="\t" if fmt == "tsv" else ",")
        elif fmt == "json":
            from quizapp.interchange.deckjson import write_json

            count = write_json(deck, path)
        else:
            from quizapp.interchange.deckjson import write_yaml

            count = write_yaml(deck, path)

    write_atomically(target, write)
    return count


def print_decks(decks: list[OutDeck], out: Path, *, questions: int | None, copies: int, seed: int) -> Written:
    """Write a printable quiz with its answer key (quizapp print)."""
    from quizapp.interchange.paper import write_paper

    if copies < 1 or (questions is not None and questions < 1):
        raise InterchangeError("--questions and --copies must be at least 1")
    written = Written(files=[out])

    def paper(path: Path) -> None:
        written.cards = write_paper(decks, path, questions=questions, copies=copies, seed=seed)

    write_atomically(out, paper)
    return written
