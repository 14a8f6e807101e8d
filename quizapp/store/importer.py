"""Import linted decks into the store, keeping every learner's history across edits.

A card is identified by its deck id and card id. Changed content is updated in place, a card
missing from the file is retired (never studied, history kept) and comes back with its history
when re-added. All decks are imported in one transaction: all or nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, insert, select, text, update

from quizapp.cards.base import CardBase
from quizapp.decks.deckfile import DeckFile, Source
from quizapp.decks.lint import lint
from quizapp.errors import DeckError
from quizapp.locations import bundled_decks_dir
from quizapp.store import browse_text, search_index
from quizapp.store.database import Store, now
from quizapp.store.item_states import NEW_STATES_FOR_DECK
from quizapp.store.models import CARD_TABLE, DECK_TABLE, ITEM_TABLE, SOURCE_TABLE
from quizapp.store.sql import execute_rows, fetch, json_column
from quizapp.store.unchanged import fingerprint, unchanged_decks

Progress = Callable[[str], None]  # hears what an import is doing, as one line

# Items of one card are numbered within it; a card's items sit between its neighbours' items.
_ITEMS_PER_CARD = 1000


@dataclass
class DeckReport:
    """What an import did to one deck."""

    slug: str
    title: str
    added: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    restored: int = 0  # counted in `added` too: cards re-added with their history
    source_changed: str | None = None  # the source's name, when this import brought a new text of it
    quotes_checked: int = 0  # with a changed source: the deck's quotes found again in the new text
    quotes_moved: int = 0  # ... and those of them now at another place in it

    def __str__(self) -> str:
        restored = f" ({self.restored} restored with their history)" if self.restored else ""
        source = (f"; source {self.source_changed} changed: {self.quotes_checked} quotes checked, {self.quotes_moved} moved"
                  if self.source_changed else "")
        return (
            f"{self.slug}: {self.added} added{restored}, {self.updated} updated, "
            f"{self.retired} retired, {self.unchanged} unchanged{source}"
        )


def import_decks(store: Store, decks: Sequence[DeckFile], progress: Progress | None = None, *,
                 then: Callable[[Connection], None] | None = None) -> list[DeckReport]:
    """Import decks that linted clean, in one transaction; raise DeckError if any has errors.
    `progress` hears "n of total" before each deck; `then` runs inside the same transaction once
    the decks are in (a review log that comes with them), so an error there undoes the whole
    import."""
    bad = [deck.display for deck in decks if not deck.ok or deck.header is None]
    if bad:
        raise DeckError(f"not importing: {', '.join(bad)} {'has' if len(bad) == 1 else 'have'} errors")
    stamp = now()
    reports = []
    with store.write() as conn:
        changed: dict[int, Source] = {}
        for n, deck in enumerate(decks, start=1):
            if progress is not None:
                progress(f"{n} of {len(decks)}")
            reports.append(_import_deck(conn, deck, stamp, changed))
        _recheck_other_decks(conn, changed, {deck.header.deck for deck in decks if deck.header is not None})
        if then is not None:
            then(conn)
    return reports


def import_paths(store: Store, paths: Sequence[str]) -> tuple[list[DeckReport], list[DeckFile]]:
    """Lint the decks under `paths` and import them only if none has an error. When every file
    (and the source it names) is exactly as last imported, nothing is parsed: each deck is
    reported unchanged (issue 15: an unchanged re-import costs a hash, not a parse)."""
    same = unchanged_decks(store, paths)
    if same is not None:
        return [DeckReport(slug, title, unchanged=cards) for slug, title, cards in same], []
    result = lint(paths, warnings=False)
    if not result.decks:
        raise DeckError(f"no deck files (*.yaml, *.yml) found in {', '.join(paths)}")
    if not result.passed():
        return [], result.decks
    return import_decks(store, result.decks), result.decks


def ensure_bundled(store: Store, progress: Progress | None = None) -> list[DeckReport]:
    """Import the bundled decks when the database holds no decks at all (first use); `progress`
    hears what is happening ("Importing the bundled decks: 3 of 7")."""
    with store.read() as conn:
        has_decks = conn.execute(select(DECK_TABLE.c.id).limit(1)).first() is not None
    if has_decks:
        return []
    if progress is not None:
        progress("First run: reading the bundled decks…")
    result = lint([bundled_decks_dir()], warnings=False)
    if not result.passed():  # pragma: no cover - the test suite lints the bundled decks
        raise DeckError(f"the bundled decks have errors; run: quizapp lint {bundled_decks_dir()}")
    def step(done: str) -> None:
        if progress is not None:
            progress(f"First run: importing the bundled decks, {done}…")

    return import_decks(store, result.decks, step)


def _import_deck(conn: Connection, deck: DeckFile, stamp: int, changed: dict[int, Source]) -> DeckReport:
    header = deck.header
    assert header is not None
    report = DeckReport(header.deck, header.title)
    digest = deck.content_hash()
    row = conn.execute(select(DECK_TABLE.c.id, DECK_TABLE.c.content_hash, DECK_TABLE.c.retired, DECK_TABLE.c.file_fingerprint)
                       .where(DECK_TABLE.c.slug == header.deck)).first()
    if row is not None and row.content_hash == digest and not row.retired:
        report.unchanged = len(deck.cards)
        if row.file_fingerprint != fingerprint(deck):  # a comment edited, or imported before fingerprints
            conn.execute(update(DECK_TABLE).where(DECK_TABLE.c.id == row.id).values(file_fingerprint=fingerprint(deck)))
        return report
    source_id = _source_id(conn, deck.source, changed) if deck.source else None
    if source_id is not None and source_id in changed:
        report.source_changed = deck.source.name if deck.source else None
    values: dict[str, Any] = {
        "title": header.title,
        "description": header.description,
        "file_path": deck.file_location(),
        "file_fingerprint": fingerprint(deck),
        "source_id": source_id,
        "tags": list(header.tags),
        "content_hash": digest,
        "updated_at": stamp,
        "retired": False,  # a deck retired with `quizapp decks remove` comes back with its history
    }
    if header.exam is not None:  # without the field, a date set with `quizapp decks exam` is kept
        values["exam_on"] = header.exam.isoformat()
    if row is None:
        deck_id = int(
            conn.execute(
                insert(DECK_TABLE).values(slug=header.deck, created_at=stamp, **values).returning(DECK_TABLE.c.id)
            ).scalar_one()
        )
    else:
        deck_id = int(row.id)
        conn.execute(update(DECK_TABLE).where(DECK_TABLE.c.id == deck_id).values(**values))
    _sync_cards(conn, deck_id, deck, stamp, report)
    refresh_states(conn, deck_id)
    return report


def refresh_states(conn: Connection, deck_id: int) -> None:
    """Bring every learner's state rows of a deck in line with its cards and items."""
    for statement in _AFTER_SYNC:
        conn.execute(text(statement), {"deck": deck_id})


