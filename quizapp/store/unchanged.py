"""Re-imports that change nothing, found before any deck is parsed: each deck file's text hash
(and its source file's) compared with what the last import stored."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from quizapp.decks.deckfile import DeckFile
from quizapp.decks.files import FileProblem, find_decks, read_regular_file
from quizapp.decks.yamltree import YamlProblem, decode
from quizapp.store.database import Store
from quizapp.store.sql import SCHEMA_REVISION, fetch

# Part of every fingerprint: a new schema (or a new way of storing cards, bumped here) makes
# every file count as changed once, so its next import stores what the new version would.
_FORMAT = f"{SCHEMA_REVISION}/1"


def fingerprint(deck: DeckFile) -> str:
    """What an import stores to recognise the deck file later: the hash of its text and the
    resolved path of the source file it names (whose text hash the source row keeps)."""
    digest = hashlib.sha256(f"{_FORMAT}\n{deck.text}".encode()).hexdigest()
    return f"{digest}\t{deck.source_path or ''}"


def _text_hash(path: Path, what: str) -> str | None:
    try:
        text = decode(read_regular_file(path, what=what), [])
    except (FileProblem, YamlProblem, OSError):
        return None  # unreadable now: let the import say why
    return hashlib.sha256(text.encode()).hexdigest()


def unchanged_decks(store: Store, paths: Sequence[str]) -> list[tuple[str, str, int]] | None:
    """(slug, title, cards) of every deck file under `paths` when each one, and the source it
    names, is exactly as last imported; None when any file is new, changed or not readable."""
    found = find_decks(list(paths))
    if found.problems or not found.decks:
        return None
    result = []
    with store.driver_read() as conn:
        for path, _display in found.decks:
            try:
                location = str(path.resolve())
            except (OSError, RuntimeError):
                return None
            rows = fetch(conn, """SELECT d.slug, d.title, d.cards, d.file_fingerprint, s.sha256 FROM deck AS d
                                  LEFT JOIN source AS s ON s.id = d.source_id
                                  WHERE d.file_path = :path AND d.retired = false""", {"path": location})
            if len(rows) != 1 or not rows[0][3]:
                return None
            slug, title, cards, stored, source_sha = rows[0]
            text_hash, _, source = str(stored).partition("\t")
            try:
                text = decode(read_regular_file(path, what="file"), [])
            except (FileProblem, YamlProblem, OSError):
                return None
            if hashlib.sha256(f"{_FORMAT}\n{text}".encode()).hexdigest() != text_hash:
                return None
            if source and (source_sha is None or _text_hash(Path(source), "source file") != source_sha):
                return None
            result.append((str(slug), str(title), int(cards)))
    return result
