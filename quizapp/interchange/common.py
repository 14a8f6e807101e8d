"""What every format shares: the result of reading a foreign file, limits, and text clean-up."""

from __future__ import annotations

import gc
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from quizapp.cards.base import IDENT_MAX
from quizapp.cards.portable import Portable
from quizapp.decks.yamltree import CONTROL
from quizapp.errors import QuizError

# A foreign text file larger than this is refused before it is read (decks are limited to 16 MiB).
MAX_TEXT_BYTES = 64 * 1024 * 1024
# One field of a foreign file longer than this is refused: no card needs it, and it is how a
# hostile file makes a converter hang or a database balloon.
MAX_FIELD_CHARS = 1_000_000


@contextmanager
def gc_paused() -> Iterator[None]:
    """Hold Python's cycle collector for a bulk conversion: a deck's hundreds of thousands of
    short-lived tuples and dicts hold no cycles worth collecting, and the collector walking them
    again and again was 15% of an Anki import. Nested uses are fine; it runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class InterchangeError(QuizError):
    """A foreign file could not be read or a deck could not be written; nothing was written."""


@dataclass(frozen=True)
class Skipped:
    """Something of a foreign file that did not become a card: where it was and why."""

    where: str  # "line 12", "note 1690000000000", ...
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


@dataclass
class Conversion:
    """What a reader made of a foreign file: cards in neutral form, what it left out, and notes
    about the file as a whole (media skipped, partial credits dropped, ...)."""

    title: str
    cards: list[tuple[str, Portable]] = field(default_factory=list)  # (where it came from, card)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, where: str, card: Portable) -> None:
        """Keep a card read at `where`."""
        self.cards.append((where, card))

    def skip(self, where: str, why: str) -> None:
        """Record something left out, with where it was and why."""
        self.skipped.append(Skipped(where, why))


def read_limited(path: Path, *, limit: int = MAX_TEXT_BYTES) -> bytes:
    """A file's bytes, refusing a missing, unreadable or oversized file with one clear line."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InterchangeError(f"{path}: is a folder, not a file")
        if size > limit:
            raise InterchangeError(f"{path}: file is {size / 1048576:.0f} MiB; quizapp reads at most {limit // 1048576} MiB")
        return path.read_bytes()
    except FileNotFoundError:
        raise InterchangeError(f"{path}: file not found") from None
    except OSError as exc:
        raise InterchangeError(f"{path}: cannot read file: {exc.strerror}") from None


# The first bytes of files that get renamed to .csv or .txt by mistake.
_BINARY = {b"PK\x03\x04": "a zip file (an Anki package or a spreadsheet workbook?)", b"SQLite format 3": "an SQLite database",
           b"%PDF": "a PDF document", b"\x1f\x8b": "a gzip file", b"\xd0\xcf\x11\xe0": "an old Office document"}


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM allowed); a binary file or any other encoding is refused in one line."""
    for magic, kind in _BINARY.items():
        if data.startswith(magic):
            raise InterchangeError(f"{path}: not a text file: it is {kind}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InterchangeError(
            f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 and try again"
        ) from None


def clean(text: str) -> str:
    """Foreign text as a deck holds it: line ends unified, control characters and surrounding
    blank space removed, refusing a field no card could need."""
    if len(text) > MAX_FIELD_CHARS:
        raise InterchangeError(f"a field of {len(text):,} characters; quizapp refuses fields over {MAX_FIELD_CHARS:,}")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return CONTROL.sub("", text).strip()


_NOT_IDENT = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "card") -> str:
    """A deck-format id from any text: ASCII lowercase words joined by '-', at most 40 characters
    (room for a numeric suffix within the 64 an id may have)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = _NOT_IDENT.sub("-", ascii_text.lower()).strip("-")
    if len(words) > 40:
        words = words[:40].rsplit("-", 1)[0] if "-" in words[:40] else words[:40]
    return words.strip("-") or fallback


class Ids:
    """Hands out unique card ids within one deck, from a wanted id or the card's text."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.last: dict[str, int] = {}  # per base, the suffix it was last given: those below are taken

    def take(self, wanted: str) -> str:
        """`wanted` made a valid id, with -2, -3, ... added when it is taken (the lowest free
        suffix; counting on from the base's last one, so a thousand cards asking "Order these."
        take linear time, not quadratic)."""
        base = slug(wanted)[: IDENT_MAX - 8]
        n = self.last.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.last[base] = n
        self.used.add(candidate)
        return candidate


def tag(text: str) -> str:
    """A deck-format tag (one word, no spaces) from a foreign tag or category name."""
    return "-".join(text.split()) or "untagged"
