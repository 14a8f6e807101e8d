"""A source text with what cites it: sentences, paragraphs, the cards quoting each sentence, and
the learner's mastery of every paragraph (the mean current recall of the cards citing it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.decks.coverage import cites, coverage
from quizapp.engine import settings as config
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.states import NEW
from quizapp.engine.textnorm import Sentence, fold_with_origin
from quizapp.errors import NotFoundError
from quizapp.store.database import Store
from quizapp.store.models import Learner
from quizapp.store.sql import fetch


@dataclass(frozen=True)
class CitingCard:
    """A card that quotes the source."""

    card_id: int
    key: str
    deck_title: str
    quote: str
    item_ids: tuple[int, ...]


@dataclass
class Paragraph:
    """A line of the source with its sentences (headings have none)."""

    index: int
    start: int
    end: int
    sentences: list[int] = field(default_factory=list)  # indexes into Reading.sentences


@dataclass
class Reading:
    """A source text ready to read."""

    source_id: int
    name: str
    text: str
    sentences: list[Sentence]
    cited_by: list[list[int]]  # per sentence, the ids of the cards citing it
    cards: dict[int, CitingCard]
    paragraphs: list[Paragraph]
    deck_ids: list[int]

    def find(self, quote: str) -> tuple[int, int] | None:
        """The span of a quote in the text."""
        return fold_with_origin(self.text).find(quote)

    def sentence_at(self, offset: int) -> int | None:
        """The index of the sentence containing a text offset (or the next one after it)."""
        for index, sentence in enumerate(self.sentences):
            if sentence.end > offset:
                return index
        return None

    def paragraph_cards(self, paragraph: Paragraph) -> list[int]:
        """Ids of the cards citing any sentence of a paragraph."""
        return list(dict.fromkeys(card for s in paragraph.sentences for card in self.cited_by[s]))


def sources(store: Store) -> list[tuple[int, str]]:
    """Every stored source: id and name."""
    with store.read() as conn:
        return [(r[0], r[1]) for r in fetch(conn, "SELECT id, name FROM source ORDER BY name, id")]


def reading(store: Store, source_id: int | None = None) -> Reading:
    """The source (the first one when None) with every active card that quotes it."""
    with store.read() as conn:
        if source_id is None:
            first = fetch(conn, "SELECT id FROM source ORDER BY name, id LIMIT 1")
            if not first:
                raise NotFoundError("no deck names a source text")
            source_id = int(first[0][0])
        found = fetch(conn, "SELECT name, text FROM source WHERE id = :id", {"id": source_id})
        if not found:
            raise NotFoundError(f"no source {source_id}")
        name, text = found[0]
        deck_ids = [r[0] for r in fetch(conn, "SELECT id FROM deck WHERE source_id = :source", {"source": source_id})]
        decks = ",".join(str(d) for d in deck_ids) or "NULL"
        rows = fetch(conn, f"""SELECT c.id, c.key, c.quote, d.title FROM card AS c JOIN deck AS d ON d.id = c.deck_id
                              WHERE c.deck_id IN ({decks}) AND c.retired = false AND c.quote IS NOT NULL ORDER BY c.id""")
        items = fetch(conn, f"SELECT card_id, id FROM item WHERE deck_id IN ({decks}) AND retired = false")
    by_card: dict[int, list[int]] = {}
    for card_id, item_id in items:
        by_card.setdefault(card_id, []).append(item_id)
    cards = {card_id: CitingCard(card_id, key, title, quote, tuple(sorted(by_card.get(card_id, ()))))
             for card_id, key, quote, title in rows if card_id in by_card}
    cov = coverage(name, text, [(card.card_id, card.quote) for card in cards.values()])
    sentences = [entry.sentence for entry in cov.sentences]
    cited_by: list[list[int]] = [list(entry.cited_by) for entry in cov.sentences]  # type: ignore[arg-type]
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        paragraph = Paragraph(index, offset, offset + len(line))
        paragraph.sentences = [i for i, s in enumerate(sentences) if paragraph.start <= s.start < paragraph.end]
        paragraphs.append(paragraph)
        offset += len(line) + 1
    return Reading(source_id, name, text, sentences, cited_by, cards, paragraphs, deck_ids)


def mastery(store: Store, learner: Learner, text: Reading, at: int) -> dict[int, float | None]:
    """Per paragraph, the mean current recall probability of the cards citing it (None: no card).

    A card's recall is the mean over its items (each item weighs 1/items of its card); an item
    never studied counts as 0. SQL sums recall by deck and quoted span on a covering index, so
    only a few rows come back (under 100 ms for 100,000 items, bench/).
    """
    assert learner.id is not None
    factor, decay = Scheduler(config.load(learner.settings), fuzz=False).curve()
    decks = ",".join(str(d) for d in text.deck_ids) or "NULL"
    with store.read() as conn:
        rows = fetch(conn, f"""SELECT cite_start, cite_end,
                                      sum(weight * CASE WHEN state = {NEW} OR stability IS NULL OR last_review IS NULL THEN 0.0
                                          ELSE pow(1.0 + :factor * ((:now - last_review) / 86400) / stability, :decay) END),
                                      sum(weight)
                               FROM item_state
                               WHERE learner_id = :learner AND deck_id IN ({decks}) AND cite_start IS NOT NULL AND retired = false
                               GROUP BY cite_start, cite_end""",
                     {"learner": learner.id, "factor": factor, "decay": decay, "now": at})
    recall = [0.0] * len(text.paragraphs)
    cards = [0.0] * len(text.paragraphs)
    touched: dict[tuple[int, int], set[int]] = {}
    for start, end, total, weight in rows:
        paragraphs = touched.get((start, end))
        if paragraphs is None:
            paragraphs = {s.paragraph for s in text.sentences if s.start < end and cites((start, end), s)}
            touched[(start, end)] = paragraphs
        for p in paragraphs:
            recall[p] += float(total)
            cards[p] += float(weight)
    # Sentence.paragraph counts only paragraphs with sentences; map them to the text's lines.
    result: dict[int, float | None] = {}
    numbered = [p for p in text.paragraphs if p.sentences]
    for number, paragraph in enumerate(numbered):
        result[paragraph.index] = recall[number] / cards[number] if cards[number] else None
    return result
