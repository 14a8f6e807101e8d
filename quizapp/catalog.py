"""Reading decks, cards and items back from the store as plain values and card models."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, select

from quizapp.cards import CardBase, from_content
from quizapp.errors import NotFoundError
from quizapp.models import Card, Deck, Item, Source
from quizapp.store import Store


@dataclass(frozen=True)
class StoredDeck:
    """A deck as stored: its header fields and its active cards in order."""

    slug: str
    title: str
    description: str | None
    source: str | None
    tags: list[str]
    cards: list[CardBase]


@dataclass(frozen=True)
class ItemView:
    """Everything needed to show one item: its card, deck and position in the card."""

    item_id: int
    item_key: str
    card_id: int
    deck_id: int
    deck_slug: str
    deck_title: str
    card: CardBase
    tags: tuple[str, ...]  # the card's tags and those it inherits from its deck
    source_id: int | None
    retired: bool


def _card_model(row: object) -> CardBase:
    return from_content(
        row.type, row.key, row.content,  # type: ignore[attr-defined]
        quote=row.quote, explanation=row.explanation, tags=row.tags,  # type: ignore[attr-defined]
    )


def load_deck(store: Store, slug: str) -> StoredDeck:
    """A deck with its active (not retired) cards, as stored."""
    d = Deck.__table__.c  # type: ignore[attr-defined]
    c = Card.__table__.c  # type: ignore[attr-defined]
    s = Source.__table__.c  # type: ignore[attr-defined]
    with store.read() as session:
        conn = session.connection()
        deck = conn.execute(
            select(d.id, d.slug, d.title, d.description, d.tags, s.name).outerjoin(Source, s.id == d.source_id).where(d.slug == slug)
        ).first()
        if deck is None:
            raise NotFoundError(f"no deck {slug!r}")
        rows = conn.execute(select(Card).where(c.deck_id == deck.id, c.retired.is_(False)).order_by(c.position)).all()
    return StoredDeck(deck.slug, deck.title, deck.description, deck.name, list(deck.tags), [_card_model(r) for r in rows])


def item_views(conn: Connection, item_ids: Iterable[int]) -> dict[int, ItemView]:
    """Views of the given items, keyed by item id (unknown ids are left out)."""
    ids = list(set(item_ids))
    if not ids:
        return {}
    i = Item.__table__.c  # type: ignore[attr-defined]
    c = Card.__table__.c  # type: ignore[attr-defined]
    d = Deck.__table__.c  # type: ignore[attr-defined]
    views: dict[int, ItemView] = {}
    for chunk_start in range(0, len(ids), 900):  # stay under SQLite's bound-parameter limit
        chunk = ids[chunk_start : chunk_start + 900]
        query = (
            select(i.id.label("item_id"), i.key.label("item_key"), i.retired.label("item_retired"), c.id.label("card_id"),
                   c.deck_id, c.key, c.type, c.content, c.quote, c.explanation, c.tags, d.slug, d.title,
                   d.tags.label("deck_tags"), d.source_id)
            .join(Card, c.id == i.card_id)
            .join(Deck, d.id == c.deck_id)
            .where(i.id.in_(chunk))
        )
        for r in conn.execute(query):
            views[r.item_id] = ItemView(
                item_id=r.item_id,
                item_key=r.item_key,
                card_id=r.card_id,
                deck_id=r.deck_id,
                deck_slug=r.slug,
                deck_title=r.title,
                card=_card_model(r),
                tags=tuple(dict.fromkeys([*r.deck_tags, *r.tags])),
                source_id=r.source_id,
                retired=bool(r.item_retired),
            )
    return views


def source_text(store: Store, source_id: int) -> tuple[str, str]:
    """The name and text of a stored source."""
    s = Source.__table__.c  # type: ignore[attr-defined]
    with store.read() as session:
        row = session.connection().execute(select(s.name, s.text).where(s.id == source_id)).first()
    if row is None:
        raise NotFoundError(f"no source {source_id}")
    return row.name, row.text
