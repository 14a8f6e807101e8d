"""The source reader's reads: a source text, how many active cards quote each span of it (and
which, when asked), and the learner's recall summed by the span of the source each card quotes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from quizapp.engine.states import NEW
from quizapp.errors import NotFoundError
from quizapp.store.database import Store
from quizapp.store.sql import fetch, id_lists, json_column


@dataclass(frozen=True)
class QuotingCard:
    """An active card quoting a source, with its active items."""

    card_id: int
    key: str
    deck_title: str
    quotes: tuple[str, ...]  # every excerpt, in the order written
    item_ids: tuple[int, ...]

    @property
    def quote(self) -> str:
        """The first excerpt."""
        return self.quotes[0]


@dataclass(frozen=True)
class StoredSource:
    """A source text and the decks that name it."""

    source_id: int
    name: str
    text: str
    deck_ids: list[int]


Span = tuple[int, int]  # start and end of a quote in the source's text


def source(store: Store, source_id: int | None = None) -> StoredSource:
    """A source (the first by name when None) and the decks naming it."""
    with store.driver_read() as conn:
        if source_id is None:
            first = fetch(conn, "SELECT id FROM source ORDER BY name, id LIMIT 1")
            if not first:
                raise NotFoundError("no deck names a source text")
            source_id = int(first[0][0])
        found = fetch(conn, "SELECT name, text FROM source WHERE id = :id", {"id": source_id})
        if not found:
            raise NotFoundError(f"no source {source_id}")
        name, text = found[0]
        deck_ids = [int(r[0]) for r in fetch(conn, "SELECT id FROM deck WHERE source_id = :source", {"source": source_id})]
    return StoredSource(source_id, name, text, deck_ids)


def cards_by_span(store: Store, learner_id: int, deck_ids: list[int]) -> dict[Span, int]:
    """Per quoted span, the active cards whose first excerpt it is.

    Counted on the span index (ix_state_cite), one deck at a time in its order (nothing to sort):
    a card's active items weigh 1/items each, so their weights add up to one per card. This reads
    an index entry per item instead of every card's row, a million cards in under a second.
    """
    counts: dict[Span, float] = {}
    with store.driver_read() as conn:
        for deck_id in deck_ids:
            rows = fetch(conn, """SELECT cite_start, cite_end, sum(weight) FROM item_state
                                  WHERE learner_id = :learner AND deck_id = :deck AND cite_start IS NOT NULL
                                        AND retired = false
                                  GROUP BY cite_start, cite_end""",
                         {"learner": learner_id, "deck": int(deck_id)})
            for start, end, weight in rows:
                span = (int(start), int(end))
                counts[span] = counts.get(span, 0.0) + float(weight)
    return {span: round(weight) for span, weight in sorted(counts.items()) if round(weight) > 0}


def excerpt_spans(store: Store, deck_ids: list[int]) -> dict[int, list[Span | None]]:
    """The active cards quoting several places of the source: card id -> the span of each excerpt
    in the order written (None where the text does not hold it). The span index holds only the
    first."""
    if not deck_ids:
        return {}
    decks = ",".join(str(int(d)) for d in deck_ids)
    with store.driver_read() as conn:
        rows = fetch(conn, f"""SELECT id, quotes FROM card WHERE deck_id IN ({decks}) AND retired = false
                                AND quotes IS NOT NULL ORDER BY id""")
    spans: dict[int, list[Span | None]] = {}
    for card_id, quotes in rows:
        listed = json_column(quotes)
        if listed:
            spans[int(card_id)] = [None if q.get("start") is None else (int(q["start"]), int(q["end"])) for q in listed]
    return spans


def quoting_cards(store: Store, learner_id: int, deck_ids: list[int], spans: list[Span],
                  card_ids: list[int]) -> list[QuotingCard]:
    """The active cards whose first excerpt is one of `spans`, and the cards `card_ids`, in card
    order, each with its excerpts and active items."""
    items: set[int] = set()
    with store.driver_read() as conn:
        for deck_id in deck_ids:  # the span index, one seek per deck and span
            for start, end in spans:
                items.update(int(r[0]) for r in fetch(
                    conn,
                    """SELECT item_id FROM item_state WHERE learner_id = :learner AND deck_id = :deck
                           AND cite_start = :start AND cite_end = :end AND retired = false""",
                    {"learner": learner_id, "deck": int(deck_id), "start": start, "end": end}))
        cards = set(card_ids)
        for chunk, bound in id_lists(sorted(items)):
            cards.update(int(r[0]) for r in fetch(conn, f"SELECT DISTINCT card_id FROM item WHERE id IN ({chunk})", bound))
        by_card: defaultdict[int, list[int]] = defaultdict(list)
        rows: list[tuple[Any, ...]] = []
        for chunk, bound in id_lists(sorted(cards)):
            for card_id, item_id in fetch(conn, f"SELECT card_id, id FROM item WHERE card_id IN ({chunk}) AND retired = false",
                                          bound):
                by_card[int(card_id)].append(int(item_id))
            rows += fetch(conn, f"""SELECT c.id, c.key, c.quote, d.title, c.quotes
                                    FROM card AS c JOIN deck AS d ON d.id = c.deck_id
                                    WHERE c.id IN ({chunk}) AND c.retired = false AND c.quote IS NOT NULL""", bound)
    found = [QuotingCard(int(card_id), str(key), str(title), _excerpts(str(quote), quotes), tuple(sorted(by_card[int(card_id)])))
             for card_id, key, quote, title, quotes in rows if by_card[int(card_id)]]
    return sorted(found, key=lambda card: card.card_id)


def _excerpts(quote: str, quotes: object) -> tuple[str, ...]:
    listed = json_column(quotes) if quotes is not None else None
    return tuple(str(q["text"]) for q in listed) if listed else (quote,)


def recall_by_span(store: Store, learner_id: int, deck_ids: list[int], curve: tuple[float, float],
                   at: int) -> list[tuple[int, int, float, float]]:
    """Per quoted span (start, end): the learner's current recall summed over the items quoting
    it, each weighted 1/items of its card (an item never studied counts 0), and the summed weight.

    `curve` is FSRS's forgetting curve (factor, decay). SQL sums on a covering index, so only a few
    rows come back (under 100 ms for 100,000 items, bench/).
    """
    factor, decay = curve
    sums: dict[tuple[int, int], list[float]] = {}
    with store.driver_read() as conn:
        # One deck at a time: ix_state_cite then yields each deck's rows in span order (no sort).
        for deck_id in deck_ids:
            rows = fetch(conn, f"""SELECT cite_start, cite_end,
                                          sum(weight * CASE WHEN state = {NEW} OR stability IS NULL OR last_review IS NULL
                                              THEN 0.0
                                              ELSE pow(1.0 + :factor * ((:now - last_review) / 86400) / stability, :decay) END),
                                          sum(weight)
                                   FROM item_state
                                   WHERE learner_id = :learner AND deck_id = :deck AND cite_start IS NOT NULL
                                         AND retired = false
                                   GROUP BY cite_start, cite_end""",
                         {"learner": learner_id, "deck": int(deck_id), "factor": factor, "decay": decay, "now": at})
            for start, end, total, weight in rows:
                entry = sums.setdefault((int(start), int(end)), [0.0, 0.0])
                entry[0] += float(total)
                entry[1] += float(weight)
    return [(start, end, total, weight) for (start, end), (total, weight) in sorted(sums.items())]


def recall_by_card(store: Store, learner_id: int, card_ids: list[int], curve: tuple[float, float],
                   at: int) -> dict[int, tuple[float, float]]:
    """Per card: the learner's current recall summed over its active items, each weighted
    1/items (an item never studied counts 0), and the summed weight. For the few cards that
    quote several places of a source, whose other excerpts the span index does not hold."""
    if not card_ids:
        return {}
    factor, decay = curve
    cards = ",".join(str(int(c)) for c in card_ids)
    with store.driver_read() as conn:
        rows = fetch(conn, f"""SELECT i.card_id,
                                      sum(s.weight * CASE WHEN s.state = {NEW} OR s.stability IS NULL OR s.last_review IS NULL
                                          THEN 0.0
                                          ELSE pow(1.0 + :factor * ((:now - s.last_review) / 86400) / s.stability, :decay) END),
                                      sum(s.weight)
                               FROM item_state AS s JOIN item AS i ON i.id = s.item_id
                               WHERE s.learner_id = :learner AND i.card_id IN ({cards}) AND s.retired = false
                               GROUP BY i.card_id""",
                     {"learner": learner_id, "factor": factor, "decay": decay, "now": at})
    return {int(card): (float(total), float(weight)) for card, total, weight in rows}
