"""An item of a card as the sessions and screens show it: the card, its deck and the item's key."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.cards.stored import StoredCard


@dataclass(frozen=True)
class ItemView:
    """Everything needed to show one item: its card, deck and position in the card."""

    item_id: int
    item_key: str
    card_id: int
    deck_id: int
    deck_slug: str
    deck_title: str
    card: StoredCard
    tags: tuple[str, ...]  # the card's tags and those it inherits from its deck
    source_id: int | None
    retired: bool
