"""Decks in and out: foreign files (Anki, Quizlet, spreadsheets, Moodle GIFT) become YAML decks,
and decks go out as Anki packages, spreadsheets, GIFT, Moodle XML, JSON, YAML and paper.

One module per format; this registry picks the reader for a file and the writer for a format.
The YAML deck stays the one source of truth: every reader's cards pass through
`building.build_deck`, which keeps only what lint accepts; every writer reads cards in their
neutral form (quizapp.cards.portable).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.interchange.common import Conversion, InterchangeError, decode_text, gc_paused, read_limited

EXPORT_FORMATS = ("apkg", "tsv", "csv", "gift", "moodle-xml", "json", "yaml", "html")
# Formats that hold one deck per file: several decks go into a folder, a file per deck.
ONE_DECK_FORMATS = {"tsv": ".tsv", "csv": ".csv", "json": ".json", "yaml": ".yaml"}
READ_SUFFIXES = (".apkg", ".tsv", ".csv", ".txt", ".gift")


def read_foreign(path: Path) -> Conversion:
    """Read any supported foreign file into cards, choosing the reader by extension (and, for
    .txt, which Quizlet and Moodle both use, by content)."""
    with gc_paused():
        return _read_foreign(path)


def _read_foreign(path: Path) -> Conversion:
    suffix = path.suffix.lower()
    if suffix == ".apkg":
        from quizapp.interchange.anki_package import read_apkg

        return read_apkg(path).conversion
    if suffix in (".tsv", ".csv"):
        from quizapp.interchange.spreadsheet import read_rows

        return read_rows(path)
    if suffix == ".gift" or (suffix == ".txt" and _looks_like_gift(path)):
        from quizapp.interchange.gift import read_gift

        return read_gift(path)
    if suffix == ".txt":
        from quizapp.interchange.spreadsheet import read_rows

        return read_rows(path)
    if suffix in (".yaml", ".yml"):
        raise InterchangeError(f"{path}: is already a quizapp deck; check it with quizapp lint")
    raise InterchangeError(f"{path}: unsupported file type {suffix or '(none)'!r}; quizapp converts "
                           f"{', '.join(READ_SUFFIXES)} files")


def _looks_like_gift(path: Path) -> bool:
    """A .txt is GIFT when its first question line has an answer block and no tab (Quizlet's
    export is term<TAB>definition)."""
    text = decode_text(path, read_limited(path))
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("//")]
    if not lines or "\t" in lines[0]:
        return False
    return "{" in text and "}" in text


@dataclass
class Written:
    """What an export wrote: cards per file, and what it left out and why."""

    files: list[Path] = field(default_factory=list)
    cards: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (deck/card, why)
    notes: list[str] = field(default_factory=list)


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Let `write` fill a temporary file beside `path`, then move it into place: a failed export
    leaves nothing behind, and never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        umask = os.umask(0)
        os.umask(umask)
        Path(temporary).chmod(0o666 & ~umask)  # mkstemp makes it private; an export is an ordinary file
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
