"""The text browse lists and searches for each item, written when its card is imported (and by
migration 0006 for cards imported before), so browse reads plain columns instead of decoding and
prompting every card."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from quizapp.cards import StoredCard, prompt_for
from quizapp.store import search_index
from quizapp.store.catalog import stored_quote
from quizapp.store.sql import execute_rows, fetch, id_lists, json_column

_CHUNK = 500


def item_text(card: Any, item_key: str) -> dict[str, str]:
    """An item's prompt and answer as browse shows them (the prompt of seed 0, as before), the
    case-folded words search looks in, and the card's own tags one a line."""
    prompt = prompt_for(card, item_key, 0)
    question, answer = prompt.question, prompt.answer_text()
    tags = [str(t) for t in card.tags or []]
    return {
        "prompt": question,
        "answer": answer,
        "search": " ".join((question, answer, str(card.id), *tags)).casefold(),
        "tags": "\n" + "".join(f"{t}\n" for t in tags),
    }


def tag_pattern(tag: str) -> str:
    """A LIKE pattern (escape character backslash) matching an item whose card has the tag."""
    return f"%\n{like_escape(tag)}\n%"


def like_escape(text: str) -> str:
    """Text to find literally inside a LIKE pattern (escape character backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def refresh(conn: Any, card_ids: Iterable[int]) -> None:
    """Write the browse text of the active items of the given cards (after their content changed;
    a retired item keeps its last text: its key may not fit the card any more)."""
    ids = sorted({int(c) for c in card_ids})
    for chunk, bound in id_lists(ids, _CHUNK):
        rows = fetch(conn, f"""SELECT i.id, i.prompt, i.answer, i.search, i.tags, i.key, c.key, c.type, c.content,
                                      c.quote, c.explanation, c.tags, c.quotes
                               FROM item AS i JOIN card AS c ON c.id = i.card_id
                               WHERE c.id IN ({chunk}) AND i.retired = false""", bound)
        _save(conn, [
            (int(item_id), tuple(old), item_text(StoredCard(card_type, card_key, json_column(content),
                                                             quote=stored_quote(quote, quotes), explanation=explanation,
                                                             tags=json_column(tags)), item_key))
            for item_id, *old, item_key, card_key, card_type, content, quote, explanation, tags, quotes in rows
        ])


def refresh_cards(conn: Any, cards: dict[int, Any]) -> None:
    """Write the browse text of the active items of cards just written, from the cards in hand."""
    ids = sorted(cards)
    changes = []
    for chunk, bound in id_lists(ids, _CHUNK):
        for item_id, card_id, item_key, *old in fetch(
                conn, f"SELECT id, card_id, key, prompt, answer, search, tags FROM item "
                      f"WHERE card_id IN ({chunk}) AND retired = false", bound):
            changes.append((int(item_id), tuple(old), item_text(cards[int(card_id)], str(item_key))))
    _save(conn, changes)


def _save(conn: Any, changes: Sequence[tuple[int, tuple[Any, ...], dict[str, str]]]) -> None:
    """Write each item's new browse text (item id, its (prompt, answer, search, tags) now, the new
    text) where it differs. Only items whose search text changed touch the search index, and
    those are re-indexed in bulk: an edited card's explanation, say, changes none of it."""
    texts, searched = [], []
    for item_id, old, new in changes:
        if (new["prompt"], new["answer"], new["search"], new["tags"]) == old:
            continue
        if new["search"] == old[2]:
            texts.append((new["prompt"], new["answer"], new["tags"], item_id))
        else:
            searched.append((new["prompt"], new["answer"], new["search"], new["tags"], item_id))
    execute_rows(conn, "UPDATE item SET prompt = :prompt, answer = :answer, tags = :tags WHERE id = :id", texts)
    if searched:
        with search_index.bulk_update(conn, [row[-1] for row in searched]):
            execute_rows(conn, "UPDATE item SET prompt = :prompt, answer = :answer, search = :search, tags = :tags "
                               "WHERE id = :id", searched)


def refresh_all(conn: Any) -> None:
    """Write the browse text of every item, a batch of cards at a time (the migration)."""
    after = 0
    while True:
        rows: Sequence[tuple[Any, ...]] = fetch(
            conn, f"SELECT id FROM card WHERE id > :after ORDER BY id LIMIT {_CHUNK * 10}", {"after": after})
        if not rows:
            return
        refresh(conn, [r[0] for r in rows])
        after = int(rows[-1][0])
