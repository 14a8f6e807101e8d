"""Quizlet and spreadsheets: rows of term and definition, tab, comma or semicolon separated.

Quizlet exports and imports term<TAB>definition with no header. A spreadsheet may add a header
row; then columns named accept, tags, quote and explanation fill those fields (a row with accepted
answers becomes a typed card, every other row a basic card). On the way out, each card becomes
one row of its plain-text question and answer under a header naming every column, so a
spreadsheet opens it tidily and quizapp reads it back.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from quizapp.cards.portable import Portable
from quizapp.interchange.common import Conversion, InterchangeError, clean, decode_text, read_limited, tag
from quizapp.interchange.outgoing import OutDeck

COLUMNS = ("term", "definition", "accept", "tags", "quote", "explanation")
_TERM = {"term", "front", "question", "word", "prompt"}
_DEFINITION = {"definition", "back", "answer", "meaning"}
_LIST_SEPARATOR = "|"  # between accepted answers and between tags in one cell


def _delimiter(text: str, suffix: str) -> str:
    """Tab for .tsv; otherwise whichever of tab, comma or semicolon the first lines use most."""
    if suffix == ".tsv":
        return "\t"
    sample = "\n".join(text.splitlines()[:20])
    counts = {d: sample.count(d) for d in ("\t", ";", ",")}
    tab = counts["\t"]
    return "\t" if tab and tab >= min(counts[";"], counts[","]) else max(counts, key=lambda d: counts[d])


def read_rows(path: Path) -> Conversion:
    """Read a TSV or CSV file of terms and definitions into cards."""
    text = decode_text(path, read_limited(path))
    if "\x00" in text:
        raise InterchangeError(f"{path}: not a text file (it holds NUL bytes)")
    delimiter = _delimiter(text, path.suffix.lower())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    conversion = Conversion(path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or "Imported")
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise InterchangeError(f"{path}:{reader.line_num}: {exc}") from None
    columns = {"term": 0, "definition": 1}
    if rows and _is_header(rows[0][1]):
        names = [cell.strip().lower() for cell in rows[0][1]]
        columns = {}
        for index, name in enumerate(names):
            key = "term" if name in _TERM else "definition" if name in _DEFINITION else name
            if key in COLUMNS and key not in columns:
                columns[key] = index
        ignored = [n for n in names if n and n not in _TERM | _DEFINITION | set(COLUMNS)]
        if ignored:
            conversion.notes.append(f"columns not carried: {', '.join(ignored)}")
        rows = rows[1:]
    for line, row in rows:
        _read_row(conversion, f"line {line}", row, columns)
    return conversion


def _is_header(row: list[str]) -> bool:
    names = {cell.strip().lower() for cell in row}
    return bool(names & _TERM) and bool(names & _DEFINITION)


def _read_row(conversion: Conversion, where: str, row: list[str], columns: dict[str, int]) -> None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return clean(row[index]) if index is not None and index < len(row) else ""

    if not any(value.strip() for value in row):
        return
    try:
        term, definition = cell("term"), cell("definition")
        accept = [clean(a) for a in cell("accept").split(_LIST_SEPARATOR) if a.strip()]
        tags = tuple(tag(t) for t in cell("tags").replace(_LIST_SEPARATOR, " ").split())
        quote, explanation = cell("quote"), cell("explanation")
    except InterchangeError as exc:
        raise InterchangeError(f"{where}: {exc.message}") from None
    if not term or not definition:
        conversion.skip(where, "a row needs a term and a definition")
        return
    kind = "typed" if accept else "basic"
    conversion.add(where, Portable(kind=kind, id=term, front=term, back=definition, question=term,
                                   answers=(definition, *accept), explanation=explanation or None,
                                   quotes=(quote,) if quote else (), tags=tags))


def write_rows(deck: OutDeck, path: Path, *, delimiter: str) -> int:
    """Write one deck as rows (header first); returns the number of cards written."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(row_of(card) for card in deck.cards)
    return len(deck.cards)


def row_of(card: Portable) -> tuple[str, ...]:
    """A card as one row of the columns in COLUMNS."""
    accept = _LIST_SEPARATOR.join(card.answers[1:]) if card.kind == "typed" else ""
    quote = " ... ".join(card.quotes)
    return (card.front, card.back, accept, _LIST_SEPARATOR.join(card.tags), quote, card.explanation or "")
