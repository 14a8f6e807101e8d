"""Reading decks, cards and items back from the store: a deck with its card models, items with
their stored cards (quizapp.cards.stored), which study without pydantic."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from quizapp.cards import StoredCard
from quizapp.cards.item import ItemView
from quizapp.errors import NotFoundError
from quizapp.store.database import Store
from quizapp.store.item_states import StateRow, read_states
from quizapp.store.sql import fetch, id_lists, json_column

if TYPE_CHECKING:
    from quizapp.cards.base import CardBase


@dataclass(frozen=True)
class StoredDeck:
    """A deck as stored: its header fields and its active cards in order."""

    slug: str
    title: str
    description: str | None
    source: str | None
    tags: list[str]
    cards: list[CardBase]
    source_text: str | None = None


def stored_quote(quote: str | None, quotes: Any) -> str | list[str] | None:
    """A card's quote as written in its deck: one excerpt, or the list of them."""
    excerpts = json_column(quotes) if quotes is not None else None
    return [str(q["text"]) for q in excerpts] if excerpts else quote


def load_deck(store: Store, slug: str) -> StoredDeck:
    """A deck with its active (not retired) cards, as stored."""
    with store.driver_read() as conn:
        found = fetch(conn, "SELECT d.id, d.slug, d.title, d.description, d.tags, s.name, s.text FROM deck AS d "
                            "LEFT JOIN source AS s ON s.id = d.source_id WHERE d.slug = :slug", {"slug": slug})
        if not found:
            raise NotFoundError(f"no deck {slug!r}")
        deck_id, deck_slug, title, description, tags, source, source_text = found[0]
        rows = fetch(
            conn,
            "SELECT type, key, content, quote, explanation, tags, quotes FROM card WHERE deck_id = :deck AND retired = false "
            "ORDER BY position",
            {"deck": deck_id},
        )
    cards = [StoredCard(r[0], r[1], json_column(r[2]), quote=stored_quote(r[3], r[6]), explanation=r[4],
                        tags=json_column(r[5])).model for r in rows]
    return StoredDeck(deck_slug, title, description, source, list(json_column(tags)), cards, source_text)


_VIEW_SQL = """
SELECT i.id, i.key, i.retired, c.id, c.deck_id, c.key, c.type, c.content, c.quote, c.explanation, c.tags,
       d.slug, d.title, d.tags, d.source_id, c.quotes
FROM item AS i JOIN card AS c ON c.id = i.card_id JOIN deck AS d ON d.id = c.deck_id
WHERE i.id IN ({ids})
"""


def item_views(conn: Any, item_ids: Iterable[int]) -> dict[int, ItemView]:
    """Views of the given items, keyed by item id (unknown ids are left out)."""
    ids = list({int(i) for i in item_ids})
    views: dict[int, ItemView] = {}
    for chunk, bound in id_lists(ids):
        for r in fetch(conn, _VIEW_SQL.format(ids=chunk), bound):
            card_tags = json_column(r[10])
            card = StoredCard(r[6], r[5], json_column(r[7]), quote=stored_quote(r[8], r[15]), explanation=r[9], tags=card_tags)
            views[r[0]] = ItemView(
                item_id=r[0],
                item_key=r[1],
                card_id=r[3],
                deck_id=r[4],
                deck_slug=r[11],
                deck_title=r[12],
                card=card,
                tags=tuple(dict.fromkeys([*json_column(r[13]), *card_tags])),
                source_id=r[14],
                retired=bool(r[2]),
            )
    return views


def item_with_state(store: Store, learner_id: int, item_id: int) -> tuple[ItemView | None, StateRow | None]:
    """One item as shown, and the learner's stored state of it."""
    with store.driver_read() as conn:
        return item_views(conn, [item_id]).get(item_id), read_states(conn, learner_id, [item_id])[item_id]


def items_with_states(
    store: Store, learner_id: int, item_ids: Iterable[int]
) -> tuple[dict[int, ItemView], dict[int, StateRow | None]]:
    """Items as shown (unknown ids left out), and the learner's stored state of each."""
    ids = list(item_ids)
    with store.driver_read() as conn:
        return item_views(conn, ids), read_states(conn, learner_id, ids)


def card_location(store: Store, item_id: int) -> tuple[str | None, int | None]:
    """Where an item's card was written: its deck file (as imported on some machine) and line."""
    with store.driver_read() as conn:
        rows = fetch(conn, "SELECT d.file_path, c.line FROM item AS i JOIN card AS c ON c.id = i.card_id "
                           "JOIN deck AS d ON d.id = c.deck_id WHERE i.id = :item", {"item": item_id})
    return (rows[0][0], rows[0][1]) if rows else (None, None)
