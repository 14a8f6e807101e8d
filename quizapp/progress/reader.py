"""A source text with what cites it: sentences, paragraphs, the cards quoting each sentence, and
the learner's mastery of every paragraph (the mean current recall of the cards citing it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from quizapp.decks.coverage import cites, coverage
from quizapp.engine.profile import Profile
from quizapp.engine.scheduling import Scheduler
from quizapp.engine.textnorm import Sentence, fold_with_origin
from quizapp.store import source_queries
from quizapp.store.database import Store


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


def reading(store: Store, source_id: int | None = None) -> Reading:
    """The source (the first one when None) with every active card that quotes it."""
    stored = source_queries.source(store, source_id)
    text = stored.text
    cards = {c.card_id: CitingCard(c.card_id, c.key, c.deck_title, c.quote, c.item_ids) for c in stored.cards}
    cov = coverage(stored.name, text, [(card.card_id, card.quote) for card in cards.values()])
    sentences = [entry.sentence for entry in cov.sentences]
    cited_by: list[list[int]] = [[int(c) for c in entry.cited_by] for entry in cov.sentences]  # type: ignore[call-overload]
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, line in enumerate(text.split("\n")):
        paragraph = Paragraph(index, offset, offset + len(line))
        paragraph.sentences = [i for i, s in enumerate(sentences) if paragraph.start <= s.start < paragraph.end]
        paragraphs.append(paragraph)
        offset += len(line) + 1
    return Reading(stored.source_id, stored.name, text, sentences, cited_by, cards, paragraphs, stored.deck_ids)


def mastery(store: Store, profile: Profile, text: Reading, at: int) -> dict[int, float | None]:
    """Per paragraph, the mean current recall probability of the cards citing it (None: no card).

    A card's recall is the mean over its items (each item weighs 1/items of its card); an item
    never studied counts as 0.
    """
    curve = Scheduler(profile.settings, fuzz=False).curve()
    rows = source_queries.recall_by_span(store, profile.id, text.deck_ids, curve, at)
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