# After a deck's cards and items changed: every learner gets a state row for every new item,
# the rows copy their item's retired flag, new items keep their deck order, and the deck's sizes
# are stored for the home screen.
_AFTER_SYNC = (
    NEW_STATES_FOR_DECK,
    """UPDATE item_state SET retired = i.retired FROM item AS i
       WHERE i.id = item_state.item_id AND item_state.deck_id = :deck AND item_state.retired != i.retired""",
    """UPDATE item_state SET due = i.position FROM item AS i
       WHERE i.id = item_state.item_id AND item_state.deck_id = :deck AND item_state.state = 0
         AND item_state.due != i.position""",
    """UPDATE item_state SET cite_start = c.quote_start, cite_end = c.quote_end,
                            weight = coalesce(1.0 / NULLIF((SELECT count(*) FROM item AS j
                                                             WHERE j.card_id = c.id AND j.retired = false), 0), 1.0)
       FROM item AS i JOIN card AS c ON c.id = i.card_id
       WHERE i.id = item_state.item_id AND item_state.deck_id = :deck AND i.retired = false""",
    """UPDATE deck SET cards = (SELECT count(*) FROM card WHERE card.deck_id = :deck AND NOT card.retired),
                      items = (SELECT count(*) FROM item WHERE item.deck_id = :deck AND NOT item.retired)
       WHERE id = :deck""",
)


def _source_id(conn: Connection, source: Source, changed: dict[int, Source]) -> int:
    """The stored source's id, its text brought up to date (noted in `changed` when it was)."""
    row = conn.execute(select(SOURCE_TABLE.c.id, SOURCE_TABLE.c.sha256).where(SOURCE_TABLE.c.name == source.name)).first()
    if row is None:
        return int(
            conn.execute(
                insert(SOURCE_TABLE).values(name=source.name, sha256=source.sha256, text=source.text).returning(SOURCE_TABLE.c.id)
            ).scalar_one()
        )
    if row.sha256 != source.sha256:
        conn.execute(update(SOURCE_TABLE).where(SOURCE_TABLE.c.id == row.id).values(sha256=source.sha256, text=source.text))
        changed[int(row.id)] = source
    return int(row.id)


def _recheck_other_decks(conn: Connection, changed: dict[int, Source], imported: set[str]) -> None:
    """After a source's text changed, every other deck quoting it (not in this import, so not
    linted against the new text) has its quotes found again, and moved where they moved; a quote
    the new text no longer holds refuses the whole import."""
    for source_id, source in changed.items():
        rows = conn.execute(
            select(CARD_TABLE.c.id, CARD_TABLE.c.key, CARD_TABLE.c.quote, CARD_TABLE.c.quote_start, CARD_TABLE.c.quote_end,
                   CARD_TABLE.c.quotes, DECK_TABLE.c.id.label("deck_id"), DECK_TABLE.c.slug)
            .join(DECK_TABLE, DECK_TABLE.c.id == CARD_TABLE.c.deck_id)
            .where(DECK_TABLE.c.source_id == source_id, CARD_TABLE.c.quote.is_not(None), CARD_TABLE.c.retired.is_(False),
                   DECK_TABLE.c.slug.not_in(imported))
        ).all()
        moved_decks: set[int] = set()
        for row in rows:
            excerpts = [str(q["text"]) for q in json_column(row.quotes)] if row.quotes is not None else [row.quote]
            spans = [source.folded.find(text) for text in excerpts]
            if any(span is None for span in spans):
                raise DeckError(
                    f"not importing: the new text of {source.name} no longer holds the quote of card {row.key} of deck "
                    f"{row.slug}; fix that deck and import it together with this one"
                )
            first = spans[0]
            assert first is not None
            if (row.quote_start, row.quote_end) != first or row.quotes is not None:
                quotes = None if row.quotes is None else [
                    {"text": text, "start": span[0], "end": span[1]} for text, span in zip(excerpts, spans, strict=True) if span
                ]
                conn.execute(update(CARD_TABLE).where(CARD_TABLE.c.id == row.id)
                             .values(quote_start=first[0], quote_end=first[1], quotes=quotes))
                moved_decks.add(int(row.deck_id))
        for deck_id in sorted(moved_decks):
            refresh_states(conn, deck_id)



def _card_values(card: CardBase, digest: str, position: int, line: int, stamp: int, source: Source | None) -> dict[str, Any]:
    excerpts = card.quotes
    spans = [source.folded.find(q) if source is not None else None for q in excerpts]
    first = spans[0] if spans else None
    return {
        "quote_start": first[0] if first else None,
        "quote_end": first[1] if first else None,
        "quotes": [
            {"text": q, "start": span[0] if span else None, "end": span[1] if span else None}
            for q, span in zip(excerpts, spans, strict=True)
        ] if isinstance(card.quote, list) else None,
        "line": line,
        "type": card.type,
        "content": card.content(),
        "quote": excerpts[0] if excerpts else None,
        "explanation": card.explanation,
        "tags": list(card.tags),  # the card's own; deck tags are inherited when read
        "position": position,
        "retired": False,
        "content_hash": digest,
        "updated_at": stamp,
    }


_JSON_COLUMNS = ("content", "quotes", "tags")


def _json_ready(row: dict[str, Any]) -> dict[str, Any]:
    """A card row with its JSON columns as JSON text (what SQLAlchemy's JSON type would send)."""
    return {**row, **{c: None if row[c] is None else json.dumps(row[c]) for c in _JSON_COLUMNS if c in row}}


def _insert_many(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same columns (our own names)."""
    if rows:
        columns = list(rows[0])
        execute_rows(conn, f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(f':{c}' for c in columns)})",
                     list(map(itemgetter(*columns), rows)))


def _update_many(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Update rows by id, all with the same columns (our own names)."""
    if rows:
        columns = [c for c in rows[0] if c != "id"]
        execute_rows(conn, f"UPDATE {table} SET {', '.join(f'{c} = :{c}' for c in columns)} WHERE id = :id",
                     list(map(itemgetter(*columns, "id"), rows)))


def _sync_cards(conn: Connection, deck_id: int, deck: DeckFile, stamp: int, report: DeckReport) -> None:
    """Insert, update, retire and restore the deck's cards and items; with a changed source, count
    the quotes found again in it and those that moved."""
    cards, source = deck.cards, deck.source
    existing = {
        r.key: r
        for r in conn.execute(
            select(
                CARD_TABLE.c.id,
                CARD_TABLE.c.key,
                CARD_TABLE.c.content_hash,
                CARD_TABLE.c.retired,
                CARD_TABLE.c.position,
                CARD_TABLE.c.quote_start,
                CARD_TABLE.c.quote_end,
                CARD_TABLE.c.quotes,
                CARD_TABLE.c.line,
            ).where(CARD_TABLE.c.deck_id == deck_id)
        )
    }
    new_rows: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []  # kept cards to write again, each with its id
    moved_rows: list[dict[str, Any]] = []  # kept cards with the same content in a new place
    kept: dict[int, tuple[CardBase, int]] = {}  # card id -> (card, position)
    written: dict[int, CardBase] = {}  # kept cards whose content was written: their items' browse text too
    for position, (card, digest, line) in enumerate(zip(cards, deck.card_hashes(), deck.card_lines, strict=True)):
        values = _card_values(card, digest, position, line, stamp, source)
        old = existing.pop(card.id, None)
        if report.source_changed and card.quote:
            report.quotes_checked += 1  # lint found it in the new text, or the import would have stopped
            if old is not None and (old.quote_start, old.quote_end) != (values["quote_start"], values["quote_end"]):
                report.quotes_moved += 1
        if old is None:
            new_rows.append({"deck_id": deck_id, "key": card.id, **values})
            report.added += 1
            continue
        kept[old.id] = (card, position)
        if old.retired:
            report.added += 1
            report.restored += 1
        elif old.content_hash != values["content_hash"]:
            report.updated += 1
        else:
            report.unchanged += 1
            moved = {key: values[key] for key in ("position", "quote_start", "quote_end", "quotes", "line")}
            if (old.position, old.quote_start, old.quote_end, json_column(old.quotes), old.line) != tuple(moved.values()):
                # Same content, but a new place in the deck, in its file or in an edited source.
                moved_rows.append({**moved, "id": old.id})
            continue
        changed.append({**values, "id": old.id})
        written[int(old.id)] = card
    # In bulk on the driver's cursor: one SQLAlchemy update per card cost about 0.5 ms of
    # statement building each (5 s for a deck of 10,000 edited cards).
    _update_many(conn, "card", [_json_ready(row) for row in changed])
    _update_many(conn, "card", [_json_ready(row) for row in moved_rows])
    gone = [r.id for r in existing.values() if not r.retired]
    if gone:
        report.retired = len(gone)
        conn.execute(update(CARD_TABLE).where(CARD_TABLE.c.id.in_(gone)).values(retired=True, updated_at=stamp))
        conn.execute(update(ITEM_TABLE).where(ITEM_TABLE.c.card_id.in_(gone)).values(retired=True))
    if new_rows:
        # On the driver's cursor: SQLAlchemy's bulk insert cost more than SQLite's own work here
        # (0.9 s of a 10,000-card import). The new cards' ids are read back by key.
        _insert_many(conn, "card", [_json_ready(row) for row in new_rows])
        added = {row["key"] for row in new_rows}
        # In id order, which is the deck's order: items are numbered as their cards are listed.
        ids = [(int(card_id), str(key)) for card_id, key in fetch(conn, "SELECT id, key FROM card WHERE deck_id = :deck "
                                                                  "ORDER BY id", {"deck": deck_id}) if key in added]
        by_key = {card.id: (card, position) for position, card in enumerate(cards)}
        item_rows = [
            {
                "card_id": card_id,
                "deck_id": deck_id,
                "key": key,
                "position": by_key[card_key][1] * _ITEMS_PER_CARD + i,
                "retired": False,
                **browse_text.item_text(by_key[card_key][0], key),
            }
            for card_id, card_key in ids
            for i, key in enumerate(by_key[card_key][0].item_keys())
        ]
        with search_index.bulk_insert(conn):
            _insert_many(conn, "item", item_rows)
    if kept:
        _sync_items(conn, deck_id, kept)
    browse_text.refresh_cards(conn, written)


def _sync_items(conn: Connection, deck_id: int, kept: dict[int, tuple[CardBase, int]]) -> None:
    """Bring the items of kept cards in line: new cloze numbers added, removed ones retired."""
    current: dict[int, dict[str, Any]] = {}
    for r in conn.execute(
        select(ITEM_TABLE.c.id, ITEM_TABLE.c.card_id, ITEM_TABLE.c.key, ITEM_TABLE.c.position, ITEM_TABLE.c.retired).where(
            ITEM_TABLE.c.deck_id == deck_id
        )
    ):
        if r.card_id in kept:
            current.setdefault(r.card_id, {})[r.key] = r
    inserts: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []  # (retired, position, id): a card added above moves every item below it
    for card_id, (card, position) in kept.items():
        have = current.get(card_id, {})
        wanted = card.item_keys()
        for i, key in enumerate(wanted):
            want_position = position * _ITEMS_PER_CARD + i
            row = have.pop(key, None)
            if row is None:
                inserts.append({"card_id": card_id, "deck_id": deck_id, "key": key, "position": want_position, "retired": False,
                                **browse_text.item_text(card, key)})
            elif row.retired or row.position != want_position:
                changed.append({"retired": False, "position": want_position, "id": row.id})
        changed += [{"retired": True, "position": r.position, "id": r.id} for r in have.values() if not r.retired]
    _update_many(conn, "item", changed)
    if inserts:
        with search_index.bulk_insert(conn):
            _insert_many(conn, "item", inserts)
